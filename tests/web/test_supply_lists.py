"""The matchmaking list pages on the demo city: the chain master reads its demand's shortlist
with each line's reasons and chooses one; items are entered and edited on the pages; bad
fields are refused naming the field, nothing changed; the JSON API answers the same."""

from datetime import UTC, datetime
from html import unescape

from fastapi.testclient import TestClient
from sqlmodel import select

from chainops.settings import Settings
from models import DemandItem, Match
from models.db import make_engine, session_scope
from services.people import issue_token
from tests.web.conftest import PERSONAS, csrf_of, sign_in

HCHEM_DEMAND = 1  # 华晟化工's 电子级双酚A配套助剂 at 电子化学品 (weak)
BEARING_DEMAND = 3  # 万通轴承's 高端轴承钢 at 轴承钢 (weak)


def _rows(settings: Settings, model: type) -> list:
    engine = make_engine(settings.database_url)
    with session_scope(engine) as session:
        rows = list(session.exec(select(model)).all())
        session.expunge_all()
    engine.dispose()
    return rows


def test_the_chain_master_reads_the_shortlist_and_chooses(
    client: TestClient, app_settings: Settings
) -> None:
    sign_in(client, "firm")
    page = client.get(f"/demands/{HCHEM_DEMAND}")
    assert page.status_code == 200
    text = page.text
    assert "电子级双酚A配套助剂" in text
    # same node first, then a weak node elsewhere, then the chain master's county
    assert text.index("示范金源精细化工有限公司") < text.index("示范瑞丰氟硅材料有限公司")
    assert text.index("示范瑞丰氟硅材料有限公司") < text.index("启明高分子材料（示范市）有限公司")
    assert "same node: 电子化学品 (weak)" in text
    assert "weak node: 有机硅单体" in text
    assert "county: 高新技术产业开发区" in text
    assert "示范远航化工物流有限公司" not in text  # a strong node, another county, no title
    chosen = client.post(
        f"/demands/{HCHEM_DEMAND}/choose",
        data={"csrf_token": csrf_of(text), "capability_id": "1"},
        follow_redirects=True,
    )
    assert chosen.status_code == 200
    assert "示范金源精细化工有限公司 chosen: the match is proposed." in chosen.text
    (match,) = [m for m in _rows(app_settings, Match) if m.demand_id == HCHEM_DEMAND]
    assert (match.demand_id, match.capability_id, match.stage) == (HCHEM_DEMAND, 1, "proposed")
    assert match.why == "同一节点：电子化学品（薄弱） / same node: 电子化学品 (weak)"
    assert "Matched" in chosen.text


def test_a_firm_adds_its_own_demand_and_a_bad_node_changes_nothing(
    client: TestClient, app_settings: Settings
) -> None:
    sign_in(client, "firm")
    form = client.get("/chains/HCHEM/demands").text
    before = len(_rows(app_settings, DemandItem))
    refused = client.post(
        "/chains/HCHEM/demands",
        data={"csrf_token": csrf_of(form), "item": "高纯己二腈", "node": "轴承钢"},
    )
    assert refused.status_code == 400
    assert "map node: the HCHEM chain's map has no node '轴承钢'" in unescape(refused.text)
    bad_amount = client.post(
        "/chains/HCHEM/demands",
        data={"csrf_token": csrf_of(form), "item": "高纯己二腈", "amount_wan": "很多"},
    )
    assert bad_amount.status_code == 400 and "“很多” is not a number" in bad_amount.text
    assert len(_rows(app_settings, DemandItem)) == before
    made = client.post(
        "/chains/HCHEM/demands",
        data={
            "csrf_token": csrf_of(form),
            "item": "高纯己二腈",
            "node": "己二腈",
            "amount_wan": "2400",
            "needed_by": "2027-09-30",
        },
        follow_redirects=True,
    )
    assert made.status_code == 200 and "Added: 高纯己二腈" in made.text
    added = [d for d in _rows(app_settings, DemandItem) if d.item == "高纯己二腈"]
    assert len(added) == 1 and added[0].amount_wan == 2400


def test_the_team_edits_a_demand_and_adds_a_capability(
    client: TestClient, app_settings: Settings
) -> None:
    sign_in(client, "team")
    page = client.get(f"/demands/{BEARING_DEMAND}").text
    edited = client.post(
        f"/demands/{BEARING_DEMAND}",
        data={
            "csrf_token": csrf_of(page),
            "item": "高端轴承钢 GCr15SiMn",
            "node": "轴承钢",
            "amount_wan": "4000",
            "needed_by": "2027-03-31",
            "status": "open",
        },
        follow_redirects=True,
    )
    assert edited.status_code == 200 and "Saved." in edited.text
    demand = next(d for d in _rows(app_settings, DemandItem) if d.id == BEARING_DEMAND)
    assert demand.amount_wan == 4000
    form = client.get("/chains/BEARING/capabilities").text
    added = client.post(
        "/chains/BEARING/capabilities",
        data={
            "csrf_token": csrf_of(form),
            "credit_code": "91371581MAPMA4PHDK",
            "product": "风电主轴轴承试制",
            "node": "风电主轴轴承",
        },
        follow_redirects=True,
    )
    assert added.status_code == 200 and "风电主轴轴承试制" in added.text


def test_the_pages_speak_chinese(client: TestClient) -> None:
    sign_in(client, "office")
    client.get("/lang/zh-CN")
    text = client.get(f"/demands/{BEARING_DEMAND}").text
    # the demo's event already matched the bearing-steel suppliers: they leave the shortlist
    assert "候选供应商" in text and "缺失节点：轴承检测认证" in text
    assert "同一节点：轴承钢" not in text
    assert "同一节点：电子化学品（薄弱）" in client.get(f"/demands/{HCHEM_DEMAND}").text
    assert "需求清单" in client.get("/chains/BEARING/demands").text


def test_the_api_lists_and_ranks_the_same(client: TestClient, app_settings: Settings) -> None:
    engine = make_engine(app_settings.database_url)
    with session_scope(engine) as session:
        token = issue_token(
            session=session, username=PERSONAS["firm"], name="t", now=datetime.now(UTC)
        )
    engine.dispose()
    headers = {"Authorization": f"Bearer {token}"}
    listed = client.get("/api/demands", headers=headers).json()
    assert {row["id"] for row in listed} == {1, 2}
    assert set(listed[0]) >= {"id", "chain", "credit_code", "item", "node", "status", "matches"}
    shortlist = client.get(f"/api/demands/{HCHEM_DEMAND}/shortlist", headers=headers).json()
    assert shortlist["may_choose"] is True
    first = shortlist["lines"][0]
    assert (first["place"], first["same_node"], first["gap_node"]) == (1, True, "weak")
    assert first["why_zh"] == "同一节点：电子化学品（薄弱）"
    refused = client.post(
        "/api/demands", headers=headers, json={"chain": "HCHEM", "item": "x", "amount_wan": -1}
    )
    assert refused.status_code == 400 and "amount" in refused.json()["detail"]
    chosen = client.post(
        f"/api/demands/{HCHEM_DEMAND}/choose",
        headers=headers,
        json={"capability_id": first["capability_id"]},
    )
    assert chosen.status_code == 200 and chosen.json()["stage"] == "proposed"


def test_the_lists_home_names_the_chains_each_viewer_may_open(client: TestClient) -> None:
    sign_in(client, "firm")
    home = client.get("/")
    assert 'href="/supply"' in home.text
    text = client.get("/supply").text
    assert 'href="/chains/HCHEM/demands"' in text
    assert 'href="/chains/BEARING/demands"' not in text
    client.post("/logout", data={"csrf_token": csrf_of(home.text)})
    sign_in(client, "dept")  # ZRJ leads no chain: no lists, and no link to them
    assert 'href="/supply"' not in client.get("/").text
    assert "No chain's lists are yours to open." in unescape(client.get("/supply").text)
