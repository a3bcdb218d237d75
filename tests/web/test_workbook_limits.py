"""The web upload keeps the import's sheet limits, from the same settings as the CLI
(CHAINOPS_IMPORT_MAX_ROWS / _MAX_COLUMNS): a sheet past them is listed as a problem (400) and
nothing is written, the page never a 500."""

import io
import sqlite3
from pathlib import Path

import httpx
import openpyxl
import pytest
from fastapi.testclient import TestClient

from chainops.settings import Settings

from .conftest import csrf_of, sign_in

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def app_settings(web_db: Path, tmp_path: Path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{web_db}",
        locale="en",
        reports_dir=tmp_path / "reports",
        environment="test",
        secret_key="a-test-secret-that-is-long-enough",  # type: ignore[arg-type]
        import_max_rows=3,
    )


def _upload(client: TestClient, name: str, content: bytes) -> httpx.Response:
    csrf = csrf_of(client.get("/workbook").text)
    return client.post(
        "/workbook/import",
        data={"csrf_token": csrf},
        files={"file": (name, content, XLSX)},
        follow_redirects=False,
    )


def _audit_events(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute("SELECT count(*) FROM audit_event").fetchone()[0])


def test_a_sheet_past_the_configured_rows_is_refused_on_the_page(
    client: TestClient, web_db: Path
) -> None:
    sign_in(client, "office")
    events = _audit_events(web_db)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Departments"
    for row in (
        ["Code", "Name (Chinese)"],
        ["GXJ", "工信局"],
        ["ZRJ", "自然资源局"],
        ["X", "某局"],
    ):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)

    refused = _upload(client, "four.xlsx", buffer.getvalue())

    assert refused.status_code == 400
    assert "the sheet declares 4 rows × 2 columns; a sheet may have at most 3 rows" in (
        refused.text
    )
    assert _audit_events(web_db) == events
