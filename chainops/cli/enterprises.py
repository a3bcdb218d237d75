"""``chainops enterprises …``: an enterprise's titles (designations), the cultivation library
(梯度培育库), the chain leader's approval of the 链主 / 领航型 lists, and the daily reminder step.

Acting as ``--by EMAIL`` (an account: the office, a working group member, the chain leader or
an enterprise's contact); a list without ``--by`` shows what the office sees.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any

import typer
from sqlmodel import Session

from chainops import wiring
from chainops.cli.common import ChainOption, JsonOption, fail, open_session, parse_as_of
from chainops.cli.output import print_json, print_rows
from chainops.settings import get_settings
from services import enterprises as service
from services.config import DesignationConfigError
from services.paging import BadListInput
from services.people import SYSTEM, NotVisible, Viewer, viewer_by_email

By = Annotated[str, typer.Option("--by", help="Email of the account acting.")]
ByOptional = Annotated[str | None, typer.Option("--by", help="See as this account.")]
Day = Annotated[str | None, typer.Option(help="A date, YYYY-MM-DD.")]
_REFUSALS = (
    service.EnterpriseInputError,
    service.EnterpriseNotAllowed,
    service.EnterpriseNotFound,
    BadListInput,
    NotVisible,
)
_TITLE_COLUMNS = [
    "id", "credit_code", "enterprise", "kind", "chain", "status", "recognized_on",
    "valid_until", "review_due", "data_update_due", "next_deadline",
]  # fmt: skip
_LIBRARY_COLUMNS = [
    "id", "credit_code", "enterprise", "target_kind", "entered_on", "cycle_ends", "overdue",
    "left_on", "exit_reason",
]  # fmt: skip
# The office at the command line, when a list is asked without --by.
_OPERATOR = Viewer(user_id=0, username="command line", actor=SYSTEM, is_office=True)


@contextmanager
def _refusals(session: Session) -> Iterator[None]:
    try:
        yield
    except _REFUSALS as exc:
        session.rollback()
        raise fail(str(exc)) from exc


def _kinds() -> Any:
    try:
        return wiring.designation_kinds()
    except DesignationConfigError as exc:
        raise fail(f"designations file: {exc}", 2) from exc


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise fail(f"{option}: {text!r} is not a date (YYYY-MM-DD)", 2) from None


def _viewer(session: Session, by: str | None) -> Viewer:
    return _OPERATOR if by is None else viewer_by_email(session, by)


def _said(row: Any) -> None:
    print(f"designation {row.id}: {row.kind} {row.status}, valid until {row.valid_until or '—'}")


def _existing_group(app: typer.Typer, name: str) -> typer.Typer | None:
    """The group ``name`` already on ``app`` (``chainops enterprises list`` is the lists'),
    which the commands here join."""
    for info in app.registered_groups:
        if info.name == name and info.typer_instance is not None:
            return info.typer_instance
    return None


def register_enterprises(app: typer.Typer) -> typer.Typer:
    """Add the ``enterprises`` group to ``app`` and return it (others add to it)."""
    group = _existing_group(app, "enterprises")
    if group is None:
        group = typer.Typer(help="Enterprises: titles, the cultivation library, approvals.")
        app.add_typer(group, name="enterprises")
    designations = typer.Typer(help="An enterprise's titles (专精特新 tiers, 链主, …).")
    library = typer.Typer(help="The cultivation library (梯度培育库).")
    group.add_typer(designations, name="designations")
    group.add_typer(library, name="library")

    @designations.command("list")
    def list_titles(
        chain: ChainOption = None,
        kind: Annotated[str | None, typer.Option(help="Only this kind (its code).")] = None,
        status: Annotated[str | None, typer.Option(help="Only this status.")] = None,
        due_within: Annotated[
            int | None, typer.Option(help="Next deadline within N working days.")
        ] = None,
        credit_code: Annotated[str | None, typer.Option(help="Only this enterprise.")] = None,
        by: ByOptional = None,
        as_json: JsonOption = False,
    ) -> None:
        """Titles with their deadlines; ``dates_missing`` marks a migrated title to complete."""
        kinds = _kinds()
        with open_session() as session, _refusals(session):
            rows, _ = service.list_designations(
                session=session, viewer=_viewer(session, by), today=wiring.today(),
                calendar=wiring.engine_rules().calendar, chain=chain, kind=kind, status=status,
                due_within=due_within, credit_code=credit_code, per_page=200, kinds=kinds,
            )  # fmt: skip
        print_json(rows) if as_json else print_rows("designations", rows, _TITLE_COLUMNS)

    @designations.command("add")
    def add_title(
        credit_code: Annotated[str, typer.Argument(help="The enterprise's credit code.")],
        kind: Annotated[str, typer.Argument(help="The kind's code, e.g. little_giant.")],
        by: By,
        recognized_on: Day = None,
        valid_until: Day = None,
        review_due: Day = None,
        data_update_due: Day = None,
        batch: Annotated[str | None, typer.Option(help="The batch (批次).")] = None,
        doc_no: Annotated[str | None, typer.Option(help="The document number (文号).")] = None,
        chain: ChainOption = None,
        candidate: Annotated[bool, typer.Option(help="Declared, not yet recognised.")] = False,
    ) -> None:
        """Recognise a title (or propose a 链主 / 领航型 for ``--chain``)."""
        kinds = _kinds()
        with open_session() as session, _refusals(session):
            row = service.add_designation(
                session=session, viewer=viewer_by_email(session, by), credit_code=credit_code,
                kind=kind, recognized_on=_day(recognized_on, "--recognized-on"),
                valid_until_on=_day(valid_until, "--valid-until"),
                review_due=_day(review_due, "--review-due"),
                data_update_due=_day(data_update_due, "--data-update-due"), batch=batch,
                doc_no=doc_no, chain=chain, candidate=candidate, kinds=kinds, now=wiring.now(),
                today=wiring.today(),
            )  # fmt: skip
            _said(row)

    @designations.command("move")
    def move_title(
        designation_id: Annotated[int, typer.Argument(help="The designation's id.")],
        to: Annotated[str, typer.Argument(help="under_review, renewed, expired or revoked.")],
        by: By,
        reason: Annotated[str | None, typer.Option(help="Why (required to revoke).")] = None,
        recognized_on: Day = None,
        valid_until: Day = None,
        doc_no: Annotated[str | None, typer.Option(help="The renewal's document.")] = None,
    ) -> None:
        """Move a title through its statuses (a renewal starts a new validity)."""
        kinds = _kinds()
        with open_session() as session, _refusals(session):
            row = service.move_designation(
                session=session, viewer=viewer_by_email(session, by), designation_id=designation_id,
                to=to, reason=reason, recognized_on=_day(recognized_on, "--recognized-on"),
                valid_until_on=_day(valid_until, "--valid-until"), doc_no=doc_no, kinds=kinds,
                now=wiring.now(), today=wiring.today(),
            )  # fmt: skip
            _said(row)

    @designations.command("edit")
    def edit_title(
        designation_id: Annotated[int, typer.Argument(help="The designation's id.")],
        by: By,
        recognized_on: Day = None,
        valid_until: Day = None,
        review_due: Day = None,
        data_update_due: Day = None,
        batch: Annotated[str | None, typer.Option(help="The batch (批次).")] = None,
        doc_no: Annotated[str | None, typer.Option(help="The document number (文号).")] = None,
    ) -> None:
        """Complete or correct a title's dates (a migrated title has none)."""
        kinds = _kinds()
        with open_session() as session, _refusals(session):
            row = service.edit_designation(
                session=session, viewer=viewer_by_email(session, by), designation_id=designation_id,
                recognized_on=_day(recognized_on, "--recognized-on"),
                valid_until_on=_day(valid_until, "--valid-until"),
                review_due=_day(review_due, "--review-due"),
                data_update_due=_day(data_update_due, "--data-update-due"), batch=batch,
                doc_no=doc_no, kinds=kinds, now=wiring.now(), today=wiring.today(),
            )  # fmt: skip
            _said(row)

    @library.command("list")
    def list_library(
        chain: ChainOption = None,
        target: Annotated[str | None, typer.Option(help="Only candidates for this kind.")] = None,
        overdue: Annotated[bool, typer.Option(help="Only those past their cycle.")] = False,
        all_: Annotated[bool, typer.Option("--all", help="Those who left too.")] = False,
        by: ByOptional = None,
        as_json: JsonOption = False,
    ) -> None:
        """Candidates per next tier, with the end of their cycle."""
        kinds = _kinds()
        with open_session() as session, _refusals(session):
            viewer = _viewer(session, by)
            chain_id = None
            if chain is not None:
                chain_id = service.chain_id_of(session, chain)
            rows = service.list_candidates(
                session=session, viewer=viewer, today=wiring.today(), chain_id=chain_id,
                target_kind=target, include_left=all_, overdue_only=overdue, kinds=kinds,
            )  # fmt: skip
        print_json(rows) if as_json else print_rows("library", rows, _LIBRARY_COLUMNS)

    @library.command("add")
    def add_to_library(
        credit_code: Annotated[str, typer.Argument(help="The enterprise's credit code.")],
        target: Annotated[str, typer.Argument(help="The kind it is cultivated for.")],
        by: By,
        entered_on: Day = None,
        cycle_months: Annotated[int | None, typer.Option(help="Default: the kind's.")] = None,
    ) -> None:
        """Enter an enterprise in the library as a candidate for the next tier."""
        kinds = _kinds()
        with open_session() as session, _refusals(session):
            row = service.add_candidate(
                session=session, viewer=viewer_by_email(session, by), credit_code=credit_code,
                target_kind=target, entered_on=_day(entered_on, "--entered-on") or wiring.today(),
                cycle_months=cycle_months, kinds=kinds, now=wiring.now(),
            )  # fmt: skip
            print(f"candidate {row.id}: {row.target_kind} from {row.entered_on}")

    @library.command("exit")
    def exit_library(
        candidate_id: Annotated[int, typer.Argument(help="The candidate's id.")],
        reason: Annotated[str, typer.Argument(help="cycle_ended, withdrawn or not_eligible.")],
        by: By,
        left_on: Day = None,
        note: Annotated[str | None, typer.Option(help="A note.")] = None,
    ) -> None:
        """A candidate leaves the library, with the reason."""
        with open_session() as session, _refusals(session):
            row = service.exit_candidate(
                session=session, viewer=viewer_by_email(session, by), candidate_id=candidate_id,
                reason=reason, left_on=_day(left_on, "--left-on") or wiring.today(), note=note,
                now=wiring.now(),
            )  # fmt: skip
            print(f"candidate {row.id}: left on {row.left_on} ({row.exit_reason})")

    @group.command("approve")
    def approve(
        designation_id: Annotated[int, typer.Argument(help="The proposed title's id.")], by: By
    ) -> None:
        """The chain leader approves a proposed 链主 / 领航型."""
        kinds = _kinds()
        with open_session() as session, _refusals(session):
            row = service.approve_designation(
                session=session, viewer=viewer_by_email(session, by),
                designation_id=designation_id, kinds=kinds, now=wiring.now(), today=wiring.today(),
            )  # fmt: skip
            _said(row)

    @group.command("refuse")
    def refuse(
        designation_id: Annotated[int, typer.Argument(help="The proposed title's id.")],
        reason: Annotated[str, typer.Option(help="Why it is refused.")],
        by: By,
    ) -> None:
        """The chain leader refuses a proposed 链主 / 领航型, saying why."""
        kinds = _kinds()
        with open_session() as session, _refusals(session):
            row = service.refuse_designation(
                session=session, viewer=viewer_by_email(session, by),
                designation_id=designation_id, reason=reason, kinds=kinds, now=wiring.now(),
            )  # fmt: skip
            _said(row)

    @group.command("remind")
    def remind(
        as_of: Annotated[
            str | None, typer.Option("--as-of", help="Run as of this local date-time.")
        ] = None,
        as_json: JsonOption = False,
    ) -> None:
        """Expire lapsed titles and make the review and data-update reminders due."""
        kinds = _kinds()
        rules = wiring.engine_rules()
        now = parse_as_of(as_of, get_settings().zone)
        with open_session() as session:
            report = service.remind(session=session, now=now, rules=rules, kinds=kinds)
        if as_json:
            print_json(report.as_dict())
        else:
            print(
                f"{report.today}: {report.expired} title(s) expired, {report.tasks} reminder "
                f"task(s) for {report.reminders} reminder(s)"
            )
            for line in report.skipped:
                print(f"skipped: {line}")

    return group
