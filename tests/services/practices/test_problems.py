"""A record's problems turned into work in one step: a task (source ``practice_problem``, its
requirements naming the record) or a factor request (through the request service's own
checks), each linked back to the problem; a problem already turned is refused, and so is
anyone but the office and the chain's working group."""

from datetime import date

import pytest
from sqlmodel import Session, select

from mechanism.vocabulary import TaskSource
from models import AuditEvent, FactorRequest, PracticePeriod, PracticeProblem, Task
from services.people import Actor, actor_by_email
from services.practices import (
    PracticeHidden,
    PracticeNotAllowed,
    PracticeRefused,
    file_record,
    problem_to_request,
    problem_to_task,
)
from tests.services.matchmaking.seed import Seeded
from tests.services.practices.conftest import (
    FACTORS,
    LEADER_EMAIL,
    NOW,
    OFFICE,
    OUTSIDER,
    RULES,
    team,
)
from tests.services.workbooks import BEARING_CODE, snapshot

Tour = tuple[Session, Seeded, PracticePeriod]


@pytest.fixture
def problems(tour: Tour) -> tuple[Session, list[PracticeProblem]]:
    session, _, period = tour
    record = file_record(
        session=session, actor=team(session), period_id=period.id or 0,
        held_on=date(2026, 11, 18), participants="王磊（链长）、李娜",
        places="示范轴承集团有限公司",
        summary=None, problems=["二期项目用地指标不足", "高端轴承钢依赖外购", "问" * 300],
        now=NOW, rules=RULES,
    )  # fmt: skip
    session.commit()
    found = session.exec(
        select(PracticeProblem)
        .where(PracticeProblem.record_id == record.id)
        .order_by(PracticeProblem.position)  # type: ignore[arg-type]
    ).all()
    return session, list(found)


def _task(
    session: Session, problem: PracticeProblem, actor: Actor = OFFICE, **given: object
) -> Task:
    values: dict[str, object] = {
        "lead_department": "GXJ",
        "owner_email": LEADER_EMAIL,
        "working_days": 10,
        **given,
    }
    return problem_to_task(
        session=session, actor=actor, problem_id=problem.id or 0, now=NOW, rules=RULES,
        **values,  # type: ignore[arg-type]
    )  # fmt: skip


def _request(
    session: Session, problem: PracticeProblem, actor: Actor = OFFICE, **given: object
) -> FactorRequest:
    values: dict[str, object] = {
        "credit_code": BEARING_CODE, "factor_type": "land", "quantity": 50.0, "unit": "亩",
        "needed_by": date(2027, 3, 31), **given,
    }  # fmt: skip
    return problem_to_request(
        session=session, actor=actor, problem_id=problem.id or 0, now=NOW, rules=RULES,
        factors=FACTORS, **values,  # type: ignore[arg-type]
    )  # fmt: skip


def test_a_problem_becomes_a_task_naming_the_record_it_came_from(problems: tuple) -> None:
    session, found = problems
    task = _task(session, found[1], team(session))
    assert (task.title, task.source) == ("高端轴承钢依赖外购", TaskSource.PRACTICE_PROBLEM.value)
    assert task.requirements is not None
    assert task.requirements.startswith("来源：2026年第四季度巡链记录（2026-11-18）第2条问题")
    assert task.due_date == RULES.calendar.add(date(2026, 11, 20), 10)
    session.refresh(found[1])
    assert found[1].task_id == task.id
    turned = session.exec(
        select(AuditEvent).where(
            AuditEvent.entity_type == "practice_problem", AuditEvent.entity_id == found[1].id
        )
    ).one()
    assert (turned.action, turned.to_value) == ("to_task", str(task.id))


def test_a_long_problem_is_cut_in_the_title_and_whole_in_the_requirements(problems: tuple) -> None:
    session, found = problems
    task = _task(session, found[2], due=date(2026, 12, 31), working_days=None)
    assert len(task.title) == 200 and task.title.endswith("…")
    assert "问" * 300 in (task.requirements or "")


def test_a_problem_becomes_a_factor_request_of_the_enterprise(problems: tuple) -> None:
    session, found = problems
    request = _request(session, found[0], team(session))
    assert (request.factor_type, request.quantity, request.unit) == ("land", 50.0, "亩")
    assert "二期项目用地指标不足" in request.description
    assert "来源：2026年第四季度巡链记录（2026-11-18）第1条问题" in request.description
    session.refresh(found[0])
    assert (found[0].request_id, found[0].enterprise_id) == (request.id, request.enterprise_id)


def test_a_problem_already_turned_is_refused_either_way(problems: tuple) -> None:
    session, found = problems
    task = _task(session, found[0])
    request = _request(session, found[1])
    session.commit()
    with pytest.raises(PracticeRefused, match=f"already task {task.id}"):
        _request(session, found[0])
    with pytest.raises(PracticeRefused, match=f"already task {task.id}"):
        _task(session, found[0])
    with pytest.raises(PracticeRefused, match=f"already factor request {request.code}"):
        _task(session, found[1])


@pytest.mark.parametrize("who", ["leader", "outsider", "firm"])
def test_only_the_office_and_the_working_group_turn_problems_into_work(
    problems: tuple, who: str
) -> None:
    session, found = problems
    actor = {
        "leader": actor_by_email(session, LEADER_EMAIL),  # records the tour, assigns no work
        "outsider": OUTSIDER,
        "firm": Actor("firm@x.example.com", enterprise_id=1),
    }[who]
    before = snapshot(session)
    with pytest.raises(PracticeNotAllowed):
        _task(session, found[0], actor)
    with pytest.raises(PracticeNotAllowed):
        _request(session, found[0], actor)
    session.rollback()
    assert snapshot(session) == before


@pytest.mark.parametrize(
    ("given", "field"),
    [
        ({"owner_email": "nobody@example.gov.cn"}, "owner_email"),
        ({"lead_department": "NOPE"}, "lead_department"),
        ({"working_days": None}, "due"),
        ({"working_days": None, "due": date(2026, 11, 1)}, "due"),
        ({"co_departments": ("NOPE",)}, "co_departments"),
    ],
    ids=["owner", "department", "no-due", "past-due", "co-department"],
)
def test_a_bad_task_field_is_refused_by_name_and_nothing_is_written(
    problems: tuple, given: dict[str, object], field: str
) -> None:
    session, found = problems
    before = snapshot(session)
    with pytest.raises(PracticeRefused) as refused:
        _task(session, found[0], **given)
    session.rollback()
    assert refused.value.field == field
    assert snapshot(session) == before


@pytest.mark.parametrize(
    ("given", "field"),
    [
        ({"credit_code": "91371500XXXXXXXXXX"}, "credit_code"),
        ({"factor_type": "gold"}, "factor_type"),
        ({"quantity": 0.0}, "quantity"),
        ({"unit": " "}, "unit"),
        ({"needed_by": date(2026, 11, 1)}, "needed_by"),
    ],
    ids=["enterprise", "factor", "quantity", "unit", "needed-by"],
)
def test_a_bad_request_field_is_refused_by_name_and_nothing_is_written(
    problems: tuple, given: dict[str, object], field: str
) -> None:
    session, found = problems
    before = snapshot(session)
    with pytest.raises(PracticeRefused) as refused:
        _request(session, found[0], **given)
    session.rollback()
    assert refused.value.field == field
    assert refused.value.message.zh
    assert snapshot(session) == before


def test_an_unknown_problem_is_not_there(problems: tuple) -> None:
    session, _ = problems
    with pytest.raises(PracticeHidden):
        problem_to_task(
            session=session, actor=OFFICE, problem_id=999_999, lead_department="GXJ",
            owner_email=LEADER_EMAIL, working_days=5, now=NOW, rules=RULES,
        )  # fmt: skip


def test_of_two_turns_at_once_one_wins_and_the_other_keeps_nothing(problems: tuple) -> None:
    """The second turn read the problem unturned before the first committed: its conditional
    link finds the problem taken, and its rollback takes its task with it."""
    session, found = problems
    engine = session.get_bind()
    late = Session(engine, expire_on_commit=False)
    stale = late.get(PracticeProblem, found[0].id)
    assert stale is not None and stale.task_id is None
    late.commit()  # ends its read; the row it read stays in its identity map, unrefreshed
    first = _task(session, found[0])
    session.commit()
    with pytest.raises(PracticeRefused, match="meanwhile"):
        _task(late, stale)
    late.rollback()
    late.close()
    made = session.exec(select(Task).where(Task.source == TaskSource.PRACTICE_PROBLEM.value)).all()
    assert [t.id for t in made] == [first.id]
