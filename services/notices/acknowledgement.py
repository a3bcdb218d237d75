"""Acknowledging a notice (签收): it is recorded, and it holds the task's ladder for a while.

The hold lasts the ladder's ``hold_days`` working days counted from the day after the
acknowledgement (``mechanism.periods``); ``task.hold_until`` is its last day. Progress reported
meanwhile renews it, and when it runs out with nothing moved the ladder goes on where it stood.
"""

from datetime import datetime

from sqlmodel import Session

from mechanism.vocabulary import OPEN_TASK_STATES
from models import Notice, OutboxMessage, Task
from services.config import EngineRules
from services.people import Actor
from services.tasks import new_hold, record, refresh


class NoSuchNotice(LookupError):
    pass


def acknowledge_notice(
    *, session: Session, outbox_id: int, actor: Actor, now: datetime, rules: EngineRules
) -> OutboxMessage:
    """Record that the recipient of outbox row ``outbox_id`` has seen it; hold the ladder.

    Acknowledging twice changes nothing the second time.
    """
    message = session.get(OutboxMessage, outbox_id)
    if message is None:
        raise NoSuchNotice(f"no notice delivery {outbox_id}")
    if message.acknowledged_at is not None:
        return message
    message.acknowledged_at = now
    session.add(message)
    notice = session.get(Notice, message.notice_id)
    assert notice is not None
    # Only a rung of the ladder holds it (level ≥ 0, as the bulletin counts them): a 交办单 or
    # a hand-over notice (level -1) is read, not answered.
    if notice.subject_type == "task" and notice.level >= 0:
        task = session.get(Task, notice.subject_id)
        if task is not None and task.state in OPEN_TASK_STATES:
            task.hold_until = held = new_hold(session, task, now=now, rules=rules)
            refresh(session, task, now=now, rules=rules)
            session.add(task)
            record(
                session,
                actor=actor,
                task=task,
                action="acknowledge",
                now=now,
                detail={
                    "notice": notice.id,
                    "kind": notice.kind,
                    "hold_until": held.isoformat(),
                },
            )
    session.flush()
    return message
