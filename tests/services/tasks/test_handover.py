"""Notices for every hand-over of a task, on a real database: the 交办单 when it is assigned,
and a hand-over notice each time a move passes it to another hand."""

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, select

from mechanism.calendar import WorkingCalendar
from mechanism.ranking import Weights
from models import Notice, OutboxMessage, Task
from services import tasks as task_service
from services.config import EngineRules, load_factor_rules
from services.notices import acknowledge_notice
from services.people import actor_by_email, add_user
from services.rollup import close_month
from services.tasks import AssignmentRefused, EditRefused, assign_task, edit_task
from services.workbook import import_workbook, read_workbook
from tests.services.workbooks import small_city, write_workbook

ROOT = Path(__file__).parents[3]
RULES = EngineRules(calendar=WorkingCalendar(), office_mailbox="office@example.gov.cn")
MONDAY = datetime(2026, 9, 28, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
OWNER, OFFICER = "wang.lei@example.gov.cn", "li.na@example.gov.cn"
REQUIREMENTS = "组织不少于20家企业参会；会后5个工作日内报送对接成果清单。"


@pytest.fixture
def city(session: Session, tmp_path: Path) -> Session:
    """The small city: wang.lei owns tasks for GXJ; li.na (ZRJ) has an office account."""
    workbook = read_workbook(write_workbook(tmp_path / "city.xlsx", small_city()))
    import_workbook(session=session, workbook=workbook, actor="t", now=MONDAY)
    add_user(session=session, email=OFFICER, office=True, now=MONDAY)
    session.commit()
    return session


def assign(session: Session, **changes: Any) -> Task:
    arguments: dict[str, Any] = {
        "session": session,
        "actor": actor_by_email(session, OFFICER),
        "chain_code": "BEARING",
        "title": "组织轴承产业对接会",
        "lead_department": "GXJ",
        "owner_email": OWNER,
        "start": date(2026, 9, 28),
        "working_days": 5,
        "co_departments": ("ZRJ",),
        "requirements": REQUIREMENTS,
        "now": MONDAY,
        "rules": RULES,
        **changes,
    }
    return assign_task(**arguments)


def notices_about(session: Session, task: Task) -> list[Notice]:
    return list(
        session.exec(
            select(Notice)
            .where(Notice.subject_type == "task", Notice.subject_id == task.id)
            .order_by(col(Notice.id))
        )
    )


def delivered_to(session: Session, notice: Notice) -> list[tuple[str, str]]:
    rows = session.exec(
        select(OutboxMessage.recipient_email, OutboxMessage.recipient_role)
        .where(OutboxMessage.notice_id == notice.id)
        .order_by(col(OutboxMessage.id))
    )
    return [(email, role) for email, role in rows]


def test_assigning_a_task_issues_a_numbered_assignment_notice_to_every_unit(
    city: Session,
) -> None:
    task = assign(city)

    [notice] = notices_about(city, task)
    assert (notice.kind, notice.level) == ("assignment", -1)
    assert notice.number == "聊链轴承交〔2026〕1号"
    assert delivered_to(city, notice) == [
        (OWNER, "owner"),
        ("gxj@example.gov.cn", "lead_department"),
        ("zrj@example.gov.cn", "co_department"),
    ]
    facts = notice.facts
    assert facts["requirements"] == REQUIREMENTS
    assert facts["due_date"] == "2026-10-10"  # 5 working days on, past National Day
    assert facts["working_days"] == 5
    assert facts["co_department_names"] == ["市自然资源和规划局"]
    assert facts["assigned_by"] == "李娜"


def test_the_next_assignment_on_the_chain_takes_the_next_number(city: Session) -> None:
    assign(city)
    second = assign(city, title="走访轴承链主企业", co_departments=())
    [notice] = notices_about(city, second)
    assert notice.number == "聊链轴承交〔2026〕2号"
    assert delivered_to(city, notice) == [
        (OWNER, "owner"),
        ("gxj@example.gov.cn", "lead_department"),
    ]


def test_a_refused_assignment_sends_nothing(city: Session) -> None:
    with pytest.raises(AssignmentRefused):
        assign(city, lead_department="NOPE")
    city.rollback()
    assert city.exec(select(Notice).where(Notice.kind == "assignment")).all() == []


def test_requirements_are_kept_and_bounded(city: Session) -> None:
    task = assign(city, requirements="  " + REQUIREMENTS + "\n")
    assert task.requirements == REQUIREMENTS
    with pytest.raises(AssignmentRefused, match="at most 2000 characters") as refused:
        assign(city, title="另一项", requirements="要" * 2001)
    assert "最多 2000 个字" in refused.value.args[0].zh

    office = actor_by_email(city, OFFICER)
    edited = edit_task(session=city, task_id=task.id, actor=office, now=MONDAY, requirements="")
    assert edited.changed == ["requirements"] and task.requirements is None
    with pytest.raises(EditRefused, match="at most 2000 characters"):
        edit_task(
            session=city, task_id=task.id, actor=office, now=MONDAY, requirements="要" * 2001
        )


def test_every_move_that_passes_a_task_on_tells_the_next_hand(city: Session) -> None:
    task = assign(city)
    owner, office = actor_by_email(city, OWNER), actor_by_email(city, OFFICER)
    common: dict[str, Any] = {"session": city, "task_id": task.id, "now": MONDAY, "rules": RULES}

    task_service.accept_task(actor=owner, **common)
    asked = task_service.request_extension(
        actor=owner, proposed_due=date(2026, 10, 30), reason="会场未定", **common
    )
    task_service.decide_extension(
        session=city, request_id=asked.id, actor=office, approve=False, note="请按期办理",
        now=MONDAY, rules=RULES,
    )  # fmt: skip
    task_service.submit_task(actor=owner, note="已召开", **common)
    task_service.return_task(actor=office, reason="缺对接成果清单", **common)
    task_service.submit_task(actor=owner, note="已补充", **common)
    task_service.sign_off_task(actor=office, **common)

    handovers = [n for n in notices_about(city, task) if n.kind == "handover"]
    told = [(n.facts["event"], delivered_to(city, n)) for n in handovers]
    assert told == [
        ("extension_requested", [(OFFICER, "office")]),
        ("extension_decided", [(OWNER, "owner")]),
        ("submitted", [(OFFICER, "office")]),
        ("returned", [(OWNER, "owner")]),
        ("submitted", [(OFFICER, "office")]),
        ("signed_off", [(OWNER, "owner")]),
    ]
    assert all(n.number is None for n in handovers)  # informal: no document number
    assert handovers[1].facts["decision"] == "denied"
    assert handovers[3].facts["reason"] == "缺对接成果清单"


def test_acknowledging_an_assignment_notice_does_not_hold_the_ladder(city: Session) -> None:
    task = assign(city)
    [notice] = notices_about(city, task)
    row = city.exec(select(OutboxMessage).where(OutboxMessage.notice_id == notice.id)).first()
    assert row is not None and row.id is not None
    acknowledge_notice(
        session=city, outbox_id=row.id, actor=actor_by_email(city, OWNER), now=MONDAY, rules=RULES
    )
    assert row.acknowledged_at is not None
    assert task.hold_until is None  # the reminder before the due date still comes


def test_the_bulletin_counts_only_rungs_of_the_ladder(city: Session) -> None:
    assign(city)
    city.commit()
    result = close_month(
        session=city,
        month=date(2026, 9, 1),
        now=datetime(2026, 10, 9, 2, tzinfo=UTC),
        rules=RULES,
        factors=load_factor_rules(ROOT / "chainops" / "config" / "factors.yaml"),
        weights=Weights(),
    )
    assert result.city["ladder"]["notices_by_level"] == {}


def test_a_workbook_that_creates_plan_tasks_hands_each_over_once(
    session: Session, tmp_path: Path
) -> None:
    workbook = read_workbook(write_workbook(tmp_path / "city.xlsx", small_city()))
    for _ in range(2):  # the second import creates nothing, so tells nobody again
        import_workbook(session=session, workbook=workbook, actor="t", now=MONDAY, rules=RULES)
        session.commit()

    notices = session.exec(select(Notice).where(Notice.kind == "assignment")).all()
    numbers = sorted(n.number or "" for n in notices)
    assert numbers == ["聊链轴承交〔2026〕1号", "聊链轴承交〔2026〕2号"]
    rows = session.exec(select(OutboxMessage.recipient_email, OutboxMessage.notice_id)).all()
    by_recipient: dict[str, int] = {}
    for email, _ in rows:
        by_recipient[email] = by_recipient.get(email, 0) + 1
    # ZRJ co-handles the first and leads the second: two rows for one address, which the
    # dispatcher merges into one digest like any rows due together.
    assert by_recipient == {
        OWNER: 1, "gxj@example.gov.cn": 1, "zrj@example.gov.cn": 2, OFFICER: 1,
    }  # fmt: skip


def test_a_workbook_imported_without_rules_tells_nobody(session: Session, tmp_path: Path) -> None:
    workbook = read_workbook(write_workbook(tmp_path / "city.xlsx", small_city()))
    import_workbook(session=session, workbook=workbook, actor="t", now=MONDAY)
    assert session.exec(select(Notice)).all() == []
