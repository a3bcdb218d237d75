"""The four things issue 7 asks a browser to prove, each as its persona would do it:
the office assigns a task; a department reports progress through the link in its reminder;
a firm submits a factor request; a leader opens the monthly bulletin."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import col, select

from chainops.settings import Settings
from models import Notice, OutboxMessage, Person, Task
from models.db import make_engine, session_scope
from notifications.links import ack_url, sign_ack
from services.people import add_user, set_password
from tests.browser.conftest import PASSWORD, sign_in


def test_the_office_assigns_a_task_on_the_chain_page(page: Page, live_server: str) -> None:
    sign_in(page, live_server, "gao.wenbo@example.gov.cn", "/chains/BEARING")

    page.click("#assign summary")  # the form is folded away until asked for
    page.fill("#a-title", "组织轴承产业链年终调度会")
    page.select_option("#a-dept", "GXJ")
    page.select_option("#a-owner", "guo.jiaqi@example.gov.cn")  # by name, under 工信局
    page.fill("#a-due", "2026-12-30")
    page.click("form[action='/chains/BEARING/tasks'] button[type=submit]")

    expect(page.locator("h1")).to_contain_text("组织轴承产业链年终调度会")
    assert "/tasks/" in page.url


@pytest.fixture
def reminded(live_db: Path, live_settings: Settings) -> tuple[str, int, str]:
    """A reminder the demo mailed to a task's owner, that owner's sign-in, and the signed
    acknowledgement link of that mail (as the dispatcher wrote it into the email)."""
    engine = make_engine(f"sqlite:///{live_db}")
    with session_scope(engine) as session:
        outbox_id, email, task_id = session.exec(
            select(OutboxMessage.id, OutboxMessage.recipient_email, Notice.subject_id)
            .join(Notice, col(Notice.id) == OutboxMessage.notice_id)
            .join(Task, col(Task.id) == Notice.subject_id)
            .join(Person, col(Person.email) == OutboxMessage.recipient_email)
            .where(Notice.kind == "reminder", OutboxMessage.recipient_role == "owner")
            .where(col(Task.state).in_(["accepted", "in_progress"]))
            .order_by(col(OutboxMessage.id).desc())
        ).first() or pytest.fail("the demo mailed no reminder to an owner")
        user = add_user(session=session, email=email, office=False, now=datetime.now(UTC))
        set_password(session=session, username=user.username, password=PASSWORD)
    engine.dispose()
    token = sign_ack(outbox_id or 0, date.today() + timedelta(days=14),
                     live_settings.secret_key.get_secret_value())  # fmt: skip
    return email, task_id, token


def test_a_department_reports_progress_through_the_link_in_its_reminder(
    page: Page, reminded: tuple[str, int, str], live_server: str
) -> None:
    email, task_id, token = reminded
    page.goto(ack_url(live_server, token))  # the link in the email: sign in first, then back
    page.fill("#username", email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.click("form[action^='/ack/'] button[type=submit]")  # acknowledge: lands on the task

    assert page.url.endswith(f"/tasks/{task_id}")
    page.fill("#p-percent", "95")
    page.fill("#p-note", "已完成主体工作，进入验收阶段")
    page.click("#form-progress button[type=submit]")

    expect(page.locator("body")).to_contain_text("已完成主体工作，进入验收阶段")
    expect(page.locator("body")).to_contain_text("95%")


def test_a_firm_submits_a_factor_request(page: Page, live_server: str) -> None:
    sign_in(page, live_server, "liu.qinghua@huasheng-chem.example.com", "/requests/new")

    page.select_option("#factor_type", "power")
    page.fill("#quantity", "3200")
    page.fill("#unit", "千伏安")
    page.fill("#needed_by", "2027-03-31")
    page.fill("#description", "聚碳酸酯三期新增用电容量，需新建110千伏专线")
    page.click("form[action='/requests'] button[type=submit]")

    assert "/requests/YS" in page.url
    expect(page.locator("body")).to_contain_text("聚碳酸酯三期新增用电容量")


def test_a_leader_opens_the_monthly_bulletin(page: Page, live_server: str) -> None:
    sign_in(page, live_server, "li.zhenhua@example.gov.cn", "/rollups")
    page.click("a[href^='/rollups/2026-10']")

    frame = page.frame_locator("iframe").first
    expect(frame.locator("h1").first).to_contain_text("2026年10月")
    expect(frame.locator("img").first).to_be_visible()
