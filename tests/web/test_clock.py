"""One clock: the web app tells the time by its own settings' CHAINOPS_CLOCK (the demo's last
day), in the pages, the API and the moves they make — not by the process's environment."""

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select

from chainops import wiring
from chainops.settings import Settings
from models import AuditEvent, Task
from models.db import session_scope
from services.people import issue_token
from tests.web.conftest import PERSONAS, csrf_of, sign_in
from web.app import create_app

MORNING = datetime(2026, 11, 16, 9, 0)  # a Monday of the demo's November, in Shanghai


@pytest.fixture
def clocked(web_db: Path, tmp_path: Path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{web_db}",
        locale="en",
        reports_dir=tmp_path / "reports",
        environment="development",  # a fixed clock is for development only
        clock=MORNING,
    )


@pytest.fixture
def client(clocked: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(clocked)) as test_client:
        yield test_client


def test_the_api_says_today_is_the_clocks_day(client: TestClient, clocked: Settings) -> None:
    with session_scope(wiring.engine(clocked)) as session:
        token = issue_token(
            session=session, username=PERSONAS["office"], name="t", now=datetime.now(UTC)
        )

    overview = client.get("/api/overview", headers={"Authorization": f"Bearer {token}"})

    assert overview.status_code == 200, overview.text
    assert overview.json()["today"] == "2026-11-16"
    assert wiring.now() != clocked.fixed_now  # outside a request: the environment's clock


def test_a_move_on_a_page_is_recorded_at_the_clocks_time(
    client: TestClient, clocked: Settings
) -> None:
    sign_in(client, "team")  # 郭佳琪 owns it
    with session_scope(wiring.engine(clocked)) as session:
        task_id = session.exec(select(Task.id).where(Task.title == "推动轴承钢本地化配套")).one()
    page = client.get(f"/tasks/{task_id}")
    assert page.status_code == 200

    reported = client.post(
        f"/tasks/{task_id}/progress",
        data={"progress": "70", "note": "按时钟记录", "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )

    assert reported.status_code == 303, reported.text
    with session_scope(wiring.engine(clocked)) as session:
        at = session.exec(
            select(AuditEvent.at)
            .where(AuditEvent.entity_type == "task", AuditEvent.entity_id == task_id)
            .order_by(col(AuditEvent.id).desc())
        ).first()
    assert at is not None
    assert at.replace(tzinfo=UTC) == clocked.fixed_now


def test_the_overview_page_is_dated_by_the_clock(client: TestClient) -> None:
    sign_in(client, "office")
    page = client.get("/")
    if "/city" in page.text and "2026-11-16" not in page.text:  # the to-do home links the city
        page = client.get("/city")
    assert page.status_code == 200
    assert re.search(r"2026-11-16", page.text)
