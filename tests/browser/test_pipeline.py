"""Issue 17's browser test, from the map to a started project: the bearing chain's working group
adds a target for a missing node of its map, opens a pipeline project from the target's page,
records its first signing (which makes the filing task), moves it to started — registering its
local company and linking the chain's existing key project — follows the project to that key
project, and sees the target and the project counted on the node in the chain's map."""

from pathlib import Path

from playwright.sync_api import Page, expect
from sqlmodel import select

from models import InvestmentProject, KeyProject
from models.db import make_engine, session_scope
from tests.browser.conftest import sign_in

NAME = "风电主轴轴承试制项目"
NODE = "风电主轴轴承"  # missing on the bearing chain's map
TARGET = "江苏示范风电轴承集团有限公司"
KEY_PROJECT = "LC2026-BEARING-03"  # 精密机床主轴轴承产业化项目: started, no pipeline project yet
LOCAL_COMPANY = "91371581MAL6U74D1E"  # its enterprise


def test_the_working_group_takes_a_project_from_the_pipeline_to_its_key_project(
    page: Page, live_server: str, live_db: Path
) -> None:
    sign_in(page, live_server, "guo.jiaqi@example.gov.cn", "/chains/BEARING")
    before = _node_counts(page)
    page.goto(f"{live_server}/chains/BEARING/targets")
    page.fill("#add #company_name", TARGET)
    page.select_option("#add #node", NODE)
    page.select_option("#add #purpose", "fill")
    page.click("#add button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.locator("#targets a", has_text=TARGET).first.click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1")).to_contain_text(TARGET)
    page.click("#add-project")  # the pipeline's add form, the target filled in
    page.wait_for_load_state("networkidle")
    page.fill("#add #name", NAME)
    page.fill("#add #investor", TARGET)
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
    page.goto(f"{live_server}/chains/BEARING")
    after = _node_counts(page)
    assert after["targets"] == before["targets"] + 1
    assert after["projects"] == before["projects"] + 1


def _node_counts(page: Page) -> dict[str, int]:
    """The target and project counts the chain page's map shows on NODE (desk layout)."""
    node = page.locator("#chain-map svg").first.locator("g.node", has_text=NODE)
    links = node.locator("a")
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    texts = [links.nth(i).text_content() or "" for i in range(links.count())]
    counted = dict(zip(hrefs, texts, strict=True))

    def number(page_name: str) -> int:
        (text,) = [t for h, t in counted.items() if f"/{page_name}?node=" in h]
        return int("".join(ch for ch in text if ch.isdigit()))

    return {"targets": number("targets"), "projects": number("pipeline")}
