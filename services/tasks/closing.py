"""Closing a task because the work it asked for is proven done elsewhere (a contract filed, a
practice's record filed): its owner reports it done (报结) and the office signs it off (销号),
both written as the system through the normal moves, so the audit trail and the rollup see
an ordinary closure."""

from datetime import datetime

from sqlmodel import Session

from mechanism.vocabulary import TaskState
from models import Task
from services.config import EngineRules
from services.people import Actor
from services.tasks.moves import accept_task, sign_off_task, submit_task

# Who closes: the evidence (the filing, the record) proves the work, so no person signs.
_CLOSING_LABEL = "system"


def close_as_system(
    session: Session, task_id: int, *, note: str, now: datetime, rules: EngineRules
) -> None:
    """Report the task done as its owner (with ``note``) and sign it off as the office, as far
    as its state allows (a task already closed or cancelled is left as it is)."""
    task = session.get(Task, task_id)
    if task is None:
        return
    owner = Actor(_CLOSING_LABEL, person_id=task.owner_id)
    office = Actor(_CLOSING_LABEL, is_office=True)
    if task.state == TaskState.ASSIGNED.value:
        accept_task(session=session, task_id=task_id, actor=owner, now=now, rules=rules)
    if task.state in (TaskState.ACCEPTED.value, TaskState.IN_PROGRESS.value):
        submit_task(session=session, task_id=task_id, actor=owner, note=note, now=now, rules=rules)
    if task.state == TaskState.SUBMITTED.value:
        sign_off_task(session=session, task_id=task_id, actor=office, now=now, rules=rules)
