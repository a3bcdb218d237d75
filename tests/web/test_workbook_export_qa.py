"""QA found the workbook export leaving out the tasks assigned on the chain page (136 tasks in
the database, 130 in the export, and a re-import said "no changes"). Nothing is ever lost: the
export carries every task, and importing it back changes nothing."""

import io
import sqlite3
from pathlib import Path

import httpx
import openpyxl
from fastapi.testclient import TestClient

from .conftest import csrf_of, sign_in

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _assign(client: TestClient, title: str, source: str, start: str) -> None:
    html = client.get("/chains/BEARING").text
    form = {
        "csrf_token": csrf_of(html),
        "title": title,
        "lead_department": "GXJ",
        "owner": "guo.jiaqi@example.gov.cn",
        "start": start,
        "due": "2026-12-25",
        "source": source,
        "co:ZRJ": "1",
    }
    response = client.post("/chains/BEARING/tasks", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text


def _upload(client: TestClient, content: bytes) -> httpx.Response:
    response: httpx.Response = client.post(
        "/workbook/import",
        data={"csrf_token": csrf_of(client.get("/workbook").text)},
        files={"file": ("city.xlsx", content, XLSX)},
        follow_redirects=False,
    )
    return response


def _query(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchall()


def test_tasks_assigned_on_the_chain_page_are_in_the_export_and_import_back_unchanged(
    client: TestClient, web_db: Path
) -> None:
    sign_in(client, "office")
    _assign(client, "开展轴承产业链专题调研", "meeting", "2026-11-27")
    _assign(client, "落实市长批示：轴承钢保供", "leader_instruction", "2026-11-26")
    events = _query(web_db, "SELECT count(*) FROM audit_event")

    exported = client.get("/workbook/export")
    imported = _upload(client, exported.content)
    shown = client.get("/workbook").text

    book = openpyxl.load_workbook(io.BytesIO(exported.content))
    every = [row for row in book["Assigned tasks"].iter_rows(min_row=2, values_only=True)]
    # The demo's reminder tasks for two titles' reviews (issue 16), its matchmaking follow-ups,
    # the task of a benchmarking gap and its pipeline projects' filing tasks (issue 17), and
    # the standing practices' periods and the task the November tour's problem became (issue 18)
    # are outside the plan too.
    outside_kinds = (
        "Designation",
        "Matchmaking follow-up",
        "Benchmarking gap",
        "Investment filing",
        "Standing practice",
        "Problem found by a practice",
    )
    assigned = [row for row in every if row[2] not in outside_kinds]
    plan = book["Plan tasks"].max_row - 1
    outside = _query(
        web_db,
        "SELECT title, source FROM task WHERE plan_item_id IS NULL"
        " AND source NOT IN ('designation', 'matchmaking', 'benchmark', 'investment', 'practice',"
        " 'practice_problem')"
        " ORDER BY title",
    )
    assert sorted((row[1], row[2]) for row in assigned) == [
        ("开展轴承产业链专题调研", "Meeting"),
        ("落实市长批示：轴承钢保供", "Leader instruction"),
    ]
    assert len(outside) == len(assigned) == 2
    assert plan + len(every) == _query(web_db, "SELECT count(*) FROM task")[0][0]
    assert imported.status_code == 303
    assert "Nothing changed" in shown
    assert _query(web_db, "SELECT count(*) FROM audit_event") == events
    assert len(_query(web_db, "SELECT id FROM task WHERE plan_item_id IS NULL")) == len(every)


def test_the_export_page_says_every_task_is_in_the_workbook(client: TestClient) -> None:
    sign_in(client, "office")

    english = client.get("/workbook").text
    client.get("/lang/zh-CN")
    chinese = client.get("/workbook").text

    assert "It holds every task" in english
    assert "Assigned tasks sheet" in english
    assert "「交办事项」表" in chinese
