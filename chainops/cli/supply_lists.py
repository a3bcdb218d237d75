"""``chainops matchmaking demands|capabilities list|add`` and ``chainops matchmaking shortlist``:
the matchmaking lists and a demand's shortlist from the command line.

``--by EMAIL`` says who is asking, as on the pages (a firm sees and enters its own items only;
the chain's working group and the office any of the chain's); without it, lists and the
shortlist are the office's view of everything. Entering an item and choosing a line need
``--by``. ``--json`` prints the rows with the keys the README lists.
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
from mechanism.supply_lists import DemandStatus
from services import matchmaking
from services.people import Viewer

ByOptional = Annotated[
    str | None, typer.Option("--by", help="Email of who is asking (a firm sees its own only).")
]
By = Annotated[str, typer.Option("--by", help="Email of the person or enterprise contact acting.")]
CreditCode = Annotated[
    str | None,
    typer.Option("--credit-code", help="The enterprise (a firm's contact may leave it out)."),
]
Node = Annotated[str | None, typer.Option("--node", help="The chain-map node's name.")]

_REFUSALS = (matchmaking.SupplyInputError, matchmaking.SupplyNotAllowed)
_DEMAND_COLUMNS = [
    "id",
    "chain",
    "enterprise",
    "item",
    "node",
    "amount_wan",
    "needed_by",
    "status",
    "matches",
]
_CAPABILITY_COLUMNS = [
    "id",
    "chain",
    "enterprise",
    "county",
    "product",
    "node",
    "certifications",
    "capacity",
]
_LINE_COLUMNS = ["place", "capability_id", "enterprise", "product", "why"]
_ZH = {
    "Demands": "需求清单",
    "Capabilities": "产品/能力清单",
    "Shortlist": "候选供应商",
    "item": "需求事项",
    "product": "产品/能力",
    "node": "图谱节点",
    "amount_wan": "金额（万元）",
    "needed_by": "需求时间",
    "matches": "对接数",
    "certifications": "资质认证",
    "capacity": "产能",
    "county": "县市区",
    "place": "序号",
    "capability_id": "产品/能力编号",
    "why": "推荐理由",
}


def asking(by: str | None) -> AbstractContextManager[tuple[Session, Viewer]]:
    """A session and who is asking; this group's refusals become clear errors (exit 1)."""
    return cli_asking(by, _REFUSALS)


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise fail(f"{option}: {text!r} is not a date (YYYY-MM-DD)", 2) from None


def _title(english: str) -> str:
    return _ZH[english] if get_settings().locale == "zh-CN" else english


def _print(title: str, rows: list[dict[str, Any]], columns: list[str], as_json: bool) -> None:
    if as_json:
        print_json(rows)
        return
    labels = {"status": labels_of(DemandStatus)}
    print_rows(_title(title), rows, columns, labels=labels, headers=_ZH)


def register_supply_lists(matchmaking_group: typer.Typer) -> None:
    demands = typer.Typer(help="Chain masters' demand lists (需求清单).", no_args_is_help=True)
    capabilities = typer.Typer(
        help="SMEs' product and capability lists (产品/能力清单).", no_args_is_help=True
    )
    matchmaking_group.add_typer(demands, name="demands")
    matchmaking_group.add_typer(capabilities, name="capabilities")

    @demands.command("list")
    def list_demands(
        chain: ChainOption = None,
        status: Annotated[
            str | None, typer.Option(help="open, matched, fulfilled or withdrawn.")
        ] = None,
        by: ByOptional = None,
        as_json: JsonOption = False,
    ) -> None:
        """The demand items the asker sees."""
        with asking(by) as (session, viewer):
            rows = matchmaking.list_demands(
                session=session, viewer=viewer, chain=chain, status=status
            )
        _print("Demands", rows, _DEMAND_COLUMNS, as_json)

    @demands.command("add")
    def add_demand(
        chain: Annotated[str, typer.Option(help="The chain's code.")],
        item: Annotated[str, typer.Option(help="What is needed.")],
        by: By,
        credit_code: CreditCode = None,
        node: Node = None,
        specification: Annotated[str | None, typer.Option(help="Specification.")] = None,
        amount: Annotated[float | None, typer.Option(help="Amount in 万元.")] = None,
        needed_by: Annotated[str | None, typer.Option(help="YYYY-MM-DD.")] = None,
        as_json: JsonOption = False,
    ) -> None:
        """Enter a line on a demand list."""
        with asking(by) as (session, viewer):
            made = matchmaking.add_demand(
                session=session,
                actor=viewer.actor,
                chain_code=chain,
                credit_code=credit_code,
                item=item,
                node=node,
                specification=specification,
                amount_wan=amount,
                needed_by=_day(needed_by, "--needed-by"),
                now=wiring.now(),
            )
            row = matchmaking.visible_demand(session, viewer, made.id or 0)
            session.commit()
        _print("Demands", [row], _DEMAND_COLUMNS, as_json)

    @capabilities.command("list")
    def list_capabilities(
        chain: ChainOption = None, by: ByOptional = None, as_json: JsonOption = False
    ) -> None:
        """The capability items the asker sees."""
        with asking(by) as (session, viewer):
            rows = matchmaking.list_capabilities(session=session, viewer=viewer, chain=chain)
        _print("Capabilities", rows, _CAPABILITY_COLUMNS, as_json)

    @capabilities.command("add")
    def add_capability(
        chain: Annotated[str, typer.Option(help="The chain's code.")],
        product: Annotated[str, typer.Option(help="The product or capability.")],
        by: By,
        credit_code: CreditCode = None,
        node: Node = None,
        certifications: Annotated[str | None, typer.Option(help="Certifications.")] = None,
        capacity: Annotated[str | None, typer.Option(help="Capacity.")] = None,
        as_json: JsonOption = False,
    ) -> None:
        """Enter a line on a capability list."""
        with asking(by) as (session, viewer):
            made = matchmaking.add_capability(
                session=session,
                actor=viewer.actor,
                chain_code=chain,
                credit_code=credit_code,
                product=product,
                node=node,
                certifications=certifications,
                capacity=capacity,
                now=wiring.now(),
            )
            row = matchmaking.visible_capability(session, viewer, made.id or 0)
            session.commit()
        _print("Capabilities", [row], _CAPABILITY_COLUMNS, as_json)

    @matchmaking_group.command("shortlist")
    def shortlist(
        demand_id: Annotated[
            int, typer.Argument(help="The demand item's id.", min=1, max=2**63 - 1)
        ],
        choose: Annotated[
            int | None, typer.Option("--choose", help="Choose line N (needs --by).", min=1)
        ] = None,
        top: Annotated[int, typer.Option(help="How many lines.", min=1, max=200)] = 20,
        by: ByOptional = None,
        as_json: JsonOption = False,
    ) -> None:
        """A demand's ranked candidate suppliers, each line with why; ``--choose N`` makes the
        chain master's choice of line N (a proposed match)."""
        if choose is not None and by is None:
            raise fail("--choose: say who chooses with --by (the chain master, team or office)")
        today = wiring.today()
        with asking(by) as (session, viewer):
            if choose is not None:
                chosen = matchmaking.choose(
                    session=session,
                    viewer=viewer,
                    demand_id=demand_id,
                    place=choose,
                    today=today,
                    now=wiring.now(),
                    top=top,
                )
                session.commit()
                match = chosen.match
                if as_json:
                    print_json(
                        {
                            "match_id": match.id,
                            "demand_id": match.demand_id,
                            "capability_id": match.capability_id,
                            "stage": match.stage,
                            "why": match.why,
                        }
                    )
                else:
                    typer.echo(
                        f"match {match.id}: {chosen.line.offer.enterprise_name} "
                        f"proposed for demand {demand_id} ({match.why})"
                    )
                return
            listed = matchmaking.demand_shortlist(
                session=session, viewer=viewer, demand_id=demand_id, today=today, top=top
            )
        rows = [
            {**row, "why": row["why_zh"] if get_settings().locale == "zh-CN" else row["why"]}
            for row in listed.rows
        ]
        _print("Shortlist", listed.rows if as_json else rows, _LINE_COLUMNS, as_json)
