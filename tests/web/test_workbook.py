"""The city workbook: export, import validated whole, and only for the office."""

import io
import sqlite3
from pathlib import Path

import httpx
import openpyxl
import pytest
from fastapi.testclient import TestClient

from .conftest import csrf_of, sign_in

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _upload(
    client: TestClient, name: str, content: bytes, token: str | None = None
) -> httpx.Response:
    csrf = token or csrf_of(client.get("/workbook").text)
    return client.post(
        "/workbook/import",
        data={"csrf_token": csrf},
        files={"file": (name, content, XLSX)},
        follow_redirects=False,
    )


def test_exporting_then_importing_the_export_changes_nothing(
    client: TestClient, web_db: Path
) -> None:
    sign_in(client, "office")
    events = _count(web_db, "audit_event")

    exported = client.get("/workbook/export")
    imported = _upload(client, "city.xlsx", exported.content)
    shown = client.get("/workbook")

    assert exported.status_code == 200
    assert exported.headers["content-type"] == XLSX
    assert ".en.xlsx" in exported.headers["content-disposition"]
    assert imported.status_code == 303
    assert imported.headers["location"] == "/workbook"
    assert "city.xlsx: imported." in shown.text
    assert "Nothing changed" in shown.text
    assert _count(web_db, "audit_event") == events
    assert "Nothing changed" not in client.get("/workbook").text  # said once


def test_a_workbook_with_a_bad_row_lists_the_problem_and_writes_nothing(
    client: TestClient, web_db: Path
) -> None:
    sign_in(client, "office")
    book = openpyxl.load_workbook(io.BytesIO(client.get("/workbook/export").content))
    enterprises = book["Enterprises"]
    headers = [cell.value for cell in enterprises[1]]
    name_column = next(i for i, h in enumerate(headers, start=1) if "name" in str(h).lower())
    code_column = next(i for i, h in enumerate(headers, start=1) if "credit" in str(h).lower())
    enterprises.cell(row=2, column=name_column).value = "A renamed enterprise"  # a good change
    enterprises.cell(row=3, column=code_column).value = "not-a-credit-code"  # and a bad one
    buffer = io.BytesIO()
    book.save(buffer)
    events = _count(web_db, "audit_event")

    refused = _upload(client, "city.xlsx", buffer.getvalue())

    assert refused.status_code == 400
    text = refused.text
    assert "nothing was imported" in text
    assert 'id="import-errors"' in text
    row = text.split('id="import-errors"')[1]
    assert "<td>Enterprises</td><td>3</td>" in row
    assert str(headers[code_column - 1]) in row
    assert _count(web_db, "audit_event") == events
    with sqlite3.connect(web_db) as connection:
        renamed = connection.execute(
            "SELECT count(*) FROM enterprise WHERE name = 'A renamed enterprise'"
        ).fetchone()[0]
    assert renamed == 0


def test_a_file_that_is_not_a_workbook_is_refused_clearly(client: TestClient) -> None:
    sign_in(client, "office")

    text_file = _upload(client, "notes.txt", b"hello")
    disguised = _upload(client, "notes.xlsx", b"hello, I am not a zip file")
    nothing = client.post(
        "/workbook/import", data={"csrf_token": csrf_of(client.get("/workbook").text)}
    )

    assert text_file.status_code == 400
    assert "file: notes.txt is not an .xlsx workbook." in text_file.text
    assert disguised.status_code == 400
    assert "cannot read as .xlsx" in disguised.text
    assert nothing.status_code == 400
    assert "file: choose a workbook to import." in nothing.text


def test_the_template_downloads_as_a_workbook(client: TestClient) -> None:
    sign_in(client, "office")

    template = client.get("/workbook/template")

    assert template.status_code == 200
    assert "Enterprises" in openpyxl.load_workbook(io.BytesIO(template.content)).sheetnames


@pytest.mark.parametrize("persona", ["team", "dept", "leader", "chief", "firm", "outsider"])
def test_only_the_office_may_use_the_workbook(client: TestClient, persona: str) -> None:
    sign_in(client, persona)
    token = csrf_of(client.get("/login").text)

    for path in ("/workbook", "/workbook/export", "/workbook/template"):
        assert client.get(path).status_code == 403, path
    assert _upload(client, "city.xlsx", b"x", token).status_code == 403


def test_an_import_without_the_form_token_is_refused(client: TestClient, web_db: Path) -> None:
    sign_in(client, "office")
    exported = client.get("/workbook/export").content
    events = _count(web_db, "audit_event")

    refused = _upload(client, "city.xlsx", exported, token="forged")

    assert refused.status_code == 400
    assert _count(web_db, "audit_event") == events


def test_the_workbook_page_speaks_chinese(client: TestClient) -> None:
    sign_in(client, "office")
    client.get("/lang/zh-CN")

    shown = client.get("/workbook")
    exported = client.get("/workbook/export")

    assert "数据导入导出" in shown.text
    assert "workbook." not in shown.text
    assert "企业" in openpyxl.load_workbook(io.BytesIO(exported.content)).sheetnames
