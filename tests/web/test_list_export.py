"""Export the list you are looking at (导出 Excel): the task, project, request and notice lists,
by the link on each and by ``?format=xlsx``, every row the filters keep (not just the page),
headers in the page's language, and text that looks like a formula kept as text."""

import html
import io
import re
from typing import Any
from urllib.parse import unquote

import openpyxl
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from chainops import wiring
from models import Task
from tests.conftest import NOW
from tests.web.conftest import sign_in
from web.pages import export

INJECTION = "=cmd|' /C calc'!A0"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wiring, "now", lambda: NOW)


def sheet_of(response: Any) -> list[list[Any]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == export.XLSX
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return [[cell.value for cell in row] for row in book.active.iter_rows()]


def export_link(page: str) -> str:
    found = re.search(r'<a id="export" href="([^"]+)"', page)
    assert found, "the list has no export link"
    return html.unescape(found.group(1))


def test_the_task_list_exports_every_row_its_filters_keep_not_just_the_page(
    client: TestClient,
) -> None:
    sign_in(client, "office")
    page = client.get("/tasks", params={"state": "open", "sort": "light", "page": "2"}).text
    total = int(re.search(r"(\d+) tasks, page 2", page).group(1))  # type: ignore[union-attr]
    assert total > 50
    link = export_link(page)
    assert "format=xlsx" in link and "state=open" in link and "page=" not in link
    response = client.get(link)
    disposition = response.headers["content-disposition"]
    assert 'filename="tasks-2026-11-27.xlsx"' in disposition
    rows = sheet_of(response)
    assert rows[0][:4] == ["ID", "Chain", "Task", "Lead department"]
    assert "Why" in rows[0] and "Ladder rung" in rows[0]
    assert len(rows) == 1 + total
    lights = [row[rows[0].index("Light")] for row in rows[1:]]
    assert lights == sorted(lights, key=["Red", "Yellow", "Green"].index)  # red first, as listed
    states = {row[rows[0].index("State")] for row in rows[1:]}
    assert "Signed off" not in states


def test_headers_and_labels_are_in_the_pages_language(client: TestClient) -> None:
    sign_in(client, "office")
    client.get("/lang/zh-CN")
    response = client.get("/tasks", params={"light": "red", "format": "xlsx"})
    disposition = response.headers["content-disposition"]
    assert unquote(disposition.split("UTF-8''", 1)[1]) == "督办事项-2026-11-27.xlsx"
    rows = sheet_of(response)
    assert rows[0][:5] == ["编号", "产业链", "督办事项", "牵头部门", "责任人"]
    assert {row[rows[0].index("灯色")] for row in rows[1:]} == {"红灯"}
    assert any(str(row[rows[0].index("原因")]).startswith("逾期") for row in rows[1:])

    for path, first in [
        ("/projects", "项目编号"),
        ("/requests", "诉求编号"),
        ("/notices", "类型"),
    ]:
        assert sheet_of(client.get(path, params={"format": "xlsx"}))[0][0] == first, path


def test_text_that_looks_like_a_formula_stays_text(client: TestClient) -> None:
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        task = session.exec(select(Task).where(Task.light == "red")).first()
        assert task is not None
        task.title = INJECTION
        session.add(task)
        session.commit()
    sign_in(client, "office")
    response = client.get("/tasks", params={"q": "cmd|", "format": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cell = book.active.cell(row=2, column=3)
    assert (cell.value, cell.data_type) == (INJECTION, "s")
    assert book.active.max_row == 2


def test_projects_requests_and_notices_export_what_their_filters_keep(client: TestClient) -> None:
    sign_in(client, "office")
    page = client.get("/projects", params={"chain": "BEARING"}).text
    listed = re.findall(r'<td[^>]*><a href="/projects/([^"]+)">', page)
    rows = sheet_of(client.get(export_link(page)))
    assert rows[0][:3] == ["Code", "Project", "Chain"]
    assert [row[0] for row in rows[1:]] == listed and listed
    assert {row[2] for row in rows[1:]} == {"Bearings"}

    page = client.get("/requests", params={"state": "submitted"}).text
    listed = re.findall(r'<td[^>]*><a href="/requests/([^"]+)">', page)
    rows = sheet_of(client.get(export_link(page)))
    assert [row[0] for row in rows[1:]] == listed and listed
    assert {row[rows[0].index("State")] for row in rows[1:]} == {"Submitted"}

    page = client.get("/notices", params={"kind": "supervision"}).text
    total = int(re.search(r"(\d+) in all", page).group(1))  # type: ignore[union-attr]
    rows = sheet_of(client.get(export_link(page)))
    assert len(rows) == 1 + total > 1
    assert {row[0] for row in rows[1:]} == {"Supervision notice"}


def test_a_list_longer_than_an_export_holds_is_refused_with_the_count(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "MAX_ROWS", 3)
    sign_in(client, "office")
    for path in ("/tasks", "/projects", "/requests", "/notices"):
        refused = client.get(path, params={"format": "xlsx"})
        assert refused.status_code == 400, path
        said = refused.text.split('id="export-refused">', 1)[1].split("</p>", 1)[0]
        assert "more than the 3 one export may hold" in said and "narrow the filters" in said
    small = client.get("/tasks", params={"q": "一链一策", "format": "xlsx"})
    assert 1 < len(sheet_of(small)) <= 4


def test_an_unknown_format_is_refused_by_name(client: TestClient) -> None:
    sign_in(client, "team")
    for path in ("/projects", "/requests", "/notices"):
        refused = client.get(path, params={"format": "pdf"})
        assert refused.status_code == 400 and "format: pdf" in refused.text, path
    assert client.get("/tasks", params={"format": "pdf"}).status_code == 400


def test_a_department_exports_only_what_it_may_see(client: TestClient) -> None:
    sign_in(client, "dept")
    rows = sheet_of(client.get("/tasks", params={"format": "xlsx"}))
    page = client.get("/tasks").text
    total = int(re.search(r"(\d+) tasks", page).group(1))  # type: ignore[union-attr]
    assert len(rows) == 1 + total
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        assert total < len(session.exec(select(Task)).all())
    emails = {row[rows[0].index("Owner's email")] for row in rows[1:]}
    departments = {row[rows[0].index("Lead department")] for row in rows[1:]}
    assert "Natural Resources and Planning Bureau" in departments or emails == {
        "liang.xiaoyan@example.gov.cn"
    }
