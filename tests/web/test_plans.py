"""The 一企一策 pages and API on the demo city: plan 1 is 华晟化工's (HCHEM's chain master),
plan 2 万通轴承's (BEARING's candidate pilot), both for 2026, made by the demo's replay."""

from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from chainops.settings import Settings
from models import AuditEvent, CultivationPlan
from models.db import make_engine, session_scope
from services.people import issue_token
from tests.web.conftest import PERSONAS, csrf_of, sign_in

WANTONG = "913715818438126800"
NOW = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
RUIXING = "91371581MAL6U74D1E"  # BEARING's other chain master: no title recorded in the demo


def _plans(settings: Settings) -> list[CultivationPlan]:
    engine = make_engine(settings.database_url)
    with Session(engine) as session:
        plans = list(session.exec(select(CultivationPlan).order_by(CultivationPlan.id)))  # type: ignore[arg-type]
    engine.dispose()
    return plans


def _post(client: TestClient, page: str, action: str, data: dict[str, Any]) -> Any:
    token = csrf_of(client.get(page).text)
    return client.post(action, data={"csrf_token": token, **data}, follow_redirects=False)


def test_the_demo_plans_show_targets_measures_and_their_links(client: TestClient) -> None:
    sign_in(client, "office")
    listed = client.get("/plans").text
    assert "示范华晟化工集团股份有限公司" in listed and "示范万通轴承集团有限公司" in listed
    page = client.get("/plans/1").text
    assert 'href="/requests/YS2026-002"' in page and 'href="/projects/LC2026-HCHEM-01"' in page
    assert "协调新增能耗指标" in page and "Revenue (万元)" in page
    assert 'id="outcome-form"' in page and 'id="measure-form"' in page
    chain = client.get("/chains/BEARING/plans").text
    assert "示范万通轴承集团有限公司" in chain and "示范华晟化工" not in chain
    assert 'id="new-plan"' in chain


def test_the_page_speaks_chinese(client: TestClient) -> None:
    sign_in(client, "office")
    client.get("/lang/zh-CN?next=/plans/1")
    page = client.get("/plans/1").text
    assert "年度目标" in page and "支持措施" in page and "系统统计" in page


def test_the_team_makes_a_plan_on_its_chain_and_a_bad_field_changes_nothing(
    client: TestClient, app_settings: Settings
) -> None:
    sign_in(client, "team")
    page = "/chains/BEARING/plans"
    form = {"credit_code": WANTONG, "target_kind": "pilot", "year": "2027", "revenue": "lots"}
    refused = _post(client, page, page, form)
    assert refused.status_code == 400
    assert "Check “Revenue (万元)”: &#39;lots&#39; is not a number" in refused.text
    no_title = _post(client, page, page, {**form, "credit_code": RUIXING, "revenue": "100"})
    assert no_title.status_code == 400 and "neither holds a valid pilot enterprise" in no_title.text
    assert len(_plans(app_settings)) == 2
    made = _post(client, page, page, {**form, "revenue": "480000", "projects": "2"})
    assert made.status_code == 303
    plan = _plans(app_settings)[-1]
    assert made.headers["location"] == f"/plans/{plan.id}"
    assert (plan.year, plan.revenue_target_wan, plan.projects_target) == (2027, 480000, 2)
    assert f"Plan {plan.id} created." in client.get(f"/plans/{plan.id}").text


def test_measures_actuals_and_the_office_confirming_the_outcome(
    client: TestClient, app_settings: Settings
) -> None:
    sign_in(client, "office")
    page = "/plans/2"
    other_firms = _post(
        client, page, "/plans/2/measures", {"text": "x", "factor_request": "YS2026-002"}
    )
    assert other_firms.status_code == 400 and "another enterprise&#39;s request" in other_firms.text
    added = _post(client, page, "/plans/2/measures", {"text": "轴承钢本地配套对接", "project": ""})
    assert added.status_code == 303
    shown = client.get(page).text
    assert "轴承钢本地配套对接" in shown and "Measure added." in shown
    # the counts are pre-filled from the system (no signed matches yet; one key project)
    assert 'id="actuals-projects" name="projects" value="1"' in shown
    figures = {
        "revenue": "460000",
        "rd_intensity": "4.6",
        "local_suppliers": "6",
        "zjtx_suppliers": "3",
        "projects": "1",
    }
    assert _post(client, page, "/plans/2/actuals", figures).status_code == 303
    bare = _post(client, page, "/plans/2/outcome", {"outcome": "met", "note": ""})
    assert bare.status_code == 400 and "needs a note" in bare.text
    assert _post(client, page, "/plans/2/outcome", {"outcome": ""}).status_code == 303
    assert "Outcome confirmed: Partly met." in client.get(page).text
    assert _plans(app_settings)[1].outcome == "partly"
    engine = make_engine(app_settings.database_url)
    with Session(engine) as session:
        actions = session.exec(
            select(AuditEvent.action).where(
                AuditEvent.entity_type == "cultivation_plan", AuditEvent.entity_id == 2
            )
        ).all()
    engine.dispose()
    assert actions[-3:] == ["measure_added", "actuals_recorded", "outcome_confirmed"]


def test_the_api_lists_shows_and_refuses_naming_the_field(
    client: TestClient, app_settings: Settings
) -> None:
    engine = make_engine(app_settings.database_url)
    with session_scope(engine) as session:
        office = issue_token(session=session, username=PERSONAS["office"], name="t", now=NOW)
        firm = issue_token(session=session, username=PERSONAS["firm"], name="t", now=NOW)
    engine.dispose()
    as_office = {"Authorization": f"Bearer {office}"}
    rows = client.get("/api/plans", headers=as_office).json()
    assert [(r["id"], r["chain"], r["target_kind"], r["outcome"]) for r in rows] == [
        (1, "HCHEM", "chain_master", None),
        (2, "BEARING", "pilot", None),
    ]
    assert set(rows[0]) == {
        "id",
        "chain",
        "chain_name_zh",
        "chain_name_en",
        "credit_code",
        "enterprise",
        "year",
        "target_kind",
        "department",
        "department_name",
        "outcome",
        "updated_at",
    }
    one = client.get("/api/plans/1", headers=as_office).json()
    assert one["targets"]["revenue"] == 1200000 and one["from_system"]["projects"] == 1
    assert [m["factor_request"] for m in one["measures"]] == ["YS2026-002", None, None]
    as_firm = {"Authorization": f"Bearer {firm}"}
    assert [r["id"] for r in client.get("/api/plans", headers=as_firm).json()] == [1]
    assert client.get("/api/plans/2", headers=as_firm).status_code == 404
    assert (
        client.put("/api/plans/1/actuals", json={"projects": 1}, headers=as_firm).status_code == 403
    )
    bad = client.put("/api/plans/1/actuals", json={"rd_intensity": 320}, headers=as_office)
    assert bad.status_code == 400 and bad.json()["detail"].startswith("rd_intensity:")
    made = client.post(
        "/api/plans",
        json={
            "chain": "BEARING",
            "credit_code": WANTONG,
            "year": 2027,
            "target_kind": "pilot",
            "targets": {"projects": 2},
        },
        headers=as_office,
    )
    assert made.status_code == 201 and made.json()["department"] == "GXJ"
