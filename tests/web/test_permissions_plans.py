"""The permissions matrix extended to 一企一策 plans (issue 16 point 5), in the style of
test_permissions.py: every persona against each plan's page and API route, and each change.

The demo's plans: 1 is 华晟化工's on HCHEM (the firm persona's own; neither the team's nor the
leader's chain), 2 is 万通轴承's on BEARING (the team's and the leader's chain). Both are owned
by GXJ, so the dept persona (ZRJ) sees neither, while the team persona, who works at GXJ, sees
plan 1 as its owner department's and records its actuals — but may not change its measures.
"""

from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from chainops.settings import Settings
from models.db import make_engine, session_scope
from services.people import issue_token
from tests.web.conftest import PERSONAS, csrf_of, sign_in

OBJECTS = {"/plans/1": "示范华晟化工集团股份有限公司", "/plans/2": "示范万通轴承集团有限公司"}
EXPECTED_PAGES: dict[str, set[str]] = {
    "office": {"/plans/1", "/plans/2"},
    "chief": {"/plans/1", "/plans/2"},
    "team": {"/plans/1", "/plans/2"},
    "leader": {"/plans/2"},
    "dept": set(),
    "firm": {"/plans/1"},
    "outsider": set(),
}
POSTS: dict[str, dict[str, str]] = {
    "/plans/2/measures": {"text": "矩阵测试措施"},
    "/plans/1/actuals": {"projects": "1"},
    "/plans/2/outcome": {"outcome": "missed", "note": "矩阵测试"},
    "/chains/BEARING/plans": {
        "credit_code": "913715818438126800",
        "target_kind": "pilot",
        "year": "2028",
        "projects": "1",
    },
}
_ANSWERS = {  # persona → (measure, actuals, outcome, new plan)
    "office": (303, 303, 303, 303),
    "team": (303, 303, 403, 303),
    "chief": (403, 403, 403, 403),
    "leader": (403, 404, 403, 403),
    "dept": (404, 404, 404, 404),
    "firm": (404, 403, 404, 404),
    "outsider": (404, 404, 404, 404),
}


def _refused_or_allowed(status: int) -> str:
    if status == 200:
        return "allowed"
    assert status in (403, 404), f"a refusal must be 403 or 404, not {status}"
    return "refused"


@pytest.mark.parametrize("persona", list(EXPECTED_PAGES))
def test_each_persona_opens_exactly_its_plans_and_a_refusal_shows_nothing(
    client: TestClient, persona: str
) -> None:
    sign_in(client, persona)
    seen = {}
    for route in OBJECTS:
        response = client.get(route)
        seen[route] = _refused_or_allowed(response.status_code)
        if seen[route] == "refused":
            assert not any(name in response.text for name in OBJECTS.values())
    assert {r for r, o in seen.items() if o == "allowed"} == EXPECTED_PAGES[persona]
    listed = client.get("/plans").text
    assert {r for r in OBJECTS if f'href="{r}"' in listed} == EXPECTED_PAGES[persona]


@pytest.mark.parametrize("persona", list(EXPECTED_PAGES))
def test_each_persona_reads_exactly_the_same_through_the_api(
    client: TestClient, app_settings: Settings, persona: str
) -> None:
    engine = make_engine(app_settings.database_url)
    with session_scope(engine) as session:
        token = issue_token(
            session=session, username=PERSONAS[persona], name="matrix", now=datetime.now(UTC)
        )
    engine.dispose()
    headers = {"Authorization": f"Bearer {token}"}
    seen = {
        r: _refused_or_allowed(client.get(f"/api{r}", headers=headers).status_code) for r in OBJECTS
    }
    assert {r for r, o in seen.items() if o == "allowed"} == EXPECTED_PAGES[persona]
    listed = {f"/plans/{row['id']}" for row in client.get("/api/plans", headers=headers).json()}
    assert listed == EXPECTED_PAGES[persona]


@pytest.mark.parametrize("persona", list(_ANSWERS))
def test_each_persona_changes_a_plan_only_where_it_may_and_a_refusal_changes_nothing(
    client: TestClient, persona: str
) -> None:
    sign_in(client, persona)
    token = csrf_of(client.get("/").text)
    answers: dict[str, Any] = {}
    for route, data in POSTS.items():
        response = client.post(route, data={**data, "csrf_token": token}, follow_redirects=False)
        answers[route] = response.status_code
    assert answers == dict(zip(POSTS, _ANSWERS[persona], strict=True))
    client.cookies.clear()
    sign_in(client, "office")
    two = client.get("/plans/2").text
    assert ("矩阵测试措施" in two) == (_ANSWERS[persona][0] == 303)
    assert ("矩阵测试" in two.replace("矩阵测试措施", "")) == (_ANSWERS[persona][2] == 303)
    plans = client.get("/chains/BEARING/plans").text
    assert ("2028" in plans) == (_ANSWERS[persona][3] == 303)
