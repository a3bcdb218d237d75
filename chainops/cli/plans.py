"""``chainops enterprises plans list|add|show|measure|actuals|outcome``: 一企一策 plans.

Reads without ``--by`` are the office's view of every plan; with it, what that account sees
(a firm its own plans only). Changes need ``--by``: the account acting, whose rights the
services check (services.cultivation.access). ``actuals`` keeps the figures not given;
``--from-system`` takes the counts the system knows (signed local and 专精特新 suppliers, the
year's key projects) for those not given.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Annotated, Any

import typer
from sqlmodel import Session

from chainops import wiring
from chainops.cli.common import ChainOption, JsonOption, fail, open_session
from chainops.cli.output import print_json, print_rows
from chainops.settings import get_settings
from mechanism.cultivation import TARGETS, Figures, PlanOutcome
from services import cultivation
from services.people import Actor, NotVisible, Viewer, viewer_by_email

PlanId = Annotated[int, typer.Argument(help="The plan's number, as `plans list` shows it.")]
By = Annotated[str, typer.Option("--by", help="Email of the account acting.")]
ByOptional = Annotated[
    str | None, typer.Option("--by", help="See as this account (a firm sees its own only).")
]
Revenue = Annotated[float | None, typer.Option("--revenue", help="Revenue, 万元.")]
Rd = Annotated[
    float | None, typer.Option("--rd-intensity", help="R&D spending, % of revenue (3.5 = 3.5 %).")
]
Local = Annotated[int | None, typer.Option("--local-suppliers", help="Local suppliers brought in.")]
Zjtx = Annotated[int | None, typer.Option("--zjtx-suppliers", help="专精特新 suppliers.")]
Projects = Annotated[int | None, typer.Option("--projects", help="Projects.")]

_OFFICE = Viewer(0, "cli", Actor("cli", is_office=True), is_office=True)
_REFUSALS = (cultivation.PlanRefused, cultivation.PlanNotAllowed, NotVisible)
_HEADERS = {
    "year": "年度",
    "target_kind": "类型",
    "outcome": "完成情况",
    "rule_outcome": "按规则",
    "target": "目标",
    "goal": "目标值",
    "actual": "实际",
    "from_system": "系统统计",
    "reached": "达成",
    "text": "措施",
    "factor_request": "要素诉求",
    "project": "重点项目",
}
_KINDS = {"chain_master": "链主企业", "pilot": "领航型企业"}


def _outcome_zh(code: str) -> str:
    member = PlanOutcome.parse(code)
    return member.zh if member else code


_TARGETS_ZH = {
    "revenue": "营业收入（万元）",
    "rd_intensity": "研发投入强度（%）",
    "local_suppliers": "引进本地配套企业（家）",
    "zjtx_suppliers": "专精特新配套企业（家）",
    "projects": "项目（个）",
}
_LABELS: dict[str, Callable[[str], str]] = {
    "target": lambda code: _TARGETS_ZH.get(code, code),
    "target_kind": lambda code: _KINDS.get(code, code),
    "outcome": _outcome_zh,
    "rule_outcome": _outcome_zh,
}


@contextmanager
def _as(by: str | None) -> Iterator[tuple[Session, Viewer]]:
    """A session and who is acting (the office's view without ``--by``); a refusal is a clear
    error, and nothing it began is kept."""
    with open_session() as session:
        try:
            yield session, viewer_by_email(session, by) if by else _OFFICE
        except _REFUSALS as exc:
            session.rollback()
            raise fail(str(exc)) from exc


def _title(en: str, zh: str) -> str:
    return zh if get_settings().locale == "zh-CN" else en


def register_plans(enterprises: typer.Typer) -> None:
    """Add the ``plans`` sub-group to ``chainops enterprises``."""
    plans = typer.Typer(
        help="一企一策: yearly plans of chain masters and pilot enterprises.", no_args_is_help=True
    )
    enterprises.add_typer(plans, name="plans")

    @plans.command("list")
    def list_(
        chain: ChainOption = None,
        year: Annotated[int | None, typer.Option("--year", help="Only this year.")] = None,
        by: ByOptional = None,
        as_json: JsonOption = False,
    ) -> None:
        """The plans: chain, enterprise, year, kind, owner department, outcome."""
        with _as(by) as (session, viewer):
            rows = cultivation.list_plans(
                session=session, viewer=viewer, chain_code=chain, year=year
            )
        if as_json:
            print_json(rows)
            return
        columns = ["id", "chain", "enterprise", "year", "target_kind", "department", "outcome"]
        print_rows(_title("Plans", "一企一策"), rows, columns, labels=_LABELS, headers=_HEADERS)

    @plans.command("add")
    def add(
        chain: Annotated[str, typer.Option("--chain", help="The chain's code.")],
        enterprise: Annotated[str, typer.Option("--enterprise", help="Its credit code.")],
        year: Annotated[int, typer.Option("--year", help="The plan's year.")],
        kind: Annotated[str, typer.Option("--kind", help="chain_master or pilot.")],
        by: By,
        department: Annotated[
            str | None, typer.Option("--department", help="Owner (default: the lead department).")
        ] = None,
        revenue: Revenue = None,
        rd_intensity: Rd = None,
        local_suppliers: Local = None,
        zjtx_suppliers: Zjtx = None,
        projects: Projects = None,
    ) -> None:
        """A plan with its yearly targets (at least one)."""
        targets = Figures(revenue, rd_intensity, local_suppliers, zjtx_suppliers, projects)
        with _as(by) as (session, viewer):
            plan = cultivation.create_plan(
                session=session,
                viewer=viewer,
                chain_code=chain,
                credit_code=enterprise,
                year=year,
                target_kind=kind,
                department_code=department,
                targets=targets,
                now=wiring.now(),
                today=wiring.today(),
            )
            said = f"plan {plan.id}: {chain} {enterprise} {year} {kind}"
        typer.echo(said)

    @plans.command("show")
    def show(plan_id: PlanId, by: ByOptional = None, as_json: JsonOption = False) -> None:
        """Targets against actuals (and what the system knows), the outcome, the measures."""
        with _as(by) as (session, viewer):
            row = cultivation.show_plan(session=session, viewer=viewer, plan_id=plan_id)
        if as_json:
            print_json(row)
            return
        head = [
            {
                k: row[k]
                for k in (
                    "id",
                    "chain",
                    "enterprise",
                    "year",
                    "target_kind",
                    "department",
                    "outcome",
                    "rule_outcome",
                )
            }
        ]
        print_rows(
            _title("Plan", "一企一策"), head, list(head[0]), labels=_LABELS, headers=_HEADERS
        )
        columns = ["target", "goal", "actual", "from_system", "reached"]
        print_rows(_title("Targets", "年度目标"), row["lines"], columns, headers=_HEADERS)
        columns = ["id", "text", "factor_request", "project"]
        print_rows(_title("Measures", "支持措施"), row["measures"], columns, headers=_HEADERS)
        if row["outcome_note"]:
            typer.echo(row["outcome_note"])

    @plans.command("measure")
    def measure(
        plan_id: PlanId,
        by: By,
        text: Annotated[str | None, typer.Option("--text", help="The support measure.")] = None,
        request: Annotated[
            str | None, typer.Option("--request", help="The firm's factor request carrying it.")
        ] = None,
        project: Annotated[
            str | None, typer.Option("--project", help="The firm's key project carrying it.")
        ] = None,
        remove: Annotated[
            int | None, typer.Option("--remove", help="Remove this measure (its id) instead.")
        ] = None,
    ) -> None:
        """Add a support measure to a plan (or remove one with --remove)."""
        if (remove is None) == (text is None):
            raise fail("give --text to add a measure, or --remove ID to remove one", 2)
        with _as(by) as (session, viewer):
            if remove is not None:
                cultivation.remove_measure(
                    session=session,
                    viewer=viewer,
                    plan_id=plan_id,
                    measure_id=remove,
                    now=wiring.now(),
                )
                said = f"measure {remove} removed"
            else:
                added = cultivation.add_measure(
                    session=session,
                    viewer=viewer,
                    plan_id=plan_id,
                    text=text or "",
                    factor_request_code=request,
                    project_code=project,
                    now=wiring.now(),
                )
                said = f"measure {added.id} added"
        typer.echo(f"plan {plan_id}: {said}")

    @plans.command("actuals")
    def actuals(
        plan_id: PlanId,
        by: By,
        revenue: Revenue = None,
        rd_intensity: Rd = None,
        local_suppliers: Local = None,
        zjtx_suppliers: Zjtx = None,
        projects: Projects = None,
        from_system: Annotated[
            bool, typer.Option("--from-system", help="Counts not given: what the system knows.")
        ] = False,
    ) -> None:
        """Record the year's actuals; figures not given keep what was recorded."""
        given = Figures(revenue, rd_intensity, local_suppliers, zjtx_suppliers, projects)
        with _as(by) as (session, viewer):
            row = cultivation.show_plan(session=session, viewer=viewer, plan_id=plan_id)
            figures = _merged(given, row, from_system)
            cultivation.record_actuals(
                session=session, viewer=viewer, plan_id=plan_id, actuals=figures, now=wiring.now()
            )
            session.flush()
            after = cultivation.show_plan(session=session, viewer=viewer, plan_id=plan_id)
        typer.echo(f"plan {plan_id}: actuals recorded; by the rule: {after['rule_outcome'] or '—'}")

    @plans.command("outcome")
    def outcome(
        plan_id: PlanId,
        by: By,
        set_: Annotated[
            str | None, typer.Option("--set", help="met, partly or missed: override the rule.")
        ] = None,
        note: Annotated[
            str | None, typer.Option("--note", help="Why (needed to override).")
        ] = None,
    ) -> None:
        """The office confirms the rule's outcome, or overrides it with --set and --note."""
        with _as(by) as (session, viewer):
            plan = cultivation.confirm_outcome(
                session=session,
                viewer=viewer,
                plan_id=plan_id,
                outcome=set_,
                note=note,
                now=wiring.now(),
            )
            said = f"plan {plan_id}: outcome {plan.outcome}"
        typer.echo(said)


def _merged(given: Figures, row: dict[str, Any], from_system: bool) -> Figures:
    """The figures given, else the system's (with --from-system), else those recorded."""
    values: dict[str, Any] = {}
    for name in TARGETS:
        value = given.of(name)
        if value is None and from_system:
            value = row["from_system"].get(name)
        if value is None:
            value = row["actuals"][name]
        values[name] = value
    return replace(given, **values)
