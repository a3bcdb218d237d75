"""The bulletin's supervision section and ladder chart (issue 18) from frozen figures: the
hand-worked November of ``tests/mechanism/test_supervision.py``, shown for the city and a chain."""

from dataclasses import replace
from typing import Any

import pytest

from notifications.reports.charts import ladder_chart
from notifications.reports.html import render_html
from notifications.reports.supervision import supervision_section
from notifications.reports.view import BulletinView
from tests.mechanism.test_supervision import LADDER, MONTH, YEAR_TO_DATE
from tests.notifications.test_reports import view  # noqa: F401  (the fixture)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SUPERVISION: dict[str, Any] = {"month": MONTH, "year_to_date": YEAR_TO_DATE, "ladder": LADDER}


@pytest.fixture
def supervised(view: BulletinView) -> BulletinView:  # noqa: F811
    city = replace(view.city, figures={**view.city.figures, "supervision": SUPERVISION})
    first = replace(view.chains[0], figures={**view.chains[0].figures, "supervision": SUPERVISION})
    return replace(view, city=city, chains=[first, *view.chains[1:]])


def test_the_section_shows_the_month_and_the_year_to_date(supervised: BulletinView) -> None:
    section = supervision_section(supervised, "zh-CN")

    assert section["frozen"]
    assert section["figures"][0] == ["按时办结率", "60.0%", "44.4%"]
    assert ["平均办理用时（工作日）", "14.2", "12.9"] in section["figures"]
    assert ["每件催办次数", "1.00", "0.78"] in section["figures"]
    assert section["rungs"][0] == [
        "0", "提醒函", "2", "2", "1", "1.8", "25", "43", "3", "1", "33.3%",
    ]  # fmt: skip
    assert section["rungs"][3][-3:] == ["0", "0", "—"]  # nothing reached supervision's rung
    assert "2件未经任何提醒即办结" in section["note"]
    # The first chain carries the figures; the others were closed without them: dashes.
    assert section["chains"][0][1] == "60.0%" and section["chains"][1][1:] == ["—"] * 6


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_the_page_carries_the_section_and_the_ladder_chart(
    supervised: BulletinView, locale: str
) -> None:
    page = render_html(supervised, locale)

    assert 'id="supervision"' in page and 'id="supervision-ladder"' in page
    assert ("按时办结率" if locale == "zh-CN" else "Closed on time (of due)") in page
    png = ladder_chart(supervised, locale)
    assert png.startswith(PNG_SIGNATURE) and len(png) > 10_000


def test_a_month_closed_before_the_figures_says_so(view: BulletinView) -> None:  # noqa: F811
    section = supervision_section(view, "en")

    assert not section["frozen"]
    assert "closed before" in section["words"]["none"]
    assert ladder_chart(view, "en").startswith(PNG_SIGNATURE)
