"""``chainops investment projects list|add|show|move|sign|file|funds``: the investment
pipeline (招商项目) from the command line.

``--by EMAIL`` says who is asking, as on the pages (a firm sees only the projects it is the
local company of; the chain's working group and the office manage); without it, lists are the
office's view of everything and changes are the office's. ``--json`` prints the rows with the
keys the README lists.
"""

from contextlib import AbstractContextManager
from datetime import date
from typing import Annotated, Any

import typer
from sqlmodel import Session

from chainops import wiring
from chainops.cli.asking import asking as cli_asking
from chainops.cli.common import ChainOption, JsonOption, fail
from chainops.cli.output import labels_of, print_json, print_rows
from chainops.settings import get_settings
from mechanism.investment import NotStartedLight, ProjectStage
from services import investment
from services.people import Viewer

projects_app = typer.Typer(help="The investment pipeline (招商项目).", no_args_is_help=True)

ByOptional = Annotated[
    str | None, typer.Option("--by", help="Email of who is asking (a firm sees its own only).")
]
Day = Annotated[str | None, typer.Option("--on", help="YYYY-MM-DD (default: today).")]

_REFUSALS = (investment.InvestmentRefused, investment.InvestmentNotAllowed)
_COLUMNS = [
    "id",
    "code",
    "chain",
    "name",
    "investor",
    "stage",
    "contract_wan",
    "size_band",
    "signed_on",
    "light",
]
_ZH = {
    "Investment projects": "招商项目",
    "code": "项目编号",
    "name": "项目名称",
    "investor": "投资方",
    "stage": "阶段",
    "contract_wan": "签约额（万元）",
    "size_band": "规模",
    "signed_on": "首次签约",
    "light": "未开工灯",
}


def asking(by: str | None) -> AbstractContextManager[tuple[Session, Viewer]]:
    """A session and who is asking; this group's refusals become clear errors (exit 1)."""
    return cli_asking(by, _REFUSALS)


def _day(text: str | None, option: str = "--on") -> date:
    if text is None:
        return wiring.engine_rules().today(wiring.now())
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise fail(f"{option}: {text!r} is not a date (YYYY-MM-DD)", 2) from None


def _print(rows: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        print_json(rows)
        return
    title = (
        _ZH["Investment projects"] if get_settings().locale == "zh-CN" else "Investment projects"
    )
    labels = {"stage": labels_of(ProjectStage), "light": labels_of(NotStartedLight)}
    print_rows(title, rows, _COLUMNS, labels=labels, headers=_ZH)


def _show(session: Session, viewer: Viewer, project_id: int) -> dict[str, Any]:
    rules = wiring.engine_rules()
    return investment.show_project(
        session=session,
        viewer=viewer,
        project_id=project_id,
        today=rules.today(wiring.now()),
        pipeline=wiring.pipeline_rules(),
        calendar=rules.calendar,
    )


@projects_app.command("list")
def list_projects(
    chain: ChainOption = None,
    stage: Annotated[str | None, typer.Option(help="lead, negotiating, signed, …")] = None,
    county: Annotated[str | None, typer.Option(help="Where the project lands.")] = None,
    not_started: Annotated[
        bool, typer.Option("--not-started", help="Signed and not started, red first.")
    ] = False,
    node: Annotated[str | None, typer.Option(help="A chain-map node's name.")] = None,
    by: ByOptional = None,
    as_json: JsonOption = False,
) -> None:
    """The projects the asker sees."""
    with asking(by) as (session, viewer):
        rows = investment.list_projects(
            session=session,
            viewer=viewer,
            today=wiring.engine_rules().today(wiring.now()),
            pipeline=wiring.pipeline_rules(),
            chain=chain,
            stage=stage,
            county=county,
            not_started=not_started,
            node=node,
        )
    _print(rows, as_json)


@projects_app.command("add")
def add_project(
    name: Annotated[str, typer.Option(help="The project's name.")],
    investor: Annotated[str, typer.Option(help="The investor's name.")],
    chain: ChainOption = None,
    target: Annotated[int | None, typer.Option(help="The investment target's id.")] = None,
    node: Annotated[str | None, typer.Option(help="The chain-map node (no target).")] = None,
    code: Annotated[str | None, typer.Option(help="Default: ZS<year>-<CHAIN>-<nn>.")] = None,
    credit_code: Annotated[str | None, typer.Option(help="The investor's credit code.")] = None,
    rank: Annotated[str | None, typer.Option(help="fortune_global_500 or china_top_500.")] = None,
    county: Annotated[str | None, typer.Option(help="Where the project lands.")] = None,
    planned: Annotated[float | None, typer.Option(help="Planned investment, 万元.")] = None,
    sponsor: Annotated[str | None, typer.Option(help="Sponsoring leader's email.")] = None,
    officer: Annotated[str | None, typer.Option(help="Service officer's email.")] = None,
    by: ByOptional = None,
    as_json: JsonOption = False,
) -> None:
    """Enter a project at the lead stage."""
    with asking(by) as (session, viewer):
        made = investment.add_project(
            session=session,
            actor=viewer.actor,
            name=name,
            investor_name=investor,
            chain_code=chain,
            target_id=target,
            node=node,
            code=code,
            investor_credit_code=credit_code,
            investor_rank=rank,
            county=county,
            planned_wan=planned,
            sponsor_email=sponsor,
            officer_email=officer,
            now=wiring.now(),
        )
        row = _show(session, viewer, made.id or 0)
        session.commit()
    _print([row], as_json)


@projects_app.command("show")
def show_project(project_id: int, by: ByOptional = None, as_json: JsonOption = False) -> None:
    """One project: its stages, signings, funds, filing task and key project."""
    with asking(by) as (session, viewer):
        row = _show(session, viewer, project_id)
    if as_json:
        print_json(row)
        return
    _print([row], False)
    for key in ("moves", "signings", "funds", "filing_task", "key_project"):
        typer.echo(f"{key}: {row[key]}")


@projects_app.command("move")
def move_project(
    project_id: int,
    to: Annotated[str, typer.Option("--to", help="The stage it reaches.")],
    on: Day = None,
    reason: Annotated[str | None, typer.Option(help="Why (terminating).")] = None,
    key_project: Annotated[
        str | None, typer.Option("--key-project", help="Starting: link this key project.")
    ] = None,
    company_code: Annotated[
        str | None, typer.Option("--company-code", help="Registering: the local company.")
    ] = None,
    company_name: Annotated[str | None, typer.Option("--company-name")] = None,
    by: ByOptional = None,
    as_json: JsonOption = False,
) -> None:
    """Move a project forward (stages may be skipped) or terminate it with a reason."""
    with asking(by) as (session, viewer):
        investment.move_project(
            session=session,
            actor=viewer.actor,
            project_id=project_id,
            to=to,
            on=_day(on),
            reason=reason,
            key_project_code=key_project,
            company_code=company_code,
            company_name=company_name,
            now=wiring.now(),
            rules=wiring.engine_rules(),
        )
        row = _show(session, viewer, project_id)
        session.commit()
    _print([row], as_json)


@projects_app.command("sign")
def sign_project(
    project_id: int,
    kind: Annotated[str, typer.Option(help="first, re_signing or capital_increase.")],
    amount: Annotated[float, typer.Option(help="万元: the total, or the increment.")],
    on: Day = None,
    by: ByOptional = None,
    as_json: JsonOption = False,
) -> None:
    """Record a signing; the first makes the filing task."""
    with asking(by) as (session, viewer):
        signed = investment.record_signing(
            session=session,
            actor=viewer.actor,
            project_id=project_id,
            kind=kind,
            on=_day(on),
            amount_wan=amount,
            now=wiring.now(),
            rules=wiring.engine_rules(),
            pipeline=wiring.pipeline_rules(),
        )
        row = _show(session, viewer, project_id)
        session.commit()
    if signed.filing.missing and not as_json:
        typer.echo(str(signed.filing.missing), err=True)
    _print([row], as_json)


@projects_app.command("file")
def file_project(
    project_id: int, on: Day = None, by: ByOptional = None, as_json: JsonOption = False
) -> None:
    """Record the signed contract's filing (备案); its task is closed."""
    with asking(by) as (session, viewer):
        investment.file_project(
            session=session,
            actor=viewer.actor,
            project_id=project_id,
            on=_day(on),
            now=wiring.now(),
            rules=wiring.engine_rules(),
        )
        row = _show(session, viewer, project_id)
        session.commit()
    _print([row], as_json)


@projects_app.command("funds")
def report_funds(
    project_id: int,
    month: Annotated[str, typer.Option(help="Like 2026-10.")],
    amount: Annotated[float, typer.Option(help="Funds arrived that month, 万元.")],
    by: ByOptional = None,
    as_json: JsonOption = False,
) -> None:
    """The funds arrived in one month (a second report replaces it)."""
    with asking(by) as (session, viewer):
        investment.report_funds(
            session=session,
            actor=viewer.actor,
            project_id=project_id,
            month=month,
            amount_wan=amount,
            now=wiring.now(),
            rules=wiring.engine_rules(),
        )
        row = _show(session, viewer, project_id)
        session.commit()
    _print([row], as_json)
