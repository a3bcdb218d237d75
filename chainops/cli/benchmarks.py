"""``chainops benchmarks peers|indicators|values|gaps|gap-task|gap-target``: benchmarking
against peers (对标) and the gap list (差距清单) from the command line.

``--by EMAIL`` says who is asking, as on the pages (a chain's working group enters its own
chain's figures, the office any; a department or leader reads its chains; a firm nothing);
without it, lists are the office's view. Entering and spawning need ``--by``. ``--json``
prints the rows with the keys the README lists.
"""

from contextlib import AbstractContextManager
from typing import Annotated, Any

import typer
from sqlmodel import Session

from chainops import wiring
from chainops.cli.asking import asking as cli_asking
from chainops.cli.common import ChainOption, JsonOption
from chainops.cli.output import print_json, print_rows
from chainops.settings import get_settings
from services import benchmarks
from services.investment import InvestmentRefused
from services.people import Viewer

ByOptional = Annotated[str | None, typer.Option("--by", help="Email of who is asking.")]
By = Annotated[str, typer.Option("--by", help="Email of the person acting.")]
Year = Annotated[int, typer.Option("--year", help="The year of the figures.")]
Indicator = Annotated[str, typer.Option("--indicator", help="The indicator's code.")]
Peer = Annotated[str | None, typer.Option("--peer", help="The peer's name (none: us).")]

# InvestmentRefused: a gap's target refused by the targets' rules (NotAllowed covers both
# services' "not yours to change").
_REFUSALS = (benchmarks.BenchmarkRefused, InvestmentRefused)
_ZH = {
    "Peers": "对标对象",
    "Indicators": "对标指标",
    "Values": "对标指标值",
    "Gaps": "差距清单",
    "name": "名称",
    "kind": "类型",
    "chain": "产业链",
    "region": "地区",
    "note": "备注",
    "code": "代码",
    "name_zh": "中文名称",
    "unit": "单位",
    "direction": "方向",
    "counted_from": "统计来源",
    "indicator": "指标",
    "peer": "对标对象",
    "year": "年份",
    "value": "数值",
    "source": "来源",
    "entered_by": "录入人",
    "ours": "我方",
    "theirs": "对方",
    "difference": "差距",
    "task_id": "任务编号",
}


def asking(by: str | None) -> AbstractContextManager[tuple[Session, Viewer]]:
    """A session and who is asking; this group's refusals become clear errors (exit 1)."""
    return cli_asking(by, _REFUSALS)


def _print(title: str, rows: list[dict[str, Any]], columns: list[str], as_json: bool) -> None:
    if as_json:
        print_json(rows)
        return
    shown = _ZH[title] if get_settings().locale == "zh-CN" else title
    print_rows(shown, rows, columns, headers=_ZH)


def register_benchmarks(app: typer.Typer) -> None:
    group = typer.Typer(
        help="Benchmarking against peers (对标) and the gap list.", no_args_is_help=True
    )
    peers = typer.Typer(help="Peers compared with (对标对象).", no_args_is_help=True)
    indicators = typer.Typer(help="Indicators compared (对标指标).", no_args_is_help=True)
    values = typer.Typer(
        help="Yearly figures, ours and the peers' (对标指标值).", no_args_is_help=True
    )
    app.add_typer(group, name="benchmarks")
    group.add_typer(peers, name="peers")
    group.add_typer(indicators, name="indicators")
    group.add_typer(values, name="values")

    @peers.command("list")
    def list_peers(
        chain: ChainOption = None, by: ByOptional = None, as_json: JsonOption = False
    ) -> None:
        """The peers: region peers, and the same chain elsewhere."""
        with asking(by) as (session, viewer):
            rows = benchmarks.peer_rows(session, viewer=viewer, chain_code=chain)
        _print("Peers", rows, ["id", "name", "kind", "chain", "region"], as_json)

    @peers.command("add")
    def add_peer(
        name: Annotated[str, typer.Option(help="The peer's name, e.g. 洛阳市.")],
        by: By,
        kind: Annotated[str, typer.Option(help="region or chain.")] = "region",
        chain: Annotated[str | None, typer.Option(help="A chain peer's chain.")] = None,
        region: Annotated[str | None, typer.Option(help="Where it is.")] = None,
        note: Annotated[str | None, typer.Option(help="A note.")] = None,
        as_json: JsonOption = False,
    ) -> None:
        """Add a peer (the office; a working group for its own chain)."""
        with asking(by) as (session, viewer):
            peer = benchmarks.add_peer(
                session=session,
                actor=viewer.actor,
                name=name,
                kind=kind,
                chain_code=chain,
                region=region,
                note=note,
                now=wiring.now(),
            )
            rows = benchmarks.peer_rows(session, viewer=viewer)
            row = next(r for r in rows if r["id"] == peer.id)
            session.commit()
        _print("Peers", [row], ["id", "name", "kind", "chain", "region"], as_json)

    @indicators.command("list")
    def list_indicators(by: ByOptional = None, as_json: JsonOption = False) -> None:
        """The indicators, with unit, which way is better, and what ours is counted from."""
        with asking(by) as (session, viewer):
            rows = benchmarks.indicator_rows(
                session, viewer=viewer, catalogue=wiring.benchmark_indicators()
            )
        name = "name_zh" if get_settings().locale == "zh-CN" else "name_en"
        _print("Indicators", rows, ["code", name, "unit", "direction", "counted_from"], as_json)

    @indicators.command("add")
    def add_indicator(
        code: Annotated[str, typer.Option(help="A code: lower-case letters, digits, _.")],
        name_zh: Annotated[str, typer.Option("--name-zh", help="中文名称.")],
        name_en: Annotated[str, typer.Option("--name-en", help="English name.")],
        unit: Annotated[str, typer.Option(help="The unit of its figures.")],
        by: By,
        direction: Annotated[str, typer.Option(help="higher or lower (is better).")] = "higher",
        definition: Annotated[str | None, typer.Option(help="What is counted.")] = None,
        as_json: JsonOption = False,
    ) -> None:
        """Add an indicator of the office's own (the catalogue's are there already)."""
        catalogue = wiring.benchmark_indicators()
        with asking(by) as (session, viewer):
            benchmarks.add_indicator(
                session=session,
                actor=viewer.actor,
                code=code,
                name_zh=name_zh,
                name_en=name_en,
                unit=unit,
                direction=direction,
                definition=definition,
                catalogue=catalogue,
                now=wiring.now(),
            )
            rows = benchmarks.indicator_rows(session, viewer=viewer, catalogue=catalogue)
            session.commit()
        row = next(r for r in rows if r["code"] == code)
        _print("Indicators", [row], ["code", "name_zh", "unit", "direction"], as_json)

    @values.command("list")
    def list_values(
        chain: ChainOption = None,
        year: Annotated[int | None, typer.Option(help="Only this year.")] = None,
        by: ByOptional = None,
        as_json: JsonOption = False,
    ) -> None:
        """The figures entered, newest year first."""
        with asking(by) as (session, viewer):
            rows = benchmarks.value_rows(session, viewer=viewer, chain_code=chain, year=year)
        columns = ["id", "indicator", "chain", "peer", "year", "value", "unit", "source"]
        _print("Values", rows, columns, as_json)

    @values.command("set")
    def set_value(
        indicator: Indicator,
        year: Year,
        value: Annotated[str, typer.Option(help="The figure, in the indicator's unit.")],
        source: Annotated[str, typer.Option(help="Where it comes from (document or URL).")],
        by: By,
        chain: Annotated[str | None, typer.Option(help="The chain (none: the city).")] = None,
        peer: Peer = None,
        as_json: JsonOption = False,
    ) -> None:
        """Enter a figure; a second entry for the same indicator, chain, peer and year
        replaces it."""
        with asking(by) as (session, viewer):
            result = benchmarks.set_value(
                session=session,
                actor=viewer.actor,
                indicator=indicator,
                year=year,
                value=value,
                source=source,
                chain_code=chain,
                peer_name=peer,
                catalogue=wiring.benchmark_indicators(),
                now=wiring.now(),
            )
            session.commit()
            row = {
                "id": result.value.id,
                "indicator": indicator,
                "chain": chain,
                "peer": peer,
                "year": year,
                "value": result.value.value,
                "source": result.value.source,
                "replaced": result.replaced,
            }
        if as_json:
            print_json(row)
        else:
            was = f" (was {result.replaced:g})" if result.replaced is not None else ""
            typer.echo(f"value {row['id']}: {indicator} {year} = {row['value']:g}{was}")

    @group.command("gaps")
    def gaps(
        year: Year,
        chain: ChainOption = None,
        by: ByOptional = None,
        as_json: JsonOption = False,
    ) -> None:
        """The gap list (差距清单): every indicator where we trail a peer, furthest first."""
        with asking(by) as (session, viewer):
            comparison = benchmarks.comparison_of(
                session,
                viewer=viewer,
                chain_code=chain,
                year=year,
                today=wiring.today(),
                catalogue=wiring.benchmark_indicators(),
                kinds=wiring.designation_kinds(),
            )
            rows = benchmarks.gap_rows(comparison)
        columns = ["indicator", "peer", "ours", "theirs", "difference", "unit", "task_id"]
        _print("Gaps", rows, columns, as_json)

    @group.command("gap-task")
    def gap_task(
        indicator: Indicator,
        peer: Annotated[str, typer.Option("--peer", help="The peer we trail.")],
        year: Year,
        by: By,
        chain: ChainOption = None,
        days: Annotated[
            int, typer.Option(help="Working days to the due date.", min=1, max=250)
        ] = benchmarks.DEFAULT_DAYS,
        as_json: JsonOption = False,
    ) -> None:
        """Make the gap's task for the chain's lead department (once; a second call says
        which task it is)."""
        with asking(by) as (session, viewer):
            made = benchmarks.gap_to_task(
                session=session,
                actor=viewer.actor,
                indicator=indicator,
                chain_code=chain,
                peer_name=peer,
                year=year,
                today=wiring.today(),
                now=wiring.now(),
                rules=wiring.engine_rules(),
                catalogue=wiring.benchmark_indicators(),
                kinds=wiring.designation_kinds(),
                working_days=days,
            )
            session.commit()
            task = made.task
            row = {
                "task_id": task.id,
                "title": task.title,
                "due_date": task.due_date.isoformat(),
                "made": made.made,
            }
        if as_json:
            print_json(row)
        elif made.made:
            typer.echo(f"task {task.id}: {task.title}, due {task.due_date}")
        else:
            typer.echo(f"the gap has its task already: task {task.id} ({task.title})")

    @group.command("gap-target")
    def gap_target(
        indicator: Indicator,
        peer: Annotated[str, typer.Option("--peer", help="The peer we trail.")],
        year: Year,
        company: Annotated[str, typer.Option("--company", help="The target firm's name.")],
        by: By,
        node: Annotated[
            str | None, typer.Option("--node", help="The chain map's node it serves.")
        ] = None,
        chain: ChainOption = None,
        as_json: JsonOption = False,
    ) -> None:
        """Make the gap's investment target for the chain (once; a second call says which
        target it is)."""
        with asking(by) as (session, viewer):
            made = benchmarks.gap_to_target(
                session=session,
                actor=viewer.actor,
                indicator=indicator,
                chain_code=chain,
                peer_name=peer,
                year=year,
                company_name=company,
                node=node,
                today=wiring.today(),
                now=wiring.now(),
                catalogue=wiring.benchmark_indicators(),
                kinds=wiring.designation_kinds(),
            )
            target = made.target
            row = {
                "target_id": target.id,
                "company": target.company_name,
                "node": made.node,
                "made": made.made,
            }
            session.commit()
        if as_json:
            print_json(row)
        elif made.made:
            typer.echo(f"target {row['target_id']}: {row['company']}")
        else:
            typer.echo(
                f"the gap has its target already: target {row['target_id']} ({row['company']})"
            )
