"""``chainops investment …``: targeted investment attraction (精准招商) from the command line —
``targets list|add|edit|move`` here, and the pipeline's ``projects …`` (``investment_projects``).

``--by EMAIL`` says who is asking, as on the pages (the office and the chain's working group
manage; the chain's leaders and lead department read; a firm sees no targets). Without it a
list is the operator's view of everything; a change needs ``--by``. ``--json`` prints the rows
with the keys the README lists ("Investment: targets from the chain map").
"""

from contextlib import AbstractContextManager
from typing import Annotated, Any

import typer
from sqlmodel import Session

from chainops import wiring
from chainops.cli.asking import asking as cli_asking
from chainops.cli.common import ChainOption, JsonOption, fail
from chainops.cli.investment_projects import projects_app
from chainops.cli.output import labels_of, print_json, print_rows
from chainops.settings import get_settings
from mechanism.investment_targets import (
    TargetPriority,
    TargetPurpose,
    TargetSource,
    TargetStatus,
)
from services import investment
from services.people import (
    Viewer,
)

ByOptional = Annotated[str | None, typer.Option("--by", help="Email of who is asking.")]
By = Annotated[str, typer.Option("--by", help="Email of the office or working-group member.")]
TargetId = Annotated[int, typer.Argument(help="The target's id.", min=1, max=2**63 - 1)]
Node = Annotated[str | None, typer.Option("--node", help="The chain-map node's name.")]
CreditCode = Annotated[
    str | None, typer.Option("--credit-code", help="The firm's credit code, when known.")
]
HqRegion = Annotated[str | None, typer.Option("--hq-region", help="Where the firm is based.")]
Source = Annotated[str | None, typer.Option(help=f"Source: {TargetSource.choices()}.")]
Purpose = Annotated[str | None, typer.Option(help=f"Purpose: {TargetPurpose.choices()}.")]
Priority = Annotated[
    int | None, typer.Option(help="1 (重点 high), 2 (一般 normal) or 3 (储备 low).")
]
OwnerGroup = Annotated[
    str | None, typer.Option("--owner-group", help="Who works the target (招商专班).")
]
Note = Annotated[str | None, typer.Option(help="A note.")]

_REFUSALS = (investment.InvestmentRefused,)
_COLUMNS = [
    "id",
    "chain",
    "company",
    "hq_region",
    "node",
    "purpose",
    "source",
    "priority",
    "owner_group",
    "status",
    "projects",
]
_GAP_COLUMNS = ["stage", "segment", "node", "status", "note"]
_ZH = {
    "Targets": "招商目标",
    "Gaps": "缺少招商目标的薄弱/缺失节点",
    "company": "目标企业",
    "hq_region": "总部所在地",
    "node": "图谱节点",
    "purpose": "招商方向",
    "source": "来源",
    "priority": "优先级",
    "owner_group": "责任专班",
    "projects": "项目数",
    "segment": "环节",
    "stage": "上中下游",
}
_PRIORITY = {int(p.value): p.zh for p in TargetPriority}


def asking(by: str | None) -> AbstractContextManager[tuple[Session, Viewer]]:
    """A session and who is asking; this group's refusals become clear errors (exit 1)."""
    return cli_asking(by, _REFUSALS)


def _print(title: str, rows: list[dict[str, Any]], columns: list[str], as_json: bool) -> None:
    if as_json:
        print_json(rows)
        return
    chinese = get_settings().locale == "zh-CN"
    shown = [
        {**r, "priority": _PRIORITY.get(r["priority"], r["priority"]) if chinese else r["priority"]}
        if "priority" in r
        else r
        for r in rows
    ]
    labels = {
        "status": labels_of(TargetStatus),
        "purpose": labels_of(TargetPurpose),
        "source": labels_of(TargetSource),
    }
    print_rows(_ZH[title] if chinese else title, shown, columns, labels=labels, headers=_ZH)


def register_investment(app: typer.Typer) -> typer.Typer:
    """Add the ``investment`` group to ``app`` and return it (the pipeline adds ``projects``)."""
    group = typer.Typer(
        help="Targeted investment attraction (精准招商): targets and the pipeline.",
        no_args_is_help=True,
    )
    targets = typer.Typer(
        help="Investment targets for the chain map's nodes (招商目标).", no_args_is_help=True
    )
    group.add_typer(targets, name="targets")
    group.add_typer(projects_app, name="projects")
    app.add_typer(group, name="investment")

    @targets.command("list")
    def list_targets(
        chain: ChainOption = None,
        status: Annotated[str | None, typer.Option(help="listed, contacted, …")] = None,
        node: Node = None,
        gaps: Annotated[
            bool, typer.Option("--gaps", help="The chain's gaps instead (needs --chain).")
        ] = False,
        by: ByOptional = None,
        as_json: JsonOption = False,
    ) -> None:
        """The targets the asker reads; ``--gaps``: the chain's weak or missing nodes that
        have no live target."""
        if gaps and chain is None:
            raise fail("--gaps: say which chain with --chain", 2)
        with asking(by) as (session, viewer):
            if gaps:
                assert chain is not None
                found = investment.target_gaps(session=session, viewer=viewer, chain=chain)
                _print("Gaps", found, _GAP_COLUMNS, as_json)
                return
            rows = investment.list_targets(
                session=session, viewer=viewer, chain=chain, status=status, node=node
            )
        _print("Targets", rows, _COLUMNS, as_json)

    @targets.command("add")
    def add_target(
        chain: Annotated[str, typer.Option(help="The chain's code.")],
        company: Annotated[str, typer.Option(help="The target firm's name.")],
        by: By,
        credit_code: CreditCode = None,
        hq_region: HqRegion = None,
        source: Source = None,
        purpose: Purpose = None,
        node: Node = None,
        priority: Priority = None,
        owner_group: OwnerGroup = None,
        note: Note = None,
        as_json: JsonOption = False,
    ) -> None:
        """List a new target for a chain (and the map node it serves)."""
        with asking(by) as (session, viewer):
            made = investment.add_target(
                session=session,
                actor=viewer.actor,
                chain_code=chain,
                company_name=company,
                node=node,
                credit_code=credit_code,
                hq_region=hq_region,
                source=source or TargetSource.CHAIN_MAP.value,
                purpose=purpose or TargetPurpose.FILL.value,
                priority=2 if priority is None else priority,
                owner_group=owner_group,
                note=note,
                now=wiring.now(),
            )
            row = investment.visible_target(session, viewer, made.id or 0)
            session.commit()
        _print("Targets", [row], _COLUMNS, as_json)

    @targets.command("edit")
    def edit_target(
        target_id: TargetId,
        by: By,
        company: Annotated[str | None, typer.Option(help="The firm's name.")] = None,
        credit_code: CreditCode = None,
        hq_region: HqRegion = None,
        source: Source = None,
        purpose: Purpose = None,
        node: Node = None,
        priority: Priority = None,
        owner_group: OwnerGroup = None,
        note: Note = None,
        as_json: JsonOption = False,
    ) -> None:
        """Change the fields given (an empty value, ``--note ""``, clears an optional one)."""
        given = {
            "company_name": company,
            "credit_code": credit_code,
            "hq_region": hq_region,
            "source": source,
            "purpose": purpose,
            "node": node,
            "priority": priority,
            "owner_group": owner_group,
            "note": note,
        }
        changes = {k: v for k, v in given.items() if v is not None}
        if not changes:
            raise fail("edit: say what to change (--company, --node, --priority, …)", 2)
        with asking(by) as (session, viewer):
            investment.edit_target(
                session=session,
                viewer=viewer,
                target_id=target_id,
                changes=changes,
                now=wiring.now(),
            )
            row = investment.visible_target(session, viewer, target_id)
            session.commit()
        _print("Targets", [row], _COLUMNS, as_json)

    @targets.command("move")
    def move_target(
        target_id: TargetId,
        to: Annotated[str, typer.Option("--to", help=f"Status: {TargetStatus.choices()}.")],
        by: By,
        reason: Annotated[str | None, typer.Option(help="Why (required to drop).")] = None,
        as_json: JsonOption = False,
    ) -> None:
        """Move the target: listed → contacted → visited, dropped (with --reason), reopened."""
        with asking(by) as (session, viewer):
            investment.move_target(
                session=session,
                viewer=viewer,
                target_id=target_id,
                to=to,
                reason=reason,
                now=wiring.now(),
            )
            row = investment.visible_target(session, viewer, target_id)
            session.commit()
        _print("Targets", [row], _COLUMNS, as_json)

    return group
