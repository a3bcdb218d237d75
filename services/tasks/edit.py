"""Edit a task's particulars: its title, requirements (工作要求), owner and lead department (the
office or the chain's working group, as for assigning). Dates are not edited here: the due date
moves only through an approved extension or the end of a block, so statistics can trust it.
Every field changed is one audit event, from the old value to the new."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from mechanism.lifecycle import ASSIGNERS
from mechanism.vocabulary import OPEN_TASK_STATES, TaskState
from mechanism.wording import Said
from models import Department, Person
from services.audit import audit
from services.people import Actor, roles_on
from services.tasks.moves import load_task
from services.tasks.particulars import clean_requirements, requirements_problem, title_problem


class EditRefused(ValueError):
    """The edit is not allowed or a value is wrong; the message names the field."""


@dataclass(frozen=True)
class Edited:
    task_id: int
    changed: list[str]  # the fields that changed, in the order given


def edit_task(
    *,
    session: Session,
    task_id: int,
    actor: Actor,
    now: datetime,
    title: str | None = None,
    owner_email: str | None = None,
    lead_department: str | None = None,
    requirements: str | None = None,
) -> Edited:
    """Change what is given (None: keep); an unchanged value is not an event.

    A value given blank is refused, never read as "keep": a form that clears a field and
    saves must hear that the field cannot be empty, not see the old value silently stay.
    Requirements are the exception: they may be empty, so blank clears them.
    """
    task = load_task(session, task_id)
    if not roles_on(session, actor, task) & ASSIGNERS and not actor.is_system:
        raise EditRefused(
            Said(
                "only the office or the chain's working group may edit its tasks",
                "只有链长制办公室或该产业链工作专班可以修改其督办事项",
            )
        )
    state = TaskState(task.state)
    if state not in OPEN_TASK_STATES:
        raise EditRefused(
            Said(
                f"task {task_id} is {task.state}: only open tasks can be edited",
                f"督办事项 {task_id} 当前为「{state.zh}」：只有未办结的督办事项可以修改",
            )
        )
    wanted: dict[str, tuple[str, int | str | None, str]] = {}  # field → (column, new, shown)
    if title is not None:
        if (problem := title_problem(title)) is not None:
            raise EditRefused(problem)
        wanted["title"] = ("title", title.strip(), title.strip())
    if requirements is not None:
        if (problem := requirements_problem(requirements.strip())) is not None:
            raise EditRefused(problem)
        cleared = clean_requirements(requirements)
        wanted["requirements"] = ("requirements", cleared, cleared or "")
    if owner_email is not None:
        if not owner_email.strip():
            raise EditRefused(Said("owner: must not be empty", "责任人：不能为空"))
        email = owner_email.strip().lower()
        owner = session.exec(select(Person).where(Person.email == email)).first()
        if owner is None or owner.id is None:
            raise EditRefused(
                Said(
                    f"owner: no person with email {owner_email!r}",
                    f"责任人：没有邮箱为 {owner_email!r} 的人员",
                )
            )
        wanted["owner"] = ("owner_id", owner.id, owner.email)
    if lead_department is not None:
        if not lead_department.strip():
            raise EditRefused(Said("lead department: must not be empty", "牵头部门：不能为空"))
        code = lead_department.strip().upper()
        department = session.exec(select(Department).where(Department.code == code)).first()
        if department is None or department.id is None:
            raise EditRefused(
                Said(
                    f"lead department: no department {lead_department!r}",
                    f"牵头部门：没有部门 {lead_department!r}",
                )
            )
        wanted["lead_department"] = ("lead_department_id", department.id, department.code)
    changed = []
    for name, (column, value, shown) in wanted.items():
        old = getattr(task, column)
        if old == value:
            continue
        setattr(task, column, value)
        audit(
            session,
            actor=actor,
            entity_type="task",
            entity_id=task.id,
            action=f"edit_{name}",
            now=now,
            before=_shown(session, column, old),
            after=shown,
        )
        changed.append(name)
    if changed:
        task.updated_at = now
        session.add(task)
        session.flush()
    return Edited(task_id, changed)


def _shown(session: Session, column: str, value: int | str | None) -> str:
    """An old value as a person reads it: an email or a department code, not an id."""
    if value is None:
        return ""
    if column == "owner_id":
        person = session.get(Person, value)
        return person.email if person else str(value)
    if column == "lead_department_id":
        department = session.get(Department, value)
        return department.code if department else str(value)
    return str(value)
