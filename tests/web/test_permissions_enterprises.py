"""The permissions matrix extended to enterprises, their titles and the cultivation library
(issue 16 point 5), in the style of test_permissions.py: every persona against each
enterprise's page and API route, a chain's 链主 / 领航型 page, and each change.

The demo: 万通轴承 is on BEARING (the team's and the leader's chain) and EQUIP (the team's);
华晟化工 is the firm persona's own enterprise on HCHEM, and 恒泰新材料 another HCHEM firm —
not the leader's chain, nor the team's — though the team persona works at GXJ, HCHEM's lead
department, so it reads (never changes) HCHEM's enterprises. The dept persona (ZRJ) leads no
chain, so it sees no enterprise. The chief reads every chain but approves none (it leads no chain).
"""

from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from chainops import wiring
from chainops.settings import Settings
from models import Designation, Enterprise
from models.db import make_engine, session_scope
from services import enterprises
from services.people import issue_token, viewer_by_email
from tests.web.conftest import PERSONAS, csrf_of, sign_in

BEARING_MASTER = "913715818438126800"
FIRM_OWN = "91371500914723298G"
HCHEM_OTHER = "9137152131646133XF"
OBJECTS = {
    f"/enterprises/{BEARING_MASTER}": "示范万通轴承集团有限公司",
    f"/enterprises/{FIRM_OWN}": "示范华晟化工集团股份有限公司",
    f"/enterprises/{HCHEM_OTHER}": "示范恒泰新材料科技有限公司",
}
MASTERS = "/chains/BEARING/chain-masters"
EXPECTED_PAGES: dict[str, set[str]] = {
    "office": {*OBJECTS, MASTERS},
    "chief": {*OBJECTS, MASTERS},
    "team": {*OBJECTS, MASTERS},  # HCHEM's as a person of GXJ, its lead department
    "leader": {f"/enterprises/{BEARING_MASTER}", MASTERS},
    "dept": set(),
    "firm": {f"/enterprises/{FIRM_OWN}"},
    "outsider": set(),
}
GAZELLE = {"kind": "gazelle", "recognized_on": "2026-01-05", "doc_no": "矩阵测试"}
POSTS: dict[str, dict[str, str]] = {
    f"/enterprises/{BEARING_MASTER}/titles": GAZELLE,
    f"/enterprises/{FIRM_OWN}/titles": GAZELLE,
    f"/enterprises/{FIRM_OWN}/candidates": {"target_kind": "little_giant"},
    MASTERS: {"credit_code": "91371581MAL6U74D1E", "kind": "pilot"},
    "APPROVE": {},
}
_ANSWERS = {  # persona → (title on BEARING's, title on its own, library, propose, approve)
    "office": (303, 303, 303, 303, 403),
    "team": (303, 403, 403, 303, 403),  # reads HCHEM's (GXJ), does not run it
    "chief": (403, 403, 403, 403, 403),
    "leader": (403, 404, 404, 403, 303),
    "dept": (404, 404, 404, 404, 404),
    "firm": (404, 303, 403, 404, 404),
    "outsider": (404, 404, 404, 404, 404),
}


def _refused_or_allowed(status: int) -> str:
    if status == 200:
        return "allowed"
    assert status in (403, 404), f"a refusal must be 403 or 404, not {status}"
    return "refused"


@pytest.mark.parametrize("persona", list(EXPECTED_PAGES))
def test_each_persona_opens_exactly_its_enterprises_and_a_refusal_shows_nothing(
    client: TestClient, persona: str
) -> None:
    sign_in(client, persona)
    seen = {}
    for route in (*OBJECTS, MASTERS):
        response = client.get(route)
        seen[route] = _refused_or_allowed(response.status_code)
        if seen[route] == "refused":
            assert not any(name in response.text for name in OBJECTS.values())
    assert {r for r, o in seen.items() if o == "allowed"} == EXPECTED_PAGES[persona]
    listed = client.get("/enterprises?page=1").text + client.get("/enterprises?page=2").text
    assert {r for r in OBJECTS if f'href="{r}"' in listed} == EXPECTED_PAGES[persona] - {MASTERS}


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
    assert {r for r, o in seen.items() if o == "allowed"} == EXPECTED_PAGES[persona] - {MASTERS}
    listed = {
        f"/enterprises/{row['credit_code']}"
        for row in client.get("/api/enterprises?per_page=200", headers=headers).json()
    }
    assert listed & set(OBJECTS) == EXPECTED_PAGES[persona] - {MASTERS}


def _proposal(settings: Settings) -> int:
    """A 链主 proposal on BEARING waiting for its leader, made by the office."""
    with session_scope(wiring.engine(settings)) as session:
        office = viewer_by_email(session, PERSONAS["office"])
        row = enterprises.add_designation(
            session=session, viewer=office, credit_code="91371581MAKR8JKM7M",
            kind="chain_master", chain="BEARING", candidate=True, now=datetime.now(UTC),
            today=datetime.now(UTC).date(),
        )  # fmt: skip
        assert row.id is not None
        return row.id


def _statuses(settings: Settings) -> dict[str, Any]:
    with session_scope(wiring.engine(settings)) as session:
        rows = session.exec(select(Designation, Enterprise.credit_code).join(Enterprise)).all()
        return {
            "gazelles": sorted(
                c for d, c in rows if d.kind == "gazelle" and d.doc_no == "矩阵测试"
            ),
            "pilots": [c for d, c in rows if d.kind == "pilot" and d.status == "candidate"],
            "masters": [
                c for d, c in rows if d.kind == "chain_master" and c == "91371581MAKR8JKM7M"
            ],
            "approved": [d.status for d, c in rows if c == "91371581MAKR8JKM7M" and d.chain_id],
        }


@pytest.mark.parametrize("persona", list(_ANSWERS))
def test_each_persona_changes_titles_only_where_it_may_and_a_refusal_changes_nothing(
    client: TestClient, app_settings: Settings, persona: str
) -> None:
    proposal = _proposal(app_settings)
    sign_in(client, persona)
    token = csrf_of(client.get("/").text)
    answers: dict[str, Any] = {}
    for route, data in POSTS.items():
        path = f"{MASTERS}/{proposal}/approve" if route == "APPROVE" else route
        response = client.post(path, data={**data, "csrf_token": token}, follow_redirects=False)
        answers[route] = response.status_code
    expected = _ANSWERS[persona]
    assert answers == dict(zip(POSTS, expected, strict=True))
    after = _statuses(app_settings)
    assert after["gazelles"] == sorted(
        code for code, status in ((BEARING_MASTER, expected[0]), (FIRM_OWN, expected[1]))
        if status == 303
    )  # fmt: skip
    assert (after["pilots"] == ["91371581MAL6U74D1E"]) == (expected[3] == 303)
    assert after["approved"] == (["recognized"] if expected[4] == 303 else ["candidate"])
    client.cookies.clear()
    sign_in(client, "office")
    own = client.get(f"/enterprises/{FIRM_OWN}").text
    assert ('id="candidacies"' in own) == (expected[2] == 303)


@pytest.mark.parametrize("persona", ["firm", "leader", "chief", "dept"])
def test_forms_a_persona_may_not_use_are_not_shown(client: TestClient, persona: str) -> None:
    sign_in(client, persona)
    for route in EXPECTED_PAGES[persona]:
        text = client.get(route).text
        assert 'id="add-candidate"' not in text and 'id="propose"' not in text
        if persona != "firm":
            assert 'id="add-title"' not in text and 'action="/enterprises/' not in text
