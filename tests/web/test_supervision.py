"""The supervision figures (issue 18) as the office reads them: on ``/city`` for the latest
closed month, and by JSON in ``GET /api/rollups/{month}`` — on the demo city, whose months are
closed by its replay."""

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlmodel import delete

from chainops import wiring
from chainops.settings import Settings
from models import RollupSnapshot
from models.db import session_scope
from services.people import issue_token

from .conftest import PERSONAS, sign_in

WINDOW_KEYS = {
    "assigned", "closed", "closure_rate", "due", "closed_on_time", "closed_early",
    "closed_late", "open_overdue", "on_time_rate", "overdue_rate", "signed_off",
    "mean_handling_days", "median_handling_days", "urgings", "urgings_per_task",
    "extension_requests", "extension_rate", "returned", "returned_tasks", "returned_rate",
    "reports_required", "reports_on_time", "reports_late", "feedback_on_time_rate",
    "requests_rated", "requests_satisfied", "satisfaction_rate",
}  # fmt: skip
LEVEL_KEYS = {
    "kind", "notices", "acknowledged", "median_working_days_to_acknowledge",
    "p90_working_days_to_acknowledge", "median_hours_to_acknowledge", "p90_hours_to_acknowledge",
    "reached", "resolved", "resolved_share",
}  # fmt: skip


def _token(settings: Settings, persona: str) -> dict[str, str]:
    with session_scope(wiring.engine(settings)) as session:
        token = issue_token(
            session=session, username=PERSONAS[persona], name="test", now=datetime.now(UTC)
        )
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize(("persona", "locale"), [("office", "en"), ("chief", "zh-CN")])
def test_the_city_page_shows_the_latest_months_supervision_figures(
    client: TestClient, persona: str, locale: str
) -> None:
    sign_in(client, persona)
    client.get(f"/lang/{locale}")

    page = client.get("/city").text

    assert 'id="supervision-figures"' in page and 'id="supervision-ladder"' in page
    assert ("按时办结率" if locale == "zh-CN" else "Closed on time (of due)") in page
    assert "sup." not in page  # every label translated
    assert 'href="/rollups/2026-' in page.split('id="supervision"')[1]


def test_the_json_of_a_month_carries_every_supervision_key(
    client: TestClient, app_settings: Settings
) -> None:
    headers = _token(app_settings, "office")
    month = client.get("/api/rollups", headers=headers).json()[0]["month"]

    data = client.get(f"/api/rollups/{month}", headers=headers).json()

    city = data["city"]["supervision"]
    assert set(city) == {"month", "year_to_date", "ladder"}
    assert set(city["month"]) == WINDOW_KEYS and set(city["year_to_date"]) == WINDOW_KEYS
    assert set(city["ladder"]) == {"levels", "resolved_without_notice", "reached_supervision"}
    assert city["ladder"]["levels"] and all(
        set(rung) == LEVEL_KEYS for rung in city["ladder"]["levels"].values()
    )
    assert data["supervision"]["city"] == city
    assert set(data["supervision"]["chains"]) == set(data["chains"])
    assert set(data["supervision"]["departments"]) == set(data["departments"])
    some_department = next(iter(data["supervision"]["departments"].values()))
    assert set(some_department) == {"month", "year_to_date"}  # no ladder for a department
    # The chains add up to the city (every task is on one chain).
    chains = data["supervision"]["chains"].values()
    assert sum(c["month"]["due"] for c in chains) == city["month"]["due"]


def test_a_city_with_no_month_closed_shows_no_supervision_block(
    client: TestClient, app_settings: Settings
) -> None:
    with session_scope(wiring.engine(app_settings)) as session:
        session.exec(delete(RollupSnapshot))  # type: ignore[call-overload]
    sign_in(client, "office")

    page = client.get("/city")

    assert page.status_code == 200 and 'id="supervision"' not in page.text
