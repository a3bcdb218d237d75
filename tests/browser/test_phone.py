"""Forms on a phone: no control sticks out of its card and widens the page (a project's long
name in a select, a file input)."""

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import sign_in


@pytest.mark.parametrize(
    ("person", "path"),
    [
        ("liu.qinghua@huasheng-chem.example.com", "/requests/new"),  # the firm
        ("gao.wenbo@example.gov.cn", "/requests/new"),  # the office: every project
        ("gao.wenbo@example.gov.cn", "/workbook"),
    ],
)
def test_a_form_fits_a_phone(page: Page, live_server: str, person: str, path: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, person, path)

    assert page.url.endswith(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
