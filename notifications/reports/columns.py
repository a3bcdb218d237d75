"""The figures a bulletin shows, in order, with their labels: one list for page and workbook.

A :class:`Column` names a figure of ``mechanism.rollup`` by its path in a scope's figures
(``tasks.open_by_light.red``), which is also its key in the ``changes`` section. The HTML page
and the workbook both read these lists, so a figure is called the same everywhere and a new
figure is added in one place.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from mechanism.vocabulary import Light
from notifications.reports.formats import Kind
from notifications.reports.view import BulletinView


@dataclass(frozen=True)
class Column:
    """One figure. ``better`` is +1 when a rise is good news, -1 when it is bad, 0 when it
    is neither (the page colours a change by it). A figure that is a mapping (notices by
    ladder level) shows as the sum of its parts."""

    path: str
    zh: str
    en: str
    kind: Kind = "count"
    better: int = 0

    def label(self, locale: str) -> str:
        return self.zh if locale == "zh-CN" else self.en

    def value(self, figures: Mapping[str, Any]) -> float | None:
        found: Any = figures
        for part in self.path.split("."):
            if not isinstance(found, Mapping) or part not in found:
                return None
            found = found[part]
        if isinstance(found, Mapping):
            return sum(found.values())
        if found is None or self.kind == "count":
            return found  # type: ignore[no-any-return]
        return float(found)


def _lights() -> list[Column]:
    # Most serious first: red is what the reader looks for.
    better = {Light.RED: -1, Light.YELLOW: -1, Light.GREEN: 0}
    return [
        Column(
            f"tasks.open_by_light.{light.value}",
            f"在办{light.zh}",
            f"Open {light.en.lower()}",
            better=better[light],
        )
        for light in (Light.RED, Light.YELLOW, Light.GREEN)
    ]


TASKS = [
    Column("tasks.total", "督办事项", "Tasks"),
    Column("tasks.due_this_month", "本月到期", "Due this month"),
    Column("tasks.done_on_time", "按期办结", "Done on time", better=1),
    Column("tasks.done_late", "逾期办结", "Done late", better=-1),
    Column("tasks.on_time_rate", "按期办结率", "On-time rate", "rate", 1),
    *_lights(),
]
PROJECTS = [
    Column("projects.investment_completed", "完成投资（万元）", "Invested (10k yuan)", "money", 1),
    Column("projects.investment_planned", "年度计划投资（万元）", "Planned (10k yuan)", "money"),
    Column("projects.completion_rate", "投资完成率", "Investment completed", "rate", 1),
    Column("projects.timing_progress", "序时进度", "Timing progress", "rate"),
    Column("projects.against_timing", "较序时进度（百分点）", "Against timing (pp)", "points", 1),
    Column("projects.milestones_hit", "节点按期完成", "Milestones hit", better=1),
    Column("projects.milestones_missed", "节点未按期", "Milestones missed", better=-1),
    Column("projects.reports_missing", "未报月报项目", "Reports missing", better=-1),
]
REQUESTS = [
    Column("requests.opened", "新增诉求", "Requests opened"),
    Column("requests.closed", "办结诉求", "Requests closed", better=1),
    Column("requests.closed_within_level", "按时限办结", "Closed within level", better=1),
    Column(
        "requests.median_working_days_to_close",
        "办结用时中位数（工作日）",
        "Median days to close (working days)",
        "days",
        -1,
    ),
]
LADDER = [
    Column("ladder.notices_by_level", "发出督办类通知", "Notices issued", better=-1),
    Column(
        "ladder.median_hours_to_acknowledge",
        "签收用时中位数（小时）",
        "Median hours to acknowledge",
        "hours",
        -1,
    ),
]
MATCHMAKING = [
    Column("matchmaking.events", "举办对接活动", "Matchmaking events held", better=1),
    Column("matchmaking.smes", "参与中小企业", "SMEs taking part", better=1),
    Column("matchmaking.intentions", "达成意向", "Intentions", better=1),
    Column("matchmaking.intention_wan", "意向金额（万元）", "Intended (10k yuan)", "money", 1),
    Column("matchmaking.signings", "签约", "Signings", better=1),
    Column("matchmaking.contract_wan", "签约金额（万元）", "Contracted (10k yuan)", "money", 1),
]
INVESTMENT = [  # issue 17: 精准招商 (services/rollup/investment_rows.py)
    Column("investment.signings", "本月签约项目", "Projects signed this month", better=1),
    Column(
        "investment.signed_wan", "本月签约金额（万元）", "Signed this month (10k yuan)", "money", 1
    ),
    Column("investment.signings_ytd", "年内签约项目", "Projects signed this year", better=1),
    Column(
        "investment.signed_wan_ytd",
        "年内签约金额（万元）",
        "Signed this year (10k yuan)",
        "money",
        1,
    ),
    Column(
        "investment.over_1yi_ytd", "年内亿元以上项目", "Projects of 100m yuan+ this year", better=1
    ),
    Column(
        "investment.funds_wan",
        "本月到位资金（万元）",
        "Funds arrived this month (10k yuan)",
        "money",
        1,
    ),
    Column(
        "investment.funds_ytd_wan",
        "年内到位资金（万元）",
        "Funds arrived this year (10k yuan)",
        "money",
        1,
    ),
    Column(
        "investment.funds_progress",
        "到位资金完成年度目标",
        "Funds against the year's target",
        "rate",
        1,
    ),
    Column("investment.honoured_rate", "履约率", "Honoured rate (履约率)", "rate", 1),
    Column("investment.started_rate", "开工率", "Started rate (开工率)", "rate", 1),
    Column("investment.funds_rate", "资金到位率", "Funds arrival rate (资金到位率)", "rate", 1),
    Column("investment.not_started_total", "签约未开工项目", "Signed, not started", better=-1),
]

SUMMARY = [*TASKS, *PROJECTS, *REQUESTS, *LADDER, *MATCHMAKING, *INVESTMENT]
"""The city's key figures, and the columns of the trend."""
# Timing progress is the calendar's, the same for every chain: the page states it once.
CHAINS = [
    *TASKS,
    *(c for c in PROJECTS if c.path != "projects.timing_progress"),
    *REQUESTS,
    LADDER[0],
    *MATCHMAKING,
    *INVESTMENT,
]
DEPARTMENTS = [*TASKS, *REQUESTS]  # departments have no projects or ladder section

COMPONENTS: dict[str, tuple[str, str]] = {
    "tasks_on_time": ("按期办结率", "Tasks done on time"),
    "tasks_not_red": ("在办事项非红灯占比", "Open tasks not red"),
    "investment_on_timing": ("投资完成序时达标度", "Investment against timing progress"),
    "requests_within_level": ("诉求按时限办结率", "Requests closed within service level"),
}
"""The scored parts (``ScopeLine.components``, ``BulletinView.weights``), in the page's order."""


def component_keys(view: BulletinView) -> list[str]:
    """The components to show: the known ones, then any other the weights name."""
    return [*COMPONENTS, *(key for key in view.weights if key not in COMPONENTS)]


def component_label(key: str, locale: str) -> str:
    labels = COMPONENTS.get(key, (key, key))
    return labels[0] if locale == "zh-CN" else labels[1]


def weight_shares(view: BulletinView) -> dict[str, float]:
    """Each weight as a share of all weights (0–1): what a component counts for when every
    component has a value. Weights may be given as fractions or points; shares do not care."""
    total = sum(view.weights.values())
    return {
        key: view.weights.get(key, 0.0) / total if total else 0.0 for key in component_keys(view)
    }


def previous_month(month: date) -> date:
    return date(month.year - 1, 12, 1) if month.month == 1 else date(month.year, month.month - 1, 1)


def city_change(view: BulletinView, column: Column) -> float | None:
    """The city's change against last month for ``column``, None without a last month.

    A plain figure's change is frozen in ``changes``. A sum (notices over all ladder levels) has
    none there, as rungs come and go between months, so it is taken from last month's figures
    in the trend.
    """
    figures = view.city.figures
    if column.path in figures.get("changes", {}):
        delta: float | None = figures["changes"][column.path]
        return delta
    wanted = previous_month(view.month)
    before = next(
        (p for p in view.trend if (p.month.year, p.month.month) == (wanted.year, wanted.month)),
        None,
    )
    now = column.value(figures)
    then = None if before is None else column.value(before.figures)
    return None if now is None or then is None else now - then
