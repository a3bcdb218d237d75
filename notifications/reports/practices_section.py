"""The bulletin's standing-practices section (例行工作机制): per practice the year to date's
periods done of those required and the chains covered ("13 tours covering 18 chains"), and the
list of periods missed (the gaps), each in words, not only a colour. Read from the frozen
``practices`` key; a month closed before it was frozen has no section.

The same rows serve the bulletin (``html.context``) and the rollup page."""

from typing import Any

from notifications.reports.formats import DASH
from notifications.reports.view import BulletinView

_WORDS: dict[str, dict[str, Any]] = {
    "zh-CN": {
        "heading": "例行工作机制",
        "note": "年初至本月末。一个周期内有活动记录即为已开展；周期结束仍无记录即为缺项。",
        "columns": ("工作", "已开展", "应开展", "覆盖产业链", "活动记录"),
        "line": "{name}开展{done}次（应开展{required}次），覆盖{chains}条产业链",
        "sep": "；",
        "gaps": "缺项（周期结束未开展）",
        "gap_columns": ("产业链", "工作", "周期", "截止", "任务", "状态"),
        "missed": "未开展",
        "task": "任务 #{id}",
        "none": "年内无缺项。",
    },
    "en": {
        "heading": "Standing practices",
        "note": "Year to date. A period is done when a record of it was held within it; "
        "a period that ended without one is a gap.",
        "columns": ("Practice", "Done", "Required", "Chains covered", "Records"),
        "line": "{name}: {done} of {required} held, covering {chains} chain(s)",
        "sep": "; ",
        "gaps": "Gaps (periods that ended without the practice held)",
        "gap_columns": ("Chain", "Practice", "Period", "Ended", "Task", "State"),
        "missed": "not held",
        "task": "task #{id}",
        "none": "No gap this year.",
    },
}  # fmt: skip


def practices_section(view: BulletinView, locale: str) -> dict[str, Any]:
    """``frozen``, ``words``, ``rows`` (one per practice), ``lines`` (one sentence each) and
    ``gaps`` (rows) for the templates, every value already a string."""
    zh = locale == "zh-CN"
    words = _WORDS["zh-CN" if zh else "en"]
    frozen = view.city.figures.get("practices")
    if not frozen:
        return {"frozen": False, "words": words, "rows": [], "lines": [], "gaps": []}
    rows, lines = [], []
    for tally in frozen.get("year_to_date", {}).values():
        name = tally["name_zh"] if zh else tally["name_en"]
        rows.append([name, str(tally["done"]), str(tally["required"]),
                     str(tally["chains_covered"]), str(tally["records"])])  # fmt: skip
        lines.append(
            words["line"].format(
                name=name,
                done=tally["done"],
                required=tally["required"],
                chains=tally["chains_covered"],
            )
        )
    names = {code: (t["name_zh"] if zh else t["name_en"])
             for code, t in frozen.get("year_to_date", {}).items()}  # fmt: skip
    chains = {line.code: line.name(locale) for line in view.chains}
    gaps = [
        [chains.get(gap["chain"], gap.get("chain_zh") or gap["chain"]),
         names.get(gap["practice"], gap["practice"]),
         gap["period_zh"] if zh else gap["period"], gap["ends_on"],
         words["task"].format(id=gap["task_id"]) if gap.get("task_id") else DASH,
         words["missed"]]
        for gap in frozen.get("gaps", [])
    ]  # fmt: skip
    return {"frozen": True, "words": words, "rows": rows, "lines": lines, "gaps": gaps}
