"""The benchmarking sheets: peers (对标对象) and the yearly figures (对标指标值), ours and the
peers', each with its source — their columns (the checks, the rows read back for export and
the upsert are in ``services.workbook.benchmark_rows``).

Peers are keyed by name; figures by indicator + chain + peer + year (a blank chain is the city,
a blank peer is us), so importing the same workbook twice changes nothing and a changed figure
replaces the old one, as entering it on the page does.
"""

from mechanism.benchmarks import PeerKind
from mechanism.wording import Said
from models import BenchmarkIndicator, BenchmarkPeer, BenchmarkValue, Chain
from services.workbook.columns import Column, Sheet

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _year(value: int) -> Said | None:
    if FIRST_YEAR <= value <= LAST_YEAR:
        return None
    return Said(
        f"the year must be from {FIRST_YEAR} to {LAST_YEAR}, not {value}",
        f"年份须在 {FIRST_YEAR} 至 {LAST_YEAR} 之间，不能是 {value}",
    )


def _optional_chain(doc: str) -> Column:
    return Column("chain", "产业链编码", "Chain code", "text", False, doc, stored=(Chain, "code"))


BENCHMARK_PEERS = Sheet(
    "benchmark_peers",
    "对标对象",
    "Benchmark peers",
    (
        Column("name", "名称", "Name", "text", True, stored=(BenchmarkPeer, "name")),
        Column(
            "kind",
            "类型",
            "Kind",
            PeerKind,
            True,
            "region: a peer region as a whole; chain: the same chain elsewhere",
            stored=(BenchmarkPeer, "kind"),
        ),
        _optional_chain("A chain peer's chain (blank for a region peer)"),
        Column("region", "地区", "Region", "text", stored=(BenchmarkPeer, "region")),
        Column("note", "备注", "Note", "text", max_chars=500, stored=(BenchmarkPeer, "note")),
    ),
    ("name",),
    "Peers to benchmark against (对标对象): regions, or the same chain elsewhere.",
)

BENCHMARK_VALUES = Sheet(
    "benchmark_values",
    "对标指标值",
    "Benchmark values",
    (
        Column(
            "indicator",
            "指标代码",
            "Indicator",
            "text",
            True,
            "An indicator's code (chainops benchmarks indicators list)",
            stored=(BenchmarkIndicator, "code"),
        ),
        _optional_chain("The chain (blank: the whole city)"),
        Column(
            "peer",
            "对标对象",
            "Peer",
            "text",
            False,
            "A peer's name from the peers sheet (blank: us)",
            stored=(BenchmarkPeer, "name"),
        ),
        Column("year", "年份", "Year", "int", True, stored=(BenchmarkValue, "year"), bound=_year),
        Column(
            "value",
            "数值",
            "Value",
            "number",
            True,
            "In the indicator's unit",
            stored=(BenchmarkValue, "value"),
        ),
        Column(
            "source",
            "数据来源",
            "Source",
            "text",
            True,
            "Where the figure comes from: a document or a URL",
            stored=(BenchmarkValue, "source"),
        ),
    ),
    ("indicator", "chain", "peer", "year"),
    "Yearly benchmarking figures (对标指标值), ours and the peers', each with its source.",
)

BENCHMARK_SHEETS = (BENCHMARK_PEERS, BENCHMARK_VALUES)
