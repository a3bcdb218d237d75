"""The task page: who sees it, its history and notices, and the moves made through its forms."""

from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlmodel import Session, col, func, select

from chainops import wiring
from models import ActionPlan, ActionPlanItem, AuditEvent, Chain, ExtensionRequest, Task
from services.people import actor_by_email
from services.tasks import assign_task
from tests.conftest import NOW
from tests.web.conftest import PERSONAS, csrf_of, sign_in

TODAY = date(2026, 11, 27)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo city's 'today' (a Friday late in 2026), whatever day the tests run."""
    monkeypatch.setattr(wiring, "now", lambda: NOW)


def db(client: TestClient) -> Session:
    return Session(client.app.state.engine)


def plan_task(client: TestClient, chain: str, item_no: int) -> Task:
    """The task of item ``item_no`` of ``chain``'s 2026 action plan (e.g. HCHEM/2026/5)."""
    with db(client) as session:
        return session.exec(
            select(Task)
            .join(ActionPlanItem, col(ActionPlanItem.id) == Task.plan_item_id)
            .join(ActionPlan, col(ActionPlan.id) == ActionPlanItem.plan_id)
            .join(Chain, col(Chain.id) == ActionPlan.chain_id)
            .where(Chain.code == chain, ActionPlan.year == 2026, ActionPlanItem.item_no == item_no)
        ).one()


def task_titled(client: TestClient, title: str) -> Task:
    with db(client) as session:
        return session.exec(select(Task).where(Task.title == title)).one()


def fresh_task(client: TestClient, *, due_in_days: int = 20) -> Task:
    """A new BEARING task owned by 郭佳琪 (team), due well after the test's today."""
    with db(client) as session:
        task = assign_task(
            session=session,
            actor=actor_by_email(session, PERSONAS["office"]),
            chain_code="BEARING",
            title="测试用督办事项",
            lead_department="GXJ",
            owner_email=PERSONAS["team"],
            start=TODAY,
            due=TODAY + timedelta(days=due_in_days),
            now=NOW,
            rules=client.app.state.rules,
        )
        session.commit()
        session.refresh(task)
        return task


def post(client: TestClient, task_id: int, move: str, **fields: str) -> Response:
    token = csrf_of(client.get(f"/tasks/{task_id}").text)
    return client.post(
        f"/tasks/{task_id}/{move}", data={"csrf_token": token, **fields}, follow_redirects=False
    )


def audit_count(client: TestClient, task_id: int) -> int:
    with db(client) as session:
        return session.exec(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.entity_type == "task", AuditEvent.entity_id == task_id)
        ).one()


def test_a_department_sees_the_task_it_leads_with_its_notices_and_history(
    client: TestClient,
) -> None:
    task = plan_task(client, "HCHEM", 5)
    sign_in(client, "dept")
    page = client.get(f"/tasks/{task.id}")
    assert page.status_code == 200
    html = page.text
    for shown in (
        "保障恒泰己二腈项目用地指标",
        "2026 · 5. 保障恒泰己二腈项目用地指标",  # the plan item
        "罗斌",  # the owner
        "市自然资源和规划局",
        "2026-09-30",
        "overdue",
        "聊链高端化工催〔2026〕1号",  # the urging slip ...
        "Urging slip",
        "lead department",  # ... and who it went to
        "Sent",
        "imported",  # the history
    ):
        assert shown in html, shown
    assert 'href="/chains/HCHEM"' not in html  # the department does not read the chain


def test_the_history_names_the_chain_department_and_owner_in_the_pages_language(
    client: TestClient,
) -> None:
    task = plan_task(client, "HCHEM", 5)
    sign_in(client, "dept")

    def history(locale: str) -> str:
        client.get(f"/lang/{locale}")
        html = client.get(f"/tasks/{task.id}").text
        return html.split('id="history"', 1)[1].split("</table>", 1)[0]

    chinese, english = history("zh-CN"), history("en")

    # the import's record names by id; the page shows who and what they are
    for shown in ("产业链：HCHEM", "牵头部门：市自然资源和规划局", "责任人：罗斌", "状态："):
        assert shown in chinese, shown
    for shown in ("chain: HCHEM", "lead department: 市自然资源和规划局", "owner: 罗斌"):
        assert shown in english, shown
    for raw in ("chain_id", "owner_id", "lead_department_id"):
        assert raw not in chinese and raw not in english


def test_a_department_gets_404_on_another_chains_task_it_does_not_lead(
    client: TestClient,
) -> None:
    other = task_titled(client, "推动轴承钢本地化配套")  # BEARING, led by GXJ
    sign_in(client, "dept")
    page = client.get(f"/tasks/{other.id}")
    assert page.status_code == 404
    assert "推动轴承钢本地化配套" not in page.text
    assert client.get("/tasks/999999").status_code == 404
    assert client.get("/tasks/abc").status_code == 404


@pytest.mark.parametrize("persona", ["firm", "outsider"])
def test_firms_and_outsiders_see_no_task(client: TestClient, persona: str) -> None:
    task = plan_task(client, "HCHEM", 5)
    sign_in(client, persona)
    page = client.get(f"/tasks/{task.id}")
    assert page.status_code == 404 and "保障恒泰己二腈项目用地指标" not in page.text


def test_the_owner_reports_progress_through_the_form_and_the_history_shows_it(
    client: TestClient,
) -> None:
    task = task_titled(client, "推动轴承钢本地化配套")  # 郭佳琪 owns it
    assert task.id is not None
    sign_in(client, "team")
    assert 'id="form-progress"' in client.get(f"/tasks/{task.id}").text
    response = post(client, task.id, "progress", progress="77", note="完成供应商认证")
    assert response.status_code == 303
    html = client.get(f"/tasks/{task.id}").text
    assert '<dd id="progress">77%</dd>' in html
    reports = html.split('id="reports"', 1)[1].split("</table>", 1)[0]
    assert "77%" in reports and "完成供应商认证" in reports and "郭佳琪" in reports
    history = html.split('id="history"', 1)[1].split("</table>", 1)[0]
    assert "reported progress" in history
    assert f"progress: {task.progress} → 77" in history


def test_bad_progress_names_the_field_and_changes_nothing(client: TestClient) -> None:
    task = task_titled(client, "推动轴承钢本地化配套")
    assert task.id is not None
    before = audit_count(client, task.id)
    sign_in(client, "team")
    words = post(client, task.id, "progress", progress="lots")
    assert words.status_code == 400
    assert "Progress: give a whole number from 0 to 100." in words.text
    too_much = post(client, task.id, "progress", progress="150")
    assert too_much.status_code == 400
    assert "progress must be 0–100, not 150" in too_much.text
    assert f'<dd id="progress">{task.progress}%</dd>' in client.get(f"/tasks/{task.id}").text
    assert audit_count(client, task.id) == before


def test_an_extension_asked_after_the_due_date_is_refused_and_nothing_changes(
    client: TestClient,
) -> None:
    task = plan_task(client, "HCHEM", 5)  # due 2026-09-30, led by ZRJ
    assert task.id is not None
    before = audit_count(client, task.id)
    sign_in(client, "dept")
    page = client.get(f"/tasks/{task.id}").text  # no form where every date would be refused
    assert 'id="extension-closed"' in page and 'id="form-extension"' not in page
    response = post(client, task.id, "extensions", proposed_due="2026-12-31", reason="用地报批延迟")
    assert response.status_code == 400
    assert (
        "an extension must be requested by the due date (2026-09-30); today is 2026-11-27"
        in response.text
    )
    assert 'id="extension-closed"' in response.text  # and the page says why there is no form
    with db(client) as session:
        assert session.get(Task, task.id).due_date == date(2026, 9, 30)  # type: ignore[union-attr]
        asked = select(ExtensionRequest).where(ExtensionRequest.task_id == task.id)
        assert session.exec(asked).all() == []
    assert audit_count(client, task.id) == before


def test_the_owner_asks_for_an_extension_and_the_office_approves_it(client: TestClient) -> None:
    task = fresh_task(client)
    assert task.id is not None
    due = task.due_date
    sign_in(client, "team")
    asked = post(
        client, task.id, "extensions", proposed_due=str(due + timedelta(days=7)), reason="等设备"
    )
    assert asked.status_code == 303
    assert "/decide" not in client.get(f"/tasks/{task.id}").text  # only the office decides
    with db(client) as session:
        request = session.exec(
            select(ExtensionRequest).where(ExtensionRequest.task_id == task.id)
        ).one()
    client.cookies.clear()
    sign_in(client, "office")
    html = client.get(f"/tasks/{task.id}").text
    assert f"/tasks/{task.id}/extensions/{request.id}/decide" in html
    decided = client.post(
        f"/tasks/{task.id}/extensions/{request.id}/decide",
        data={"csrf_token": csrf_of(html), "decision": "approve", "note": "同意"},
        follow_redirects=False,
    )
    assert decided.status_code == 303
    html = client.get(f"/tasks/{task.id}").text
    assert f'<dd id="due">{due + timedelta(days=7)}' in html
    assert str(due) in html  # the original due date is kept
    assert "Approved" in html and "decided an extension" in html


def test_an_extension_request_of_another_task_is_not_found(client: TestClient) -> None:
    task = fresh_task(client)
    sign_in(client, "office")
    html = client.get(f"/tasks/{task.id}").text
    other = plan_task(client, "HCHEM", 16)  # it has extension request 1
    response = client.post(
        f"/tasks/{task.id}/extensions/1/decide",
        data={"csrf_token": csrf_of(html), "decision": "approve"},
    )
    assert other.id != task.id and response.status_code == 404


def test_sign_off_by_anyone_but_the_office_is_forbidden(client: TestClient) -> None:
    task = fresh_task(client)
    assert task.id is not None
    sign_in(client, "team")
    for move in ("accept", "start"):
        assert post(client, task.id, move).status_code == 303
    assert post(client, task.id, "submit", note="已完成").status_code == 303
    html = client.get(f"/tasks/{task.id}").text
    assert f"/tasks/{task.id}/sign-off" not in html
    refused = post(client, task.id, "sign-off")
    assert refused.status_code == 403
    assert '<dd id="state">Submitted</dd>' in client.get(f"/tasks/{task.id}").text
    client.cookies.clear()
    sign_in(client, "office")
    assert f"/tasks/{task.id}/sign-off" in client.get(f"/tasks/{task.id}").text
    assert post(client, task.id, "sign-off").status_code == 303
    html = client.get(f"/tasks/{task.id}").text
    assert '<dd id="state">Signed off</dd>' in html and "signed off" in html


def test_a_move_the_viewer_may_make_but_not_now_is_a_400_with_the_reason(
    client: TestClient,
) -> None:
    task = fresh_task(client)  # assigned: not yet accepted
    assert task.id is not None
    sign_in(client, "team")
    response = post(client, task.id, "submit")
    assert response.status_code == 400
    assert "cannot submit a task that is assigned" in response.text


def test_the_page_shows_only_the_moves_the_viewer_may_make(client: TestClient) -> None:
    task = plan_task(client, "HCHEM", 5)
    sign_in(client, "dept")
    html = client.get(f"/tasks/{task.id}").text
    assert f"/tasks/{task.id}/progress" in html and f"/tasks/{task.id}/sign-off" not in html
    bearing = task_titled(client, "推动轴承钢本地化配套")
    client.cookies.clear()
    sign_in(client, "leader")
    html = client.get(f"/tasks/{bearing.id}").text
    assert 'id="no-moves"' in html
    assert post(client, bearing.id or 0, "progress", progress="90").status_code == 403


def test_a_move_without_the_csrf_token_is_refused(client: TestClient) -> None:
    task = task_titled(client, "推动轴承钢本地化配套")
    assert task.id is not None
    sign_in(client, "team")
    response = client.post(f"/tasks/{task.id}/progress", data={"progress": "99"})
    assert response.status_code == 400
    with db(client) as session:
        assert session.get(Task, task.id).progress == task.progress  # type: ignore[union-attr]


def test_an_unknown_move_is_not_found(client: TestClient) -> None:
    task = task_titled(client, "推动轴承钢本地化配套")
    sign_in(client, "office")
    assert post(client, task.id or 0, "teleport").status_code == 404


def test_the_task_page_renders_in_chinese(client: TestClient) -> None:
    task = plan_task(client, "HCHEM", 5)
    client.get("/lang/zh-CN")
    sign_in(client, "dept")
    html = client.get(f"/tasks/{task.id}").text
    for shown in ("原定时限", "办理记录（留痕）", "催办单", "申请延期", "已逾期"):
        assert shown in html, shown


def test_the_notices_of_a_task_say_why_and_to_whom_in_the_pages_language(
    client: TestClient,
) -> None:
    task = plan_task(client, "HCHEM", 5)  # overdue since 30 Sep: up the whole ladder
    sign_in(client, "office")
    client.get("/lang/zh-CN")

    html = client.get(f"/tasks/{task.id}").text
    notices = html.split('id="notices"', 1)[1].split("</table>", 1)[0]

    assert "自 2026-09-30 起逾期" in notices and "overdue since" not in notices
    assert "(链长)" in notices and "(chain_leader)" not in notices
