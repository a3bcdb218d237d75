"""Benchmarking against peer regions (对标, issue 17 point 4): peers, the indicators compared
(the office's catalogue and its own), yearly figures for us and for them with their sources,
our own counts of titles held, the gap list (差距清单) where we trail, and one step from a gap
to a task (the ladder then urges it) or to an investment target (精准招商)."""

from services.benchmarks.access import (
    BenchmarkHidden,
    BenchmarkNotAllowed,
    BenchmarkRefused,
    manages_benchmarks,
    may_manage,
    reads_benchmarks,
)
from services.benchmarks.bulletin import bulletin_gaps
from services.benchmarks.gaps import Comparison, Figure, GapRow, compare
from services.benchmarks.indicators import (
    IndicatorView,
    add_indicator,
    list_indicators,
    stored_indicator,
)
from services.benchmarks.page import (
    BenchmarksView,
    ChainBenchmarksView,
    benchmarks_page,
    chain_benchmarks_page,
)
from services.benchmarks.peers import add_peer, edit_peer, list_peers
from services.benchmarks.rows import (
    GAP_KEYS,
    INDICATOR_KEYS,
    PEER_KEYS,
    VALUE_KEYS,
    comparison_of,
    gap_row,
    gap_rows,
    indicator_rows,
    peer_row,
    peer_rows,
    value_row,
    value_rows,
)
from services.benchmarks.spawn import DEFAULT_DAYS, GapTask, gap_to_task
from services.benchmarks.spawn_target import GapTarget, gap_to_target
from services.benchmarks.values import SetValue, find_value, list_values, set_value

__all__ = [
    "DEFAULT_DAYS",
    "GAP_KEYS",
    "INDICATOR_KEYS",
    "PEER_KEYS",
    "VALUE_KEYS",
    "BenchmarkHidden",
    "BenchmarkNotAllowed",
    "BenchmarkRefused",
    "BenchmarksView",
    "ChainBenchmarksView",
    "Comparison",
    "Figure",
    "GapRow",
    "GapTarget",
    "GapTask",
    "IndicatorView",
    "SetValue",
    "add_indicator",
    "add_peer",
    "benchmarks_page",
    "bulletin_gaps",
    "chain_benchmarks_page",
    "compare",
    "comparison_of",
    "edit_peer",
    "find_value",
    "gap_row",
    "gap_rows",
    "gap_to_target",
    "gap_to_task",
    "indicator_rows",
    "list_indicators",
    "list_peers",
    "list_values",
    "manages_benchmarks",
    "may_manage",
    "peer_row",
    "peer_rows",
    "reads_benchmarks",
    "set_value",
    "stored_indicator",
    "value_row",
    "value_rows",
]
