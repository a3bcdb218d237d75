"""``chainops projects list|show|report|check``: the key-project ledger from the command line.

``--by EMAIL`` says who is asking: an enterprise's contact sees and reports only its own
projects; without it, lists and shows are the office's view of everything. ``projects block``
(waiting on a factor request) lives with the requests, in ``chainops.cli.requests``.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Annotated, Any

import typer
from sqlmodel import Session

from chainops import wiring
from chainops.calendar_setup import working_calendar
from chainops.cli.calendar import warn_fallback
from chainops.cli.common import ChainOption, JsonOption, fail, open_session, parse_as_of
from chainops.cli.output import labels_of, print_json, print_rows
from chainops.cli.requests import factor_rules
from chainops.settings import get_settings
from mechanism.project_lights import ProjectRules
from mechanism.vocabulary import MilestoneKind
from services import projects as project_service
from services import requests as request_service
from services.config import ProjectConfigError, load_project_rules
from services.lookups import UnknownChain
from services.people import Actor, UnknownPerson, actor_by_email
from services.projects import check_projects
from services.requests import submit_request

Code = Annotated[str, typer.Argument(help="The project's code, e.g. LC2026-BEARING-01.")]
ByOptional = Annotated[
    str | None, typer.Option("--by", help="Email of who is asking (a firm sees its own only).")
]

_REFUSALS = (
    project_service.ProjectInputError,
    project_service.ProjectAccessDenied,
    UnknownPerson,
    UnknownChain,
    request_service.RequestInputError,
    request_service.RequestAccessDenied,
    request_service.RequestNotFound,
)


def project_rules() -> ProjectRules:
    """The light thresholds and report deadline from CHAINOPS_PROJECTS_FILE."""
    try:
        return load_project_rules(get_settings().projects_file)
    except ProjectConfigError as exc:
        raise fail(str(exc), 2) from exc


@contextmanager
def asking(by: str | None) -> Iterator[tuple[Session, Actor | None]]:
    """A session and who is asking (None: the office's view); refusals become clear errors."""
    with open_session() as session:
        try:
            yield session, actor_by_email(session, by) if by else None
        except _REFUSALS as exc:
            session.rollback()
            raise fail(str(exc)) from exc


def _month(text: str) -> date:
    try:
        return date.fromisoformat(f"{text.strip()}-01" if len(text.strip()) == 7 else text)
    except ValueError:
        raise fail(f"--month: {text!r} is not a month like 2026-10", 2) from None


def _milestones(items: list[str]) -> dict[MilestoneKind, date]:
    """``construction_start=2026-10-12`` (or ``开工=2026-10-12``), each milestone once."""
    reached: dict[MilestoneKind, date] = {}
    for item in items:
        name, _, day = item.partition("=")
        kind = MilestoneKind.parse(name)
        if kind is None:
            raise fail(
                f"--milestone: unknown milestone {name!r}; one of: {MilestoneKind.choices()}", 2
            )
        try:
            reached[kind] = date.fromisoformat(day.strip())
        except ValueError:
            raise fail(f"--milestone {item!r}: write KIND=YYYY-MM-DD", 2) from None
    return reached


def _factor_request(
    factor: str | None,
    problem: str | None,
    quantity: float | None,
    unit: str | None,
    needed_by: str | None,
) -> dict[str, Any] | None:
    """The factor request asked for with --factor, its description the problem; or None."""
    extras = {"--quantity": quantity, "--unit": unit, "--needed-by": needed_by}
    if factor is None:
        given = [name for name, value in extras.items() if value is not None]
        if given:
            raise fail(f"{', '.join(given)} only go with --factor", 2)
        return None
    missing = [name for name, value in {"--problem": problem, **extras}.items() if value is None]
    if missing:
        raise fail(f"--factor needs {', '.join(missing)} too", 2)
    assert problem is not None and needed_by is not None
    try:
        needed = date.fromisoformat(needed_by)
    except ValueError:
        raise fail(f"--needed-by: {needed_by!r} is not a date (YYYY-MM-DD)", 2) from None
    return {
        "factor_type": factor,
        "quantity": quantity,
        "unit": unit,
        "needed_by": needed,
        "description": problem,
    }


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


def _table_row(row: dict[str, Any], english: bool) -> dict[str, Any]:
    completed = row["investment_completed"]
    milestone = MilestoneKind(row["next_milestone"]) if row["next_milestone"] else None
    return {
        **row,
        "investment": f"{completed or 0:g}/{row['year_planned_investment']:g}",
        "rate": (
            f"{_percent(row['investment_rate'])} / {_percent(row['timing_progress'])}"
            if row["timing_progress"] is not None
            else ""
        ),
        "next": (
            f"{milestone.en if english else milestone.zh} {row['next_milestone_planned'] or ''}"
            if milestone
            else ""
        ),
    }


def register_project_commands(projects: typer.Typer) -> None:
    @projects.command("list")
    def list_projects(
        chain: ChainOption = None, by: ByOptional = None, as_json: JsonOption = False
    ) -> None:
        """Key projects with their light and the reason for it."""
        rules, settings = project_rules(), get_settings()
        with asking(by) as (session, actor):
            rows = project_service.list_projects(
                session=session,
                today=wiring.today(),
                actor=actor,
                chain=chain,
                rules=rules,
                calendar=wiring.engine_rules().calendar,
                locale=settings.locale,
            )
        if as_json:
            print_json(rows)
            return
        print_rows(
            "Key projects (investment 万元 completed/planned; rate / timing progress)",
            [_table_row(r, settings.locale == "en") for r in rows],
            [
                "code",
                "chain",
                "enterprise",
                "light",
                "light_reason",
                "investment",
                "rate",
                "next",
                "last_report_month",
                "blocked_by",
            ],
        )

    @projects.command("show")
    def show(code: Code, by: ByOptional = None, as_json: JsonOption = False) -> None:
        """One project: ledger, light and reason, milestones and monthly reports."""
        rules, settings = project_rules(), get_settings()
        with asking(by) as (session, actor):
            row = project_service.show_project(
                session=session,
                code=code,
                actor=actor,
                today=wiring.today(),
                rules=rules,
                calendar=wiring.engine_rules().calendar,
                locale=settings.locale,
            )
        if as_json:
            print_json(row)
            return
        _print_project(row)

    @projects.command("report")
    def report(
        code: Code,
        month: Annotated[str, typer.Option(help="The month reported on, e.g. 2026-10.")],
        investment: Annotated[float, typer.Option(help="Invested in that month, 万元.")],
        by: Annotated[str, typer.Option("--by", help="Email of the person reporting.")],
        milestone: Annotated[
            list[str] | None,
            typer.Option(help="A milestone reached, KIND=YYYY-MM-DD (repeatable)."),
        ] = None,
        problem: Annotated[str | None, typer.Option(help="Problems met this month.")] = None,
        factor: Annotated[
            str | None,
            typer.Option(
                help="Raise --problem as a factor-supply request of this type in the same step "
                "(land, energy, power, funds, labour, environment, approvals)."
            ),
        ] = None,
        quantity: Annotated[float | None, typer.Option(help="With --factor: how much.")] = None,
        unit: Annotated[str | None, typer.Option(help="With --factor: 亩, 吨标煤, kVA, …")] = None,
        needed_by: Annotated[
            str | None, typer.Option(help="With --factor: needed by, YYYY-MM-DD.")
        ] = None,
        replace: Annotated[
            bool,
            typer.Option(
                "--replace",
                help="Replace the month's existing report (it stays in the history, marked "
                "replaced); without it a month already reported differently is refused.",
            ),
        ] = False,
    ) -> None:
        """Report a month (月报): investment, milestones reached, problems; a problem can
        become a factor-supply request at once (--factor). All of it happens, or none."""
        rules, settings = project_rules(), get_settings()
        reached = _milestones(milestone or [])
        wanted = _factor_request(factor, problem, quantity, unit, needed_by)
        factors = factor_rules() if wanted else None
        with asking(by) as (session, actor):
            assert actor is not None
            now, engine_rules = wiring.now(), wiring.engine_rules()
            try:
                done = project_service.report_month(
                    session=session,
                    project_code=code,
                    actor=actor,
                    month=_month(month),
                    month_investment=investment,
                    milestones_reached=reached,
                    problems=problem,
                    now=now,
                    rules=engine_rules,
                    projects=rules,
                    locale=settings.locale,
                    replace=replace,
                )
            except project_service.ReportExists as exc:
                raise fail(f"{exc}; add --replace to replace it") from exc
            request = None
            if wanted and factors:
                request = submit_request(
                    session=session,
                    actor=actor,
                    chain_code=done.chain_code,
                    credit_code=done.credit_code,
                    project_code=done.project.code,
                    now=now,
                    rules=engine_rules,
                    factors=factors,
                    **wanted,
                )
            print(
                f"{done.project.code} {done.report.month:%Y-%m}: "
                f"{done.report.month_investment:g} 万元 this month, "
                f"{done.report.investment_completed:g} 万元 this year; "
                f"light {done.light.value}: {done.project.light_reason}"
            )
            if request is not None:
                print(
                    f"factor request {request.code} submitted: {request.factor_type} "
                    f"{request.quantity:g} {request.unit}, needed by {request.needed_by}"
                )

    @projects.command("check")
    def check(
        as_of: Annotated[
            str | None,
            typer.Option("--as-of", help="Check as of this local time, e.g. 2026-11-06T09:00."),
        ] = None,
        as_json: JsonOption = False,
    ) -> None:
        """Run the key-project check now: store lights, urge missing monthly reports."""
        settings = get_settings()
        now = parse_as_of(as_of, settings.zone)
        rules = project_rules()
        with open_session():  # checks the schema before the check opens its own transactions
            pass
        engine_rules = wiring.engine_rules()
        today = engine_rules.today(now)
        warn_fallback(working_calendar(), today - timedelta(days=31), today)
        result = check_projects(
            engine=wiring.engine(),
            now=now,
            rules=engine_rules,
            projects=rules,
            locale=settings.locale,
        )
        if as_json:
            print_json(result.as_dict())
            return
        if not result.working_day:
            print(f"{result.today} is not a working day: nothing to do")
            return
        colours = ", ".join(f"{n} to {light}" for light, n in sorted(result.changed_to.items()))
        print(
            f"key-project check of {result.today}: {result.examined} project(s), "
            f"{result.lights_changed} light(s) changed"
            + (f" ({colours})" if colours else "")
            + f", {result.stale} report(s) urged: {result.notices} notice(s) to "
            f"{result.outbox_rows} recipient(s) queued"
        )


def _print_project(row: dict[str, Any]) -> None:
    print(f"{row['code']} {row['name']}")
    print(f"  chain {row['chain']}, enterprise {row['enterprise']} ({row['credit_code']})")
    print(
        f"  {row['year']}: {row['investment_completed'] or 0:g} of "
        f"{row['year_planned_investment']:g} 万元 planned this year "
        f"({_percent(row['investment_rate'])} against timing {_percent(row['timing_progress'])})"
        f", total {row['total_investment']:g} 万元"
    )
    print(f"  state {row['state']}, light {row['light']}: {row['light_reason']}")
    if row["blocked_by"]:
        print(f"  blocked by factor request {row['blocked_by']}")
    if row["next_report_month"]:
        print(f"  next report: {row['next_report_month']}, due {row['next_report_due']}")
    print_rows(
        "Milestones",
        row["milestones"],
        ["kind", "label", "planned_date", "actual_date"],
        labels={"kind": labels_of(MilestoneKind)},
    )
    print_rows(
        "Monthly reports",
        row["reports"],
        [
            "month",
            "month_investment",
            "investment_completed",
            "milestone_reached",
            "problems",
            "reported_by",
        ],
    )
    if row["replaced_reports"]:
        print_rows(
            "Replaced reports (each replaced by a later report on its month)",
            row["replaced_reports"],
            ["month", "month_investment", "reported_by", "replaced_by", "replaced_at"],
        )
