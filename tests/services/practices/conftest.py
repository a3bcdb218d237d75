"""The small city of the matchmaking tests (the bearing chain, 王磊 its chain leader, 李娜 on
its working group, firms on its lists) with its 2026-Q4 tour period and the period's task,
owned by the chain leader, on Friday 20 November 2026."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session

from models import PracticePeriod
from services.config import load_factor_rules
from services.people import Actor
from tests.services.matchmaking.conftest import LEADER_EMAIL, OFFICE, RULES, city, team
from tests.services.matchmaking.seed import Seeded
from tests.services.practices.fixture import add_period

__all__ = ["LEADER_EMAIL", "OFFICE", "RULES", "city", "team"]

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # Friday 20 November 2026, 10:00 in the city
FACTORS = load_factor_rules(Path(__file__).parents[3] / "chainops" / "config" / "factors.yaml")
OUTSIDER = Actor("nobody@example.org")


@pytest.fixture
def tour(city: tuple[Session, Seeded]) -> tuple[Session, Seeded, PracticePeriod]:
    session, seeded = city
    period = add_period(
        session,
        chain_code="BEARING",
        owner_email=LEADER_EMAIL,
        lead_department="GXJ",
        now=NOW,
        rules=RULES,
    )
    session.commit()
    return session, seeded, period
