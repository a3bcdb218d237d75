"""Each period's task of every chain's standing practices, made once (the daily
``standing-practices`` flow).

For every chain and each practice its checklist carries (``PracticeRules.for_chain``), the
periods from the one after the latest made (or, the first time, the current one only) through
the current one are made: a task through ``assign_task`` as the system (source ``practice``),
owned by the first holder of the practice's owner role on the chain's roster, led by the
chain's lead department, due on the period's last working day, and the ``practice_period``
row (chain, practice, period — unique) that links it. A period made after it had ended (the
flow was down through it) is marked ``caught_up`` and audited; each is made once, never once
per missed day. A chain without a holder of the role, or without a lead department, gets no
task: the report says which and why. No fallback for the chain leader: a tour is the chain
leader's own, not the chief's.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from mechanism.practices import Cadence, Period, Practice, PracticeRules, period_of
from mechanism.vocabulary import RosterRole, TaskSource
from models import Chain, MechanismItem, Person, PracticePeriod, RosterEntry
from services.audit import audit
from services.config import EngineRules
from services.people import SYSTEM, department_owner, lead_department_of
from services.tasks import AssignmentRefused, assign_task


@dataclass
class PracticeReport:
    """What one run made: periods made (caught up among them) and what it skipped, and why."""

    today: date
    made: int = 0
    caught_up: int = 0
    skipped: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "made": self.made,
            "caught_up": self.caught_up,
            "skipped": self.skipped,
        }


def make_periods(
    *,
    session: Session,
    now: datetime,
    rules: EngineRules,
    practices: PracticeRules,
    chains: frozenset[str] | None = None,
) -> PracticeReport:
    """One run for the office's day at ``now``; safe to run twice, or in two places at once.
    ``chains``: only these chain codes (all when None)."""
    today = rules.today(now)
    report = PracticeReport(today)
    for chain in session.exec(select(Chain).order_by(col(Chain.position), col(Chain.id))).all():
        assert chain.id is not None
        if chains is not None and chain.code not in chains:
            continue
        elements = frozenset(
            session.exec(select(MechanismItem.code).where(MechanismItem.chain_id == chain.id))
        )
        for practice in practices.for_chain(chain.code, elements):
            for period in _periods_to_make(session, chain.id, practice, today):
                _make_one(session, chain, practice, period, now, rules, report)
    session.flush()
    return report


def _periods_to_make(
    session: Session, chain_id: int, practice: Practice, today: date
) -> list[Period]:
    current = period_of(practice.cadence, today)
    latest = session.exec(
        select(func.max(PracticePeriod.ends_on)).where(
            PracticePeriod.chain_id == chain_id, PracticePeriod.practice == practice.code
        )
    ).one()
    if latest is None:
        return [current]
    periods = []
    period = period_of(practice.cadence, latest + timedelta(days=1))
    while period <= current:
        periods.append(period)
        period = period_of(practice.cadence, period.ends_on + timedelta(days=1))
    return periods


def _make_one(
    session: Session,
    chain: Chain,
    practice: Practice,
    period: Period,
    now: datetime,
    rules: EngineRules,
    report: PracticeReport,
) -> None:
    assert chain.id is not None
    what = f"{chain.code} {practice.code} {period.name}"
    owner = _holder(session, chain.id, practice.owner)
    if owner is None:
        report.skipped.append(f"{what}: nobody holds the role {practice.owner.value} on the roster")
        return
    department = lead_department_of(session, chain.id)
    if department is None:
        report.skipped.append(f"{what}: the chain has no lead department on its roster")
        return
    today = report.today
    caught_up = period.ends_on < today
    due = period.due(rules.calendar)
    title = f"{chain.name_zh}产业链{period.name_zh}{practice.name_zh}"
    try:
        with session.begin_nested():
            task = assign_task(
                session=session,
                actor=SYSTEM,
                chain_code=chain.code,
                title=title,
                lead_department=department.code,
                owner_email=owner.email,
                start=period.starts_on if period.starts_on <= today else today,
                due=due,
                source=TaskSource.PRACTICE,
                requirements=_requirements(chain, practice, period, due),
                now=now,
                rules=rules,
            )
            row = PracticePeriod(
                chain_id=chain.id, practice=practice.code, period=period.name,
                starts_on=period.starts_on, ends_on=period.ends_on, due_on=due,
                task_id=task.id, caught_up=caught_up, created_at=now,
            )  # fmt: skip
            session.add(row)
            session.flush()
            if caught_up:
                audit(
                    session, actor=SYSTEM, entity_type="practice_period", entity_id=row.id,
                    action="caught_up", now=now,
                    detail={"chain": chain.code, "practice": practice.code,
                            "period": period.name, "ended_on": period.ends_on.isoformat(),
                            "made_on": today.isoformat(), "task_id": task.id},
                )  # fmt: skip
                session.flush()
    except IntegrityError:
        return  # another run made this period first: once is enough
    except AssignmentRefused as exc:
        report.skipped.append(f"{what}: {exc}")
        return
    report.made += 1
    report.caught_up += caught_up


def _holder(session: Session, chain_id: int, role: RosterRole) -> Person | None:
    """The first holder of ``role`` on the chain's roster (by roster entry): a person, or for a
    department's entry the person who owns the tasks made for that department."""
    entries = session.exec(
        select(RosterEntry)
        .where(RosterEntry.chain_id == chain_id, RosterEntry.role == role.value)
        .order_by(col(RosterEntry.id))
    ).all()
    for entry in entries:
        if entry.person_id is not None:
            person = session.get(Person, entry.person_id)
        elif entry.department_id is not None:
            person = department_owner(session, entry.department_id)
        else:
            person = None
        if person is not None:
            return person
    return None


def _requirements(chain: Chain, practice: Practice, period: Period, due: date) -> str:
    what = {
        Cadence.MONTHLY: "本月",
        Cadence.QUARTERLY: "本季度",
        Cadence.HALF_YEARLY: "本半年",
        Cadence.YEARLY: "本年度",
    }[practice.cadence]
    return (
        f"按照链长制例行工作机制，{what}（{period.starts_on}至{period.ends_on}）须开展"
        f"{chain.name_zh}产业链{practice.name_zh}（{practice.name_en}），{due}前完成。"
        "完成后请在系统中填报本次活动记录（日期、参加人员、走访地点和发现的问题），"
        "填报记录即办结本任务；发现的问题可直接转为督办任务或要素需求。"
    )
