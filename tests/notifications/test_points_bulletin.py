"""A bulletin ranked in points mode shows how each score was built, and its group; a month
ranked by weights renders as it always did."""

import io
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest
from openpyxl import load_workbook

from notifications.reports.charts import CHARTS
from notifications.reports.html import render_html
from notifications.reports.points import build_text
from notifications.reports.view import BulletinView, ScopeLine
from notifications.reports.workbook import bulletin_workbook
from tests.notifications.test_reports import PNG_SIGNATURE, department_figures, figures

CHARTS_DRAWN = {name: PNG_SIGNATURE for name in CHARTS}  # the page only embeds them
RULES = {
    "mode": "points",
    "base": 100.0,
    "per_item": {"closed_late": -1.0, "open_overdue": -1.0, "returned": -2.0, "closed_early": 0.5},
    "groups": {"counties": ["DCF"]},
    "default_group": "departments",
    "floor": None,
    "cap": None,
}


def ranking(group: str, rank: int | None, **counts: int) -> dict[str, Any]:
    built = [
        {"item": item, "count": counts.get(item, 0), "points": points,
         "total": counts.get(item, 0) * points}
        for item, points in RULES["per_item"].items()
    ]  # fmt: skip
    score = 100 + sum(line["total"] for line in built)
    return {"mode": "points", "score": score, "rank": rank, "group": group, "base": 100.0,
            "built": built}  # fmt: skip


def line(code: str, zh: str, en: str, data: dict[str, Any], points: dict[str, Any]) -> ScopeLine:
    return ScopeLine(code, zh, en, data | {"ranking": points}, points["score"], points["rank"])


def chain_figures() -> dict[str, Any]:
    return figures(on_time=3, late=3, lights=(1, 1, 1), planned=100, completed=50)


def dept_figures() -> dict[str, Any]:
    return department_figures(on_time=1, late=1, lights=(0, 1, 0), planned=0, completed=0)


@pytest.fixture(scope="module")
def view() -> BulletinView:
    """October, ranked by points: the hand-worked month of tests/mechanism/test_points.py."""
    city = chain_figures() | {"ranking_rules": RULES}
    return BulletinView(
        month=date(2026, 10, 1),
        closed_at=datetime(2026, 11, 2, 1, 30, tzinfo=UTC),
        city=ScopeLine("city", "全市", "City", city),
        chains=[
            line("HCHEM", "高端化工", "High-end chemicals", chain_figures(), ranking("chains", 1)),
            line(
                "BEARING",
                "轴承",
                "Bearings",
                chain_figures(),
                ranking("chains", 2, closed_late=3, returned=1, closed_early=2),
            ),
        ],
        departments=[
            line(
                "GXJ",
                "市工业和信息化局",
                "Industry Bureau",
                dept_figures(),
                ranking("departments", 1, closed_early=1),
            ),
            line(
                "DCF",
                "东昌府区",
                "Dongchangfu District",
                dept_figures(),
                ranking("counties", 1, open_overdue=2),
            ),
        ],
        trend=[],
        weights={
            "tasks_on_time": 35,
            "tasks_not_red": 25,
            "investment_on_timing": 25,
            "requests_within_level": 15,
        },
        office_name="示范市链长制办公室",
    )


@pytest.mark.parametrize(
    ("locale", "built"),
    [
        ("zh-CN", "100 − 3×1（超期办结）− 1×2（退回重办）+ 2×0.5（提前办结）= 96.0"),
        ("en", "100 − 3×1 (closed late) − 1×2 (returned for rework) + 2×0.5 (closed early) = 96.0"),
    ],
)
def test_a_score_is_shown_as_the_sum_that_built_it(locale: str, built: str) -> None:
    points = ranking("chains", 2, closed_late=3, returned=1, closed_early=2)
    assert build_text(points, locale) == built


def test_a_score_with_nothing_counted_is_the_base_and_a_held_score_says_so() -> None:
    assert build_text(ranking("chains", 1), "zh-CN") == "100 = 100.0"
    held = ranking("chains", 1, closed_late=50) | {"score": 60.0}
    assert build_text(held, "en") == "100 − 50×1 (closed late) = 50 → 60.0 (held within the bounds)"
    assert build_text({"mode": "points", "score": None, "base": 100.0, "built": []}, "en") == "—"


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_the_page_in_points_mode_shows_each_build_and_group(
    view: BulletinView, locale: str
) -> None:
    page = render_html(view, locale, CHARTS_DRAWN)
    expected = {
        "zh-CN": ("100 − 3×1（超期办结）− 1×2（退回重办）+ 2×0.5（提前办结）= 96.0",
                  "100 − 2×1（超期未办结）= 98.0", "县区", "市直部门", "基础分 100",
                  "退回重办：每件 −2", "不以登录、点击、签收或在线时长计分"),
        "en": ("100 − 3×1 (closed late) − 1×2 (returned for rework) + 2×0.5 (closed early) = 96.0",
               "100 − 2×1 (open past due) = 98.0", "Counties", "City departments", "Base 100",
               "returned for rework: −2 each", "never logins, clicks, acknowledgements"),
    }[locale]  # fmt: skip
    for text in expected:
        assert text in page
    assert "按期办结率 35%" not in page and "Tasks done on time 35%" not in page


def test_the_page_of_a_month_ranked_by_weights_is_unchanged(view: BulletinView) -> None:
    city = {k: v for k, v in view.city.figures.items() if k != "ranking_rules"}
    weighted = replace(
        view,
        city=replace(view.city, figures=city | {"ranking_rules": {"mode": "weighted"}}),
        chains=[
            replace(c, figures=c.figures | {"ranking": {"mode": "weighted"}}) for c in view.chains
        ],
    )
    page = render_html(weighted, "zh-CN", CHARTS_DRAWN)
    older = render_html(
        replace(weighted, city=replace(view.city, figures=city)), "zh-CN", CHARTS_DRAWN
    )
    assert page == older  # a month closed before the modes existed reads the same
    assert "按期办结率 35%" in page and "得分构成" not in page and "超期办结" not in page


def test_the_workbook_in_points_mode_has_the_group_and_build_columns(view: BulletinView) -> None:
    workbook = load_workbook(io.BytesIO(bulletin_workbook(view, "zh-CN")))
    sheet = workbook["责任单位排名"]
    header = [cell.value for cell in sheet[1]]
    assert header[:5] == ["排名", "名称", "得分", "分组", "得分构成"]
    assert [row[:5] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        (1, "市工业和信息化局", 100.5, "市直部门", "100 + 1×0.5（提前办结）= 100.5"),
        (1, "东昌府区", 98.0, "县区", "100 − 2×1（超期未办结）= 98.0"),
    ]
    scoring = [row[0] for row in workbook["评分方法"].iter_rows(values_only=True)]
    assert scoring[:2] == ["基础分 100", "超期办结：每件 −1"]
