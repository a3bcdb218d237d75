"""Issue 17's browser test of the pipeline: the bearing chain's working group adds a project on
the chain's pipeline page, records its first signing (which makes the filing task), moves it
to started — registering its local company and linking the chain's existing key project —
and sees it on the project page linked to that key project, whose page the link opens."""

from pathlib import Path

from playwright.sync_api import Page, expect
from sqlmodel import select

from models import InvestmentProject, KeyProject
from models.db import make_engine, session_scope
from tests.browser.conftest import sign_in

NAME = "精密机床主轴轴承扩能项目"
KEY_PROJECT = "LC2026-BEARING-03"  # 精密机床主轴轴承产业化项目: started, no pipeline project yet
LOCAL_COMPANY = "91371581MAL6U74D1E"  # its enterprise


def test_the_working_group_takes_a_project_from_the_pipeline_to_its_key_project(
    page: Page, live_server: str, live_db: Path
) -> None:
    sign_in(page, live_server, "guo.jiaqi@example.gov.cn", "/chains/BEARING/pipeline")
    page.fill("#add #name", NAME)
    page.fill("#add #investor", "江苏示范精密轴承集团有限公司")
    page.select_option("#add #node", "精密机床主轴轴承")
    page.fill("#add #planned", "70000")
    page.click("#add button[type=submit]")
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1")).to_contain_text(NAME)
    project_url = page.url.split("?")[0]

    page.select_option("#sign #kind", "first")
    page.fill("#sign #sign_amount", "68000")
    page.click("#sign button[type=submit]")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#stage")).to_contain_text("签约")
    expect(page.locator("#signings")).to_contain_text("68000")
    expect(page.locator("body")).to_contain_text(f"备案：{NAME}")  # the filing task

    page.select_option("#move #to", "started")
    page.fill("#move #company_code", LOCAL_COMPANY)
    page.fill("#move #key_project", KEY_PROJECT)
    page.click("#move button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.url.split("?")[0] == project_url
    expect(page.locator("#stage")).to_contain_text("开工")
    link = page.locator("#key-project a")
    expect(link).to_have_text(KEY_PROJECT)

    engine = make_engine(f"sqlite:///{live_db}")
    with session_scope(engine) as session:
        found = select(InvestmentProject).where(InvestmentProject.name == NAME)
        project = session.exec(found).one()
        key = session.exec(select(KeyProject).where(KeyProject.code == KEY_PROJECT)).one()
        assert (project.stage, project.key_project_id) == ("started", key.id)
        key_name = key.name
    engine.dispose()

    link.click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1")).to_contain_text(key_name)
    page.goto(f"{live_server}/chains/BEARING/pipeline")
    expect(page.locator("body")).to_contain_text(NAME)
