"""The chain map on a phone: the stacked picture is shown (the wide one hidden), it fits the
screen and its nodes are there to tap; on a desk the three columns show."""

from playwright.sync_api import Page

from tests.browser.conftest import sign_in


def test_the_map_is_visible_and_fits_at_phone_width(page: Page, live_server: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "gao.wenbo@example.gov.cn", "/chains/BEARING")
    narrow = page.locator("#chain-map .map-narrow svg")
    assert narrow.is_visible()
    assert not page.locator("#chain-map .map-wide svg").is_visible()
    box = narrow.bounding_box()
    assert box is not None and box["width"] <= 390 and box["height"] > 200
    assert page.locator("#chain-map .map-narrow g.node").count() > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_three_columns_show_on_a_desk(page: Page, live_server: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, "gao.wenbo@example.gov.cn", "/chains/BEARING")
    assert page.locator("#chain-map .map-wide svg").is_visible()
    assert not page.locator("#chain-map .map-narrow svg").is_visible()
