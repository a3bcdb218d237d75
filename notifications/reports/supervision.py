"""The bulletin's supervision section (督办成效): the city's figures on the supervision itself
for the month and the year to date, each chain's rates, and the ladder's rungs — how fast each
rung is answered and what each rung resolves. The figures are the frozen ``supervision`` key
(``mechanism.supervision`` defines every one); this module only makes them strings.
"""

from typing import Any

from mechanism.vocabulary import NoticeKind
from notifications.reports.formats import DASH, percent
from notifications.reports.view import BulletinView

# (figure, label zh, label en, how it is shown), in the order the office reads them.
_FIGURES = (
    ("on_time_rate", "按时办结率", "Closed on time (of due)", "rate"),
    ("closure_rate", "办结率", "Closed (of assigned)", "rate"),
    ("overdue_rate", "超期率", "Overdue (late or open past due)", "rate"),
    ("mean_handling_days", "平均办理用时（工作日）", "Mean handling time (working days)", "days"),
    ("median_handling_days", "办理用时中位数（工作日）", "Median handling time (working days)",
     "days"),
    ("urgings_per_task", "每件催办次数", "Urgings per task due", "per"),
    ("extension_rate", "延期申请率", "Extension requests (of due)", "rate"),
    ("returned_rate", "退回率", "Returned for rework (of due)", "rate"),
    ("feedback_on_time_rate", "反馈及时率", "Progress reports on time", "rate"),
    ("satisfaction_rate", "满意率", "Factor requests rated satisfied", "rate"),
)  # fmt: skip
_CHAIN_FIGURES = ("on_time_rate", "closure_rate", "overdue_rate", "returned_rate",
                  "feedback_on_time_rate", "satisfaction_rate")  # fmt: skip

_WORDS: dict[str, dict[str, Any]] = {
    "zh-CN": {
        "heading": "督办成效",
        "figures": ("指标", "本月", "本年累计"),
        "chains": "各产业链（本月）",
        "chain": "产业链",
        "ladder": "督办阶梯各级（本月）",
        "rungs": ("级别", "文书", "发出", "已签收", "签收用时中位数（工作日）",
                  "90%分位（工作日）", "签收用时中位数（小时）", "90%分位（小时）", "到达",
                  "本级化解", "化解占比"),
        "note": "本月办结事项中，{none}件未经任何提醒即办结；{supervised}件事项本月进入督办。"
                "“到达”为本月办结事项中升级到该级及以上的件数，“本级化解”为到该级后未再升级即办结的件数。",
        "none": "本月无督办成效数据（该月冻结于此项统计之前）。",
    },
    "en": {
        "heading": "Supervision",
        "figures": ("Figure", "Month", "Year to date"),
        "chains": "Per chain (month)",
        "chain": "Chain",
        "ladder": "The ladder's rungs (month)",
        "rungs": ("Level", "Notice", "Issued", "Acknowledged", "Median (working days)",
                  "p90 (working days)", "Median (hours)", "p90 (hours)", "Reached",
                  "Resolved there", "Share"),
        "note": "Of the tasks signed off this month, {none} needed no notice at all; {supervised} "
                "tasks reached supervision this month. \"Reached\": tasks signed off this month "
                "whose notices climbed to the rung or higher; \"resolved there\": those that "
                "climbed no further.",
        "none": "No supervision figures for this month (it was closed before they were kept).",
    },
}  # fmt: skip


def _shown(value: float | None, how: str) -> str:
    if value is None:
        return DASH
    if how == "rate":
        return percent(value)
    return f"{value:.2f}" if how == "per" else f"{value:g}"


def _kind(kind: str, locale: str) -> str:
    try:
        member = NoticeKind(kind)
    except ValueError:
        return kind or DASH
    return member.zh if locale == "zh-CN" else member.en


def supervision_section(view: BulletinView, locale: str) -> dict[str, Any]:
    """The section's strings; ``frozen`` False for a month closed before issue 18."""
    zh = locale == "zh-CN"
    words = _WORDS["zh-CN" if zh else "en"]
    city = view.city.figures.get("supervision")
    if not city:
        return {"words": words, "frozen": False}
    month, year = city["month"], city["year_to_date"]
    labels = {key: zh_label if zh else en_label for key, zh_label, en_label, _ in _FIGURES}
    hows = {key: how for key, _, _, how in _FIGURES}
    figures = [
        [labels[key], _shown(month[key], hows[key]), _shown(year[key], hows[key])]
        for key, *_ in _FIGURES
    ]
    chains = [
        [line.name(locale)]
        + [_shown((line.figures.get("supervision") or {}).get("month", {}).get(key), "rate")
           for key in _CHAIN_FIGURES]
        for line in view.chains
    ]  # fmt: skip
    ladder = city.get("ladder") or {"levels": {}}
    rungs = [
        [str(level), _kind(rung["kind"], locale), str(rung["notices"]), str(rung["acknowledged"]),
         _shown(rung["median_working_days_to_acknowledge"], "days"),
         _shown(rung["p90_working_days_to_acknowledge"], "days"),
         _shown(rung["median_hours_to_acknowledge"], "days"),
         _shown(rung["p90_hours_to_acknowledge"], "days"),
         str(rung["reached"]), str(rung["resolved"]), _shown(rung["resolved_share"], "rate")]
        for level, rung in ladder["levels"].items()
    ]  # fmt: skip
    note = words["note"].format(
        none=ladder.get("resolved_without_notice", 0),
        supervised=ladder.get("reached_supervision", 0),
    )
    return {
        "words": words,
        "frozen": True,
        "figures": figures,
        "chain_columns": [words["chain"]] + [labels[key] for key in _CHAIN_FIGURES],
        "chains": chains,
        "rungs": rungs,
        "note": note,
    }
