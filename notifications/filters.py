"""The Jinja filters notice templates use, and the labels they show, in zh-CN and en.

Each locale's environment in ``notifications.render`` gets its own set (``filters_for``), so
``date``, ``month`` and ``label`` speak the template's language without the templates passing
the locale around. Kept apart from rendering because it is wording, not mechanics: a new label
or a different date style is an edit here and touches neither the environments nor the
templates.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from markupsafe import Markup

from mechanism.vocabulary import FactorType, Light, NoticeKind, RosterRole

# Labels the templates show for codes found in the facts: vocabulary → code → (zh, en).
LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "kind": {
        **{kind.value: (kind.zh, kind.en) for kind in NoticeKind},
        "assignment": ("交办单", "Assignment notice"),
        "handover": ("流转通知", "Hand-over notice"),
        "factor_request": ("要素保障诉求", "Factor-supply request"),
        "project_stale": ("项目月报催报", "Project report overdue"),
        "monthly_rollup": ("月度通报", "Monthly bulletin"),
        "digest": ("通知汇总", "Digest"),
    },
    "light": {light.value: (light.zh, light.en) for light in Light},
    "factor_type": {factor.value: (factor.zh, factor.en) for factor in FactorType},
    "role": {
        "owner": ("责任人", "Responsible person"),
        "lead_department": ("责任单位", "Responsible unit"),
        "co_department": ("协办单位", "Co-handling unit"),
        "working_group": (RosterRole.WORKING_GROUP.zh, RosterRole.WORKING_GROUP.en),
        "chain_leader": (RosterRole.CHAIN_LEADER.zh, RosterRole.CHAIN_LEADER.en),
        "chief_chain_leader": (
            RosterRole.CHIEF_CHAIN_LEADER.zh,
            RosterRole.CHIEF_CHAIN_LEADER.en,
        ),
        "office": ("市链长制办公室", "City chain office"),
    },
    # The service levels of a factor-supply request, in the order they fall due.
    "stage": {
        "acknowledge": ("受理", "Acknowledgement"),
        "plan": ("提出解决方案", "Solution plan"),
        "close": ("办结", "Closure"),
    },
    # Monthly rollup figures; a key ending in ``_rate`` is a fraction shown as a percentage.
    "figure": {
        "tasks_total": ("督办事项", "Tasks"),
        "tasks_done": ("已办结", "Done"),
        "on_time_rate": ("按期办结率", "Done on time"),
        "tasks_overdue": ("逾期未办结", "Overdue"),
        "red": ("红灯", "Red"),
        "yellow": ("黄灯", "Yellow"),
        "green": ("绿灯", "Green"),
        "projects_total": ("重点项目", "Key projects"),
        "projects_behind_timing": ("滞后序时进度", "Behind timing progress"),
        "investment_rate": ("年度投资完成率", "Yearly investment completed"),
        "requests_total": ("要素保障诉求", "Factor requests"),
        "requests_in_time_rate": ("诉求按时办结率", "Requests closed in time"),
        "due_this_month": ("本月到期", "Due this month"),
        "timing_rate": ("序时进度", "Timing progress"),
        "reports_missing": ("项目月报未报", "Project reports missing"),
        "requests_closed": ("诉求办结", "Requests closed"),
        "score": ("综合得分", "Score"),
        "rank": ("排名", "Rank"),
    },
}
_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _as_date(value: date | str) -> date:
    # str() of a StrictUndefined raises the UndefinedError that names the missing fact.
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _date_zh(value: date | str | None) -> str:
    if value is None:
        return "—"
    day = _as_date(value)
    return f"{day.year}年{day.month}月{day.day}日"


def _date_en(value: date | str | None) -> str:
    if value is None:
        return "—"
    day = _as_date(value)
    return f"{day.day} {_MONTHS_EN[day.month - 1][:3]} {day.year}"


def _month_zh(value: str | None) -> str:
    if value is None:
        return "—"
    year, month = value.split("-")
    return f"{int(year)}年{int(month)}月"


def _month_en(value: str | None) -> str:
    if value is None:
        return "—"
    year, month = value.split("-")
    return f"{_MONTHS_EN[int(month) - 1]} {int(year)}"


def _percent(value: float) -> str:
    return f"{value * 100:.1f}%"


def _plain(value: str) -> str:
    """Text from an HTML partial's output: its escaping undone (for text templates only)."""
    return Markup(value).unescape()


def _labeller(column: int) -> Callable[[str, str], str]:
    def label(code: str, vocabulary: str) -> str:
        """The label of ``code`` in ``vocabulary``; an unknown code shows as itself."""
        return LABELS[vocabulary].get(code, (code, code))[column]

    return label


def _figure(value: Any, key: str) -> str:
    if value is None:  # a rate with nothing to divide
        return "—"
    if key.endswith("_rate") and isinstance(value, int | float):
        return _percent(value)
    return str(value)


def filters_for(locale: str) -> dict[str, Callable[..., str]]:
    """The filters of ``locale``'s environment: ``date``, ``month`` and ``label`` in its
    language, ``percent``, ``figure`` and ``plain`` the same in both."""
    chinese = locale == "zh-CN"
    return {
        "date": _date_zh if chinese else _date_en,
        "month": _month_zh if chinese else _month_en,
        "label": _labeller(0 if chinese else 1),
        "percent": _percent,
        "figure": _figure,
        "plain": _plain,
    }
