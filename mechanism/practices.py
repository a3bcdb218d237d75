"""Standing practices (例行工作机制) of a chain: 巡链, 诊链, 问链, 月调度, as data.

The chain-chief system is not only a checklist of who and what a chain has
(``mechanism.working_mechanism``); it is also things that must happen again and again: the
chain leader tours the chain (巡链), the expert team diagnoses it (诊链), the chief chain
leader asks about it (问链), the working group holds a monthly dispatch meeting (月调度).

A practice hangs on an element of the checklist (``element``): a chain whose checklist lacks
that element has no such practice. Each practice has a cadence and an owner role, and each
period of the cadence (``2026-Q4``, ``2026-H2``, ``2026``, ``2026-11``) is one task, owned by
whoever holds the role on the chain's roster and due on the period's last working day.
Per-chain overrides (the mechanism configuration, ``chainops/config/mechanism.yaml``) change
a practice's cadence or owner for one chain, or switch it off there.

Periods are named by their calendar span; the due date is the last *working* day inside it
(31 December 2026 is a Thursday, so 2026-Q4 is due then; a period ending on a holiday is due
on the working day before).
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from mechanism.vocabulary import Labelled, RosterRole, add_labels
from mechanism.workdays import Workdays


class Cadence(Labelled):
    """How often a practice recurs; each period is one task."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"

    @property
    def months(self) -> int:
        return _MONTHS[self]


_MONTHS = {Cadence.MONTHLY: 1, Cadence.QUARTERLY: 3, Cadence.HALF_YEARLY: 6, Cadence.YEARLY: 12}
add_labels(
    (
        (Cadence.MONTHLY, ("每月", "Monthly")),
        (Cadence.QUARTERLY, ("每季度", "Quarterly")),
        (Cadence.HALF_YEARLY, ("每半年", "Half-yearly")),
        (Cadence.YEARLY, ("每年", "Yearly")),
    )
)


@dataclass(frozen=True, order=True)
class Period:
    """One period of a cadence: its first and last calendar day and its name."""

    starts_on: date
    ends_on: date
    name: str

    def due(self, calendar: Workdays) -> date:
        """The period's last working day (the task's due date)."""
        day = self.ends_on
        while not calendar.is_workday(day) and day > self.starts_on:
            day -= timedelta(days=1)
        return day

    def contains(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on

    @property
    def name_zh(self) -> str:
        return period_name_zh(self.name)


_QUARTERS_ZH = {"1": "第一季度", "2": "第二季度", "3": "第三季度", "4": "第四季度"}
_HALVES_ZH = {"1": "上半年", "2": "下半年"}


def period_name_zh(name: str) -> str:
    """A period's name as an office writes it: ``2026-Q4`` 2026年第四季度, ``2026-H2``
    2026年下半年, ``2026-11`` 2026年11月, ``2026`` 2026年 (anything else as it is)."""
    year, _, part = name.partition("-")
    if not part:
        return f"{year}年"
    if part[:1] == "Q" and part[1:] in _QUARTERS_ZH:
        return f"{year}年{_QUARTERS_ZH[part[1:]]}"
    if part[:1] == "H" and part[1:] in _HALVES_ZH:
        return f"{year}年{_HALVES_ZH[part[1:]]}"
    if part.isdigit():
        return f"{year}年{int(part)}月"
    return name


def period_of(cadence: Cadence, day: date) -> Period:
    """The period of ``cadence`` that ``day`` falls in."""
    months = cadence.months
    first_month = (day.month - 1) // months * months + 1
    starts = date(day.year, first_month, 1)
    last_month = first_month + months - 1
    next_start = date(day.year + 1, 1, 1) if last_month == 12 else date(day.year, last_month + 1, 1)
    index = (first_month - 1) // months + 1
    match cadence:
        case Cadence.MONTHLY:
            name = f"{day.year}-{first_month:02d}"
        case Cadence.QUARTERLY:
            name = f"{day.year}-Q{index}"
        case Cadence.HALF_YEARLY:
            name = f"{day.year}-H{index}"
        case Cadence.YEARLY:
            name = f"{day.year}"
    return Period(starts, next_start - timedelta(days=1), name)


def following(cadence: Cadence, period: Period) -> Period:
    """The period after ``period``."""
    return period_of(cadence, period.ends_on + timedelta(days=1))


def periods_between(cadence: Cadence, first: date, last: date) -> Iterator[Period]:
    """Every period of ``cadence`` from the one holding ``first`` to the one holding ``last``."""
    period = period_of(cadence, first)
    end = period_of(cadence, last)
    while period <= end:
        yield period
        period = following(cadence, period)


@dataclass(frozen=True)
class Practice:
    """A standing practice: its code, names, the checklist element it belongs to, how often it
    recurs and which roster role owns its tasks."""

    code: str
    name_zh: str
    name_en: str
    element: str
    cadence: Cadence
    owner: RosterRole

    @property
    def title_zh(self) -> str:
        return f"{self.name_zh}（{self.cadence.zh}）"


DEFAULT_PRACTICES: tuple[Practice, ...] = (
    Practice(
        "tour", "巡链", "Chain tour", "chain_leader", Cadence.QUARTERLY, RosterRole.CHAIN_LEADER
    ),
    Practice(
        "diagnosis",
        "诊链",
        "Expert diagnosis",
        "chain_master_and_experts",
        Cadence.HALF_YEARLY,
        RosterRole.EXPERT,
    ),
    Practice(
        "inquiry",
        "问链",
        "Chief chain leader's inquiry",
        "chain_leader",
        Cadence.YEARLY,
        RosterRole.CHIEF_CHAIN_LEADER,
    ),
    Practice(
        "dispatch",
        "月调度",
        "Monthly dispatch meeting",
        "lead_department",
        Cadence.MONTHLY,
        RosterRole.WORKING_GROUP,
    ),
)
"""Liaocheng's named practices (research.md §1): 链长巡链 quarterly, 专家诊链 half-yearly,
总链长问链 yearly, and the working group's 月调度 every month."""


@dataclass(frozen=True)
class Override:
    """One chain's change to one practice: a cadence, an owner, or ``off``."""

    cadence: Cadence | None = None
    owner: RosterRole | None = None
    off: bool = False


@dataclass(frozen=True)
class PracticeRules:
    """The practices in force and the per-chain overrides (chain code → practice code →
    :class:`Override`)."""

    practices: tuple[Practice, ...] = DEFAULT_PRACTICES
    overrides: Mapping[str, Mapping[str, Override]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        codes = [p.code for p in self.practices]
        if len(set(codes)) != len(codes):
            raise ValueError("practice codes must be unique")
        known = set(codes)
        for chain, changes in self.overrides.items():
            for code in changes:
                if code not in known:
                    raise ValueError(
                        f"chains.{chain}.{code}: no practice {code!r}; "
                        f"known: {', '.join(sorted(known))}"
                    )

    def for_chain(self, chain_code: str, elements: frozenset[str]) -> tuple[Practice, ...]:
        """The practices of one chain: those whose element its checklist holds, with the
        chain's overrides applied and those switched off left out."""
        changes = self.overrides.get(chain_code, {})
        result = []
        for practice in self.practices:
            if practice.element not in elements:
                continue
            change = changes.get(practice.code)
            if change is not None:
                if change.off:
                    continue
                if change.cadence is not None:
                    practice = replace(practice, cadence=change.cadence)
                if change.owner is not None:
                    practice = replace(practice, owner=change.owner)
            result.append(practice)
        return tuple(result)

    def by_code(self, code: str) -> Practice | None:
        return next((p for p in self.practices if p.code == code), None)
