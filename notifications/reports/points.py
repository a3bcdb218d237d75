"""How a points-mode score was built, in words the bulletin prints (计分制得分构成).

A month closed in points mode (``mechanism.points``) freezes, in each chain's and department's
``ranking``, the base and the build (``{item, count, points, total}`` per configured item), and
in the city's ``ranking_rules`` the table. This module turns them into the line a reader can
check by hand — ``100 − 3×1（超期办结）− 1×2（退回重办）+ 2×0.5（提前办结）= 96.0`` — and the
scoring section's rules. Months closed in weighted mode (or before the points mode existed)
have no ``ranking_rules`` of mode ``points``: the renderers show them as they always did.
"""

from collections.abc import Mapping
from typing import Any

from notifications.reports.formats import DASH
from notifications.reports.view import BulletinView

MINUS = "−"  # U+2212, the minus sign of a printed formula, not a hyphen

ITEMS: dict[str, tuple[str, str]] = {
    "closed_on_time": ("按时办结", "closed on time"),
    "closed_early": ("提前办结", "closed early"),
    "closed_late": ("超期办结", "closed late"),
    "open_overdue": ("超期未办结", "open past due"),
    "returned": ("退回重办", "returned for rework"),
    "extension_requests": ("申请延期", "extension requests"),
    "urgings": ("催办", "urgings"),
    "reports_on_time": ("按时反馈", "reports on time"),
    "reports_late": ("反馈迟报", "reports late"),
}
GROUPS: dict[str, tuple[str, str]] = {
    "chains": ("产业链", "Chains"),
    "departments": ("市直部门", "City departments"),
    "counties": ("县区", "Counties"),
}
WORDS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "group": "分组",
        "build": "得分构成",
        "base": "基础分 {base}",
        "item": "{label}：每件 {points}",
        "bounds": "得分不低于 {floor}，不高于 {cap}",
        "formula": "得分 = 基础分 + Σ（本月件数 × 每件分值）",
        "note": "件数取自本月督办统计（按工作日计）。产业链统一排名，责任单位按分组分别排名"
        "（市直部门、县区各自比较）。只对办理结果计分，不以登录、点击、签收或在线时长计分。"
        "计分规则随月份一并冻结。",
        "bounded": "（按上下限计）",
    },
    "en": {
        "group": "Group",
        "build": "How the score was built",
        "base": "Base {base}",
        "item": "{label}: {points} each",
        "bounds": "Scores are held between {floor} and {cap}",
        "formula": "score = base + Σ(count this month × points per item)",
        "note": "Counts are the month's supervision figures, in working days. Chains are ranked "
        "together; departments within their group (city departments and counties apart). Only "
        "outcomes carry points — never logins, clicks, acknowledgements or time online. The "
        "rules are frozen with the month.",
        "bounded": " (held within the bounds)",
    },
}


def _words(locale: str) -> dict[str, str]:
    return WORDS["zh-CN" if locale == "zh-CN" else "en"]


def _label(table: Mapping[str, tuple[str, str]], key: str, locale: str) -> str:
    zh, en = table.get(key, (key, key))
    return zh if locale == "zh-CN" else en


def _number(value: float) -> str:
    return f"{value:g}"


def _signed(value: float) -> str:
    return f"{MINUS}{_number(-value)}" if value < 0 else f"+{_number(value)}"


def rules_of(view: BulletinView) -> Mapping[str, Any] | None:
    """The points table the month was ranked by, or None when it was ranked by weights."""
    rules = view.city.figures.get("ranking_rules")
    if isinstance(rules, Mapping) and rules.get("mode") == "points":
        return rules
    return None


def group_label(group: str | None, locale: str) -> str:
    return DASH if not group else _label(GROUPS, group, locale)


def item_label(item: str, locale: str) -> str:
    return _label(ITEMS, item, locale)


def build_text(ranking: Mapping[str, Any], locale: str) -> str:
    """One scope's score as a sum a reader can redo: the base, each item counted this month
    (items with a count of 0 add nothing and are left out), and the score."""
    score, base = ranking.get("score"), ranking.get("base")
    if score is None or base is None:
        return DASH
    zh = locale == "zh-CN"
    text, raw = _number(base), float(base)

    def then(term: str) -> str:  # a full-width bracket already spaces what follows it
        return text + ("" if text.endswith("）") else " ") + term

    for line in ranking.get("built", []):
        if not line["count"]:
            continue
        sign = MINUS if line["points"] < 0 else "+"
        label = item_label(line["item"], locale)
        label = f"（{label}）" if zh else f" ({label})"
        text = then(f"{sign} {line['count']}×{_number(abs(line['points']))}{label}")
        raw += line["total"]
    if round(raw, 1) == score:
        return then(f"= {score:.1f}")
    # A floor or cap held the score: show the sum, then the score it was held to.
    return then(f"= {_number(round(raw, 2))} → {score:.1f}") + _words(locale)["bounded"]


def rules_lines(rules: Mapping[str, Any], locale: str) -> list[str]:
    """The scoring section's list: the base, the points of each item, the bounds if any."""
    words = _words(locale)
    lines = [words["base"].format(base=_number(rules["base"]))]
    lines += [
        words["item"].format(label=item_label(item, locale), points=_signed(points))
        for item, points in rules.get("per_item", {}).items()
    ]
    floor, cap = rules.get("floor"), rules.get("cap")
    if floor is not None or cap is not None:
        lines.append(
            words["bounds"].format(
                floor=DASH if floor is None else _number(floor),
                cap=DASH if cap is None else _number(cap),
            )
        )
    return lines


def scoring(view: BulletinView, locale: str) -> dict[str, Any] | None:
    """What the page's scoring section shows in points mode; None in weighted mode."""
    rules = rules_of(view)
    if rules is None:
        return None
    words = _words(locale)
    return {
        "rules": rules_lines(rules, locale),
        "formula": words["formula"],
        "note": words["note"],
    }


def columns(locale: str) -> list[str]:
    """The two columns a ranking table gains in points mode: the group and the build."""
    words = _words(locale)
    return [words["group"], words["build"]]


def cells(figures: Mapping[str, Any], locale: str) -> list[str]:
    ranking = figures.get("ranking") or {}
    return [group_label(ranking.get("group"), locale), build_text(ranking, locale)]
