"""The three rates an investment office reports (履约率, 开工率, 资金到位率), funds arrived against
the year's target and 序时进度, and how long a signed project has waited — pure, on counts and
dates. The signed-but-not-started light itself is the pipeline's one rule,
``mechanism.investment.not_started_light`` (its months configured in ``PipelineRules``).

The meanings are issue 17's (contracts.md): a project is *signed* once it has a first signing
(a terminated one still counts: its signing happened); *honoured* (履约) once it has reached
``registered`` or beyond and is not terminated; *started* (开工) once it has reached ``started``
or beyond and is not terminated. Each rate is None when nothing was signed (or contracted): an
empty month reads "—", not 0% and not an error.

Xuchang 2017 (mission-next.md b3) as a check: 247 signed, 244 honoured, 222 started, ¥107.7bn
contracted and ¥37bn arrived give 98.8%, 89.9% and 34.4% (tests/mechanism).
"""

from collections.abc import Mapping
from datetime import date

from mechanism.project_lights import timing_progress, whole_months

# The pipeline's stages in order (contracts.md; mechanism.investment is i2's vocabulary of
# them, this module needs only which of the codes count as honoured and started).
STAGES = (
    "lead",
    "negotiating",
    "signed",
    "registered",
    "started",
    "building",
    "producing",
    "at_capacity",
)
TERMINATED = "terminated"
HONOURED = frozenset(STAGES[STAGES.index("registered") :])
STARTED = frozenset(STAGES[STAGES.index("started") :])
NOT_STARTED = frozenset({"signed", "registered"})  # signed, not yet started, still alive
YI_WAN = 10_000.0  # 1亿 = 10,000 万元: "projects over 1亿" are those of at least this much


def rate(part: float, whole: float) -> float | None:
    """``part / whole`` to four places (98.79% is 0.9879), None when ``whole`` is 0."""
    return round(part / whole, 4) if whole else None


def stage_tally(by_stage: Mapping[str, int]) -> dict[str, int]:
    """Signed, honoured and started, from the signed projects counted by their stage."""
    return {
        "signed": sum(by_stage.values()),
        "honoured": sum(n for stage, n in by_stage.items() if stage in HONOURED),
        "started": sum(n for stage, n in by_stage.items() if stage in STARTED),
    }


def rates(
    *, signed: int, honoured: int, started: int, contracted_wan: float, arrived_wan: float
) -> dict[str, float | None]:
    """履约率 = honoured ÷ signed, 开工率 = started ÷ signed, 资金到位率 = arrived ÷ contracted."""
    return {
        "honoured_rate": rate(honoured, signed),
        "started_rate": rate(started, signed),
        "funds_rate": rate(arrived_wan, contracted_wan),
    }


def funds_progress(
    *, arrived_ytd_wan: float, target_wan: float | None, month_end: date
) -> dict[str, float | None]:
    """Funds arrived this year against the year's target, beside 序时进度 at the month's end
    (the key projects' :func:`~mechanism.project_lights.timing_progress`, so both read alike);
    ``against_timing`` is progress minus timing (negative: behind). No target: all None but
    the timing."""
    timing = round(timing_progress(month_end.year, month_end), 4)
    progress = rate(arrived_ytd_wan, target_wan or 0.0)
    return {
        "funds_target_wan": target_wan,
        "funds_progress": progress,
        "timing_progress": timing,
        "against_timing": None if progress is None else round(progress - timing, 4),
    }


def months_waiting(signed_on: date, month_end: date) -> int:
    """Whole months from the first signing to the month's end (07-22 → 10-21 is 2, → 10-22 3)."""
    return whole_months(signed_on, month_end)


def size_amount(contract_wan: float | None, planned_wan: float | None) -> float:
    """What a project's size band is read from: the contract amount, else the planned one."""
    if contract_wan is not None:
        return contract_wan
    return planned_wan or 0.0
