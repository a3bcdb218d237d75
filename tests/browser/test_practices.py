"""Issue 18's browser test: a tour's problems become tracked work in one step. The bearing
chain's working group opens the tour period's page, records a tour with two problems, turns
the first into a task (转为督办事项) and the second into a factor request (转为要素诉求); the
record's page then links both, and the period's task is closed by the record."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from chainops import wiring
from chainops.settings import Settings
from models import PracticePeriod, PracticeProblem, Task
from models.db import make_engine, session_scope
from tests.browser.conftest import sign_in
from tests.services.practices.fixture import add_period

LEADER = "li.zhenhua@example.gov.cn"  # the bearing chain leader, who owns the tour's task
TEAM = "guo.jiaqi@example.gov.cn"
HONGLI = "91371581MAKR8JKM7M"  # a specialised SME on the bearing chain's lists
PROBLEMS = ("风电主轴轴承项目二期用地指标不足", "高端轴承钢依赖外地钢厂，本地配套率低")


@pytest.fixture
def tour(live_db: Path, live_settings: Settings) -> int:
    """The bearing chain's tour period holding today, with its task, as the daily flow makes it."""
    with session_scope(make_engine(f"sqlite:///{live_db}")) as session:
        period = add_period(
            session,
            chain_code="BEARING",
            owner_email=LEADER,
            lead_department="GXJ",
            now=wiring.now(live_settings),
            rules=wiring.engine_rules(live_settings),
        )
        return period.id or 0


def test_the_working_group_records_a_tour_and_turns_its_problems_into_work(
    page: Page,
    live_server: str,
    live_db: Path,
    live_settings: Settings,
    tour: int,
    artifacts: Path,
) -> None:
    sign_in(page, live_server, TEAM, f"/practices/{tour}")
    expect(page.locator("h1")).to_contain_text("巡链")
    page.fill("#held_on", wiring.today(live_settings).isoformat())
    page.fill("#participants", "李振华（链长）、郭佳琪、常悦")
    page.fill("#places", "示范万通轴承集团有限公司；临清轴承产业园")
    page.fill("#summary", "链长带队赴轴承企业和产业园调研，听取企业用地、配套需求")
    page.fill("#problems", "\n".join(PROBLEMS))
    page.click("#record button[type=submit]")
    page.wait_for_load_state("networkidle")
    expect(page.locator("[role=status]")).to_be_visible()
    items = page.locator("#problems > li")
    expect(items).to_have_count(2)

    first, second = items.nth(0), items.nth(1)
    first.locator("details.to-task summary").click()
    first.locator("select[name=lead_department]").select_option("GXJ")
    first.locator("input[name=owner_email]").fill(LEADER)
    first.locator("input[name=working_days]").fill("15")
    first.locator("details.to-task button[type=submit]").click()
    page.wait_for_load_state("networkidle")

    second = page.locator("#problems > li").nth(1)
    second.locator("details.to-request summary").click()
    second.locator("select[name=credit_code]").select_option(HONGLI)
    second.locator("select[name=factor_type]").select_option("land")
    second.locator("input[name=quantity]").fill("120")
    second.locator("input[name=unit]").fill("亩")
    second.locator("input[name=needed_by]").fill("2027-06-30")
    second.locator("details.to-request button[type=submit]").click()
    page.wait_for_load_state("networkidle")

    links = page.locator("#problems a.became")
    expect(links).to_have_count(2)
    expect(links.nth(0)).to_have_attribute("href", re.compile(r"^/tasks/\d+$"))
    expect(links.nth(1)).to_have_attribute("href", re.compile(r"^/requests/YS"))
    page.screenshot(path=str(artifacts / "practice_record.png"), full_page=True)
    links.nth(0).click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1")).to_contain_text(PROBLEMS[0])

    with session_scope(make_engine(f"sqlite:///{live_db}")) as session:
        turned = session.exec(
            select(PracticeProblem).where(PracticeProblem.description.in_(PROBLEMS))  # type: ignore[attr-defined]
        ).all()
        assert sorted((p.task_id is None, p.request_id is None) for p in turned) == [
            (False, True),
            (True, False),
        ]
        period = session.get(PracticePeriod, tour)
        assert period is not None and period.task_id is not None
        period_task = session.get(Task, period.task_id)
        assert period_task is not None and period_task.state == "signed_off"  # the record closed it
