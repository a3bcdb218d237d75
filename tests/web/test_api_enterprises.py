"""/api/enterprises, /api/designations, /api/library on the demo city: the same visibility as
the pages (a firm its own enterprise only), writes by who may, the leader's approval only."""

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from chainops import wiring
from chainops.settings import Settings
from models import Task
from models.db import session_scope
from services.people import issue_token
from tests.web.conftest import PERSONAS

Auth = Callable[[str], dict[str, str]]
HCHEM_LITTLE_GIANT = "9137152131646133XF"
BEARING_MASTER = "913715818438126800"
FIRM_OWN = "91371500914723298G"  # 华晟化工, the firm persona's enterprise


@pytest.fixture
def auth(app_settings: Settings) -> Auth:
    def header(persona: str) -> dict[str, str]:
        with session_scope(wiring.engine(app_settings)) as session:
            token = issue_token(
                session=session, username=PERSONAS[persona], name="test", now=datetime.now(UTC)
            )
        return {"Authorization": f"Bearer {token}"}

    return header


def test_the_demo_has_titles_across_the_ladder_and_reminder_tasks(
    client: TestClient, auth: Auth, app_settings: Settings
) -> None:
    titles = client.get("/api/designations?per_page=200", headers=auth("office")).json()
    kinds = {t["kind"] for t in titles}
    assert {"little_giant", "zjtx_provincial", "innovative", "tech_innovative", "gazelle",
            "single_champion_provincial", "chain_master", "pilot"} <= kinds  # fmt: skip
    master = next(t for t in titles if t["kind"] == "chain_master" and t["chain"] == "BEARING")
    assert master["status"] == "recognized" and master["approved_on"] is not None
    due = client.get("/api/designations?due_within=60", headers=auth("office")).json()
    assert {t["kind"] for t in due} == {"zjtx_provincial"}
    with session_scope(wiring.engine(app_settings)) as session:
        reminders = session.exec(select(Task).where(Task.source == "designation")).all()
        assert len(reminders) == 2
    library = client.get("/api/library?overdue=true", headers=auth("office")).json()
    assert [c["target_kind"] for c in library] == ["zjtx_provincial"]


@pytest.mark.parametrize(
    ("persona", "sees"),
    [("office", True), ("team", True), ("leader", True), ("firm", False), ("outsider", False)],
)
def test_who_sees_an_enterprise_of_the_bearing_chain(
    client: TestClient, auth: Auth, persona: str, sees: bool
) -> None:
    answer = client.get(f"/api/enterprises/{BEARING_MASTER}", headers=auth(persona))
    assert answer.status_code == (200 if sees else 404)


def test_a_firm_sees_only_its_own_enterprise(client: TestClient, auth: Auth) -> None:
    rows = client.get("/api/enterprises", headers=auth("firm")).json()
    assert [r["credit_code"] for r in rows] == [FIRM_OWN]


def test_only_the_chain_leader_approves_and_bad_input_names_the_field(
    client: TestClient, auth: Auth
) -> None:
    proposed = client.post(
        "/api/designations",
        json={"credit_code": "91371581MAL6U74D1E", "kind": "chain_master", "chain": "BEARING"},
        headers=auth("team"),
    )
    assert proposed.status_code == 201, proposed.text
    title = proposed.json()["id"]
    by_office = client.post(f"/api/designations/{title}/approve", headers=auth("office"))
    by_leader = client.post(f"/api/designations/{title}/approve", headers=auth("leader"))
    assert by_office.status_code == 403
    assert by_leader.status_code == 200 and by_leader.json()["status"] == "recognized"
    bad = client.post(
        "/api/designations",
        json={"credit_code": HCHEM_LITTLE_GIANT, "kind": "giant"},
        headers=auth("office"),
    )
    assert bad.status_code == 400 and bad.json()["detail"].startswith("kind: unknown kind")
    firm = client.post(
        "/api/designations",
        json={"credit_code": HCHEM_LITTLE_GIANT, "kind": "gazelle", "recognized_on": "2026-11-01"},
        headers=auth("firm"),
    )
    assert firm.status_code == 404  # not its own enterprise: not there for it
