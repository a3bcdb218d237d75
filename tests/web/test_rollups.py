"""Monthly bulletins: every official reads them, as published or from the frozen figures."""

import io
import shutil
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient

from chainops.settings import Settings

from .conftest import sign_in


@pytest.fixture
def published(demo_db: Path, app_settings: Settings) -> Path:
    """The demo's bulletin files, where the app looks for them."""
    shutil.copytree(demo_db.parent / "reports", app_settings.reports_dir)
    return app_settings.reports_dir


@pytest.mark.parametrize("persona", ["leader", "office"])
def test_the_october_bulletin_opens_as_published(
    client: TestClient, published: Path, persona: str
) -> None:
    sign_in(client, persona)

    listed = client.get("/rollups")
    shown = client.get("/rollups/2026-10")

    assert listed.status_code == 200
    assert 'href="/rollups/2026-10"' in listed.text
    assert 'href="/rollups/2026-11"' in listed.text
    assert shown.status_code == 200
    assert "Monthly bulletin, October 2026" in shown.text
    assert 'id="bulletin"' in shown.text and "srcdoc=" in shown.text
    stored = (published / "2026-10" / "bulletin.en.html").read_text(encoding="utf-8")
    title = stored.split("<title>")[1].split("</title>")[0]
    assert title in shown.text  # the stored page, embedded (escaped inside srcdoc)


def test_the_link_in_a_chain_leaders_mail_puts_the_chain_first(
    client: TestClient, published: Path
) -> None:
    sign_in(client, "leader")

    shown = client.get("/rollups/2026-10", params={"chain": "BEARING"})

    assert shown.status_code == 200
    assert 'id="highlight"' in shown.text
    assert "This chain: Bearings" in shown.text
    assert shown.text.index('id="highlight"') < shown.text.index('id="bulletin"')


def test_a_missing_bulletin_file_shows_the_frozen_figures(client: TestClient) -> None:
    sign_in(client, "chief")

    shown = client.get("/rollups/2026-10", params={"chain": "BEARING"})

    assert shown.status_code == 200
    assert "The bulletin file for this month is missing" in shown.text
    assert 'id="figures-chains"' in shown.text
    assert 'id="figures-departments"' in shown.text
    assert 'class="highlight"' in shown.text


def test_the_bulletin_reads_in_chinese(client: TestClient, published: Path) -> None:
    sign_in(client, "dept")
    client.get("/lang/zh-CN")

    listed = client.get("/rollups")
    shown = client.get("/rollups/2026-10")

    assert "2026年10月" in listed.text
    assert "2026年10月月度通报" in shown.text
    assert "rollup." not in shown.text.split('srcdoc="')[0]  # every label translated


@pytest.mark.parametrize("with_file", [True, False])
def test_the_bulletin_workbook_downloads(
    client: TestClient, demo_db: Path, app_settings: Settings, with_file: bool
) -> None:
    if with_file:
        shutil.copytree(demo_db.parent / "reports", app_settings.reports_dir)
    sign_in(client, "team")

    download = client.get("/rollups/2026-10/xlsx")

    assert download.status_code == 200
    assert download.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="rollup-2026-10.en.xlsx"' in download.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(download.content))
    assert book.sheetnames


@pytest.mark.parametrize("persona", ["firm", "outsider"])
def test_firms_and_outsiders_do_not_see_bulletins(
    client: TestClient, published: Path, persona: str
) -> None:
    sign_in(client, persona)

    for path in ("/rollups", "/rollups/2026-10", "/rollups/2026-10/xlsx"):
        assert client.get(path).status_code == 404, path


def test_a_month_not_closed_or_not_a_month_is_not_found(client: TestClient) -> None:
    sign_in(client, "office")

    for path in (
        "/rollups/2026-12",
        "/rollups/2026-13",
        "/rollups/october",
        "/rollups/2026-12/xlsx",
    ):
        assert client.get(path).status_code == 404, path


def test_signed_out_readers_are_sent_to_sign_in_and_back(client: TestClient) -> None:
    away = client.get("/rollups/2026-10?chain=BEARING", follow_redirects=False)

    assert away.status_code == 303
    assert away.headers["location"] == "/login?next=/rollups/2026-10?chain=BEARING"
