"""The small city with a working-mechanism checklist: BEARING (chain leader wang.lei, lead
department GXJ, working group li.na) carries the chain_leader and lead_department elements,
so its practices are 巡链 (tour), 问链 (inquiry: nobody is chief chain leader) and 月调度
(dispatch); it has no chain_master_and_experts element, so no 诊链."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select

from models import Chain, MechanismItem, Person, RosterEntry
from services.workbook import import_workbook, read_workbook
from tests.services.workbooks import small_city, write_workbook


@pytest.fixture
def city(session: Session, tmp_path: Path) -> Session:
    return practice_city(session, tmp_path)


def practice_city(session: Session, tmp_path: Path) -> Session:
    """The small city, its BEARING chain's checklist and roster as this module says."""
    workbook = read_workbook(write_workbook(tmp_path / "city.xlsx", small_city()))
    import_workbook(
        session=session, workbook=workbook, actor="t", now=datetime(2026, 9, 1, tzinfo=UTC)
    )
    chain = session.exec(select(Chain).where(Chain.code == "BEARING")).one()
    li = session.exec(select(Person).where(Person.email == "li.na@example.gov.cn")).one()
    assert chain.id is not None
    # The import gives every chain the default checklist: drop the experts' element.
    for item in session.exec(select(MechanismItem).where(MechanismItem.chain_id == chain.id)):
        if item.code not in {"chain_leader", "lead_department"}:
            session.delete(item)
    session.add(RosterEntry(chain_id=chain.id, role="working_group", person_id=li.id))
    session.commit()
    return session
