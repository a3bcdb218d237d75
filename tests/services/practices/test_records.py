"""Filing a practice's record: who may, what it must hold (each refusal names its field and
writes nothing), and that it closes the period's task once — a second record is kept and
closes nothing more."""

from datetime import date, timedelta

import pytest
from sqlmodel import Session, col, select

from mechanism.vocabulary import TaskState
from models import AuditEvent, PracticePeriod, PracticeProblem, PracticeRecord, Task
from services.people import Actor, actor_by_email
from services.practices import (
    MAX_PROBLEMS,
    PracticeHidden,
    PracticeNotAllowed,
    PracticeRefused,
    file_record,
)
from tests.services.matchmaking.seed import Seeded
from tests.services.practices.conftest import LEADER_EMAIL, NOW, OFFICE, OUTSIDER, RULES, team
from tests.services.workbooks import snapshot

Tour = tuple[Session, Seeded, PracticePeriod]


def _file(
    session: Session, period: PracticePeriod, actor: Actor, **given: object
) -> PracticeRecord:
    values: dict[str, object] = {
        "held_on": date(2026, 11, 18),
        "participants": "王磊（链长）、李娜",
        "places": "示范轴承集团有限公司；临清轴承产业园",
        "summary": "调研企业用地和配套情况",
        "problems": ["二期项目用地指标不足", "", "  高端轴承钢依赖外购  "],
        **given,
    }
    return file_record(
        session=session, actor=actor, period_id=period.id or 0, now=NOW, rules=RULES,
        **values,  # type: ignore[arg-type]
    )  # fmt: skip


def test_the_working_group_files_a_record_whose_problems_keep_their_order(tour: Tour) -> None:
    session, _, period = tour
    record = _file(session, period, team(session))
    problems = session.exec(
        select(PracticeProblem).where(PracticeProblem.record_id == record.id)
    ).all()
    assert [(p.position, p.description) for p in sorted(problems, key=lambda p: p.position)] == [
        (1, "二期项目用地指标不足"),
        (2, "高端轴承钢依赖外购"),
    ]
    assert (record.held_on, record.recorded_by) == (date(2026, 11, 18), "li.na@example.gov.cn")
    filed = session.exec(
        select(AuditEvent).where(
            AuditEvent.entity_type == "practice_record", AuditEvent.entity_id == record.id
        )
    ).one()
    assert filed.action == "filed"


def test_filing_closes_the_periods_task_and_a_second_record_closes_nothing_more(
    tour: Tour,
) -> None:
    session, _, period = tour
    _file(session, period, team(session))
    task = session.get(Task, period.task_id)
    assert task is not None and task.state == TaskState.SIGNED_OFF.value
    moves = _task_events(session, task.id or 0)
    assert [e.action for e in moves][-3:] == ["accept", "submit", "sign_off"]
    second = _file(session, period, OFFICE, held_on=date(2026, 11, 19), problems=[])
    assert second.id is not None
    assert _task_events(session, task.id or 0) == moves
    records = session.exec(select(PracticeRecord).where(PracticeRecord.period_id == period.id))
    assert len(records.all()) == 2


def test_the_owner_of_the_periods_task_may_record_it(tour: Tour) -> None:
    session, _, period = tour
    record = _file(session, period, actor_by_email(session, LEADER_EMAIL))
    assert record.recorded_by == LEADER_EMAIL


@pytest.mark.parametrize(
    "actor", [OUTSIDER, Actor("firm@x.example.com", enterprise_id=1)], ids=["outsider", "firm"]
)
def test_anyone_else_is_refused_and_nothing_is_written(tour: Tour, actor: Actor) -> None:
    session, _, period = tour
    before = snapshot(session)
    with pytest.raises(PracticeNotAllowed):
        _file(session, period, actor)
    session.rollback()
    assert snapshot(session) == before


def test_an_unknown_period_is_not_there(tour: Tour) -> None:
    session, _, _ = tour
    with pytest.raises(PracticeHidden):
        file_record(
            session=session, actor=OFFICE, period_id=999_999, held_on=date(2026, 11, 18),
            participants="王磊", places=None, summary=None, problems=[], now=NOW, rules=RULES,
        )  # fmt: skip


@pytest.mark.parametrize(
    ("given", "field", "words"),
    [
        ({"held_on": date(2026, 9, 30)}, "held_on", "outside the period 2026-Q4"),
        ({"held_on": date(2026, 11, 21)}, "held_on", "in the future"),
        ({"participants": "  "}, "participants", "participants: required"),
        ({"participants": "人" * 2001}, "participants", "at most 2000"),
        ({"places": "地" * 2001}, "places", "places visited: at most 2000"),
        ({"summary": "述" * 4001}, "summary", "summary: at most 4000"),
        ({"problems": ["好", "问" * 501]}, "problems", "line 2 has 501 characters"),
        ({"problems": ["问题"] * (MAX_PROBLEMS + 1)}, "problems", f"at most {MAX_PROBLEMS}"),
    ],
    ids=[
        "q3-day",
        "future",
        "blank-participants",
        "long-participants",
        "long-places",
        "long-summary",
        "long-problem",
        "too-many-problems",
    ],
)
def test_a_bad_field_is_refused_by_name_and_nothing_is_written(
    tour: Tour, given: dict[str, object], field: str, words: str
) -> None:
    session, _, period = tour
    before = snapshot(session)
    with pytest.raises(PracticeRefused) as refused:
        _file(session, period, team(session), **given)
    session.rollback()
    assert refused.value.field == field
    assert words in str(refused.value)
    assert refused.value.message.zh  # said in Chinese too
    assert snapshot(session) == before


def test_the_period_bounds_themselves_are_within(tour: Tour) -> None:
    session, _, period = tour
    first = _file(session, period, OFFICE, held_on=period.starts_on)
    assert first.held_on == date(2026, 10, 1)
    today = RULES.today(NOW)
    assert _file(session, period, OFFICE, held_on=today).held_on == today
    with pytest.raises(PracticeRefused):
        _file(session, period, OFFICE, held_on=today + timedelta(days=1))


def _task_events(session: Session, task_id: int) -> list[AuditEvent]:
    return list(
        session.exec(
            select(AuditEvent)
            .where(AuditEvent.entity_type == "task", AuditEvent.entity_id == task_id)
            .order_by(col(AuditEvent.id))
        ).all()
    )
