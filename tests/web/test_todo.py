"""The to-do home (待办) of every persona — the page at /, GET /api/todo and `chainops todo`
— checked against a plain filter of every item in the demo city."""

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from typer.testing import CliRunner

from chainops import wiring
from chainops.cli import app as cli
from chainops.settings import Settings, get_settings
from mechanism.project_lights import add_months, month_of
from mechanism.vocabulary import Light
from models import (
    ExtensionRequest,
    FactorRequest,
    Feedback,
    KeyProject,
    Notice,
    OutboxMessage,
    ProjectMilestone,
    ProjectMonthlyReport,
    Task,
)
from models.db import session_scope
from services.people import issue_token, viewer_by_email
from services.todo import LISTS
from tests.web.conftest import PERSONAS, sign_in

NOW = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)  # 09:00 in the city, the demo's last day
TODAY = date(2026, 12, 1)
WAITING = {"assigned", "accepted", "in_progress", "blocked"}
HANDLED = {"submitted", "accepted", "reopened", "in_progress"}  # a department acts on these


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wiring, "now", lambda: NOW)


def expected(session: Session, email: str) -> dict[str, set[Any]]:
    """What is waiting on ``email``, by a plain filter of every row (no query of the service)."""
    viewer = viewer_by_email(session, email)
    person, department = viewer.actor.person_id, viewer.department_id
    emails = {e for e in (viewer.username, viewer.actor.label) if "@" in e} | viewer.mailboxes
    tasks = {t.id: t for t in session.exec(select(Task))}
    found: dict[str, set[Any]] = {key: set() for key in LISTS}
    found["tasks"] = {
        t.id
        for t in tasks.values()
        if t.state in WAITING and (t.owner_id == person or t.lead_department_id == department)
    }
    notices = {n.id: n for n in session.exec(select(Notice))}
    for row in session.exec(select(OutboxMessage)):
        notice = notices[row.notice_id]
        task = tasks.get(notice.subject_id) if notice.subject_type == "task" else None
        if (
            row.recipient_email.lower() in emails
            and row.acknowledged_at is None
            and notice.kind != "monthly_rollup"
            and (task is None or task.state not in ("signed_off", "cancelled"))
        ):
            found["notices"].add(notice.id)
    for r in session.exec(select(FactorRequest)):
        if viewer.enterprise_id is not None:
            if r.enterprise_id == viewer.enterprise_id and r.state in ("resolved", "rejected"):
                found["requests"].add(r.code)
        elif r.department_id == department and r.state in HANDLED:
            found["requests"].add(r.code)
    if viewer.is_office:
        found["sign_offs"] = {t.id for t in tasks.values() if t.state == "submitted"}
        found["extensions"] = {
            e.id for e in session.exec(select(ExtensionRequest)) if e.state == "pending"
        }
        found["feedback"] = {f.id for f in session.exec(select(Feedback)) if f.handled_at is None}
    month = add_months(month_of(TODAY), -1)
    reported = {
        r.project_id for r in session.exec(select(ProjectMonthlyReport)) if r.month >= month
    }
    producing = {
        m.project_id
        for m in session.exec(select(ProjectMilestone))
        if m.kind == "production" and m.actual_date
    }
    for p in session.exec(select(KeyProject)):
        whose = (
            p.enterprise_id == viewer.enterprise_id
            if viewer.enterprise_id is not None
            else p.chain_id in viewer.team_chains
        )
        if (
            whose
            and p.state == "active"
            and p.year == month.year
            and p.id not in reported | producing
        ):
            found["reports_due"].add(p.code)
    if viewer.chief or viewer.leader_chains:
        red = [
            ("task", t.id, t.chain_id)
            for t in tasks.values()
            if t.light == "red" and t.state in WAITING
        ]
        red += [
            ("project", p.code, p.chain_id)
            for p in session.exec(select(KeyProject))
            if p.light == "red" and p.state == "active"
        ]
        red += [
            ("request", r.code, r.chain_id)
            for r in session.exec(select(FactorRequest))
            if r.light == "red" and r.state in HANDLED
        ]
        found["red_items"] = {
            (kind, key)
            for kind, key, chain_id in red
            if viewer.chief or chain_id in viewer.leader_chains
        }
    return found


def ids(key: str, lines: list[dict[str, Any]]) -> set[Any]:
    if key == "red_items":
        return {
            (line["kind"], line["id"] if line["kind"] == "task" else line["code"]) for line in lines
        }
    if key in ("requests", "reports_due"):
        return {line["code"] for line in lines}
    return {line["id"] for line in lines}


def api_todo(client: TestClient, settings: Settings, persona: str) -> dict[str, Any]:
    with session_scope(wiring.engine(settings)) as session:
        token = issue_token(session=session, username=PERSONAS[persona], name="t", now=NOW)
    response = client.get("/api/todo", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_each_persona_s_todo_is_what_a_plain_filter_finds(
    client: TestClient, app_settings: Settings, persona: str
) -> None:
    body = api_todo(client, app_settings, persona)
    with session_scope(wiring.engine(app_settings)) as session:
        if persona == "outsider":
            want = {key: set() for key in LISTS}
        else:
            want = expected(session, PERSONAS[persona])
    for key in LISTS:
        assert body["counts"][key] == len(want[key]), key
        assert ids(key, body[key]) <= want[key], key
        assert len(body[key]) == min(50, len(want[key])), key
    assert set(body) == {"today", "counts", *LISTS}


def test_tasks_come_most_urgent_first_with_why_and_days_left(
    client: TestClient, app_settings: Settings
) -> None:
    lines = api_todo(client, app_settings, "dept")["tasks"]
    assert lines, "the department leads open tasks in the demo city"
    rank = {"red": 0, "yellow": 1, "green": 2}
    order = [(rank[line["light"]], line["due_date"], line["id"]) for line in lines]
    assert order == sorted(order)
    for line in lines:
        assert (line["reason"] is None) == (line["light"] == Light.GREEN.value)
        assert line["overdue"] == (date.fromisoformat(line["due_date"]) < TODAY)
        assert line["path"] == f"/tasks/{line['id']}"


def test_the_home_page_lists_the_same_items_in_both_languages(
    client: TestClient, app_settings: Settings
) -> None:
    body = api_todo(client, app_settings, "dept")
    sign_in(client, "dept")
    page = client.get("/").text
    assert "To do" in page and "全市总览" not in page
    for line in body["tasks"]:
        assert f'href="/tasks/{line["id"]}"' in page
    for line in body["notices"]:
        assert f'href="/notices/{line["id"]}"' in page
    for line in body["requests"]:
        assert f'href="/requests/{line["code"]}"' in page
    client.get("/lang/zh-CN")
    page = client.get("/").text
    assert "我负责或本部门牵头的任务" in page and "待签收的通知" in page
    red = [line for line in body["tasks"] if line["light"] == "red"]
    assert red and red[0]["reason_zh"] in page  # 逾期 N 个工作日 / 进度落后 N 个百分点


def test_the_city_overview_moved_to_city_for_those_who_read_chains(client: TestClient) -> None:
    for persona, status in (("office", 200), ("leader", 200), ("dept", 403), ("firm", 403)):
        client.cookies.clear()
        sign_in(client, persona)
        assert client.get("/city").status_code == status, persona
        menu = client.get("/").text
        assert ('href="/city"' in menu) == (status == 200), persona


def test_the_office_finds_extensions_and_sign_offs(
    client: TestClient, app_settings: Settings
) -> None:
    with session_scope(wiring.engine(app_settings)) as session:
        open_task = session.exec(select(Task).where(Task.state == "in_progress")).first()
        assert open_task is not None
        open_task.state = "submitted"
        other = session.exec(
            select(Task).where(
                Task.state.in_(WAITING),
                Task.due_date > TODAY,
                Task.id != open_task.id,  # type: ignore[attr-defined]
            )
        ).first()
        assert other is not None
        session.add(
            ExtensionRequest(
                task_id=other.id or 0,
                current_due_date=other.due_date,
                proposed_due_date=date(2027, 3, 1),
                reason="土地报批未完成",
            )
        )
        submitted, asked = open_task.id, other.id
    body = api_todo(client, app_settings, "office")
    assert submitted in {line["id"] for line in body["sign_offs"]}
    assert asked in {line["task_id"] for line in body["extensions"]}
    sign_in(client, "office")
    page = client.get("/").text
    assert f'href="/tasks/{submitted}"' in page and "土地报批未完成" in page


def test_chainops_todo_prints_the_same_as_the_api(
    client: TestClient, app_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = api_todo(client, app_settings, "dept")
    monkeypatch.setenv("CHAINOPS_DATABASE_URL", app_settings.database_url)
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        result = runner.invoke(cli, ["todo", "--by", PERSONAS["dept"], "--json"])
        assert result.exit_code == 0, result.output
        printed = json.loads(result.output)
        for lines in (printed["notices"], body["notices"]):  # "…+00:00" and "…Z" are one time
            for line in lines:
                line["issued_at"] = datetime.fromisoformat(line["issued_at"])
        assert printed == body
        table = runner.invoke(cli, ["todo", "--by", PERSONAS["dept"]])
        assert table.exit_code == 0 and body["tasks"][0]["path"] in table.output
        unknown = runner.invoke(cli, ["todo", "--by", "nobody@example.org"])
        assert unknown.exit_code == 1 and "no active account" in unknown.output
    finally:
        get_settings.cache_clear()
