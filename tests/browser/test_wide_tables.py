"""Wide lists in a real browser: at 1280 px each item's light stays on screen (the table
scrolls in its own box, not the page), and on a phone the lists become cards and nothing —
a notice's embedded mail included — widens the page."""

import sqlite3
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import sign_in

OFFICE = "gao.wenbo@example.gov.cn"
# the right edge of every light cell of the page's list, and how wide the window is
LIGHT_EDGES = """() => ({
  edges: [...document.querySelectorAll('table td .light')].map(
    light => light.closest('td').getBoundingClientRect().right),
  width: window.innerWidth,
})"""


def _project_with_requests(db: Path) -> str:
    with sqlite3.connect(db) as connection:
        (code,) = connection.execute(
            "SELECT p.code FROM key_project p JOIN factor_request r ON r.project_id = p.id "
            "GROUP BY p.id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
    return f"/projects/{code}"


def _supervision_notice(db: Path) -> str:
    with sqlite3.connect(db) as connection:
        (notice_id,) = connection.execute(
            "SELECT id FROM notice WHERE kind = 'supervision' ORDER BY id LIMIT 1"
        ).fetchone()
    return f"/notices/{notice_id}"


@pytest.fixture(params=["/requests", "/projects", "project"])
def list_page(request: pytest.FixtureRequest, live_db: Path) -> str:
    return _project_with_requests(live_db) if request.param == "project" else request.param


def test_at_1280_px_every_items_light_is_on_screen(
    page: Page, live_server: str, list_page: str
) -> None:
    sign_in(page, live_server, OFFICE, list_page)

    seen = page.evaluate(LIGHT_EDGES)
    assert seen["edges"], f"{list_page} shows no light"
    assert max(seen["edges"]) <= seen["width"]


def test_on_a_phone_a_list_is_cards_and_the_page_never_scrolls_sideways(
    page: Page, live_server: str, list_page: str, artifacts: Path
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, OFFICE, list_page)

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    seen = page.evaluate(LIGHT_EDGES)
    assert seen["edges"] and max(seen["edges"]) <= 390
    # a card: each cell on its own line, named by its column
    first = page.locator("table.list tbody tr").first.locator("td").first
    assert first.get_attribute("data-label")
    assert first.evaluate("td => getComputedStyle(td).display") == "block"
    name = list_page.strip("/").replace("/", "-")
    page.screenshot(path=str(artifacts / f"phone-{name}.png"), full_page=True)


def test_a_notice_with_its_mail_fits_a_phone(page: Page, live_server: str, live_db: Path) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    path = _supervision_notice(live_db)
    sign_in(page, live_server, OFFICE, path)

    assert page.locator(".notice-body").count() == 1  # the mail as it was sent
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
