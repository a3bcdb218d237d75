"""Assign a new task (交办) on a chain: the office, or that chain's working group, may. The
assignment notice (交办单) goes out with it, in the same transaction."""

from datetime import date, datetime

from sqlmodel import Session, select

from mechanism.lifecycle import ASSIGNERS
from mechanism.periods import period_end
from mechanism.vocabulary import TaskSource, TaskState
from mechanism.wording import Said
from models import Chain, Department, Person, Task, TaskCoDepartment
from services.config import EngineRules
from services.people import Actor, Directory
from services.tasks.clock import record, refresh
from services.tasks.handover import tell_assigned
from services.tasks.particulars import (
    clean_requirements,
    due_problem,
    requirements_problem,
    start_problem,
    title_problem,
    working_days_problem,
)


class AssignmentRefused(ValueError):
    """The task cannot be assigned as asked; the message says which field is wrong."""


def assign_task(
    *,
    session: Session,
    actor: Actor,
    chain_code: str,
    title: str,
    lead_department: str,
    owner_email: str,
    start: date,
    due: date | None = None,
    working_days: int | None = None,
    co_departments: tuple[str, ...] = (),
    source: TaskSource = TaskSource.MEETING,
    requirements: str | None = None,
    now: datetime,
    rules: EngineRules,
) -> Task:
    """A new task due on ``due``, or ``working_days`` working days after ``start``, with its
    work requirements (工作要求) if any."""
    chain = session.exec(select(Chain).where(Chain.code == chain_code)).first()
    if chain is None or chain.id is None:
        raise AssignmentRefused(
            Said(f"chain: no chain {chain_code!r}", f"产业链：没有产业链 {chain_code!r}")
        )
    department = session.exec(select(Department).where(Department.code == lead_department)).first()
    if department is None or department.id is None:
        raise AssignmentRefused(
            Said(
                f"lead department: no department {lead_department!r}",
                f"牵头部门：没有部门 {lead_department!r}",
            )
        )
    owner = session.exec(select(Person).where(Person.email == owner_email.lower())).first()
    if owner is None or owner.id is None:
        raise AssignmentRefused(
            Said(
                f"owner: no person with email {owner_email!r}",
                f"责任人：没有邮箱为 {owner_email!r} 的人员",
            )
        )
    directory = Directory(session.connection(), office_mailbox=rules.office_mailbox)
    roles = directory.roles_of(
        actor.person_id,
        is_office=actor.is_office,
        chain_id=chain.id,
        owner_id=-1,
        lead_department_id=-1,
    )
    if not roles & ASSIGNERS and not actor.is_system:
        raise AssignmentRefused(
            Said(
                f"only the office or the {chain.name_zh} working group may assign its tasks",
                f"只有链长制办公室或{chain.name_zh}产业链工作专班可以交办该产业链的督办事项",
            )
        )
    if (due is None) == (working_days is None):
        raise AssignmentRefused(
            Said(
                "due: give either a due date or a number of working days",
                "完成时限：请填写完成日期或工作日数，二选一",
            )
        )
    if working_days is not None:
        due = due_after(start, working_days, rules=rules, today=rules.today(now))
    assert due is not None
    if (problem := start_problem(start)) is not None:
        raise AssignmentRefused(problem)
    if (problem := due_problem(due, rules.today(now))) is not None:
        raise AssignmentRefused(problem)
    if due < start:
        raise AssignmentRefused(
            Said(f"due: {due} is before the start {start}", f"完成时限：{due} 早于开始日期 {start}")
        )
    if (problem := title_problem(title)) is not None:
        raise AssignmentRefused(problem)
    requirements = clean_requirements(requirements)
    if (problem := requirements_problem(requirements)) is not None:
        raise AssignmentRefused(problem)
    co_ids: list[int] = []
    for code in co_departments:
        co = session.exec(select(Department).where(Department.code == code)).first()
        if co is None or co.id is None:
            raise AssignmentRefused(
                Said(f"co-departments: no department {code!r}", f"协办部门：没有部门 {code!r}")
            )
        co_ids.append(co.id)
    task = Task(
        chain_id=chain.id,
        title=title.strip(),
        requirements=requirements,
        source=source.value,
        lead_department_id=department.id,
        owner_id=owner.id,
        start_date=start,
        original_due_date=due,
        due_date=due,
        state=TaskState.ASSIGNED.value,
        created_at=now,
        updated_at=now,
    )
    session.add(task)
    session.flush()
    assert task.id is not None
    for co_id in co_ids:
        session.add(TaskCoDepartment(task_id=task.id, department_id=co_id))
    refresh(session, task, now=now, rules=rules)
    record(
        session,
        actor=actor,
        task=task,
        action="assign",
        now=now,
        after=task.state,
        detail={"owner": owner.email, "due_date": due.isoformat(), "source": source.value},
    )
    tell_assigned(session, [task], directory=directory, actor=actor, now=now, rules=rules)
    session.flush()
    return task


def due_after(start: date, working_days: int, *, rules: EngineRules, today: date) -> date:
    """The due date ``working_days`` working days after ``start`` (counted from the day
    after, as the law counts periods), as assigning gives it — also for the assign form's
    preview; refused as assigning refuses it."""
    if (problem := start_problem(start)) is not None:
        raise AssignmentRefused(problem)
    if working_days < 1:
        raise AssignmentRefused(Said("working days: must be at least 1", "工作日数：至少为 1"))
    if (problem := working_days_problem(working_days)) is not None:
        raise AssignmentRefused(problem)
    due = period_end(start, working_days, rules.calendar)
    if (problem := due_problem(due, today)) is not None:
        raise AssignmentRefused(problem)
    return due
