"""A small city with matchmaking rows: an event of the bearing chain hosted by GXJ, and who
acts — the office, the chain's working group (li.na, put on its roster) and the firms."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select

from mechanism.calendar import WorkingCalendar
from mechanism.matchmaking import HeldRules
from models import Person, RosterEntry
from services.config import EngineRules
from services.people import Actor, actor_by_email
from services.workbook import import_workbook, read_workbook
from tests.services.matchmaking.seed import Seeded, seed
from tests.services.workbooks import small_city, write_workbook

NOW = datetime(2026, 9, 25, 2, 0, tzinfo=UTC)  # Friday 25 September 2026, 10:00 in the city
RULES = EngineRules(calendar=WorkingCalendar(), office_mailbox="office@example.gov.cn")
HELD = HeldRules()
OFFICE = Actor("office@example.gov.cn", is_office=True)
TEAM_EMAIL = "li.na@example.gov.cn"  # of ZRJ; on the bearing working group here
LEADER_EMAIL = "wang.lei@example.gov.cn"  # of GXJ, the bearing chain leader


@pytest.fixture
def city(session: Session, tmp_path: Path) -> tuple[Session, Seeded]:
    workbook = read_workbook(write_workbook(tmp_path / "city.xlsx", small_city()))
    import_workbook(session=session, workbook=workbook, actor="t", now=NOW)
    seeded = seed(session, "BEARING")
    li_na = session.exec(select(Person).where(Person.email == TEAM_EMAIL)).one()
    session.add(RosterEntry(chain_id=seeded.chain_id, role="working_group", person_id=li_na.id))
    session.commit()
    return session, seeded


def team(session: Session) -> Actor:
    return actor_by_email(session, TEAM_EMAIL)


def firm(enterprise_id: int) -> Actor:
    return Actor(f"firm{enterprise_id}@x.example.com", enterprise_id=enterprise_id)


EVENT_DAY = date(2026, 9, 25)
