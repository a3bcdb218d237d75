"""The daily loop in a real browser: the office assigns on the chain page (the due date
previewed), the owner finds the task on the to-do home, opens it from the 交办单's link and
accepts it; the office finds tasks by text across chains and exports them; the city overview
with its chart, the to-do and the notices fit a phone."""

from datetime import date, timedelta
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from sqlmodel import col, select

from chainops.settings import Settings
from models import Notice, OutboxMessage, Task
from models.db import make_engine, session_scope
from notifications.links import ack_url, sign_ack
from tests.browser.conftest import sign_in

TITLE = "核实轴承产业园新增用地指标"
OWNER = "liang.xiaoyan@example.gov.cn"  # 自然资源局 (ZRJ)


def _assignment_link(live_db: Path, settings: Settings, base: str) -> tuple[int, str]:
    """The new task, and the acknowledgement link of its 交办单 to the owner, as the
    dispatcher writes it into the mail."""
    engine = make_engine(f"sqlite:///{live_db}")
    with session_scope(engine) as session:
        task_id, outbox_id = session.exec(
            select(Task.id, OutboxMessage.id)
            .join(Notice, col(Notice.subject_id) == Task.id)
            .join(OutboxMessage, col(OutboxMessage.notice_id) == Notice.id)
            .where(Task.title == TITLE, Notice.kind == "assignment")
            .where(OutboxMessage.recipient_email == OWNER)
        ).one()
    engine.dispose()
    secret = settings.secret_key.get_secret_value()
    token = sign_ack(outbox_id or 0, date.today() + timedelta(days=14), secret)
    return task_id or 0, ack_url(base, token)


def test_the_owner_finds_the_new_task_on_the_to_do_and_accepts_it_from_the_assignment_notice(
    page: Page, live_server: str, live_db: Path, live_settings: Settings
) -> None:
    sign_in(page, live_server, "gao.wenbo@example.gov.cn", "/chains/BEARING")
    page.click("#assign summary")
    page.fill("#a-title", TITLE)
    page.select_option("#a-dept", "ZRJ")
    page.select_option("#a-owner", OWNER)  # only 自然资源局's people are offered now
    page.fill("#a-days", "10")
    expect(page.locator("#a-due-preview")).to_contain_text("10 个工作日")  # before sending
    page.click("form[action='/chains/BEARING/tasks'] button[type=submit]")
    expect(page.locator("h1")).to_contain_text(TITLE)
    page.click("form[action='/logout'] button")

    sign_in(page, live_server, OWNER)  # the to-do home, before she does anything else
    expect(page.locator("#tasks")).to_contain_text(TITLE)
    expect(page.locator("#notices")).to_contain_text("交办单")

    task_id, link = _assignment_link(live_db, live_settings, live_server)
    page.goto(link)  # the 签收 button of the 交办单
    page.click("form[action^='/ack/'] button[type=submit]")
    assert page.url.endswith(f"/tasks/{task_id}")
    page.click(f"form[action='/tasks/{task_id}/accept'] button[type=submit]")
    expect(page.locator("#state")).to_contain_text("已签收")


def test_the_city_overview_and_its_chart_fit_a_phone(page: Page, live_server: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "guo.jiaqi@example.gov.cn", "/city")  # three chains' group

    expect(page.locator("#lights-chart .chart-row")).to_have_count(3)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_to_do_home_and_the_notices_are_cards_on_a_phone(page: Page, live_server: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "guo.jiaqi@example.gov.cn")  # tasks, notices, reports due
    for path in ("/", "/notices"):
        page.goto(f"{live_server}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        row = page.locator("table.list tbody tr").first
        assert row.evaluate("r => getComputedStyle(r).display") == "block", path  # a card


def test_the_office_finds_a_task_by_text_across_chains_and_exports_the_list(
    page: Page, live_server: str, tmp_path: Path
) -> None:
    sign_in(page, live_server, "gao.wenbo@example.gov.cn", "/tasks")
    page.fill("#f-q", "用地")
    page.click("#task-filters button[type=submit]")
    assert "q=" in page.url
    titles = page.locator("#tasks tbody tr td a[href^='/tasks/']").all_inner_texts()
    assert titles and all("用地" in title for title in titles)
    with page.expect_download() as download:
        page.click("#export")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    sheet = load_workbook(saved).active
    assert sheet is not None
    exported = [row for row in sheet.iter_rows(min_row=2, values_only=True) if any(row)]
    assert len(exported) >= len(titles)
    assert all(any("用地" in str(cell) for cell in row) for row in exported)
