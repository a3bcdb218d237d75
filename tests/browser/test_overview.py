"""The office signs in in a real browser and reads the city overview (its screenshot is kept)."""

from pathlib import Path

import pytest
from playwright.sync_api import Page

from chainops.settings import Settings
from tests.browser.conftest import sign_in


def test_the_office_reads_the_overview_in_chinese_and_its_screenshot_is_kept(
    page: Page, live_server: str, artifacts: Path
) -> None:
    sign_in(page, live_server, "gao.wenbo@example.gov.cn", "/city")

    assert page.locator("h1").first.inner_text().startswith("全市总览")
    assert page.locator("#chains tbody tr").count() == 10
    assert page.locator("#red_list tbody tr").count() > 0
    page.screenshot(path=str(artifacts / "overview.png"), full_page=True)
    assert (artifacts / "overview.png").stat().st_size > 10_000


@pytest.fixture
def live_settings(live_settings: Settings, tmp_path: Path) -> Settings:
    """The calendar file in a deep folder: the overview's calendar warning names its path, one
    long unbreakable word (CI once failed here, its checkout's path being longer than ours)."""
    deep = tmp_path.joinpath(*["a_rather_long_folder_name_of_a_checkout"] * 4) / "calendar.yaml"
    deep.parent.mkdir(parents=True)
    deep.write_bytes(live_settings.calendar_file.read_bytes())
    return live_settings.model_copy(update={"calendar_file": deep})


def test_the_overview_is_readable_on_a_phone(page: Page, live_server: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "gao.wenbo@example.gov.cn", "/city")  # the office: the warning

    # the page itself does not scroll sideways; only the tables inside their frames do
    assert "a_rather_long_folder_name" in page.inner_text("[role=alert]")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    assert page.locator("#chains tbody tr").count() == 10
