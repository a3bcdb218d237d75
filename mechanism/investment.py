"""The investment pipeline (招商项目) of targeted investment attraction (精准招商): its stages and
the moves between them, investor ranks, the kinds of signing and what each counts, the size
band of a project, the signed-but-not-started light and the filing deadline.

Offices report three rates of a pipeline (履约率, 开工率, 资金到位率), and every one of them
divides by what was signed; so a project counts once, at its first signing. A re-signing
(重新签约) changes only the contracted total, and a capital increase (增资) counts only its
increment. The rules' numbers (filing days, light months) are configuration
(``chainops/config/investment.yaml``); here they arrive as :class:`PipelineRules`. Pure: no I/O,
today comes in as an argument.
"""

import calendar as months_calendar
import math
from dataclasses import dataclass
from datetime import date

from mechanism.periods import period_end
from mechanism.vocabulary import Labelled
from mechanism.wording import Said
from mechanism.workdays import Workdays


class _Worded(Labelled):
    """A vocabulary of this module: its labels live here (``_WORDS``)."""

    @property
    def zh(self) -> str:
        return _WORDS[self.value][0]

    @property
    def en(self) -> str:
        return _WORDS[self.value][1]


class ProjectStage(_Worded):
    """lead → negotiating → signed → registered → started → building → producing → at
    capacity; terminated from any stage but at capacity."""

    LEAD = "lead"
    NEGOTIATING = "negotiating"
    SIGNED = "signed"
    REGISTERED = "registered"
    STARTED = "started"
    BUILDING = "building"
    PRODUCING = "producing"
    AT_CAPACITY = "at_capacity"
    TERMINATED = "terminated"


class InvestorRank(_Worded):
    """The investor's standing; no rank (NULL) is neither."""

    FORTUNE_GLOBAL_500 = "fortune_global_500"
    CHINA_TOP_500 = "china_top_500"


class SigningKind(_Worded):
    FIRST = "first"
    RE_SIGNING = "re_signing"
    CAPITAL_INCREASE = "capital_increase"


class SizeBand(_Worded):
    """By the contract amount, else the planned amount (万元; 1亿 = 10,000 万元)."""

    UNDER_1 = "under_1"
    FROM_1_TO_10 = "1_to_10"
    FROM_10_TO_50 = "10_to_50"
    FROM_50 = "50_plus"


class NotStartedLight(_Worded):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


_WORDS: dict[str, tuple[str, str]] = {
    "lead": ("线索", "Lead"),
    "negotiating": ("洽谈", "Negotiating"),
    "signed": ("签约", "Signed"),
    "registered": ("注册", "Registered"),
    "started": ("开工", "Started"),
    "building": ("在建", "Building"),
    "producing": ("投产", "Producing"),
    "at_capacity": ("达产", "At capacity"),
    "terminated": ("终止", "Terminated"),
    "fortune_global_500": ("世界500强", "Fortune Global 500"),
    "china_top_500": ("中国500强", "China Top 500"),
    "first": ("首次签约", "First signing"),
    "re_signing": ("重新签约", "Re-signing"),
    "capital_increase": ("增资", "Capital increase"),
    "under_1": ("1亿元以下", "Under 100 million yuan"),
    "1_to_10": ("1–10亿元", "100 million – 1 billion yuan"),
    "10_to_50": ("10–50亿元", "1–5 billion yuan"),
    "50_plus": ("50亿元以上", "5 billion yuan and more"),
    "green": ("绿灯", "Green"),
    "yellow": ("黄灯", "Yellow"),
    "red": ("红灯", "Red"),
}

# The road a project travels, in order; terminated is off the road.
ROAD: tuple[ProjectStage, ...] = tuple(s for s in ProjectStage if s is not ProjectStage.TERMINATED)
_PLACE = {stage: i for i, stage in enumerate(ROAD)}
YI = 10_000.0  # 1亿 in 万元


@dataclass(frozen=True)
class PipelineRules:
    """The pipeline's numbers, from ``chainops/config/investment.yaml``."""

    filing_working_days: int = 5
    not_started_yellow_months: int = 3
    not_started_red_months: int = 6


def reached(stage: str, at_least: ProjectStage) -> bool:
    """Whether a project in ``stage`` is at ``at_least`` or beyond (never when terminated)."""
    found = ProjectStage.parse(stage)
    if found is None or found is ProjectStage.TERMINATED:
        return False
    return _PLACE[found] >= _PLACE[at_least]


def honoured(stage: str) -> bool:
    """履约: a signed project that reached registered or beyond and is not terminated."""
    return reached(stage, ProjectStage.REGISTERED)


def started(stage: str) -> bool:
    """开工: reached started or beyond and not terminated."""
    return reached(stage, ProjectStage.STARTED)


def move_problem(current: str, to: str, reason: str | None) -> Said | None:
    """Why a project in ``current`` may not move to ``to`` (None: it may).

    Forward only, and a stage may be skipped (the office records some moves late: a project
    registered and started in the same week); never backwards. Terminated from any stage but
    at capacity, and only with a reason; nothing moves a terminated project.
    """
    here = ProjectStage.parse(current)
    there = ProjectStage.parse(to)
    if there is None:
        return Said(
            f"stage: unknown stage {to!r}; known: {ProjectStage.choices()}",
            f"阶段：没有阶段 {to!r}；可选：{ProjectStage.choices()}",
        )
    if here is None:  # a stored stage is always known; kept total for the type checker
        return Said(f"stage: the project's stage {current!r} is unknown", f"阶段：未知 {current!r}")
    if here is ProjectStage.TERMINATED:
        return Said(
            "stage: the project is terminated; nothing moves it again",
            "阶段：项目已终止，不能再变更阶段",
        )
    if there is ProjectStage.TERMINATED:
        if here is ProjectStage.AT_CAPACITY:
            return Said(
                "stage: a project at capacity cannot be terminated",
                "阶段：已达产的项目不能终止",
            )
        if not (reason and reason.strip()):
            return Said("reason: say why the project is terminated", "理由：请填写项目终止的原因")
        return None
    if _PLACE[there] <= _PLACE[here]:
        return Said(
            f"stage: a project moves forward only; it is {here.en.lower()} ({here.zh}), "
            f"not before {there.en.lower()} ({there.zh})",
            f"阶段：项目只能向前推进；当前为「{here.zh}」，不能改为「{there.zh}」",
        )
    return None


@dataclass(frozen=True)
class SigningCount:
    """What a signing adds (``counted``) and the contracted total after it (``total``)."""

    counted: float
    total: float


def count_signing(
    kind: SigningKind, amount: float, *, contracted: float | None, has_first: bool
) -> SigningCount | Said:
    """What a signing of ``kind`` for ``amount`` (万元) counts, or why it cannot be recorded.

    first: the amount, once per project (a second is refused: it is a re-signing or a capital
    increase). re_signing: the agreement's new total replaces the contracted one, counted is
    the difference (which may be negative). capital_increase: the increment is counted and
    added. Neither may come before the first signing.
    """
    if not math.isfinite(amount) or amount <= 0:
        return Said(
            f"amount: must be a positive number of 万元, not {amount:g}",
            f"金额：须为正的万元数，不能是 {amount:g}",
        )
    if kind is SigningKind.FIRST:
        if has_first:
            return Said(
                "kind: the project was signed before; record a re-signing (re_signing) or a "
                "capital increase (capital_increase)",
                "签约类型：项目已首次签约，请记录为重新签约（re_signing）或增资（capital_increase）",
            )
        return SigningCount(counted=amount, total=amount)
    if not has_first:
        return Said(
            f"kind: a {kind.en.lower()} needs the project's first signing first",
            f"签约类型：项目尚未首次签约，不能记录{kind.zh}",
        )
    before = contracted or 0.0
    if kind is SigningKind.RE_SIGNING:
        return SigningCount(counted=amount - before, total=amount)
    return SigningCount(counted=amount, total=before + amount)


def size_band(contract_wan: float | None, planned_wan: float | None) -> SizeBand | None:
    """The band of the contract amount, else the planned amount; None without either."""
    amount = contract_wan if contract_wan is not None else planned_wan
    if amount is None:
        return None
    if amount < YI:
        return SizeBand.UNDER_1
    if amount < 10 * YI:
        return SizeBand.FROM_1_TO_10
    if amount < 50 * YI:
        return SizeBand.FROM_10_TO_50
    return SizeBand.FROM_50


def months_after(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (the month's last day when it has none:
    31 August + 3 months is 30 November)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, months_calendar.monthrange(year, month)[1]))


def signed_not_started(stage: str, signed_on: date | None) -> bool:
    """A project signed (its first signing recorded) and neither started nor terminated."""
    return signed_on is not None and stage in (
        ProjectStage.SIGNED.value,
        ProjectStage.REGISTERED.value,
    )


def not_started_light(
    stage: str, signed_on: date | None, today: date, rules: PipelineRules
) -> NotStartedLight | None:
    """The light of a signed-but-not-started project (None for any other): yellow from the
    configured months after the first signing, red from the later; green before."""
    if not signed_not_started(stage, signed_on) or signed_on is None:
        return None
    if today >= months_after(signed_on, rules.not_started_red_months):
        return NotStartedLight.RED
    if today >= months_after(signed_on, rules.not_started_yellow_months):
        return NotStartedLight.YELLOW
    return NotStartedLight.GREEN


def filing_due(signed_on: date, rules: PipelineRules, calendar: Workdays) -> date:
    """The last day to file a signed contract (备案): the configured working days after the
    signing, counted from the day after (民法典 §201)."""
    return period_end(signed_on, rules.filing_working_days, calendar)


def project_code(chain_code: str, year: int, taken: set[str]) -> str:
    """The next free code like ``ZS2026-BEARING-01`` among ``taken``."""
    n = 1
    while True:
        code = f"ZS{year}-{chain_code.upper()}-{n:02d}"
        if code not in taken:
            return code
        n += 1
