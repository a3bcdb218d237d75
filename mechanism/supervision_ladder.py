"""The ladder part of the supervision figures (``mechanism.supervision``, whose docstring
defines them): per rung, how fast its notices are acknowledged and what it resolves.

Percentiles interpolate linearly between the closest ranks (the "inclusive" method: the
median of two values is their mean, the p90 of one value is that value).
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, NamedTuple

from mechanism.workdays import Workdays

Figures = dict[str, Any]


class LadderNotice(NamedTuple):
    """A rung's notice issued in the month, with its first acknowledgement by month end."""

    chain_id: int | None
    level: int
    kind: str
    issued_on: date
    issued_at: datetime
    acknowledged_on: date | None = None
    acknowledged_at: datetime | None = None


def percentile(values: list[float], share: float) -> float | None:
    """The ``share`` quantile of ``values``, interpolated linearly between the closest ranks
    (0.5 is the median); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = share * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _ratio(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole else None


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def ladder_figures(
    notices: Iterable[LadderNotice],
    top_rungs: Mapping[int, int],
    supervised: int,
    kinds: Mapping[int, str],
    calendar: Workdays,
) -> Figures:
    """The ``ladder`` key: ``notices`` issued in the month, ``top_rungs`` (top rung → tasks
    signed off in the month; −1 none), ``supervised`` tasks; a row per level of ``kinds`` (the
    ladder's rungs, level → kind: other notices, a factor request's say, share the levels) and
    any other level a notice or a top rung has."""
    issued = list(notices)
    seen: dict[int, Counter[str]] = {}
    for n in issued:
        seen.setdefault(n.level, Counter())[n.kind] += 1
    levels = sorted(set(kinds) | set(seen) | {r for r in top_rungs if r >= 0})
    return {
        "levels": {
            str(level): _level(
                [n for n in issued if n.level == level],
                kinds.get(level) or _commonest(seen.get(level, Counter())),
                sum(count for top, count in top_rungs.items() if top >= level),
                top_rungs.get(level, 0),
                calendar,
            )
            for level in levels
        },
        "resolved_without_notice": top_rungs.get(-1, 0),
        "reached_supervision": supervised,
    }


def _commonest(kinds: Counter[str]) -> str:
    """A level outside the ladder is named by its notices' commonest kind (ties by name)."""
    return min(kinds, key=lambda kind: (-kinds[kind], kind)) if kinds else ""


def _level(
    issued: list[LadderNotice], kind: str, reached: int, resolved: int, calendar: Workdays
) -> Figures:
    answered = [n for n in issued if n.acknowledged_on is not None]
    days: list[float] = [
        calendar.between(n.issued_on, n.acknowledged_on)
        for n in answered
        if n.acknowledged_on is not None
    ]
    hours = [
        (n.acknowledged_at - n.issued_at).total_seconds() / 3600
        for n in answered
        if n.acknowledged_at is not None
    ]
    return {
        "kind": kind,
        "notices": len(issued),
        "acknowledged": len(answered),
        "median_working_days_to_acknowledge": _rounded(percentile(days, 0.5)),
        "p90_working_days_to_acknowledge": _rounded(percentile(days, 0.9)),
        "median_hours_to_acknowledge": _rounded(percentile(hours, 0.5)),
        "p90_hours_to_acknowledge": _rounded(percentile(hours, 0.9)),
        "reached": reached,
        "resolved": resolved,
        "resolved_share": _ratio(resolved, reached),
    }
