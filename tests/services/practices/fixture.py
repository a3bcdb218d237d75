"""A practice period made by hand, as the daily ``standing-practices`` flow would make it: the
row and its task (source ``practice``), owned by whom the caller names, due on the period's
last working day."""

from datetime import datetime

from sqlmodel import Session, select

from mechanism.practices import Cadence, PracticeRules, period_of
from mechanism.vocabulary import TaskSource
from models import Chain, PracticePeriod
from services.config import EngineRules
from services.people import SYSTEM
from services.tasks import assign_task

CADENCES = {"tour": Cadence.QUARTERLY, "diagnosis": Cadence.HALF_YEARLY, "inquiry": Cadence.YEARLY,
            "dispatch": Cadence.MONTHLY}  # fmt: skip


def add_period(
    session: Session,
    *,
    chain_code: str,
    owner_email: str,
    lead_department: str,
    now: datetime,
    rules: EngineRules,
    practice: str = "tour",
    with_task: bool = True,
) -> PracticePeriod:
    """The period of ``practice`` holding today, with its task unless ``with_task`` is False;
    the one there is when the daily flow (or the demo) made it already."""
    chain = session.exec(select(Chain).where(Chain.code == chain_code)).one()
    period = period_of(CADENCES[practice], rules.today(now))
    there = session.exec(
        select(PracticePeriod).where(
            PracticePeriod.chain_id == chain.id,
            PracticePeriod.practice == practice,
            PracticePeriod.period == period.name,
        )
    ).first()
    if there is not None:
        return there
    due = period.due(rules.calendar)
    row = PracticePeriod(
        chain_id=chain.id or 0,
        practice=practice,
        period=period.name,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        due_on=due,
        created_at=now,
    )
    if with_task:
        known = PracticeRules().by_code(practice)
        name_zh = known.name_zh if known else practice
        task = assign_task(
            session=session,
            actor=SYSTEM,
            chain_code=chain_code,
            title=f"{period.name} {name_zh}：{chain.name_zh}",
            lead_department=lead_department,
            owner_email=owner_email,
            start=period.starts_on,
            due=due,
            source=TaskSource.PRACTICE,
            now=now,
            rules=rules,
        )
        row.task_id = task.id
    session.add(row)
    session.flush()
    return row
