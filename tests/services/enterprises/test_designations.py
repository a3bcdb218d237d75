"""Designations, the cultivation library, the chain leader's approval and the reminders, on
a real database (the small city: the BEARING chain, led by GXJ, with wang.lei in it)."""

from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, col, select

from mechanism.calendar import WorkingCalendar
from mechanism.designations import reminder_day
from models import AuditEvent, Chain, DesignationReminder, Person, Task
from services import enterprises
from services.config import EngineRules
from services.people import Actor, Viewer
from services.workbook import import_workbook, read_workbook
from tests.services.workbooks import BEARING_CODE, PIPE_CODE, small_city, write_workbook

ZONE = ZoneInfo("Asia/Shanghai")
RULES = EngineRules(calendar=WorkingCalendar())
NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
TODAY = date(2026, 12, 1)
OFFICE = Viewer(user_id=1, username="office", actor=Actor("gao@x", is_office=True), is_office=True)


def at(day: date) -> datetime:
    return datetime.combine(day, time(9), ZONE).astimezone(UTC)


@pytest.fixture
def city(session: Session, tmp_path: Path) -> Session:
    sheets = small_city()
    sheets["Enterprises"].append([PIPE_CODE, "管业公司", "临清市"])
    sheets["Chain enterprises"].append(["BEARING", PIPE_CODE, "specialized_sme"])
    workbook = read_workbook(write_workbook(tmp_path / "city.xlsx", sheets))
    import_workbook(session=session, workbook=workbook, actor="t", now=at(date(2026, 9, 1)))
    session.commit()
    return session


def test_recognising_sets_validity_review_and_data_update_and_promotes_the_candidate(
    city: Session,
) -> None:
    candidate = enterprises.add_candidate(
        session=city, viewer=OFFICE, credit_code=PIPE_CODE, target_kind="little_giant",
        entered_on=date(2025, 3, 1), now=NOW,
    )  # fmt: skip
    assert candidate.cycle_months == 24  # the kind's default in the catalogue
    title = enterprises.add_designation(
        session=city, viewer=OFFICE, credit_code=PIPE_CODE, kind="little_giant",
        recognized_on=date(2026, 7, 15), batch="第八批", doc_no="工信部企业函〔2026〕88号",
        now=NOW, today=TODAY,
    )  # fmt: skip
    assert (title.valid_until, title.review_due) == (date(2029, 7, 15), date(2029, 7, 15))
    assert title.data_update_due == date(2027, 6, 30)
    assert (candidate.exit_reason, candidate.left_on) == ("promoted", date(2026, 7, 15))
    assert candidate.designation_id == title.id
    held = enterprises.holding(city, [title.enterprise_id], TODAY)
    assert [k.code for k in held[title.enterprise_id]] == ["little_giant"]
    assert enterprises.holding(city, [title.enterprise_id], date(2029, 7, 16)) == {}


def test_an_innovative_sme_recognised_from_april_2026_is_technology_and_innovation_based(
    city: Session,
) -> None:
    title = enterprises.add_designation(
        session=city, viewer=OFFICE, credit_code=PIPE_CODE, kind="innovative",
        recognized_on=date(2026, 5, 1), now=NOW, today=TODAY,
    )  # fmt: skip
    assert title.kind == "tech_innovative"


def test_moves_are_refused_with_a_reason_and_audited(city: Session) -> None:
    title = enterprises.add_designation(
        session=city, viewer=OFFICE, credit_code=PIPE_CODE, kind="zjtx_provincial",
        recognized_on=date(2024, 1, 10), now=NOW, today=TODAY,
    )  # fmt: skip
    assert title.id is not None
    with pytest.raises(enterprises.EnterpriseInputError, match="cannot become renewed"):
        enterprises.move_designation(
            session=city, viewer=OFFICE, designation_id=title.id, to="renewed", now=NOW,
            today=TODAY,
        )  # fmt: skip
    with pytest.raises(enterprises.EnterpriseInputError, match="reason"):
        enterprises.move_designation(
            session=city, viewer=OFFICE, designation_id=title.id, to="revoked", now=NOW,
            today=TODAY,
        )  # fmt: skip
    enterprises.move_designation(
        session=city, viewer=OFFICE, designation_id=title.id, to="under_review", now=NOW,
        today=TODAY,
    )  # fmt: skip
    renewed = enterprises.move_designation(
        session=city, viewer=OFFICE, designation_id=title.id, to="renewed",
        recognized_on=date(2027, 1, 10), now=NOW, today=TODAY,
    )  # fmt: skip
    assert renewed.valid_until == date(2030, 1, 10)
    actions = city.exec(
        select(AuditEvent.action).where(AuditEvent.entity_type == "designation")
    ).all()
    assert actions == ["created", "moved", "moved"]


def test_only_the_chain_leader_approves_a_chain_master(city: Session) -> None:
    chain = city.exec(select(Chain).where(Chain.code == "BEARING")).one()
    leader_person = city.exec(select(Person).where(Person.email == "wang.lei@example.gov.cn")).one()
    proposal = enterprises.add_designation(
        session=city, viewer=OFFICE, credit_code=BEARING_CODE, kind="chain_master",
        chain="BEARING", now=NOW, today=TODAY,
    )  # fmt: skip
    assert proposal.status == "candidate" and proposal.id is not None
    with pytest.raises(enterprises.EnterpriseNotAllowed):
        enterprises.approve_designation(
            session=city, viewer=OFFICE, designation_id=proposal.id, now=NOW, today=TODAY
        )
    leader = Viewer(
        user_id=2, username="wang.lei", actor=Actor(leader_person.email, leader_person.id),
        leader_chains=frozenset({chain.id or 0}),
    )  # fmt: skip
    approved = enterprises.approve_designation(
        session=city, viewer=leader, designation_id=proposal.id, now=NOW, today=TODAY
    )
    assert (approved.status, approved.approved_by_id) == ("recognized", leader_person.id)
    assert approved.approved_on == TODAY
    assert enterprises.chain_masters(city, chain.id or 0, TODAY) == {approved.enterprise_id}


def test_reminders_go_to_the_lead_department_60_and_30_working_days_ahead_once(
    city: Session,
) -> None:
    review = date(2027, 3, 31)
    title = enterprises.add_designation(
        session=city, viewer=OFFICE, credit_code=PIPE_CODE, kind="zjtx_provincial",
        recognized_on=date(2024, 3, 31), review_due=review, data_update_due=date(2027, 9, 30),
        now=NOW, today=TODAY,
    )  # fmt: skip
    city.commit()
    sixty = reminder_day(review, 60, RULES.calendar)
    before = enterprises.remind(session=city, now=at(RULES.calendar.add(sixty, -1)), rules=RULES)
    assert before.tasks == 0
    first = enterprises.remind(session=city, now=at(sixty), rules=RULES)
    again = enterprises.remind(session=city, now=at(sixty), rules=RULES)
    assert (first.tasks, again.tasks) == (1, 0)
    task = city.exec(select(Task).where(Task.source == "designation")).one()
    assert task.due_date == review and "管业公司" in task.title
    owner = city.get(Person, task.owner_id)
    assert owner is not None and owner.email == "wang.lei@example.gov.cn"  # GXJ leads BEARING
    # Down from before the 30-day reminder until after it: made once when back.
    late = enterprises.remind(
        session=city, now=at(RULES.calendar.add(reminder_day(review, 30, RULES.calendar), 2)),
        rules=RULES,
    )  # fmt: skip
    assert (late.tasks, late.reminders) == (1, 1)
    leads = city.exec(
        select(DesignationReminder.lead_days)
        .where(DesignationReminder.designation_id == title.id)
        .order_by(col(DesignationReminder.lead_days))
    ).all()
    assert leads == [30, 60]


def test_the_daily_step_expires_lapsed_titles(city: Session) -> None:
    title = enterprises.add_designation(
        session=city, viewer=OFFICE, credit_code=PIPE_CODE, kind="zjtx_provincial",
        recognized_on=date(2023, 11, 20), now=NOW, today=TODAY,
    )  # fmt: skip
    report = enterprises.remind(session=city, now=NOW, rules=RULES)
    assert report.expired == 1 and title.status == "expired"
