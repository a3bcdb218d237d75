"""A small city for benchmarking: the bearing chain with a chain master and four SMEs of the
matchmaking seed (three valid 省级专精特新 titles, one expired), li.na on its working group,
and two peers — a region (洛阳市) and the bearing chain of 瓦房店."""

from datetime import date

import pytest
from sqlmodel import Session

from mechanism.benchmarks import DEFAULT_INDICATORS
from mechanism.designations import DEFAULT_KINDS
from services.benchmarks import add_peer, set_value
from services.people import Actor
from tests.services.matchmaking.conftest import NOW, OFFICE, RULES, city, team
from tests.services.matchmaking.seed import Seeded

__all__ = ["DEFAULT_KINDS", "NOW", "OFFICE", "RULES", "city", "team"]

CATALOGUE = DEFAULT_INDICATORS
TODAY = date(2026, 9, 25)


@pytest.fixture
def bench_city(city: tuple[Session, Seeded]) -> tuple[Session, Seeded]:
    session, seeded = city
    add_peer(session=session, actor=OFFICE, name="洛阳市", kind="region", region="河南省", now=NOW)
    add_peer(
        session=session,
        actor=OFFICE,
        name="瓦房店轴承",
        kind="chain",
        chain_code="BEARING",
        region="辽宁省大连市",
        now=NOW,
    )
    session.commit()
    return session, seeded


def enter(
    session: Session,
    indicator: str,
    value: float,
    *,
    peer: str | None = None,
    chain: str | None = "BEARING",
    year: int = 2025,
    actor: Actor = OFFICE,
) -> None:
    set_value(
        session=session,
        actor=actor,
        indicator=indicator,
        year=year,
        value=value,
        source="统计公报 2025",
        chain_code=chain,
        peer_name=peer,
        catalogue=CATALOGUE,
        now=NOW,
    )
