"""``chainops requests …`` and ``chainops projects block``: factor-supply requests from the
command line, acting as ``--by EMAIL`` (an official, or an enterprise's contact)."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any

import typer
from sqlmodel import Session

from chainops import wiring
from chainops.cli.common import ChainOption, JsonOption, fail, open_session, parse_as_of
from chainops.cli.output import labels_of, print_json, print_rows
from chainops.cli.words import REQUEST_ACTIONS
from chainops.settings import get_settings
from mechanism.factor_requests import FactorRules, RequestStage
from mechanism.request_lifecycle import IllegalRequestMove, RequestAction
from mechanism.vocabulary import FactorType, Light, RequestState
from models import FactorRequest
from services import requests as request_service
from services.config import FactorConfigError, cached_factor_rules
from services.people import Actor, UnknownPerson, actor_by_email
from services.requests import BlockRefused, block_project, check_requests, submit_request

By = Annotated[str, typer.Option("--by", help="Email of the person or enterprise contact acting.")]
ByOptional = Annotated[
    str | None, typer.Option("--by", help="See as this person or enterprise contact.")
]
Code = Annotated[str, typer.Argument(help="The request's code, e.g. YS2026-001.")]
OnDay = Annotated[
    str | None, typer.Option("--as-of", help="Lights as of this day, YYYY-MM-DD (default today).")
]

_REFUSALS = (
    IllegalRequestMove,
    UnknownPerson,
    request_service.RequestInputError,
    request_service.RequestAccessDenied,
    request_service.RequestNotFound,
    BlockRefused,
)
_LIST_COLUMNS = [
    "code", "chain", "enterprise", "factor_type", "quantity", "unit", "department", "state",
    "stage_due", "light", "light_reason",
]  # fmt: skip


def factor_rules() -> FactorRules:
    """The factors file of the settings, or a clear error (exit 2) naming what is wrong."""
    try:
        return cached_factor_rules(str(get_settings().factors_file))
    except FactorConfigError as exc:
        raise fail(f"factors file: {exc}", 2) from exc


@contextmanager
def refusals(session: Session) -> Iterator[None]:
    """Refusals become clear errors (exit 1), and whatever was begun is rolled back. A move
    refused for a missing input names the option that gives it (the rule does not know it)."""
    try:
        yield
    except _REFUSALS as exc:
        session.rollback()
        needs = exc.needs if isinstance(exc, IllegalRequestMove) else None
        raise fail(f"{exc} (--{needs})" if needs else str(exc)) from exc


def _actor(session: Session, by: str | None) -> Actor | None:
    return None if by is None else actor_by_email(session, by)


def _day(text: str | None, option: str) -> date:
    if text is None:
        return wiring.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise fail(f"{option}: {text!r} is not a date (YYYY-MM-DD)", 2) from None


def _said(request: FactorRequest, department: str | None = None) -> None:
    state, light = RequestState(request.state), Light(request.light)
    due = f", stage due {request.stage_due}" if request.stage_due else ""
    to = f", handled by {department}" if department else ""
    print(f"{request.code}: {state.zh} ({state.value}){to}{due}, {light.zh} ({light.value})")


def register_request_commands(requests: typer.Typer, projects: typer.Typer) -> None:
    @requests.command("list")
    def list_requests(
        chain: ChainOption = None,
        state: Annotated[str | None, typer.Option(help="Only requests in this state.")] = None,
        by: ByOptional = None,
        as_of: OnDay = None,
        as_json: JsonOption = False,
    ) -> None:
        """Requests with their light and the reason for it (an enterprise sees its own only)."""
        chosen = None
        if state is not None:
            member = RequestState.parse(state)
            if member is None:
                raise fail(f"--state must be one of: {RequestState.choices()}", 2)
            chosen = member.value
        factors, today = factor_rules(), _day(as_of, "--as-of")
        with open_session() as session, refusals(session):
            rows = request_service.list_requests(
                session=session,
                today=today,
                rules=wiring.engine_rules(),
                factors=factors,
                actor=_actor(session, by),
                chain=chain,
                state=chosen,
                locale=get_settings().locale,
            )
        if as_json:
            print_json(rows)
        else:
            print_rows(
                "Factor requests", rows, _LIST_COLUMNS, labels={"state": labels_of(RequestState)}
            )

    @requests.command("show")
    def show(
        code: Code, by: ByOptional = None, as_of: OnDay = None, as_json: JsonOption = False
    ) -> None:
        """One request in full: its light, texts, dates, history and notices."""
        factors, today = factor_rules(), _day(as_of, "--as-of")
        with open_session() as session, refusals(session):
            detail = request_service.show_request(
                session=session,
                code=code,
                today=today,
                rules=wiring.engine_rules(),
                factors=factors,
                actor=_actor(session, by),
                locale=get_settings().locale,
            )
        if as_json:
            print_json(detail)
            return
        _print_detail(detail)

    @requests.command("submit")
    def submit(
        chain: Annotated[str, typer.Option(help="Chain code.")],
        credit_code: Annotated[str, typer.Option(help="The enterprise's credit code.")],
        factor: Annotated[str, typer.Option(help="land, energy, power, funds, labour, …")],
        quantity: Annotated[float, typer.Option(help="How much, in --unit.")],
        unit: Annotated[str, typer.Option(help="亩, 吨标煤, kVA, 万元, 人, …")],
        needed_by: Annotated[str, typer.Option(help="Needed by, YYYY-MM-DD.")],
        description: Annotated[str, typer.Option(help="What is needed and why.")],
        by: By,
        project: Annotated[str | None, typer.Option(help="The key project's code.")] = None,
    ) -> None:
        """Submit a request; it goes to the department that handles its factor type."""
        factors, needed = factor_rules(), _day(needed_by, "--needed-by")
        with open_session() as session, refusals(session):
            request = submit_request(
                session=session,
                actor=actor_by_email(session, by),
                chain_code=chain,
                credit_code=credit_code,
                project_code=project,
                factor_type=factor,
                quantity=quantity,
                unit=unit,
                needed_by=needed,
                description=description,
                now=wiring.now(),
                rules=wiring.engine_rules(),
                factors=factors,
            )
            _said(request, factors.routing[FactorType(request.factor_type)])

    @requests.command("update")
    def update(
        code: Code,
        action: Annotated[str, typer.Option(help=", ".join(a.value for a in RequestAction))],
        by: By,
        reply: Annotated[str | None, typer.Option(help="The plan (start) or answer.")] = None,
        reason: Annotated[str | None, typer.Option(help="Why (reject, reopen).")] = None,
        satisfaction: Annotated[
            int | None, typer.Option(help="1 (poor) to 5 (very satisfied): confirm, reopen.")
        ] = None,
    ) -> None:
        """Move a request: accept, start (with a plan), resolve, reject, confirm, reopen."""
        factors = factor_rules()
        with open_session() as session, refusals(session):
            request = request_service.update_request(
                session=session,
                code=code,
                actor=actor_by_email(session, by),
                action=action,
                reply=reply,
                reason=reason,
                satisfaction=satisfaction,
                now=wiring.now(),
                rules=wiring.engine_rules(),
                factors=factors,
            )
            _said(request)

    @requests.command("check")
    def check(
        as_of: Annotated[
            str | None,
            typer.Option("--as-of", help="Check as of this local time, e.g. 2026-10-09T08:45."),
        ] = None,
        as_json: JsonOption = False,
    ) -> None:
        """Run the service-level check now (or as of a time): lights, escalations, notices."""
        now = parse_as_of(as_of, get_settings().zone)
        factors = factor_rules()
        with open_session():  # checks the schema before the check opens its own transactions
            pass
        report = check_requests(
            engine=wiring.engine(), now=now, rules=wiring.engine_rules(), factors=factors
        )
        if as_json:
            print_json(report.as_dict())
        elif not report.working_day:
            print(f"{report.today} is not a working day: nothing to do")
        else:
            levels = ", ".join(f"{k} {n}" for k, n in sorted(report.by_level.items()))
            print(
                f"request check of {report.today}: {report.examined} request(s) looked at, "
                f"{report.lights_changed} light(s) changed, {report.notices} notice(s) to "
                f"{report.outbox_rows} recipient(s) queued" + (f" ({levels})" if levels else "")
            )

    @projects.command("block")
    def block(
        code: Annotated[str, typer.Argument(help="The key project's code.")],
        request: Annotated[str, typer.Option("--request", help="The request it waits on.")],
        by: By,
    ) -> None:
        """Block a project on a factor request: its milestones wait for the answer."""
        factors = factor_rules()
        with open_session() as session, refusals(session):
            project = block_project(
                session=session,
                project_code=code,
                request_code=request,
                actor=actor_by_email(session, by),
                now=wiring.now(),
                rules=wiring.engine_rules(),
                factors=factors,
            )
            print(f"project {project.code}: waits on {request} since {project.blocked_since}")


def _print_detail(detail: dict[str, Any]) -> None:
    fields = [
        "code", "state", "light", "light_reason", "chain", "enterprise", "project", "factor_type",
        "quantity", "unit", "needed_by", "department", "stage", "stage_due", "description",
        "reply", "reject_reason", "satisfaction", "reopened", "submitted_by", "submitted_at",
    ]  # fmt: skip
    for name in fields:
        if detail.get(name) not in (None, "", []):
            print(f"{name:>14}: {_text(detail[name])}")
    print_rows(
        "History",
        detail["history"],
        ["at", "actor", "action", "from", "to"],
        labels={
            "from": labels_of(RequestState),
            "to": labels_of(RequestState),
            "action": lambda code: REQUEST_ACTIONS.get(code, code),
        },
        headers={"to": "新值"},
    )
    if detail["notices"]:
        print_rows(
            "Notices",
            detail["notices"],
            ["issued_at", "level", "stage", "reason"],
            labels={"stage": lambda code: RequestStage(code).noun_zh},
        )


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)
