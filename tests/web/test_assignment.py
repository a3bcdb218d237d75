"""Assigning a task from the chain page or the API: its requirements (工作要求) are on the task
page, the edit form can change them, and the assignment notice (交办单) is issued with it."""

import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from fastapi.testclient import TestClient

from chainops import wiring
from chainops.settings import Settings
from models.db import session_scope
from services.people import issue_token
from tests.web.conftest import PERSONAS, csrf_of, sign_in

REQUIREMENTS = "组织不少于20家企业参会；\n会后5个工作日内报送对接成果清单。"


def _assignments(db: Path, title: str) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT notice.number, outbox_message.recipient_role FROM notice"
            " JOIN task ON task.id = notice.subject_id AND notice.subject_type = 'task'"
            " JOIN outbox_message ON outbox_message.notice_id = notice.id"
            " WHERE notice.kind = 'assignment' AND task.title = ? ORDER BY outbox_message.id",
            (title,),
        ).fetchall()


def test_a_task_assigned_on_the_chain_page_shows_its_requirements_and_is_handed_over(
    client: TestClient, web_db: Path
) -> None:
    sign_in(client, "office")
    form = {
        "csrf_token": csrf_of(client.get("/chains/BEARING").text),
        "title": "组织轴承产业对接会",
        "requirements": REQUIREMENTS,
        "lead_department": "GXJ",
        "owner": "guo.jiaqi@example.gov.cn",
        "working_days": "5",
    }
    response = client.post("/chains/BEARING/tasks", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    page = client.get(response.headers["location"]).text
    shown = re.search(r'<dd id="requirements"[^>]*>(.*?)</dd>', page, re.S)
    assert shown and shown.group(1) == REQUIREMENTS

    sent = _assignments(web_db, "组织轴承产业对接会")
    assert [role for _, role in sent] == ["owner", "lead_department"]
    assert all(number and "交〔" in number for number, _ in sent)

    task_path = response.headers["location"]
    edit = {"csrf_token": csrf_of(page), "title": "组织轴承产业对接会", "requirements": ""}
    edited = client.post(f"{task_path}/edit", data=edit, follow_redirects=True)
    assert re.search(r'<dd id="requirements"[^>]*>—</dd>', edited.text)


def test_requirements_past_2000_characters_are_refused_on_the_page_in_its_language(
    client: TestClient,
) -> None:
    sign_in(client, "office")
    form = {
        "title": "组织轴承产业对接会",
        "requirements": "要" * 2001,
        "lead_department": "GXJ",
        "owner": "guo.jiaqi@example.gov.cn",
        "working_days": "5",
    }
    for words in ("requirements: at most 2000 characters, not 2001", "工作要求：最多 2000 个字"):
        form["csrf_token"] = csrf_of(client.get("/chains/BEARING").text)
        response = client.post("/chains/BEARING/tasks", data=form, follow_redirects=False)
        assert response.status_code == 400
        assert words in response.text
        client.get("/lang/zh-CN")


def test_the_api_assigns_with_requirements_and_returns_them(
    client: TestClient, app_settings: Settings
) -> None:
    with session_scope(wiring.engine(app_settings)) as session:
        token = issue_token(
            session=session, username=PERSONAS["office"], name="t", now=datetime.now(UTC)
        )
    body = {
        "chain": "BEARING",
        "title": "组织轴承产业对接会",
        "requirements": REQUIREMENTS,
        "lead_department": "GXJ",
        "owner": "guo.jiaqi@example.gov.cn",
        "working_days": 5,
    }
    headers = {"Authorization": f"Bearer {token}"}
    response = client.post("/api/tasks", json=body, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json()["requirements"] == REQUIREMENTS


def _overdue_task_of(db: Path, email: str) -> int:
    with sqlite3.connect(db) as connection:
        row = connection.execute(
            "SELECT task.id FROM task JOIN person ON person.id = task.owner_id"
            " WHERE person.email = ? AND task.state IN ('accepted', 'in_progress')"
            " AND task.due_date < ? ORDER BY task.id LIMIT 1",
            (email, datetime.now(UTC).date().isoformat()),
        ).fetchone()
    assert row, f"the demo city has no overdue task of {email}"
    return int(row[0])


def test_an_overdue_task_says_why_it_offers_no_extension(
    client: TestClient, web_db: Path
) -> None:
    sign_in(client, "team")
    late = client.get(f"/tasks/{_overdue_task_of(web_db, PERSONAS['team'])}").text
    assert 'id="extension-closed"' in late and 'id="form-extension"' not in late
    assert "an extension can no longer be requested" in late


def test_what_a_request_holds_up_is_named_in_the_pages_language_and_linked(
    client: TestClient, web_db: Path
) -> None:
    with sqlite3.connect(web_db) as connection:
        found = connection.execute(
            "SELECT factor_request.code, key_project.code FROM key_project"
            " JOIN factor_request ON factor_request.id = key_project.blocked_by_request_id"
            " WHERE key_project.state = 'active' LIMIT 1"
        ).fetchone()
        if found is None:  # make one: the demo's first active project waits on a request
            request, = connection.execute("SELECT id, code FROM factor_request LIMIT 1").fetchall()
            connection.execute(
                "UPDATE key_project SET blocked_by_request_id = ? WHERE id ="
                " (SELECT min(id) FROM key_project WHERE state = 'active')",
                (request[0],),
            )
            found = connection.execute(
                "SELECT factor_request.code, key_project.code FROM key_project"
                " JOIN factor_request ON factor_request.id = key_project.blocked_by_request_id"
            ).fetchone()
    request_code, project_code = found
    sign_in(client, "office")
    client.get("/lang/zh-CN")
    page = client.get(f"/requests/{request_code}").text
    assert f'<a href="/projects/{project_code}">重点项目 {project_code}</a>' in page
