"""Issue 16's browser test: a matchmaking event run from imported lists to a signed match.
The office imports the lists (the workbook is the office's); the bearing chain's working group
then plans the event, invites the chain master and three SMEs holding a 专精特新 title, records
the chain master's choice from the demand's shortlist at the event, holds it and carries the
match through introduction and intention to a signing."""

from pathlib import Path

from playwright.sync_api import Page, expect
from sqlmodel import select

from models import DemandItem, Match, MatchmakingEvent, Task
from models.db import make_engine, session_scope
from tests.browser.conftest import sign_in
from tests.services.workbooks import write_workbook

WANTONG = "913715818438126800"  # the bearing chain's approved chain master
HONGLI = "91371581MAKR8JKM7M"  # 小巨人, rolling elements
SPECIALISED = (HONGLI, "91371525MAK42P2JNW", "91371581MA9E0UWKTA")
DEMAND = "风电主轴轴承圆锥滚子配套"
TITLE = "轴承产业链滚动体专场对接会"


def _lists(folder: Path) -> Path:
    return write_workbook(
        folder / "lists.xlsx",
        {
            "Demands": [
                ["Chain code", "Credit code", "Item", "Map node", "Amount (10k CNY)", "Needed by"],
                ["BEARING", WANTONG, DEMAND, "滚动体", 1500, "2027-06-30"],
            ],
            "Capabilities": [
                ["Chain code", "Credit code", "Product", "Map node", "Capacity"],
                ["BEARING", HONGLI, "风电轴承圆锥滚子", "滚动体", "年产 2,000 万粒"],
            ],
        },
    )


def _move(page: Page, form: str, to: str, amount: str | None = None) -> None:
    page.select_option(f"{form} select[name=to]", to)
    if amount is not None:
        page.fill(f"{form} input[name=amount]", amount)
    page.click(f"{form} button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_the_working_group_runs_an_event_from_imported_lists_to_a_signed_match(
    page: Page, live_server: str, live_db: Path, tmp_path: Path
) -> None:
    sign_in(page, live_server, "gao.wenbo@example.gov.cn", "/workbook")
    page.set_input_files("#file", str(_lists(tmp_path)))
    page.click("form[action='/workbook/import'] button[type=submit]")
    page.wait_for_load_state("networkidle")
    engine = make_engine(f"sqlite:///{live_db}")
    with session_scope(engine) as session:
        demand = session.exec(select(DemandItem).where(DemandItem.item == DEMAND)).one()
        demand_id = demand.id
    page.context.clear_cookies()  # the office signs out; the working group signs in

    sign_in(page, live_server, "guo.jiaqi@example.gov.cn", "/chains/BEARING/events")
    page.fill("#new-event #title", TITLE)
    page.select_option("#new-event #host_department", "GXJ")
    page.fill("#new-event #place", "临清市轴承产业园")
    page.click("#new-event button[type=submit]")
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1")).to_contain_text(TITLE)
    event_url = page.url.split("?")[0]
    for code, role in ((WANTONG, "chain_master"), *((c, "sme") for c in SPECIALISED)):
        page.fill("#invite #credit_code", code)
        page.select_option("#invite #role", role)
        page.click("#invite button[type=submit]")
        page.wait_for_load_state("networkidle")
    _move(page, "#move", "collecting")

    page.goto(f"{live_server}/demands/{demand_id}")
    line = page.locator("#shortlist tr", has_text="示范宏力滚动体有限公司")
    expect(line).to_contain_text("滚动体")  # why: the same node
    with session_scope(engine) as session:
        event = session.exec(select(MatchmakingEvent).where(MatchmakingEvent.title == TITLE)).one()
        event_id = event.id
    line.locator("select[name=event_id]").select_option(str(event_id))
    line.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")

    page.goto(event_url)
    _move(page, "#move", "matched")
    _move(page, "#move", "held")
    with session_scope(engine) as session:
        match = session.exec(select(Match).where(Match.demand_id == demand_id)).one()
        assert match.event_id == event_id and match.why and "滚动体" in match.why
        match_id = match.id
    page.goto(f"{live_server}/matches/{match_id}")
    _move(page, "#move", "introduced")
    _move(page, "#move", "intention", "1400")
    _move(page, "#move", "signed", "1350")

    with session_scope(engine) as session:
        signed = session.get(Match, match_id)
        assert signed is not None
        assert (signed.stage, signed.intention_wan, signed.contract_wan) == ("signed", 1400, 1350)
        assert session.get(MatchmakingEvent, event_id).state == "held"  # type: ignore[union-attr]
        follow_ups = session.exec(select(Task).where(Task.source == "matchmaking")).all()
        assert any(DEMAND in task.title for task in follow_ups)  # +30 and +90 working days
    engine.dispose()
    page.goto(event_url)
    expect(page.locator("body")).to_contain_text("示范宏力滚动体有限公司")
