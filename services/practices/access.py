"""Who may see and record a standing practice, and the refusals the practice services raise.

- the office and a chain's working group (roster or ``team`` grant) record its practices and
  turn a record's problems into work;
- the owner of a period's task (the chain leader of a 巡链, the expert of a 诊链) records that
  period, though they may not turn problems into work;
- the chain's readers (leaders, the chief chain leader) and its lead department read them;
- a firm, and anyone else: nothing, answered as for a row that does not exist.
"""

from sqlmodel import Session

from mechanism.wording import Said
from models import Chain, PracticePeriod, Task
from services.people import (
    Actor,
    NotAllowed,
    NotVisible,
    Viewer,
    lead_department_chains,
    runs_chain,
)


class PracticeRefused(ValueError):
    """A record or a problem's work the service cannot take. ``message`` is a :class:`Said`
    naming the field; ``field`` is the form's key for it (None: no one field)."""

    def __init__(self, message: Said, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class PracticeHidden(NotVisible):
    """No such period, record or problem, or not the viewer's to see."""


class PracticeNotAllowed(NotAllowed):
    """Visible, but not the actor's to record or turn into work."""


def hidden(what: str, key: int | str) -> PracticeHidden:
    return PracticeHidden(
        Said(f"no {what} {key}", f"没有编号为 {key} 的{_WHAT_ZH.get(what, what)}")
    )


_WHAT_ZH = {"period": "例行工作周期", "record": "工作记录", "problem": "问题", "chain": "产业链"}


def reads_practices(session: Session, viewer: Viewer, chain_id: int, task: Task | None) -> bool:
    """Whether ``viewer`` reads the chain's practices (or this one period, as its task's owner)."""
    if viewer.enterprise_id is not None:
        return False
    if viewer.reads_chain(chain_id) or chain_id in lead_department_chains(
        session, viewer.department_id
    ):
        return True
    return task is not None and viewer.actor.person_id == task.owner_id


def may_record(session: Session, actor: Actor, period: PracticePeriod, task: Task | None) -> bool:
    """The office, the chain's working group, or the owner of the period's task."""
    if actor.enterprise_id is not None:
        return False
    if runs_chain(session, actor, period.chain_id):
        return True
    return task is not None and actor.person_id is not None and actor.person_id == task.owner_id


def may_turn(session: Session, actor: Actor, chain_id: int) -> bool:
    """Turning a problem into a task or a factor request is assigning work on the chain: the
    office or its working group, as for every task."""
    return actor.enterprise_id is None and runs_chain(session, actor, chain_id)


def check_records(
    session: Session, actor: Actor, period: PracticePeriod, task: Task | None
) -> None:
    if not may_record(session, actor, period, task):
        chain = session.get(Chain, period.chain_id)
        code = chain.code if chain else period.chain_id
        raise PracticeNotAllowed(
            Said(
                f"only the office, the {code} chain's working group or the owner of the "
                "period's task may record it",
                f"只有市链长制办公室、{code} 产业链工作专班或该周期任务的责任人可以填写记录",
            )
        )


def check_turns(session: Session, actor: Actor, chain_id: int) -> None:
    if not may_turn(session, actor, chain_id):
        chain = session.get(Chain, chain_id)
        code = chain.code if chain else chain_id
        raise PracticeNotAllowed(
            Said(
                f"only the office or the {code} chain's working group may turn a problem into work",
                f"只有市链长制办公室或 {code} 产业链工作专班可以将问题转为督办事项或要素诉求",
            )
        )
