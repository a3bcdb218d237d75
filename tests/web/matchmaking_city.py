"""The demo city with matchmaking rows (tests/services/matchmaking/seed.py) on the bearing
chain, and an event of it held by the office with a match at intention: for the matchmaking
pages, the API and the permissions matrix."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select

from chainops import wiring
from chainops.settings import Settings
from models import Enterprise, User
from models.db import session_scope
from services.matchmaking import add_event, invite, move_event, move_match, propose_match
from services.people import actor_by_email, add_user, set_password
from tests.services.matchmaking.seed import Seeded, seed

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
OFFICE = "gao.wenbo@example.gov.cn"


@dataclass(frozen=True)
class Held:
    seeded: Seeded
    event_id: int
    match_id: int
    supplier_email: str  # an account for the supplier on the match
    other_sme_email: str  # an account for an SME of the event not on the match


def _account(session: Session, enterprise_id: int) -> str:
    firm = session.get(Enterprise, enterprise_id)
    assert firm is not None and firm.contact_email
    add_user(session=session, email=firm.contact_email, office=False, now=NOW)
    set_password(session=session, username=firm.contact_email, password="chainops-demo")
    user = session.exec(select(User).where(User.username == firm.contact_email)).one()
    user.enterprise_id = enterprise_id
    return firm.contact_email


@pytest.fixture(name="held")
def held_fixture(app_settings: Settings, web_db: Path) -> Held:
    rules, mm = wiring.engine_rules(app_settings), wiring.matchmaking_rules(app_settings)
    with session_scope(wiring.engine(app_settings)) as session:
        seeded = seed(session, "BEARING")
        office = actor_by_email(session, OFFICE)
        event = add_event(
            session=session,
            actor=office,
            chain_code="BEARING",
            title="轴承链主企业行",
            kind="chain_master_tour",
            host_department="GXJ",
            held_on=date(2026, 11, 20),
            place="临清",
            now=NOW,
        )
        common = {"session": session, "actor": office, "event_id": event.id or 0, "now": NOW}
        invite(**common, credit_code=seeded.master_code, role="chain_master")
        for code in seeded.sme_codes[:3]:
            invite(**common, credit_code=code, role="sme")
        for state in ("collecting", "matched", "held"):
            move_event(**common, to=state, rules=mm)
        match = propose_match(
            session=session,
            actor=office,
            demand_id=seeded.demand,
            capability_id=seeded.capabilities[0],
            why="同节点",
            event_id=event.id,
            now=NOW,
        )
        for stage, amount in (("introduced", None), ("intention", 120.0)):
            move_match(
                session=session,
                actor=office,
                match_id=match.id or 0,
                to=stage,
                amount=amount,
                now=NOW,
                rules=rules,
                held=mm,
            )
        supplier = _account(session, seeded.smes[0])
        other = _account(session, seeded.smes[1])
        return Held(seeded, event.id or 0, match.id or 0, supplier, other)
