"""A record's problem (问题清单) turned into tracked work in one step: a task (督办事项) through
``services.tasks.assign_task``, or a factor request (要素诉求) through
``services.requests.submit_request`` — the same checks, notices and ladder as any other — and
linked back to the problem, so the record shows what each became.

Each problem becomes work once: the link is written by a conditional update (only while the
problem has none), so two clicks at once make one piece of work and the second is refused
(its transaction, with the task or request it made, is rolled back by the caller).
"""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session

from mechanism.factor_requests import FactorRules
from mechanism.practices import period_name_zh
from mechanism.vocabulary import TaskSource
from mechanism.wording import Said, zh
from models import (
    Chain,
    FactorRequest,
    PracticePeriod,
    PracticeProblem,
    PracticeRecord,
    Task,
)
from services.audit import audit
from services.config import EngineRules
from services.people import Actor
from services.practices.access import PracticeRefused, check_turns, hidden
from services.practices.labels import practice_names
from services.requests import RequestAccessDenied, RequestInputError, submit_request
from services.tasks import MAX_TITLE, AssignmentRefused, assign_task


@dataclass(frozen=True)
class Found:
    """A problem with the record, period and chain it belongs to."""

    problem: PracticeProblem
    record: PracticeRecord
    period: PracticePeriod
    chain: Chain

    @property
    def source_zh(self) -> str:
        """``2026年第四季度巡链记录（2026-11-20）``: where the work came from."""
        name_zh, _ = practice_names(self.period.practice)
        return f"{period_name_zh(self.period.period)}{name_zh}记录（{self.record.held_on}）"


def find_problem(session: Session, problem_id: int) -> Found:
    problem = session.get(PracticeProblem, problem_id)
    record = session.get(PracticeRecord, problem.record_id) if problem else None
    period = session.get(PracticePeriod, record.period_id) if record else None
    chain = session.get(Chain, period.chain_id) if period else None
    if problem is None or record is None or period is None or chain is None:
        raise hidden("problem", problem_id)
    return Found(problem, record, period, chain)


def problem_to_task(
    *,
    session: Session,
    actor: Actor,
    problem_id: int,
    lead_department: str,
    owner_email: str,
    due: date | None = None,
    working_days: int | None = None,
    co_departments: tuple[str, ...] = (),
    now: datetime,
    rules: EngineRules,
) -> Task:
    """A task "<the problem>" on the record's chain, its requirements naming the record."""
    found = _unturned(session, actor, problem_id)
    problem = found.problem
    title = problem.description
    if len(title) > MAX_TITLE:
        title = title[: MAX_TITLE - 1] + "…"  # the whole problem is in the requirements
    try:
        task = assign_task(
            session=session,
            actor=actor,
            chain_code=found.chain.code,
            title=title,
            lead_department=lead_department,
            owner_email=owner_email,
            start=rules.today(now),
            due=due,
            working_days=working_days,
            co_departments=co_departments,
            source=TaskSource.PRACTICE_PROBLEM,
            requirements=f"来源：{found.source_zh}第{problem.position}条问题：{problem.description}",
            now=now,
            rules=rules,
        )
    except AssignmentRefused as refused:
        raise PracticeRefused(_said(refused), _field(str(refused), _TASK_FIELDS)) from None
    assert task.id is not None
    _link(session, problem, "task_id", task.id)
    audit(
        session,
        actor=actor,
        entity_type="practice_problem",
        entity_id=problem.id,
        action="to_task",
        now=now,
        after=str(task.id),
    )
    session.flush()
    return task


def problem_to_request(
    *,
    session: Session,
    actor: Actor,
    problem_id: int,
    credit_code: str,
    factor_type: str,
    quantity: float,
    unit: str,
    needed_by: date,
    project_code: str | None = None,
    now: datetime,
    rules: EngineRules,
    factors: FactorRules,
) -> FactorRequest:
    """A factor request of the enterprise ``credit_code`` on the record's chain, saying the
    problem and the record it came from."""
    found = _unturned(session, actor, problem_id)
    problem = found.problem
    try:
        request = submit_request(
            session=session,
            actor=actor,
            chain_code=found.chain.code,
            credit_code=credit_code.strip().upper(),
            project_code=project_code,
            factor_type=factor_type,
            quantity=quantity,
            unit=unit,
            needed_by=needed_by,
            description=f"{problem.description}（来源：{found.source_zh}第{problem.position}条问题）",
            now=now,
            rules=rules,
            factors=factors,
        )
    except (RequestInputError, RequestAccessDenied) as refused:
        raise PracticeRefused(_said(refused), _field(str(refused), _REQUEST_FIELDS)) from None
    assert request.id is not None
    _link(session, problem, "request_id", request.id)
    if problem.enterprise_id is None:
        problem.enterprise_id = request.enterprise_id
        session.add(problem)
    audit(
        session,
        actor=actor,
        entity_type="practice_problem",
        entity_id=problem.id,
        action="to_request",
        now=now,
        after=request.code,
    )
    session.flush()
    return request


def _unturned(session: Session, actor: Actor, problem_id: int) -> Found:
    found = find_problem(session, problem_id)
    check_turns(session, actor, found.chain.id or -1)
    problem = found.problem
    if problem.task_id is not None:
        raise PracticeRefused(
            Said(
                f"problem {problem_id}: already task {problem.task_id}",
                f"问题 {problem_id}：已转为督办事项 {problem.task_id}",
            )
        )
    if problem.request_id is not None:
        request = session.get(FactorRequest, problem.request_id)
        code = request.code if request else problem.request_id
        raise PracticeRefused(
            Said(
                f"problem {problem_id}: already factor request {code}",
                f"问题 {problem_id}：已转为要素诉求 {code}",
            )
        )
    return found


def _link(session: Session, problem: PracticeProblem, column: str, work_id: int) -> None:
    """Write the link only while the problem has none: of two turns at once, one wins."""
    table = sa.table(
        "practice_problem", sa.column("id"), sa.column("task_id"), sa.column("request_id")
    )
    done = session.connection().execute(
        sa.update(table)
        .where(
            table.c.id == problem.id,
            table.c.task_id.is_(None),
            table.c.request_id.is_(None),
        )
        .values({column: work_id})
    )
    if done.rowcount != 1:
        raise PracticeRefused(
            Said(
                f"problem {problem.id}: turned into work meanwhile; reload the record",
                f"问题 {problem.id}：已被他人转为工作事项，请刷新记录",
            )
        )
    session.refresh(problem)


_TASK_FIELDS = {
    "lead department": "lead_department",
    "owner": "owner_email",
    "due": "due",
    "working days": "working_days",
    "start": "due",
    "co-departments": "co_departments",
}
_REQUEST_FIELDS = {
    "credit code": "credit_code",
    "factor type": "factor_type",
    "quantity": "quantity",
    "unit": "unit",
    "needed by": "needed_by",
    "project": "project_code",
}


def _field(message: str, fields: dict[str, str]) -> str | None:
    """The form field a refusal of the task or request service names (it starts its message
    with the field, ``"owner: no person …"``)."""
    head = message.partition(":")[0].strip().lower()
    return fields.get(head)


def _said(refused: Exception) -> Said:
    return Said(str(refused), zh(refused))
