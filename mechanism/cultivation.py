"""一企一策 plans as pure rules: who a plan is for, the year-end outcome against its targets,
and which signed suppliers count as local or as 专精特新 on the day they signed.

**The outcome.** A plan sets up to five yearly targets (revenue, R&D intensity, local suppliers
brought in, 专精特新 suppliers, projects); a target left blank is not part of the plan. Each set
target is *reached* when its actual is at least the target:

- revenue (万元) and R&D intensity (% of revenue) compare as numbers rounded to two decimals
  (0.01 万元, 0.01 percentage point), so a float's last bit never turns 3.00 % into a miss;
  an R&D intensity is a share, so 3.5 means 3.5 % — never 0.035;
- local suppliers, 专精特新 suppliers and projects are whole counts, reached at
  ``actual >= target``.

Every set target reached → ``met``; some → ``partly``; none → ``missed``. While a set target has no
actual yet, or when the plan sets no target, there is no outcome to judge (``None``), and
:func:`judge` says which targets are waiting.

**Local suppliers.** A supplier is local when its unified social credit code was registered in the
same prefecture-level city (positions 3–6, the province and city of the administrative division
code) as the plan's enterprise, which is the city's own. A code registered at a provincial
authority (``37 00 xx``) names no city and is not counted as local.

**专精特新 suppliers.** A supplier counts when it held a title of a ``specialised`` kind on the day
the match was signed: recognised on or before that day and within its validity. A title still
held counts by :func:`mechanism.designations.counts`; one since expired counted through its last
valid day (it was held then); a revoked one or a mere candidacy never counts.
"""

import math
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Self

from mechanism.designations import DesignationStatus, Kind, counts
from mechanism.wording import Said

PLAN_KINDS = ("chain_master", "pilot")
"""The titles a 一企一策 plan is for: a chain's 链主 and its 领航型 enterprises."""

MAX_REVENUE_WAN = 1e9  # 万元: ten trillion yuan is a typo, not a target
MAX_COUNT = 100_000  # suppliers or projects in a year
FIRST_YEAR, LAST_YEAR = 2000, 2100

# Statuses in which a title was held through its validity, whatever it says now.
_ONCE_HELD = frozenset({DesignationStatus.EXPIRED})


class PlanOutcome(StrEnum):
    """The year-end outcome of a plan (完成 / 部分完成 / 未完成)."""

    MET = "met"
    PARTLY = "partly"
    MISSED = "missed"

    @property
    def zh(self) -> str:
        return _OUTCOME_LABELS[self][0]

    @property
    def en(self) -> str:
        return _OUTCOME_LABELS[self][1]

    @classmethod
    def parse(cls, text: str) -> Self | None:
        """The outcome whose code or label (either language) is ``text``, else None."""
        wanted = text.strip().casefold()
        for member in cls:
            if wanted in (member.value, member.zh.casefold(), member.en.casefold()):
                return member
        return None

    @classmethod
    def choices(cls) -> str:
        return ", ".join(f"{m.zh} ({m.value})" for m in cls)


_OUTCOME_LABELS = {
    PlanOutcome.MET: ("完成", "Met"),
    PlanOutcome.PARTLY: ("部分完成", "Partly met"),
    PlanOutcome.MISSED: ("未完成", "Missed"),
}

TARGETS: tuple[str, ...] = (
    "revenue",
    "rd_intensity",
    "local_suppliers",
    "zjtx_suppliers",
    "projects",
)
"""The targets a plan may set, in the order pages and tables show them."""

WHOLE_COUNTS = frozenset({"local_suppliers", "zjtx_suppliers", "projects"})


@dataclass(frozen=True)
class Figures:
    """A plan's five figures: the targets, or the actuals (None: not set / not yet known)."""

    revenue: float | None = None
    rd_intensity: float | None = None
    local_suppliers: int | None = None
    zjtx_suppliers: int | None = None
    projects: int | None = None

    def of(self, target: str) -> float | int | None:
        value: float | int | None = getattr(self, target)
        return value


@dataclass(frozen=True)
class TargetLine:
    """One set target against its actual: ``reached`` None while the actual is unknown."""

    target: str
    goal: float | int
    actual: float | int | None
    reached: bool | None


@dataclass(frozen=True)
class Judgement:
    """The outcome the rule gives (None: not yet judged), line by line, and what is missing."""

    outcome: PlanOutcome | None
    lines: tuple[TargetLine, ...]
    waiting: tuple[str, ...]


def reached(target: str, goal: float | int, actual: float | int) -> bool:
    """Whether ``actual`` reaches ``goal`` for ``target`` (see the module's rule)."""
    if target in WHOLE_COUNTS:
        return int(actual) >= int(goal)
    return round(float(actual), 2) >= round(float(goal), 2)


def judge(targets: Figures, actuals: Figures) -> Judgement:
    """The outcome of a plan from its targets and actuals: met, partly, missed, or None."""
    lines = []
    for name in TARGETS:
        goal = targets.of(name)
        if goal is None:
            continue
        actual = actuals.of(name)
        lines.append(
            TargetLine(name, goal, actual, None if actual is None else reached(name, goal, actual))
        )
    waiting = tuple(line.target for line in lines if line.reached is None)
    if not lines or waiting:
        return Judgement(None, tuple(lines), waiting)
    hits = sum(1 for line in lines if line.reached)
    if hits == len(lines):
        outcome = PlanOutcome.MET
    elif hits:
        outcome = PlanOutcome.PARTLY
    else:
        outcome = PlanOutcome.MISSED
    return Judgement(outcome, tuple(lines), ())


def figure_problem(target: str, value: float | int | None) -> Said | None:
    """Why ``value`` cannot be a target's or an actual's figure, or None."""
    if value is None:
        return None
    if target in WHOLE_COUNTS:
        if isinstance(value, float) and not value.is_integer():
            return Said(f"must be a whole number, not {value:g}", f"须为整数，不能是 {value:g}")
        if not 0 <= value <= MAX_COUNT:
            return Said(
                f"must be between 0 and {MAX_COUNT}, not {value:g}",
                f"须在 0 到 {MAX_COUNT} 之间，不能是 {value:g}",
            )
        return None
    number = float(value)
    if not math.isfinite(number):
        return Said(f"must be a finite number, not {value!r}", f"须为有限的数字，不能是 {value!r}")
    if number < 0:
        return Said(f"must not be negative, not {number:g}", f"不能为负数（填写的是 {number:g}）")
    if target == "rd_intensity" and number > 100:
        return Said(
            f"is a percentage of revenue (3.5 for 3.5 %): at most 100, not {number:g}",
            f"为占营业收入的百分比（3.5 即 3.5%），最多为 100，不能是 {number:g}",
        )
    if target == "revenue" and number > MAX_REVENUE_WAN:
        return Said(
            f"must be at most {MAX_REVENUE_WAN:,.0f} 万元, not {number:,.0f}",
            f"最多为 {MAX_REVENUE_WAN:,.0f} 万元，不能是 {number:,.0f}",
        )
    return None


def same_city(credit_code: str, other: str) -> bool:
    """Whether two unified social credit codes were registered in the same prefecture-level
    city: positions 3–6 (province and city of the division code) agree and name a city."""
    city = credit_code[2:6]
    return len(city) == 4 and city.isdigit() and city[2:] != "00" and city == other[2:6]


def held_on(status: str, recognized_on: date | None, valid_until: date | None, day: date) -> bool:
    """Whether a title with this status and dates was held on ``day`` (see the module)."""
    if recognized_on is not None and day < recognized_on:
        return False
    if status in _ONCE_HELD:
        return valid_until is not None and day <= valid_until
    return counts(status, valid_until, day)


def plan_kind_problem(kind: str) -> Said | None:
    if kind in PLAN_KINDS:
        return None
    return Said(
        f"a plan is for a chain master or a pilot enterprise "
        f"({', '.join(PLAN_KINDS)}), not {kind!r}",
        f"一企一策仅适用于链主企业（chain_master）或领航型企业（pilot），不能是 {kind!r}",
    )


def specialised_codes(kinds: dict[str, Kind]) -> frozenset[str]:
    """The kinds of title an SME's 专精特新 standing is counted by."""
    return frozenset(code for code, kind in kinds.items() if kind.specialised)
