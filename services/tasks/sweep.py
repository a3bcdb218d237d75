"""The daily sweep: decide lights and escalations for every task whose time has come.

It reads only open tasks with ``next_action_at <= now`` (the partial index ``ix_task_sweep``),
in chunks, each chunk in one transaction that claims its tasks with a conditional update (the
healthchecks way: act only where the row still holds what was read), writes the decisions as
notices and outbox rows with unique keys, and sets each task's next ``next_action_at``.
Two sweeps at once never both act on a task: on SQLite each chunk holds the write lock
(BEGIN IMMEDIATE), on PostgreSQL the chunk's rows are locked with FOR UPDATE SKIP LOCKED, and
the unique keys stop anything that slips through. A crash rolls back the chunk; the next
sweep finds the same tasks still due and finishes the work.
"""

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from mechanism.ladder import Decision, Escalation, LadderState, decide
from mechanism.lights import TaskTiming, is_paced
from mechanism.vocabulary import OPEN_TASK_STATES, TaskState
from mechanism.workdays import Workdays
from models import Notice, OutboxMessage, Task
from models.base import UTCDateTime
from models.db import IMMEDIATE
from services.config import EngineRules
from services.outbox import NewNotice, issue_notices
from services.people import Directory
from services.tasks.handover import task_facts

TASK = Task.__table__  # type: ignore[attr-defined]
NOTICE = Notice.__table__  # type: ignore[attr-defined]
OUTBOX = OutboxMessage.__table__  # type: ignore[attr-defined]
_OPEN = sorted(OPEN_TASK_STATES)
# The open states go into the SQL as literals: a partial index is used only when the query's
# WHERE provably implies the index's, and SQLite cannot prove that of ``state IN (?, ?, …)``
# with bound parameters, so it would scan the whole table (0.4 s a chunk at a million tasks).
_OPEN_STATES: sa.BindParameter[str] = sa.bindparam(
    "open_states", _OPEN, expanding=True, literal_execute=True
)
_COLUMNS = (
    TASK.c.id,
    TASK.c.chain_id,
    TASK.c.title,
    TASK.c.state,
    TASK.c.start_date,
    TASK.c.due_date,
    TASK.c.original_due_date,
    TASK.c.progress,
    TASK.c.light,
    TASK.c.ladder_level,
    TASK.c.hold_until,
    TASK.c.next_action_at,
    TASK.c.owner_id,
    TASK.c.lead_department_id,
    TASK.c.source,
)


@dataclass
class SweepReport:
    as_of: datetime
    today: date
    working_day: bool
    examined: int = 0
    escalated: int = 0
    notices: int = 0
    outbox_rows: int = 0
    lights_changed: int = 0
    lost_claims: int = 0  # tasks another sweep took first
    by_kind: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat()
        data["today"] = self.today.isoformat()
        return data


def sweep(
    *, engine: sa.Engine, now: datetime, rules: EngineRules, chunk_size: int = 500
) -> SweepReport:
    """Sweep everything due at ``now``; on a non-working day, do nothing and say so."""
    today = rules.today(now)
    report = SweepReport(now, today, rules.calendar.is_workday(today))
    if not report.working_day:
        return report
    with engine.connect() as connection:
        directory = Directory(connection, office_mailbox=rules.office_mailbox)
    while _sweep_chunk(engine, now, today, rules, directory, report, chunk_size):
        pass
    return report


def due_tasks_query(dialect: str, now: datetime, limit: int) -> sa.Select[Any]:
    """Open tasks whose time has come, oldest first: a range scan of ``ix_task_sweep``."""
    query = (
        sa.select(*_COLUMNS)
        .where(TASK.c.state.in_(_OPEN_STATES), TASK.c.next_action_at <= now)
        .order_by(TASK.c.next_action_at, TASK.c.id)
        .limit(limit)
    )
    if dialect == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return query


def _due_tasks(connection: sa.Connection, now: datetime, limit: int) -> list[sa.Row[Any]]:
    return list(connection.execute(due_tasks_query(connection.dialect.name, now, limit)))


def _sweep_chunk(
    engine: sa.Engine,
    now: datetime,
    today: date,
    rules: EngineRules,
    directory: Directory,
    report: SweepReport,
    chunk_size: int,
) -> bool:
    """One chunk, one transaction. False when nothing was left to do."""
    with engine.connect().execution_options(**IMMEDIATE) as connection, connection.begin():
        rows = _due_tasks(connection, now, chunk_size)
        if not rows:
            return False
        decisions = {row.id: _decide(row, today, rules, directory) for row in rows}
        claimed = _claim(connection, rows, decisions, now, today, rules)
        report.examined += len(rows)
        report.lost_claims += len(rows) - len(claimed)
        escalated = [row for row in rows if row.id in claimed and decisions[row.id].escalation]
        report.lights_changed += sum(
            1 for row in rows if row.id in claimed and decisions[row.id].light != row.light
        )
        _write_notices(connection, escalated, decisions, now, today, directory, rules, report)
    return True


def _decide(row: Any, today: date, rules: EngineRules, directory: Directory) -> Decision:
    timing = TaskTiming(
        TaskState(row.state), row.start_date, row.due_date, row.progress, is_paced(row.source)
    )
    return decide(
        LadderState(timing, row.ladder_level, row.hold_until),
        today=today,
        ladder=rules.ladders.for_chain(directory.chain_codes[row.chain_id]),
        calendar=rules.calendar,
        rules=rules.lights,
    )


_CLAIM = (
    TASK.update()
    .where(
        TASK.c.id == sa.bindparam("b_id"),
        TASK.c.next_action_at == sa.bindparam("b_next", type_=UTCDateTime()),
        TASK.c.ladder_level == sa.bindparam("b_level"),
    )
    .values(
        light=sa.bindparam("light"),
        ladder_level=sa.bindparam("ladder_level"),
        next_action_at=sa.bindparam("next_action_at", type_=UTCDateTime()),
    )
)


def _claim(
    connection: sa.Connection,
    rows: list[Any],
    decisions: dict[int, Decision],
    now: datetime,
    today: date,
    rules: EngineRules,
) -> set[int]:
    """Apply each decision only where the task still holds what was read; the ids claimed."""
    params = []
    for row in rows:
        decision = decisions[row.id]
        next_at = rules.start_of(decision.next_look) if decision.next_look else None
        if next_at is not None and next_at <= now:  # never leave a task due in this sweep
            next_at = rules.start_of(rules.calendar.add(today, 1))
        escalation = decision.escalation
        params.append(
            {
                "b_id": row.id,
                "b_next": row.next_action_at,
                "b_level": row.ladder_level,
                "light": decision.light.value,
                "ladder_level": escalation.level if escalation else row.ladder_level,
                "next_action_at": next_at,
            }
        )
    if connection.dialect.supports_sane_multi_rowcount:
        # Fast path: one executemany. If any row changed since it was read, undo the lot and
        # claim row by row, so we know exactly which tasks are ours.
        savepoint = connection.begin_nested()
        if connection.execute(_CLAIM, params).rowcount == len(params):
            savepoint.commit()
            return {p["b_id"] for p in params}
        savepoint.rollback()
    return {p["b_id"] for p in params if connection.execute(_CLAIM, p).rowcount == 1}


def _write_notices(
    connection: sa.Connection,
    rows: list[Any],
    decisions: dict[int, Decision],
    now: datetime,
    today: date,
    directory: Directory,
    rules: EngineRules,
    report: SweepReport,
) -> None:
    """One notice per escalation, one outbox row per recipient; duplicates are ignored."""
    notices = []
    for row in rows:
        escalation = decisions[row.id].escalation
        assert escalation is not None
        notices.append(
            NewNotice(
                key=f"task:{row.id}:L{escalation.level}:{today.isoformat()}",
                kind=escalation.kind.value,
                level=escalation.level,
                chain_id=row.chain_id,
                subject_type="task",
                subject_id=row.id,
                year=today.year,
                facts=_facts(row, escalation, decisions[row.id], today, directory, rules.calendar),
                recipients=directory.recipients(
                    escalation.recipients,
                    chain_id=row.chain_id,
                    owner_id=row.owner_id,
                    lead_department_id=row.lead_department_id,
                ),
            )
        )
        report.by_kind[escalation.kind.value] = report.by_kind.get(escalation.kind.value, 0) + 1
    issued = issue_notices(connection, notices, now=now, directory=directory, rules=rules)
    report.escalated += len(rows)
    report.notices += issued.notices
    report.outbox_rows += issued.outbox_rows


def _facts(
    row: Any,
    escalation: Escalation,
    decision: Decision,
    today: date,
    directory: Directory,
    calendar: Workdays,
) -> dict[str, Any]:
    """What the notice must say, frozen now: templates render these, never live rows."""
    facts = {
        **task_facts(row, directory, calendar, today),
        "light": decision.light.value,
        "level": escalation.level,
        "kind": escalation.kind.value,
        "reason": escalation.reason,
    }
    if escalation.feedback_due is not None:  # a supervision notice: written feedback by then
        facts["feedback_due"] = escalation.feedback_due.isoformat()
    return facts
