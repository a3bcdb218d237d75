"""The permissions matrix of matchmaking: every persona against a chain's events, one event,
one match, the report and the API — allowed (200) or refused (403/404), a refusal never showing
the object; moves only for the office, the chain's team and (a match) the firms on its sides.

Objects: the bearing chain's held event 轴承链主企业行 (hosted by GXJ) with a match at intention
between 链主测试集团 and 精工测试轴承 (tests/web/matchmaking_city.py). The dept persona is of
ZRJ, the firm persona is 华晟化工 (not at the event); the supplier and another SME of the
event get accounts of their own.
"""

from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient

from chainops import wiring
from chainops.settings import Settings
from models.db import session_scope
from services.matchmaking import add_event
from services.people import actor_by_email, issue_token
from tests.web.conftest import PASSWORD, PERSONAS, csrf_of, sign_in
from tests.web.matchmaking_city import Held, held_fixture  # noqa: F401 (the fixture)

TITLE = "轴承链主企业行"
DEMO_EVENT = "轴承产业链链主企业供需对接会"  # the demo city's own, held on 16 October
READERS = {"office", "team", "leader", "chief"}


def _sign_in_as(client: TestClient, username: str) -> None:
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_each_persona_sees_the_events_and_match_of_chains_it_reads_only(
    client: TestClient, held: Held, persona: str
) -> None:
    sign_in(client, persona)
    for path in (
        "/chains/BEARING/events",
        f"/events/{held.event_id}",
        f"/matches/{held.match_id}",
        "/events/report?chain=BEARING",
    ):
        response = client.get(path)
        if persona in READERS:
            assert response.status_code == 200, (persona, path)
            assert TITLE in response.text or "链主测试集团" in response.text
        else:
            assert response.status_code == 404, (persona, path)
            assert TITLE not in response.text and "链主测试集团" not in response.text


@pytest.mark.parametrize(
    ("persona", "status"), [("office", 303), ("team", 303), ("leader", 403), ("chief", 403)]
)
def test_only_the_office_and_the_team_move_an_event(
    client: TestClient, held: Held, persona: str, status: int
) -> None:
    sign_in(client, persona)
    page = f"/events/{held.event_id}"
    token = csrf_of(client.get(page).text)
    moved = client.post(
        f"{page}/move", data={"to": "following_up", "csrf_token": token}, follow_redirects=False
    )
    assert moved.status_code == status


def test_the_firms_on_the_match_see_and_move_it_and_another_sme_does_not(
    client: TestClient, held: Held
) -> None:
    page = f"/matches/{held.match_id}"
    _sign_in_as(client, held.other_sme_email)
    assert client.get(page).status_code == 404
    assert client.get(f"/events/{held.event_id}").status_code == 200  # it took part
    assert 'id="move"' not in client.get(f"/events/{held.event_id}").text
    client.cookies.clear()
    _sign_in_as(client, held.supplier_email)
    shown = client.get(page)
    assert shown.status_code == 200 and 'id="move"' in shown.text
    token = csrf_of(shown.text)
    moved = client.post(
        f"{page}/move",
        data={"to": "signed", "amount": "60", "csrf_token": token},
        follow_redirects=False,
    )
    assert moved.status_code == 303
    assert client.get("/chains/BEARING/events").status_code == 404


def _token(settings: Settings, username: str) -> dict[str, str]:
    with session_scope(wiring.engine(settings)) as session:
        token = issue_token(session=session, username=username, name="t", now=datetime.now(UTC))
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_the_api_lists_what_each_persona_sees(
    client: TestClient, held: Held, app_settings: Settings, persona: str
) -> None:
    headers = _token(app_settings, PERSONAS[persona])
    events = client.get("/api/events?chain=BEARING", headers=headers)
    matches = client.get("/api/matches", headers=headers)
    one = client.get(f"/api/events/{held.event_id}", headers=headers)
    report = client.get("/api/events/report?chain=BEARING", headers=headers)
    assert events.status_code == matches.status_code == 200
    if persona in READERS:
        assert [e["title"] for e in events.json()] == [TITLE, DEMO_EVENT]
        ours = [m["stage"] for m in matches.json() if m["event_id"] == held.event_id]
        assert ours == ["intention"] and len(matches.json()) == 8
        assert one.status_code == 200 and one.json()["condition"]["ok"] is True
        assert set(one.json()["matches_by_stage"]) >= {"proposed", "intention", "lost"}
        assert report.status_code == 200
        assert report.json()["chains"][0]["totals"]["intentions"] == 1 + 4  # the demo's four
    else:
        assert events.json() == [] and matches.json() == []
        assert one.status_code == 404 and report.status_code == 404


def test_the_api_shows_a_supplier_its_own_match(
    client: TestClient, held: Held, app_settings: Settings
) -> None:
    headers = _token(app_settings, held.supplier_email)
    assert [m["id"] for m in client.get("/api/matches", headers=headers).json()] == [held.match_id]
    assert client.get("/api/matches?stage=nope", headers=headers).status_code == 400


def test_a_department_sees_the_event_it_hosts_and_its_matches_only(
    client: TestClient, held: Held, app_settings: Settings
) -> None:
    with session_scope(wiring.engine(app_settings)) as session:
        office = actor_by_email(session, PERSONAS["office"])
        hosted = add_event(
            session=session,
            actor=office,
            chain_code="BEARING",
            title="自然资源路演",
            kind="roadshow",
            host_department="ZRJ",
            held_on=date(2026, 12, 1),
            online=True,
            now=datetime.now(UTC),
        )
        hosted_id = hosted.id
    sign_in(client, "dept")  # liang.xiaoyan of ZRJ
    assert client.get(f"/events/{hosted_id}").status_code == 200
    assert 'id="move"' not in client.get(f"/events/{hosted_id}").text  # reads, does not run
    assert client.get(f"/events/{held.event_id}").status_code == 404
    listed = client.get("/api/events", headers=_token(app_settings, PERSONAS["dept"])).json()
    assert [e["title"] for e in listed] == ["自然资源路演"]
