"""The permissions matrix for the matchmaking lists, in the style of test_permissions.py: every
persona against the demand and capability pages and API routes, on objects of their own and of
others — allowed (200) or refused (403/404), a refusal never showing the object — and the
changes (add, choose) each persona may make.

The demo city's objects used here: BEARING (team guo.jiaqi's, leader li.zhenhua's) and HCHEM
(the firm 华晟's chain, where it is chain master; its lead department is GXJ, guo.jiaqi's bureau,
so she reads its lists but changes nothing there); demand 1 (华晟's, HCHEM), demand 3 (万通's,
BEARING), capability 1 (金源's, HCHEM), capability 6 (华钢's, BEARING). The dept persona's
bureau (ZRJ) leads no chain, so it reads no list.
"""

from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from chainops.settings import Settings
from models.db import make_engine, session_scope
from services.people import issue_token
from tests.web.conftest import PERSONAS, csrf_of, sign_in

OBJECTS: dict[str, str] = {
    "/chains/BEARING/demands": "高端轴承钢 GCr15SiMn",
    "/chains/BEARING/capabilities": "精密钢球 G5",
    "/chains/HCHEM/demands": "电子级双酚A配套助剂",
    "/demands/1": "电子级双酚A配套助剂",
    "/demands/3": "高端轴承钢 GCr15SiMn",
    "/capabilities/1": "电子级清洗剂与助剂",
    "/capabilities/6": "轴承钢棒材",
}
ALL = set(OBJECTS)
BEARING = {
    "/chains/BEARING/demands",
    "/chains/BEARING/capabilities",
    "/demands/3",
    "/capabilities/6",
}
EXPECTED: dict[str, set[str]] = {
    "office": ALL,
    "chief": ALL,
    "team": BEARING | {"/chains/HCHEM/demands", "/demands/1", "/capabilities/1"},
    "leader": BEARING,
    "dept": set(),
    "firm": {"/chains/HCHEM/demands", "/demands/1"},
    "outsider": set(),
}
# persona → the demand ids /api/demands lists (the team persona's bureau GXJ leads most chains)
LISTED: dict[str, set[int]] = {
    "office": {1, 2, 3, 4, 5, 6, 7, 8},
    "chief": {1, 2, 3, 4, 5, 6, 7, 8},
    "team": {1, 2, 3, 4, 5, 6, 7, 8},
    "leader": {3, 4, 6, 7, 8},
    "dept": set(),
    "firm": {1, 2},
    "outsider": set(),
}
API_ROUTES = {
    "/api/demands/1": "/demands/1",
    "/api/demands/3": "/demands/3",
    "/api/demands/1/shortlist": "/demands/1",
    "/api/demands/3/shortlist": "/demands/3",
    "/api/capabilities/1": "/capabilities/1",
    "/api/capabilities/6": "/capabilities/6",
}


def _outcome(status: int) -> str:
    if status == 200:
        return "allowed"
    assert status in (403, 404), f"a refusal must be 403 or 404, not {status}"
    return "refused"


def _token(settings: Settings, persona: str) -> Any:
    engine = make_engine(settings.database_url)
    with session_scope(engine) as session:
        token = issue_token(
            session=session, username=PERSONAS[persona], name="matrix", now=datetime.now(UTC)
        )
    engine.dispose()
    return token


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_each_persona_opens_exactly_its_lists_and_a_refusal_shows_nothing(
    client: TestClient, persona: str
) -> None:
    sign_in(client, persona)
    seen = {}
    for route in OBJECTS:
        response = client.get(route, follow_redirects=False)
        seen[route] = _outcome(response.status_code)
        if seen[route] == "refused":
            for marker in OBJECTS.values():
                assert marker not in response.text, f"{persona} {route} shows {marker}"
    assert {r for r, o in seen.items() if o == "allowed"} == EXPECTED[persona]


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_the_api_answers_each_persona_the_same(
    client: TestClient, app_settings: Settings, persona: str
) -> None:
    headers = {"Authorization": f"Bearer {_token(app_settings, persona)}"}
    seen = {route: _outcome(client.get(route, headers=headers).status_code) for route in API_ROUTES}
    allowed = {page for route, page in API_ROUTES.items() if seen[route] == "allowed"}
    assert allowed == EXPECTED[persona] & set(API_ROUTES.values())
    listed = {row["id"] for row in client.get("/api/demands", headers=headers).json()}
    assert listed == LISTED[persona]


# persona → status of adding a demand on BEARING, and of choosing on demand 3's shortlist (its
# line 7, the testing lab at a missing node: the demo's event already matched the steel mill)
CHANGES: dict[str, tuple[int, int]] = {
    "office": (303, 303),
    "team": (303, 303),
    "leader": (403, 403),
    "chief": (403, 403),
    "dept": (404, 404),
    "firm": (404, 404),
    "outsider": (404, 404),
}


@pytest.mark.parametrize("persona", list(CHANGES))
def test_only_the_office_and_the_team_add_and_choose_on_the_chain(
    client: TestClient, persona: str
) -> None:
    sign_in(client, persona)
    token = csrf_of(client.get("/").text)
    added = client.post(
        "/chains/BEARING/demands",
        data={"csrf_token": token, "credit_code": "913715818438126800", "item": "矩阵测试需求"},
        follow_redirects=False,
    )
    chosen = client.post(
        "/demands/3/choose",
        data={"csrf_token": token, "capability_id": "7"},
        follow_redirects=False,
    )
    assert (added.status_code, chosen.status_code) == CHANGES[persona]


def test_the_firm_chooses_on_its_own_demand_only(client: TestClient) -> None:
    sign_in(client, "firm")
    token = csrf_of(client.get("/demands/1").text)
    own = client.post(
        "/demands/1/choose",
        data={"csrf_token": token, "capability_id": "1"},
        follow_redirects=False,
    )
    assert own.status_code == 303
    other = client.post(
        "/demands/3/choose",
        data={"csrf_token": token, "capability_id": "7"},
        follow_redirects=False,
    )
    assert other.status_code == 404
