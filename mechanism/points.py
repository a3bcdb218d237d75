"""The points mode of the monthly ranking (计分制), beside the weighted mean of ``ranking``.

A scope starts from a base (100 or 80) and gains or loses points per counted item of the month's
supervision (``supervision.month`` of its frozen figures):

    score = base + Σ (count × points per item), then held within floor and cap when given

for example base 100, closed late −1, returned −2, closed early +0.5. Chains are ranked as one
group; responsible departments by the groups the rollup file names (市直部门 and 县区 are not
compared with each other), a department no group lists falling into the default group.

Only outcomes of the work may carry points: the items of :data:`COUNTED`. The burden-reduction
rules for grassroots work (基层减负) forbid judging people on activity — logins, clicks,
acknowledgements, time online — so a rule naming anything else is refused, not ignored.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

# The integer counts of ``supervision.month`` that may carry points, and nothing else.
COUNTED = (
    "closed_on_time",
    "closed_early",
    "closed_late",
    "open_overdue",
    "returned",
    "extension_requests",
    "urgings",
    "reports_on_time",
    "reports_late",
)
CHAINS_GROUP = "chains"


class PointsRuleError(ValueError):
    """A points rule that cannot be used; the message names the key."""


@dataclass(frozen=True)
class PointsRules:
    """The points table: ``base``, ``per_item`` (count name → points per item, negative for a
    deduction), ``groups`` (group → department codes, in the order the bulletin lists them)
    and the ``default_group`` of a department no group names; ``floor``/``cap`` bound a score."""

    base: float = 100
    per_item: Mapping[str, float] = field(default_factory=dict)
    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    default_group: str = "departments"
    floor: float | None = None
    cap: float | None = None

    def __post_init__(self) -> None:
        if self.base <= 0:
            raise PointsRuleError(f"base must be above 0, not {self.base:g}")
        for key in self.per_item:
            if key not in COUNTED:
                raise PointsRuleError(
                    f"per_item.{key}: not a count that may carry points. The burden-reduction "
                    "rules (基层减负) forbid ranking on activity such as logins, clicks, "
                    "acknowledgements or time online; only these outcomes count: "
                    + ", ".join(COUNTED)
                )
        if not self.default_group or self.default_group == CHAINS_GROUP:
            raise PointsRuleError(f"default_group must be a name other than {CHAINS_GROUP!r}")
        if CHAINS_GROUP in self.groups:
            raise PointsRuleError(f"groups.{CHAINS_GROUP}: the chains' group is not configurable")
        seen: dict[str, str] = {}
        for group, codes in self.groups.items():
            for code in codes:
                if code in seen:
                    raise PointsRuleError(
                        f"groups.{group}: department {code} is already in group {seen[code]}"
                    )
                seen[code] = group
        if self.floor is not None and self.cap is not None and self.floor > self.cap:
            raise PointsRuleError(f"floor {self.floor:g} is above cap {self.cap:g}")

    def group_of(self, department_code: str) -> str:
        """The group a responsible department is ranked in."""
        for group, codes in self.groups.items():
            if department_code in codes:
                return group
        return self.default_group

    def as_dict(self) -> dict[str, Any]:
        """The table as frozen with a closed month (``ranking_rules`` of the city)."""
        return {
            "mode": "points",
            "base": float(self.base),
            "per_item": {key: float(value) for key, value in self.per_item.items()},
            "groups": {group: list(codes) for group, codes in self.groups.items()},
            "default_group": self.default_group,
            "floor": self.floor,
            "cap": self.cap,
        }


@dataclass(frozen=True)
class Pointed:
    """One scope's score, rank within its group, the group, and how the score was built."""

    code: str
    group: str
    score: float | None
    rank: int | None
    built: list[dict[str, Any]]


def score_points(
    figures: Mapping[str, Any], rules: PointsRules
) -> tuple[float | None, list[dict[str, Any]]]:
    """The score of one scope's figures and its build: every configured item as ``{item,
    count, points, total}`` (a count of 0 is shown too, so the build reads the same for all).

    A scope whose figures have no ``supervision.month`` (a month closed before they were
    counted) has nothing to count: no score and an empty build, never the bare base.
    """
    month = figures.get("supervision", {}).get("month")
    if not isinstance(month, Mapping):
        return None, []
    built: list[dict[str, Any]] = []
    for item, points in rules.per_item.items():
        count = int(month.get(item) or 0)
        built.append(
            {"item": item, "count": count, "points": float(points),
             "total": round(count * points, 2)}
        )  # fmt: skip
    value = rules.base + sum(float(line["total"]) for line in built)
    if rules.floor is not None:
        value = max(rules.floor, value)
    if rules.cap is not None:
        value = min(rules.cap, value)
    return round(value, 1), built


def rank_points(
    scopes: Mapping[str, Mapping[str, Any]],
    rules: PointsRules,
    group_of: Callable[[str], str],
) -> list[Pointed]:
    """Every scope (code → figures) scored and ranked within its group, best first.

    As ``mechanism.ranking.rank``: ties share a rank (1, 2, 2, 4) and keep the order given;
    unscored scopes follow their group, unranked. Groups keep the order of their first scope.
    """
    by_group: dict[str, list[tuple[str, float | None, list[dict[str, Any]]]]] = {}
    for code, figures in scopes.items():
        value, built = score_points(figures, rules)
        by_group.setdefault(group_of(code), []).append((code, value, built))
    result: list[Pointed] = []
    for group, scored in by_group.items():
        order = sorted(
            range(len(scored)), key=lambda i: (scored[i][1] is None, -(scored[i][1] or 0.0), i)
        )
        previous: Pointed | None = None
        for position, index in enumerate(order, start=1):
            code, value, built = scored[index]
            place: int | None = None
            if value is not None:
                tied = previous is not None and previous.score == value
                place = previous.rank if tied and previous is not None else position
            previous = Pointed(code, group, value, place, built)
            result.append(previous)
    return result
