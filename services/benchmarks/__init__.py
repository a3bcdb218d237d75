"""Benchmarking against peer regions (对标, issue 17 point 4): peers, the indicators compared
(the office's catalogue and its own), yearly figures for us and for them with their sources,
our own counts of titles held, the gap list (差距清单) where we trail, and one step from a gap
to a task (the ladder then urges it)."""

from services.benchmarks.access import (
    BenchmarkHidden,
    BenchmarkNotAllowed,
    BenchmarkRefused,
    manages_benchmarks,
    reads_benchmarks,
)
from services.benchmarks.gaps import Comparison, Figure, GapRow, compare
from services.benchmarks.indicators import (
    IndicatorView,
    add_indicator,
    list_indicators,
    stored_indicator,
)
from services.benchmarks.peers import add_peer, edit_peer, list_peers
from services.benchmarks.spawn import DEFAULT_DAYS, GapTask, gap_to_task
from services.benchmarks.values import SetValue, find_value, list_values, set_value

__all__ = [
    "DEFAULT_DAYS",
    "BenchmarkHidden",
    "BenchmarkNotAllowed",
    "BenchmarkRefused",
    "Comparison",
    "Figure",
    "GapRow",
    "GapTask",
    "IndicatorView",
    "SetValue",
    "add_indicator",
    "add_peer",
    "compare",
    "edit_peer",
    "find_value",
    "gap_to_task",
    "list_indicators",
    "list_peers",
    "list_values",
    "manages_benchmarks",
    "reads_benchmarks",
    "set_value",
    "stored_indicator",
]
