"""Closing a month in points mode: every chain and department ranked by points within its
group, the build frozen with the score and the rules frozen in the city.

The points read ``supervision.month`` (issue 18's supervision figures, another part of the
close). Where a scope's figures carry it, the frozen score must be the base plus the frozen
build, and the build must read the frozen counts; where they do not yet, the scope is
unranked with an empty build. (Once the supervision figures are merged into the close, the
first branch of ``_check_points`` is the one taken; the hand-worked scores and ranks are in
``tests/mechanism/test_points.py``.)
"""

from pathlib import Path
from typing import Any

from sqlmodel import Session

from mechanism.points import PointsRules
from mechanism.ranking import Weights
from notifications.reports.charts import CHARTS
from notifications.reports.html import render_html
from services.rollup import RollupResult, bulletin_view, close_month
from tests.services.rollup.test_close import (
    DECEMBER_FIRST,
    FACTORS,
    NOVEMBER,
    RULES,
    build_november,
)

POINTS = PointsRules(
    base=100,
    per_item={"closed_late": -1, "open_overdue": -1, "returned": -2, "closed_early": 0.5},
    groups={"counties": ("ZRJ",)},
)


def close(session: Session, points: PointsRules | None = POINTS) -> RollupResult:
    result = close_month(
        session=session,
        month=NOVEMBER,
        now=DECEMBER_FIRST,
        rules=RULES,
        factors=FACTORS,
        weights=Weights(),
        points=points,
    )
    session.commit()
    return result


def _check_points(figures: dict[str, Any], group: str) -> None:
    ranking = figures["ranking"]
    assert (ranking["mode"], ranking["group"], ranking["base"]) == ("points", group, 100.0)
    month = figures.get("supervision", {}).get("month")
    if month is None:  # the supervision figures are not in this close yet: nothing to count
        assert (ranking["score"], ranking["rank"], ranking["built"]) == (None, None, [])
        return
    assert [line["item"] for line in ranking["built"]] == list(POINTS.per_item)
    for line in ranking["built"]:
        assert line["count"] == month[line["item"]]
        assert line["total"] == line["count"] * line["points"]
    assert ranking["score"] == round(100 + sum(line["total"] for line in ranking["built"]), 1)
    assert ranking["rank"] == 1  # alone in its group


def test_points_mode_ranks_chains_and_each_group_of_departments_by_points(
    session: Session, tmp_path: Path
) -> None:
    build_november(session, tmp_path)

    result = close(session)

    _check_points(result.chains["BEARING"], "chains")
    _check_points(result.departments["GXJ"], "departments")
    _check_points(result.departments["ZRJ"], "counties")
    assert result.city["ranking_rules"] == POINTS.as_dict()
    assert result.city["weights"] == Weights().as_dict()  # still frozen, beside the rules
    assert not any(name.startswith("ranking_rules.") for name in result.city["changes"])


def test_weighted_mode_says_so_and_keeps_its_parts(session: Session, tmp_path: Path) -> None:
    build_november(session, tmp_path)

    result = close(session, points=None)

    assert result.city["ranking_rules"] == {"mode": "weighted"}
    ranking = result.chains["BEARING"]["ranking"]
    assert ranking["mode"] == "weighted" and set(ranking) == {"mode", "score", "rank", "parts"}


def test_the_bulletin_of_a_points_month_lists_departments_by_group_and_shows_the_rules(
    session: Session, tmp_path: Path
) -> None:
    build_november(session, tmp_path)
    close(session)

    view = bulletin_view(session=session, month=NOVEMBER, office_name="市链长制办公室")
    page = render_html(view, "zh-CN", {name: b"" for name in CHARTS})

    # The file's groups first (ZRJ is a county here), the default group last.
    assert [line.code for line in view.departments] == ["ZRJ", "GXJ"]
    assert "得分构成" in page and "基础分 100" in page and "退回重办：每件 −2" in page
