"""The investment target pages on the demo city: the working group reads a chain's gap nodes,
adds a target for one and the gap is gone; a bad field re-renders the form (400) naming it,
nothing changed; a target moves on its page; readers read, others get 404; the chain page
lists the links lacking targets; the pages speak Chinese; the JSON API answers the same."""

import re
from datetime import UTC, datetime
from html import unescape

from fastapi.testclient import TestClient
from sqlmodel import select

from chainops.settings import Settings
from models import InvestmentTarget
from models.db import make_engine, session_scope
from services.people import issue_token
from tests.web.conftest import PERSONAS, csrf_of, sign_in

WIND_TARGET = 7  # 浙江甬驰风电轴承, BEARING, visited
TESTING_TARGET = 8  # 上海精测轴承检测技术, BEARING, listed
HCHEM_TARGET = 1  # 江苏澄锋新材料, HCHEM


def _targets(settings: Settings) -> list[InvestmentTarget]:
    engine = make_engine(settings.database_url)
    with session_scope(engine) as session:
        rows = list(session.exec(select(InvestmentTarget)).all())
        session.expunge_all()
    engine.dispose()
    return rows


def _gaps(html: str) -> list[str]:
    block = html.split('id="gaps"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r"<strong[^>]*>([^<]+)</strong>", block)


def test_the_working_group_adds_a_target_for_a_gap_node_and_the_gap_is_gone(
    client: TestClient, app_settings: Settings
) -> None:
    sign_in(client, "team")
    page = client.get("/chains/BEARING/targets")
    assert page.status_code == 200
    assert _gaps(page.text) == ["精密机床主轴轴承", "真空热处理", "汽车轮毂轴承", "工程机械轴承"]
    assert "浙江甬驰风电轴承有限公司" in page.text and 'id="add"' in page.text
    prefilled = client.get("/chains/BEARING/targets?for_node=真空热处理")
    assert '<option value="真空热处理" selected>' in prefilled.text
    added = client.post(
        "/chains/BEARING/targets",
        data={
            "csrf_token": csrf_of(page.text),
            "company_name": "江苏示例真空热处理科技有限公司",
            "hq_region": "江苏省常州市",
            "node": "真空热处理",
            "purpose": "strengthen",
            "source": "fair",
            "priority": "1",
        },
        follow_redirects=True,
    )
    assert added.status_code == 200
    assert "Target added: 江苏示例真空热处理科技有限公司" in added.text
    assert "真空热处理" not in _gaps(added.text)
    (made,) = [t for t in _targets(app_settings) if t.company_name.startswith("江苏示例")]
    assert (made.purpose, made.source, made.priority, made.status) == (
        "strengthen",
        "fair",
        1,
        "listed",
    )


def test_a_bad_node_re_renders_the_form_naming_the_field_and_adds_nothing(
    client: TestClient, app_settings: Settings
) -> None:
    sign_in(client, "team")
    before = len(_targets(app_settings))
    token = csrf_of(client.get("/chains/BEARING/targets").text)
    refused = client.post(
        "/chains/BEARING/targets",
        data={"csrf_token": token, "company_name": "浙江示例", "node": "无此节点"},
    )
    assert refused.status_code == 400
    text = unescape(refused.text)
    assert "map node: the BEARING chain's map has no node '无此节点'" in text
    assert re.search(r'<select id="node" name="node" aria-invalid="true"', refused.text)
    assert 'value="浙江示例"' in refused.text  # what was typed stays
    bad_code = client.post(
        "/chains/BEARING/targets",
        data={"csrf_token": token, "company_name": "浙江示例", "credit_code": "123"},
    )
    assert bad_code.status_code == 400 and "credit code: must be 18 characters" in bad_code.text
    assert len(_targets(app_settings)) == before


def test_a_target_moves_on_its_page_and_a_drop_needs_a_reason(
    client: TestClient, app_settings: Settings
) -> None:
    sign_in(client, "team")
    page = client.get(f"/targets/{TESTING_TARGET}")
    assert page.status_code == 200 and "上海精测轴承检测技术有限公司" in page.text
    token = csrf_of(page.text)
    moved = client.post(
        f"/targets/{TESTING_TARGET}/status",
        data={"csrf_token": token, "to": "contacted"},
        follow_redirects=True,
    )
    assert moved.status_code == 200 and "Status now Contacted." in moved.text
    refused = client.post(
        f"/targets/{TESTING_TARGET}/status", data={"csrf_token": token, "to": "dropped"}
    )
    assert refused.status_code == 400 and "reason: say why the target is dropped" in refused.text
    assert 'id="reason" name="reason" value="" aria-invalid="true"' in refused.text
    edited = client.post(
        f"/targets/{TESTING_TARGET}",
        data={
            "csrf_token": token,
            "company_name": "上海精测轴承检测技术有限公司",
            "node": "轴承检测认证",
            "purpose": "fill",
            "source": "chamber",
            "priority": "1",
            "owner_group": "轴承产业链招商专班",
            "note": "CNAS 资质齐全",
        },
        follow_redirects=True,
    )
    assert edited.status_code == 200 and "CNAS 资质齐全" in edited.text
    (target,) = [t for t in _targets(app_settings) if t.id == TESTING_TARGET]
    assert (target.status, target.priority, target.note) == ("contacted", 1, "CNAS 资质齐全")


def test_readers_read_and_others_see_nothing(client: TestClient) -> None:
    sign_in(client, "leader")  # the BEARING chain leader
    page = client.get("/chains/BEARING/targets")
    assert page.status_code == 200 and 'id="add"' not in page.text
    assert 'id="move"' not in client.get(f"/targets/{WIND_TARGET}").text
    token = csrf_of(page.text)
    refused = client.post(
        f"/targets/{WIND_TARGET}/status", data={"csrf_token": token, "to": "dropped"}
    )
    assert refused.status_code == 403
    assert client.get(f"/targets/{HCHEM_TARGET}").status_code == 404
    for persona in ("firm", "outsider"):
        client.get("/logout")
        client.cookies.clear()
        sign_in(client, persona)
        assert client.get("/chains/HCHEM/targets").status_code == 404
        assert client.get(f"/targets/{HCHEM_TARGET}").status_code == 404


def test_the_chain_page_lists_the_links_lacking_targets(client: TestClient) -> None:
    sign_in(client, "team")
    text = client.get("/chains/BEARING").text
    block = text.split('id="target-gaps"', 1)[1].split("</p>", 1)[0]
    assert 'href="/chains/BEARING/targets"' in block
    assert "精密机床主轴轴承" in block and "风电主轴轴承" not in block


def test_the_pages_speak_chinese(client: TestClient) -> None:
    sign_in(client, "office")
    client.get("/lang/zh-CN")
    for path in ("/chains/HCHEM/targets", f"/targets/{HCHEM_TARGET}", "/chains/HCHEM"):
        text = client.get(path).text
        assert "inv." not in text, path  # no word key left untranslated
    listed = client.get("/chains/HCHEM/targets").text
    assert "缺少招商目标的薄弱/缺失节点" in listed and "已放弃" in listed
    assert "<td>补链</td><td>产业链图谱</td><td>重点</td>" in listed  # 澄锋, for 己二腈


def test_the_api_lists_filters_and_answers_the_same(
    client: TestClient, app_settings: Settings
) -> None:
    def auth(persona: str) -> dict[str, str]:
        engine = make_engine(app_settings.database_url)
        with session_scope(engine) as session:
            token = issue_token(
                session=session, username=PERSONAS[persona], name="t", now=datetime.now(UTC)
            )
        engine.dispose()
        return {"Authorization": f"Bearer {token}"}

    office = auth("office")
    rows = client.get("/api/investment/targets?chain=HCHEM", headers=office).json()
    assert len(rows) == 4
    assert set(rows[0]) == {
        "id", "chain", "company", "credit_code", "hq_region", "source", "purpose", "node",
        "node_status", "priority", "owner_group", "status", "dropped_reason", "note",
        "projects", "updated_at",
    }  # fmt: skip
    dropped = client.get("/api/investment/targets?status=dropped", headers=office).json()
    assert [r["node"] for r in dropped] == ["高性能纤维"]
    by_node = client.get("/api/investment/targets?chain=BEARING&node=轴承钢", headers=office)
    assert [r["company"] for r in by_node.json()] == ["江苏锡钢特种材料有限公司"]
    bad = client.get("/api/investment/targets?chain=BEARING&node=无", headers=office)
    assert bad.status_code == 400 and "no node" in bad.json()["detail"]
    one = client.get(f"/api/investment/targets/{WIND_TARGET}", headers=office).json()
    assert (one["node"], one["status"]) == ("风电主轴轴承", "visited")
    gaps = client.get("/api/investment/chains/STPIPE/gaps", headers=office).json()
    assert gaps[-1] == {
        "node": "核电用管",
        "status": "missing",
        "segment": "应用领域",
        "stage": "downstream",
        "note": "缺少核级资质",
    }
    firm = auth("firm")
    assert client.get("/api/investment/targets", headers=firm).json() == []
    assert client.get(f"/api/investment/targets/{HCHEM_TARGET}", headers=firm).status_code == 404
    team = auth("team")
    made = client.post(
        "/api/investment/targets",
        json={"chain": "BEARING", "company": "广东示例", "node": "工程机械轴承"},
        headers=team,
    )
    assert made.status_code == 200 and made.json()["status"] == "listed"
    refused = client.post(
        "/api/investment/targets", json={"chain": "HCHEM", "company": "x"}, headers=team
    )
    assert refused.status_code == 403
