"""Who may see what: a user's standing comes from the data (office, roster, department,
enterprise) and from explicit grants, and the services honour grants as the pages do."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select

from mechanism.calendar import WorkingCalendar
from mechanism.lifecycle import Role
from models import Chain, Enterprise, Task
from services.config import EngineRules
from services.people import Directory, actor_by_email, add_user, viewer_for
from services.tasks import AssignmentRefused, assign_task
from services.workbook import import_workbook, read_workbook
from tests.services.workbooks import small_city, write_workbook

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
RULES = EngineRules(calendar=WorkingCalendar())


@pytest.fixture
def city(session: Session, tmp_path: Path) -> Session:
    workbook = read_workbook(write_workbook(tmp_path / "city.xlsx", small_city()))
    import_workbook(session=session, workbook=workbook, actor="t", now=NOW)
    session.commit()
    return session


def assign(session: Session, email: str) -> Task:
    return assign_task(
        session=session,
        actor=actor_by_email(session, email),
        chain_code="BEARING",
        title="对接轴承钢配套需求",
        lead_department="GXJ",
        owner_email="wang.lei@example.gov.cn",
        start=date(2026, 11, 23),
        working_days=10,
        now=NOW,
        rules=RULES,
    )


def test_standing_comes_from_the_roster_the_department_and_the_enterprise(city: Session) -> None:
    bearing = city.exec(select(Chain)).one()
    leader = viewer_for(city, add_user(session=city, email="wang.lei@example.gov.cn",
                                       office=False, now=NOW))  # fmt: skip
    staff = viewer_for(city, add_user(session=city, email="li.na@example.gov.cn",
                                      office=False, now=NOW))  # fmt: skip
    firm_email = "contact@bearing.example.com"
    city.exec(select(Enterprise)).one().contact_email = firm_email
    firm = viewer_for(city, add_user(session=city, email=firm_email, office=False, now=NOW))

    assert (leader.persona, leader.leader_chains) == ("leader", frozenset({bearing.id}))
    assert leader.reads_chain(bearing.id or 0) and not leader.runs_chain(bearing.id or 0)
    assert (staff.persona, staff.reads_chain(bearing.id or 0)) == ("dept", False)
    assert firm.persona == "firm" and not firm.reads_chain(bearing.id or 0)


def test_a_team_grant_lets_a_person_run_the_chain_in_the_services_too(city: Session) -> None:
    with pytest.raises(AssignmentRefused, match="working group may assign"):
        assign(city, "li.na@example.gov.cn")
    city.rollback()

    user = add_user(session=city, email="li.na@example.gov.cn", office=False, now=NOW,
                    grants=["team:BEARING"])  # fmt: skip
    viewer = viewer_for(city, user)
    chain_id = city.exec(select(Chain.id)).one()
    roles = Directory(city.connection()).roles_of(
        viewer.actor.person_id, is_office=False, chain_id=chain_id, owner_id=-1,
        lead_department_id=-1,
    )  # fmt: skip

    assert viewer.runs_chain(chain_id) and viewer.persona == "team"
    assert Role.TEAM in roles
    assert assign(city, "li.na@example.gov.cn").title == "对接轴承钢配套需求"
