"""The demo city on the demo's last day (1 December 2026, 09:00) with the bearing chain's
2026-Q4 tour period and its task (the chain leader's), as the daily flow makes it: the app,
its settings and the period's id for the practice pages' tests."""

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from chainops import wiring
from chainops.settings import Settings
from models.db import session_scope
from tests.services.practices.fixture import add_period
from web.app import create_app

DEMO_DAY = datetime(2026, 12, 1, 9, 0)  # the demo's last day, as CHAINOPS_CLOCK shows it
LEADER = "li.zhenhua@example.gov.cn"  # the bearing chain leader, who owns the tour's task
BEARING_FIRM = "91371581MAKR8JKM7M"  # a specialised SME on the bearing chain's lists


@pytest.fixture
def practice_settings(web_db: Path, tmp_path: Path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{web_db}",
        locale="en",
        reports_dir=tmp_path / "reports",
        environment="development",  # a fixed clock is for development only
        clock=DEMO_DAY,
        secret_key="a-test-secret-that-is-long-enough",  # type: ignore[arg-type]
    )


@pytest.fixture
def tour_id(practice_settings: Settings) -> int:
    with session_scope(wiring.engine(practice_settings)) as session:
        period = add_period(
            session,
            chain_code="BEARING",
            owner_email=LEADER,
            lead_department="GXJ",
            now=wiring.now(practice_settings),
            rules=wiring.engine_rules(practice_settings),
        )
        assert period.id is not None
        return period.id


@pytest.fixture
def practice_client(practice_settings: Settings, tour_id: int) -> Iterator[TestClient]:
    with TestClient(create_app(practice_settings)) as test_client:
        yield test_client
