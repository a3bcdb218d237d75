"""The chain map drawn (issue 17): the SVG route (same permissions as the chain page, well-formed
XML with Chinese labels), the picture on the chain page, counts that follow the tables."""

import xml.etree.ElementTree as ET
from datetime import date
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from chainops import wiring
from models import Chain, InvestmentProject, InvestmentTarget, MapNode, MapSegment
from tests.conftest import NOW
from tests.web.conftest import sign_in

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wiring, "now", lambda: NOW)


def _svg(text: str) -> ET.Element:
    return ET.fromstring(text.split("?>", 1)[1] if text.startswith("<?xml") else text)


def _missing_node(client: TestClient, code: str | None, *, untargeted: bool = False) -> MapNode:
    """A missing node of chain ``code`` (any chain: None); ``untargeted``: one that no live
    target serves (the demo targets some missing nodes and leaves others as gaps)."""
    query = (
        select(MapNode)
        .join(MapSegment, col(MapSegment.id) == MapNode.segment_id)
        .join(Chain, col(Chain.id) == MapSegment.chain_id)
        .where(MapNode.status == "missing")
        .order_by(col(MapNode.id))
    )
    if code is not None:
        query = query.where(Chain.code == code)
    if untargeted:
        served = select(InvestmentTarget.map_node_id).where(InvestmentTarget.status != "dropped")
        query = query.where(
            col(MapNode.id).not_in(served.where(col(InvestmentTarget.map_node_id).is_not(None)))
        )
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        return session.exec(query).first()  # type: ignore[return-value]


def _counts_of(root: ET.Element, node: MapNode) -> list[str | None]:
    drawn = next(g for g in root.iter(f"{SVG}g") if g.get("data-node") == str(node.id))
    return [t.text for t in drawn.iter(f"{SVG}text")]


def test_the_svg_is_well_formed_with_every_node_and_chinese_labels(client: TestClient) -> None:
    sign_in(client, "office")
    response = client.get("/chains/BEARING/map.svg")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    root = _svg(response.text)
    assert root.tag == f"{SVG}svg"
    nodes = [g for g in root.iter(f"{SVG}g") if "node" in (g.get("class") or "").split()]
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        stored = session.exec(
            select(MapNode)
            .join(MapSegment, col(MapSegment.id) == MapNode.segment_id)
            .join(Chain, col(Chain.id) == MapSegment.chain_id)
            .where(Chain.code == "BEARING")
        ).all()
    assert len(nodes) == len(stored) > 0
    assert {g.get("data-node") for g in nodes} == {str(n.id) for n in stored}
    links = [a.get("href") for a in root.iter(f"{SVG}a")]
    assert any(h and h.startswith("/chains/BEARING/targets?node=") for h in links)
    titles = "".join(t.text or "" for t in root.iter(f"{SVG}title"))
    assert all(n.name in titles for n in stored)  # the demo's Chinese node names


def test_the_phone_layout_is_one_column(client: TestClient) -> None:
    sign_in(client, "office")
    root = _svg(client.get("/chains/BEARING/map.svg?columns=1").text)
    assert float(root.get("width") or 0) == 360
    stages = [g for g in root.iter(f"{SVG}g") if g.get("class") == "stage"]
    xs = {r.get("x") for g in stages for r in g.findall(f"{SVG}rect")}
    assert len(xs) == 1  # every stage box starts at the same x: stacked


@pytest.mark.parametrize("persona", ["firm", "outsider", "dept"])
def test_who_cannot_read_the_chain_gets_404(client: TestClient, persona: str) -> None:
    # dept (ZRJ) reads the chains it leads or works on; BEARING is not one of them.
    sign_in(client, persona)
    page = client.get("/chains/BEARING")
    response = client.get("/chains/BEARING/map.svg")
    assert response.status_code == page.status_code == 404


def test_an_unknown_chain_is_404(client: TestClient) -> None:
    sign_in(client, "office")
    assert client.get("/chains/NOPE/map.svg").status_code == 404


def test_the_chain_page_shows_the_picture_with_counts(client: TestClient) -> None:
    node = _missing_node(client, "BEARING")
    assert node is not None, "the demo's bearing chain has a missing node"
    sign_in(client, "team")
    before = client.get("/chains/BEARING").text
    assert 'id="chain-map"' in before and "<svg" in before
    assert f'data-node="{node.id}"' in before
    counted = _counts_of(_svg(client.get("/chains/BEARING/map.svg").text), node)
    targets = next(int(t[1:]) for t in counted if t and t[0] == "T" and t[1:].isdigit())
    projects = next(int(t[1:]) for t in counted if t and t[0] == "P" and t[1:].isdigit())
    # A target and a project more on the missing node: the node's counts follow, no gap.
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        chain = session.exec(select(Chain).where(Chain.code == "BEARING")).one()
        target = InvestmentTarget(
            chain_id=chain.id or 0, map_node_id=node.id, company_name="某陶瓷球公司",
            source="chain_map", purpose="fill",
        )  # fmt: skip
        session.add(target)
        session.add(
            InvestmentProject(
                code="ZS-T-1", name="陶瓷球项目", chain_id=chain.id or 0, map_node_id=node.id,
                investor_name="某陶瓷球公司", stage="signed", signed_on=date(2026, 9, 1),
            )
        )  # fmt: skip
        session.commit()
    root = _svg(client.get("/chains/BEARING/map.svg").text)
    drawn = next(g for g in root.iter(f"{SVG}g") if g.get("data-node") == str(node.id))
    texts = _counts_of(root, node)
    assert f"T{targets + 1}" in texts and f"P{projects + 1}" in texts
    assert "gap" not in (drawn.get("class") or "")


def test_a_missing_node_without_a_target_is_marked_a_gap(client: TestClient) -> None:
    node = _missing_node(client, None, untargeted=True)
    assert node is not None, "the demo leaves a missing node without a target"
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        segment = session.get(MapSegment, node.segment_id)
        assert segment is not None
        chain = session.get(Chain, segment.chain_id)
        assert chain is not None
    sign_in(client, "office")
    root = _svg(client.get(f"/chains/{chain.code}/map.svg").text)
    drawn = next(g for g in root.iter(f"{SVG}g") if g.get("data-node") == str(node.id))
    assert "gap" in (drawn.get("class") or "").split()


def test_the_chains_bulletin_page_shows_its_investment_figures_and_frozen_map(
    client: TestClient,
) -> None:
    sign_in(client, "office")
    page = client.get("/rollups/2026-10?chain=BEARING")
    assert page.status_code == 200
    assert 'id="figures-investment"' in page.text
    assert 'id="rollup-map"' in page.text and "<svg" in page.text


def test_a_node_s_counts_open_its_targets_and_pipeline_narrowed_to_the_node(
    client: TestClient,
) -> None:
    """The map's links name the node as the lists' filters do (by name), and both lists
    narrow to it."""
    sign_in(client, "office")
    root = _svg(client.get("/chains/HCHEM/map.svg").text)
    links = [a.get("href") or "" for a in root.iter(f"{SVG}a")]
    to_targets = [h for h in links if h.startswith("/chains/HCHEM/targets?node=")]
    to_pipeline = [h for h in links if h.startswith("/chains/HCHEM/pipeline?node=")]
    assert to_targets and to_pipeline
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        targeted = session.exec(
            select(MapNode.name)
            .join(InvestmentTarget, col(InvestmentTarget.map_node_id) == MapNode.id)
            .join(Chain, col(Chain.id) == InvestmentTarget.chain_id)
            .where(Chain.code == "HCHEM")
        ).first()
    assert targeted is not None
    page = client.get("/chains/HCHEM/targets", params={"node": targeted})
    assert page.status_code == 200 and targeted in page.text
    narrowed = client.get("/chains/HCHEM/pipeline", params={"node": targeted})
    assert narrowed.status_code == 200
    assert 'id="node-filter"' in narrowed.text and targeted in narrowed.text
    assert f"/chains/HCHEM/pipeline?node={quote(targeted)}" in to_pipeline
