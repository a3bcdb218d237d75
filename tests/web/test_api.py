"""The JSON API under /api: bearer tokens, the same visibility and permissions as the pages,
the services' refusals as 400/403/404 with their message, and paged lists."""

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from chainops import wiring
from chainops.settings import Settings
from models.db import session_scope
from services.people import issue_token
from tests.web.conftest import PERSONAS, sign_in

Auth = Callable[[str], dict[str, str]]


@pytest.fixture
def auth(app_settings: Settings) -> Auth:
    """``auth("dept")``: the header of a fresh token for that persona, as `chainops users
    token` makes it, on the test's own database."""

    def header(persona: str) -> dict[str, str]:
        with session_scope(wiring.engine(app_settings)) as session:
            token = issue_token(
                session=session, username=PERSONAS[persona], name="test", now=datetime.now(UTC)
            )
        return {"Authorization": f"Bearer {token}"}

    return header


def _all_tasks(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    response = client.get("/api/tasks", params={"per_page": 200}, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert body["total"] == len(body["items"])  # the demo city fits on one page of 200
    return body


def test_without_a_live_token_the_api_answers_401_and_asks_for_a_bearer(
    client: TestClient,
) -> None:
    for headers in (
        {},
        {"Authorization": "Bearer not-a-token"},
        {"Authorization": "Basic Z2FvOmNoYWlub3Bz"},
    ):
        response = client.get("/api/tasks", headers=headers)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert "token" in response.json()["detail"]
    sign_in(client, "office")  # a page's session cookie is not a token: no CSRF-able API
    assert client.get("/api/me").status_code == 401


def test_openapi_lists_the_paths_and_the_bearer_scheme(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    assert spec["components"]["securitySchemes"]["token"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "An API token made with `chainops users token EMAIL`.",
    }
    for path, method in [
        ("/api/me", "get"),
        ("/api/overview", "get"),
        ("/api/chains/{code}", "get"),
        ("/api/tasks", "get"),
        ("/api/tasks", "post"),
        ("/api/tasks/{task_id}", "get"),
        ("/api/tasks/{task_id}/progress", "post"),
        ("/api/tasks/{task_id}/sign-off", "post"),
        ("/api/tasks/{task_id}/extension/{request_id}/decision", "post"),
        ("/api/projects/{code}/reports", "post"),
        ("/api/requests/{code}/{action}", "post"),
        ("/api/notices/{outbox_id}/ack", "post"),
        ("/api/rollups/{month}", "get"),
    ]:
        operation = spec["paths"][path][method]
        assert operation["security"] == [{"token": []}], path
        assert {"401", "403", "404"} <= set(operation["responses"]), path
    assert "TaskDetail" in spec["components"]["schemas"]


def test_each_persona_lists_only_the_tasks_it_may_see(client: TestClient, auth: Auth) -> None:
    everything = _all_tasks(client, auth("office"))["items"]
    assert {t["chain"] for t in everything} >= {"BEARING", "HCHEM", "AUTO"}

    leader = _all_tasks(client, auth("leader"))["items"]
    assert {t["id"] for t in leader} == {t["id"] for t in everything if t["chain"] == "BEARING"}

    dept = _all_tasks(client, auth("dept"))["items"]
    hers = {
        t["id"]
        for t in everything
        if t["lead_department"] == "ZRJ" or t["owner"] == PERSONAS["dept"]
    }
    assert hers and {t["id"] for t in dept} == hers

    for nobody in ("firm", "outsider"):
        assert _all_tasks(client, auth(nobody)) == {
            "items": [],
            "total": 0,
            "page": 1,
            "per_page": 200,
        }


def test_another_chains_task_is_404_like_a_task_that_does_not_exist(
    client: TestClient, auth: Auth
) -> None:
    everything = _all_tasks(client, auth("office"))["items"]
    other = next(t for t in everything if t["chain"] != "BEARING")
    leader = auth("leader")
    hidden = client.get(f"/api/tasks/{other['id']}", headers=leader)
    missing = client.get("/api/tasks/999999", headers=leader)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == {"detail": f"no task {other['id']}"}
    moved = client.post(f"/api/tasks/{other['id']}/progress", json={"progress": 5}, headers=leader)
    assert moved.status_code == 404
    assert client.get("/api/chains/HCHEM", headers=leader).status_code == 404
    assert client.get("/api/chains/BEARING", headers=leader).json()["roster"]


def test_the_firm_lists_only_its_own_enterprises_requests(client: TestClient, auth: Auth) -> None:
    firm = auth("firm")
    enterprise = client.get("/api/me", headers=firm).json()["enterprise"]
    everything = client.get("/api/requests", headers=auth("office")).json()
    own = {r["code"] for r in everything if r["enterprise"] == enterprise}
    listed = client.get("/api/requests", headers=firm).json()
    assert own and {r["code"] for r in listed} == own
    other = next(r["code"] for r in everything if r["enterprise"] != enterprise)
    assert client.get(f"/api/requests/{other}", headers=firm).status_code == 404
    projects = client.get("/api/projects", headers=firm).json()
    assert projects and {p["enterprise"] for p in projects} == {enterprise}


def test_an_owner_reports_progress_through_the_api_and_the_task_shows_it(
    client: TestClient, auth: Auth
) -> None:
    dept = auth("dept")
    task = next(
        t
        for t in _all_tasks(client, dept)["items"]
        if t["owner"] == PERSONAS["dept"] and t["state"] == "in_progress"
    )
    response = client.post(
        f"/api/tasks/{task['id']}/progress",
        json={"progress": 85, "note": "land approval filed"},
        headers=dept,
    )
    assert response.status_code == 200, response.text
    assert response.json()["progress"] == 85
    shown = client.get(f"/api/tasks/{task['id']}", headers=auth("office")).json()
    assert shown["progress"] == 85
    assert shown["progress_reports"][-1] == {
        "reported_at": shown["progress_reports"][-1]["reported_at"],
        "reported_by": PERSONAS["dept"],
        "progress": 85,
        "note": "land approval filed",
    }
    assert shown["history"][-1]["action"] == "report_progress"
    assert shown["history"][-1]["actor"] == PERSONAS["dept"]


def test_a_sign_off_by_anyone_but_the_office_is_403_and_changes_nothing(
    client: TestClient, auth: Auth
) -> None:
    team = auth("team")
    task = next(
        t
        for t in _all_tasks(client, team)["items"]
        if t["owner"] == PERSONAS["team"]
        and t["chain"] == "BEARING"
        and t["state"] == "in_progress"
    )
    submitted = client.post(f"/api/tasks/{task['id']}/submit", headers=team)
    assert submitted.status_code == 200, submitted.text
    before = client.get(f"/api/tasks/{task['id']}", headers=team).json()
    assert before["state"] == "submitted"

    for persona in ("team", "leader"):
        refused = client.post(f"/api/tasks/{task['id']}/sign-off", headers=auth(persona))
        assert refused.status_code == 403
        assert refused.json() == {"detail": "only office may sign off this task"}
    assert client.get(f"/api/tasks/{task['id']}", headers=team).json() == before

    signed = client.post(f"/api/tasks/{task['id']}/sign-off", headers=auth("office"))
    assert signed.status_code == 200
    assert signed.json()["state"] == "signed_off"


def test_bad_input_is_refused_naming_the_field_and_changes_nothing(
    client: TestClient, auth: Auth
) -> None:
    dept = auth("dept")
    task = next(t for t in _all_tasks(client, dept)["items"] if t["owner"] == PERSONAS["dept"])
    bad_date = client.post(
        f"/api/tasks/{task['id']}/extension",
        json={"proposed_due": "31/12/2026", "reason": "waiting for the province"},
        headers=dept,
    )
    assert bad_date.status_code == 422
    assert bad_date.json()["detail"][0]["loc"] == ["body", "proposed_due"]

    firm = auth("firm")
    project = client.get("/api/projects", headers=firm).json()[0]
    bad_month = client.post(
        f"/api/projects/{project['code']}/reports",
        json={"month": "2026-13", "month_investment": 120},
        headers=firm,
    )
    assert bad_month.status_code == 400
    assert bad_month.json()["detail"].startswith("month: '2026-13'")

    # The report is taken, then the factor request it asks for is refused: neither is kept.
    refused = client.post(
        f"/api/projects/{project['code']}/reports",
        json={
            "month": project["last_report_month"],
            "month_investment": 999,
            "replace": True,
            "problems": "no land",
            "factor_request": {
                "factor_type": "moonlight",
                "quantity": 1,
                "unit": "亩",
                "needed_by": "2027-06-30",
            },
        },
        headers=firm,
    )
    assert refused.status_code == 400
    assert refused.json()["detail"].startswith("factor type: unknown 'moonlight'")
    after = client.get(f"/api/projects/{project['code']}", headers=firm).json()
    assert after["investment_completed"] == project["investment_completed"]


def test_a_report_amount_past_the_bound_every_path_keeps_is_refused(
    client: TestClient, auth: Auth
) -> None:
    firm = auth("firm")
    project = client.get("/api/projects", headers=firm).json()[0]
    refused = client.post(
        f"/api/projects/{project['code']}/reports",
        json={"month": project["last_report_month"], "month_investment": 1e20, "replace": True},
        headers=firm,
    )
    assert refused.status_code == 400
    assert refused.json()["detail"].startswith(
        "month_investment must be at most 100,000,000 万元, not 100,000,000,000,000,000,000 万元"
    )


def test_a_firm_may_not_move_a_request_that_is_the_departments_to_move(
    client: TestClient, auth: Auth
) -> None:
    firm = auth("firm")
    request = client.get("/api/requests", headers=firm).json()[0]
    refused = client.post(f"/api/requests/{request['code']}/reject", json={}, headers=firm)
    assert refused.status_code == 403
    assert "handling department or the office" in refused.json()["detail"]
    shown = client.get(f"/api/requests/{request['code']}", headers=firm).json()
    assert shown["state"] == request["state"]


def test_tasks_come_in_pages_with_the_total(client: TestClient, auth: Auth) -> None:
    office = auth("office")
    first = client.get("/api/tasks", params={"per_page": 7}, headers=office).json()
    second = client.get("/api/tasks", params={"per_page": 7, "page": 2}, headers=office).json()
    everything = _all_tasks(client, office)
    assert first["total"] == second["total"] == everything["total"] > 14
    assert (first["page"], first["per_page"], len(first["items"])) == (1, 7, 7)
    ids = [t["id"] for t in first["items"] + second["items"]]
    assert ids == [t["id"] for t in everything["items"][:14]]
    beyond = client.get("/api/tasks", params={"page": 99}, headers=office).json()
    assert beyond["items"] == [] and beyond["total"] == everything["total"]
    too_many = client.get("/api/tasks", params={"per_page": 201}, headers=office)
    assert too_many.status_code == 422
    assert too_many.json()["detail"][0]["loc"] == ["query", "per_page"]
    red = client.get("/api/tasks", params={"light": "red", "chain": "BEARING"}, headers=office)
    assert red.json()["items"] and {(t["light"], t["chain"]) for t in red.json()["items"]} == {
        ("red", "BEARING")
    }


def test_notices_are_the_viewers_own_and_only_the_recipient_acknowledges(
    client: TestClient, auth: Auth
) -> None:
    team = auth("team")
    own = client.get("/api/notices", headers=team).json()
    assert own["total"] > 0
    # their own, and their department's mailbox (GXJ), which they read too
    addressed = {d["recipient_email"] for d in own["items"]}
    assert PERSONAS["team"] in addressed
    assert addressed <= {PERSONAS["team"], "gxj@lc.example.gov.cn"}
    everyone = client.get("/api/notices", headers=auth("office")).json()
    assert everyone["total"] > own["total"]

    delivery = next(d for d in own["items"] if d["recipient_email"] == PERSONAS["team"])
    path = f"/api/notices/{delivery['outbox_id']}/ack"
    assert client.post(path, headers=auth("office")).status_code == 403
    assert client.post(path, headers=auth("dept")).status_code == 404
    acknowledged = client.post(path, headers=team)
    assert acknowledged.status_code == 200
    assert acknowledged.json()["acknowledged_at"] is not None


def test_the_monthly_figures_are_for_officials_only(client: TestClient, auth: Auth) -> None:
    months = client.get("/api/rollups", headers=auth("dept")).json()
    assert months
    month = months[-1]["month"]
    figures = client.get(f"/api/rollups/{month}", headers=auth("leader")).json()
    assert figures["month"] == month and "BEARING" in figures["chains"]
    for outsider in ("firm", "outsider"):
        assert client.get("/api/rollups", headers=auth(outsider)).status_code == 404
        assert client.get(f"/api/rollups/{month}", headers=auth(outsider)).status_code == 404


def test_the_team_edits_a_task_and_a_leader_may_not(client: TestClient, auth: Auth) -> None:
    edited = client.post(
        "/api/tasks/32/edit", json={"title": "推动轴承钢本地化配套（二期）"}, headers=auth("team")
    )
    refused = client.post("/api/tasks/32/edit", json={"title": "x"}, headers=auth("leader"))
    bad = client.post("/api/tasks/32/edit", json={"owner": "nobody@x.cn"}, headers=auth("team"))

    assert edited.status_code == 200 and edited.json()["title"] == "推动轴承钢本地化配套（二期）"
    assert refused.status_code == 403
    assert bad.status_code == 400 and "owner: no person" in bad.json()["detail"]


def test_a_block_must_name_the_factor_request_it_waits_on(client: TestClient, auth: Auth) -> None:
    dept = auth("dept")
    task = next(
        t
        for t in _all_tasks(client, dept)["items"]
        if t["owner"] == PERSONAS["dept"] and t["state"] == "in_progress"
    )

    refused = client.post(f"/api/tasks/{task['id']}/block", json={"reason": "x"}, headers=dept)

    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "request"]
    assert client.get(f"/api/tasks/{task['id']}", headers=dept).json()["state"] == "in_progress"


def test_the_api_docs_load_nothing_from_outside(client: TestClient) -> None:
    """An intranet reaches no public CDN: Swagger UI's assets are served by the app."""
    page = client.get("/api/docs")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith("/api/") for s in sources), sources
    for source in sources:
        assert client.get(source).status_code == 200, source
