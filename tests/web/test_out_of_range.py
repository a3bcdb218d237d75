"""Input past what a calendar or a database holds is refused with a message, never a 500:
a working-day count of 99,999,999, a due date in 9999, a start before 2000, a page or an id
past 2^63. Due dates more than five years ahead and start dates before 2000 are refused on
every path."""

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from chainops import wiring
from chainops.settings import Settings
from models.db import session_scope
from services.people import issue_token
from tests.web.conftest import PERSONAS, csrf_of, sign_in

HUGE = str(2**63)
Auth = Callable[[str], dict[str, str]]


@pytest.fixture
def office(app_settings: Settings) -> dict[str, str]:
    with session_scope(wiring.engine(app_settings)) as session:
        token = issue_token(
            session=session, username=PERSONAS["office"], name="t", now=datetime.now(UTC)
        )
    return {"Authorization": f"Bearer {token}"}


def _assign_body(**changes: object) -> dict[str, object]:
    return {
        "chain": "BEARING",
        "title": "组织轴承产业对接会",
        "lead_department": "GXJ",
        "owner": "guo.jiaqi@example.gov.cn",
        **changes,
    }


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"working_days": 99999999}, "working days: at most"),
        ({"working_days": 1000000000}, "working days: at most"),
        ({"due": "9999-12-31"}, "more than 5 years ahead"),
        ({"due": "2026-12-31", "start": "1999-12-31"}, "before 2000"),
    ],
)
def test_the_api_refuses_dates_and_counts_no_calendar_holds(
    client: TestClient, office: dict[str, str], changes: dict[str, object], words: str
) -> None:
    response = client.post("/api/tasks", json=_assign_body(**changes), headers=office)
    assert response.status_code in (400, 422), response.text
    assert words in response.text


@pytest.mark.parametrize(
    "path",
    [
        f"/api/notices?page={HUGE}",
        f"/api/tasks?page={HUGE}",
        "/api/tasks?page=99999999999999999",
    ],
)
def test_a_page_past_the_database_is_refused(
    client: TestClient, office: dict[str, str], path: str
) -> None:
    response = client.get(path, headers=office)
    assert response.status_code == 422, response.text
    assert "page" in response.text


@pytest.mark.parametrize(
    "path",
    [
        f"/api/tasks/{HUGE}/accept",
        f"/api/tasks/{HUGE}/sign-off",
        f"/api/tasks/1/extension/{HUGE}/decision",
        f"/api/notices/{HUGE}/ack",
    ],
)
def test_an_id_past_the_database_is_not_found(
    client: TestClient, office: dict[str, str], path: str
) -> None:
    response = client.post(path, json={"approve": True}, headers=office)
    assert response.status_code == 404, response.text


def test_the_assign_form_refuses_a_huge_count_and_keeps_what_was_typed(
    client: TestClient,
) -> None:
    sign_in(client, "office")
    form = {
        "csrf_token": csrf_of(client.get("/chains/BEARING").text),
        "title": "组织轴承产业对接会",
        "lead_department": "GXJ",
        "owner": "guo.jiaqi@example.gov.cn",
        "working_days": "99999999",
    }
    response = client.post("/chains/BEARING/tasks", data=form, follow_redirects=False)
    assert response.status_code == 400
    assert "working days: at most" in response.text
    assert 'value="99999999"' in response.text  # the input is not lost
    assert "组织轴承产业对接会" in response.text
