"""A gap made an investment target in one step on the demo city's bearing chain: the form per
gap (company, and a select of the map's weak and missing nodes) makes the target once, the
row then links it; a blank company or a node not on the map is a 400 naming the field with
nothing kept; a leader (who reads but does not run the chain) gets no form and a 403."""

import re

from fastapi.testclient import TestClient
from sqlmodel import func, select

from chainops import wiring
from chainops.settings import Settings
from models import BenchmarkGapAction, InvestmentTarget
from models.db import session_scope
from tests.web.conftest import csrf_of, sign_in

PEER = "瓦房店轴承产业集群"
COMPANY = "示范特钢高端轴承钢有限公司"


def _counts(settings: Settings) -> tuple[int, int]:
    with session_scope(wiring.engine(settings)) as session:
        targets = session.exec(select(func.count()).select_from(InvestmentTarget)).one()
        actions = session.exec(select(func.count()).select_from(BenchmarkGapAction)).one()
        return int(targets), int(actions)


def _form(page: str, **change: str) -> dict[str, str]:
    return {
        "csrf_token": csrf_of(page),
        "chain": "BEARING",
        "indicator": "tax_per_mu",
        "peer": PEER,
        "year": "2025",
        "company": COMPANY,
        "node": "轴承钢",
        **change,
    }


def test_the_working_group_makes_a_target_from_a_gap_once_and_the_row_links_it(
    client: TestClient, app_settings: Settings
) -> None:
    sign_in(client, "team")
    page = client.get("/chains/BEARING/benchmarks?year=2025").text
    assert 'action="/benchmarks/gaps/target"' in page and "Make an investment target" in page
    assert re.search(r'<option value="轴承钢">轴承钢（weak）</option>', page)
    before = _counts(app_settings)
    made = client.post("/benchmarks/gaps/target", data=_form(page), follow_redirects=True)
    assert made.status_code == 200
    assert "Investment target #" in made.text and COMPANY in made.text
    link = re.search(r'href="/targets/(\d+)" class="gap-target"', made.text)
    assert link is not None
    target = client.get(f"/targets/{link.group(1)}").text
    assert COMPANY in target and "轴承钢" in target and PEER in target  # the note names the gap
    assert _counts(app_settings) == (before[0] + 1, before[1] + 1)
    again = client.post(
        "/benchmarks/gaps/target", data=_form(page, company="另一家"), follow_redirects=True
    )
    assert "has its investment target already" in again.text and COMPANY in again.text
    assert _counts(app_settings) == (before[0] + 1, before[1] + 1)


def test_a_blank_company_or_a_node_off_the_map_is_400_naming_the_field(
    client: TestClient, app_settings: Settings
) -> None:
    sign_in(client, "team")
    page = client.get("/chains/BEARING/benchmarks?year=2025").text
    before = _counts(app_settings)
    blank = client.post("/benchmarks/gaps/target", data=_form(page, company="  "))
    assert blank.status_code == 400
    assert "company: required" in blank.text
    assert re.search(r'name="company"[^>]*aria-invalid="true"', blank.text)
    off_map = client.post("/benchmarks/gaps/target", data=_form(page, node="不存在的环节"))
    assert off_map.status_code == 400
    assert "map node: the BEARING chain&#39;s map has no node" in off_map.text
    assert f'value="{COMPANY}"' in off_map.text  # what was typed is kept in the gap's form
    client.get("/lang/zh-CN")
    chinese = client.post("/benchmarks/gaps/target", data=_form(page, company=""))
    assert chinese.status_code == 400 and "目标企业：必须填写" in chinese.text
    assert "bench." not in chinese.text
    assert _counts(app_settings) == before


def test_a_leader_gets_no_form_and_a_403(client: TestClient, app_settings: Settings) -> None:
    sign_in(client, "leader")
    page = client.get("/chains/BEARING/benchmarks?year=2025").text
    assert "Make an investment target" not in page
    before = _counts(app_settings)
    refused = client.post("/benchmarks/gaps/target", data=_form(page))
    assert refused.status_code == 403
    assert _counts(app_settings) == before
