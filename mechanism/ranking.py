"""Scores and ranks of chains and responsible departments in a monthly bulletin (排名).

A scope's score is a weighted mean of four parts, each a share between 0 and 1 taken from its
frozen figures (``mechanism.rollup``):

- ``tasks_on_time``: tasks signed off on time this month / all signed off this month;
- ``tasks_not_red``: open tasks not red at month end / all open tasks;
- ``investment_on_timing``: the year's investment completion rate / timing progress (序时进度),
  capped at 1 — keeping pace with the calendar earns the whole part;
- ``requests_within_level``: factor requests closed within their service level / all closed.

    score = 100 × Σ (weight × part) / Σ weight, over the parts that have a value

A part with nothing to measure (no task signed off, no open task, no investment planned, no
request closed) is left out and the remaining weights share its place, so a chain is judged on
what it had to do, not punished or rewarded for what it had none of. A scope with no part at
all has no score and is listed last, unranked. Equal scores share a rank (1, 2, 2, 4).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

PARTS = ("tasks_on_time", "tasks_not_red", "investment_on_timing", "requests_within_level")


@dataclass(frozen=True)
class Weights:
    """How much each part counts; only the ratios matter. Defaults are the city's custom:
    deadlines first, then the state of what is open, then investment, then requests."""

    tasks_on_time: float = 35
    tasks_not_red: float = 25
    investment_on_timing: float = 25
    requests_within_level: float = 15

    def __post_init__(self) -> None:
        for name in PARTS:
            if getattr(self, name) < 0:
                raise ValueError(f"weight {name} must not be negative")
        if not any(getattr(self, name) for name in PARTS):
            raise ValueError("at least one weight must be above 0")

    def as_dict(self) -> dict[str, float]:
        return {name: float(getattr(self, name)) for name in PARTS}


@dataclass(frozen=True)
class Scored:
    """One scope's parts (each 0–1 or None), its score (0–100, or None) and its rank."""

    code: str
    parts: dict[str, float | None]
    score: float | None
    rank: int | None


def _share(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole else None


def parts(figures: Mapping[str, Any]) -> dict[str, float | None]:
    """The four parts of the module docstring, from one scope's figures (to 4 decimals, as
    the figures themselves)."""
    tasks = figures.get("tasks", {})
    projects = figures.get("projects", {})
    requests = figures.get("requests", {})
    by_light: Mapping[str, int] = tasks.get("open_by_light", {})
    open_total = sum(by_light.values())
    rate, timing = projects.get("completion_rate"), projects.get("timing_progress")
    on_timing = None
    if rate is not None and timing:
        on_timing = min(1.0, round(rate / timing, 4))
    return {
        "tasks_on_time": tasks.get("on_time_rate"),
        "tasks_not_red": _share(open_total - by_light.get("red", 0), open_total),
        "investment_on_timing": on_timing,
        "requests_within_level": _share(
            requests.get("closed_within_level", 0), requests.get("closed", 0)
        ),
    }


def score(scope_parts: Mapping[str, float | None], weights: Weights) -> float | None:
    """100 × the weighted mean of the parts that have a value, to one decimal; None if none."""
    given = {name: value for name, value in scope_parts.items() if value is not None}
    by_part = weights.as_dict()
    total_weight = sum(by_part[name] for name in given)
    if not total_weight:
        return None
    weighted = sum(by_part[name] * value for name, value in given.items())
    return round(100 * weighted / total_weight, 1)


def rank(scopes: Mapping[str, Mapping[str, Any]], weights: Weights) -> list[Scored]:
    """Every scope (code → figures) scored and ranked, best first.

    Ties share a rank and keep the order given (the chains' own order), so the listing is the
    same every time; unscored scopes follow, unranked.
    """
    scored = []
    for code, figures in scopes.items():
        scope_parts = parts(figures)
        scored.append((code, scope_parts, score(scope_parts, weights)))
    order = sorted(
        range(len(scored)),
        key=lambda i: (scored[i][2] is None, -(scored[i][2] or 0.0), i),
    )
    result: list[Scored] = []
    for position, index in enumerate(order, start=1):
        code, scope_parts, value = scored[index]
        place: int | None = None
        if value is not None:
            previous = result[-1] if result else None
            tied = previous is not None and previous.score == value
            place = previous.rank if tied and previous is not None else position
        result.append(Scored(code, scope_parts, value, place))
    return result
