"""The service-level clock of factor requests: keep one request's light true, and the daily
check that escalates missed service levels (handling department → working group → chain leader).

The check works like the task sweep (services/tasks/sweep.py): it reads open requests whose
``next_action_at`` has come through the partial index ``ix_factor_request_sweep``, in chunks,
each chunk one transaction that claims its requests with a conditional update (same
``next_action_at`` and ``ladder_level`` as read) and issues the notices in that transaction.
Two checks at once never both act on a request: on SQLite a chunk holds the write lock (BEGIN
IMMEDIATE), on PostgreSQL its rows are locked FOR UPDATE SKIP LOCKED, and notice keys are unique.

Requests that arrived without a clock (imported from a workbook) are adopted first: their stage
deadline is computed from their timestamps and they become due at once.
"""

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

import sqlalchemy as sa
from sqlmodel import Session

from mechanism.factor_requests import (
    FactorRules,
    RequestClock,
    RequestDecision,
    decide_request,
    stage_deadline,
)
from mechanism.vocabulary import OPEN_REQUEST_STATES, FactorType, ProjectState, RequestState
from mechanism.wording import Said
from models import Enterprise, FactorRequest, KeyProject, Task
from models.base import UTCDateTime
from models.db import IMMEDIATE
from services.config import EngineRules
from services.outbox import NewNotice, issue_notices
from services.people import Directory

REQUEST = FactorRequest.__table__  # type: ignore[attr-defined]
TASK = Task.__table__  # type: ignore[attr-defined]
PROJECT = KeyProject.__table__  # type: ignore[attr-defined]
ENTERPRISE = Enterprise.__table__  # type: ignore[attr-defined]
# Literal states, so SQLite can prove the query implies the partial index's WHERE (see the
# comment on services.tasks.sweep._OPEN_STATES).
_OPEN_STATES: sa.BindParameter[str] = sa.bindparam(
    "open_states", sorted(OPEN_REQUEST_STATES), expanding=True, literal_execute=True
)


class HeldUp(Said):
    """Something a request holds up, in both languages, with the path of its page."""

    path: str

    def __new__(cls, en: str, zh: str, path: str) -> "HeldUp":
        made = super().__new__(cls, en, zh)
        made.path = path
        return made


def blocked_by(connection: sa.Connection, request_ids: list[int]) -> dict[int, list[str]]:
    """What each request holds up: ``["task 12", "project LC2026-BEARING-01"]`` (each a
    HeldUp: 督办事项 12, 重点项目 LC2026-BEARING-01, and the page of each)."""
    found: dict[int, list[str]] = {}
    if not request_ids:
        return found
    tasks = sa.select(TASK.c.blocked_by_request_id, TASK.c.id).where(
        TASK.c.blocked_by_request_id.in_(request_ids), TASK.c.state == "blocked"
    )
    for request_id, task_id in connection.execute(tasks.order_by(TASK.c.id)):
        found.setdefault(request_id, []).append(
            HeldUp(f"task {task_id}", f"督办事项 {task_id}", f"/tasks/{task_id}")
        )
    projects = sa.select(PROJECT.c.blocked_by_request_id, PROJECT.c.code).where(
        PROJECT.c.blocked_by_request_id.in_(request_ids),
        PROJECT.c.state == ProjectState.ACTIVE.value,
    )
    for request_id, code in connection.execute(projects.order_by(PROJECT.c.code)):
        found.setdefault(request_id, []).append(
            HeldUp(f"project {code}", f"重点项目 {code}", f"/projects/{code}")
        )
    return found


class _Dated(Protocol):
    state: str
    factor_type: str
    submitted_at: datetime
    accepted_at: datetime | None


def deadline_of(
    request: _Dated,
    *,
    reopened_on: date | None = None,
    rules: EngineRules,
    factors: FactorRules,
) -> date | None:
    """The deadline of the stage ``request`` (a row or a FactorRequest) is in now."""
    return stage_deadline(
        RequestState(request.state),
        submitted_on=rules.today(request.submitted_at),
        accepted_on=rules.today(request.accepted_at) if request.accepted_at else None,
        reopened_on=reopened_on,
        levels=factors.levels[FactorType(request.factor_type)],
        calendar=rules.calendar,
    )


def refresh_request(
    session: Session,
    request: FactorRequest,
    *,
    now: datetime,
    rules: EngineRules,
    factors: FactorRules,
) -> RequestDecision:
    """Recompute the light and ``next_action_at``; an escalation due now is left to the check
    (``next_action_at = now``) so notices are only ever written in one place."""
    assert request.id is not None
    if request.stage_due is None and request.state in OPEN_REQUEST_STATES:  # imported: adopt it
        request.stage_due = deadline_of(request, rules=rules, factors=factors)
        request.ladder_level = -1
    blocking = bool(blocked_by(session.connection(), [request.id]))
    decision = decide_request(
        RequestClock(
            RequestState(request.state), request.stage_due, request.ladder_level, blocking
        ),
        today=rules.today(now),
        rules=factors,
        calendar=rules.calendar,
    )
    request.light = decision.light.value
    request.light_reason = ",".join(decision.reasons)
    if decision.escalation is not None:
        request.next_action_at = now
    elif decision.next_look is not None:
        request.next_action_at = rules.start_of(decision.next_look)
    else:
        request.next_action_at = None
    session.add(request)
    return decision


@dataclass
class RequestCheckReport:
    as_of: datetime
    today: date
    working_day: bool
    adopted: int = 0  # requests that had no clock yet (imported)
    examined: int = 0
    escalated: int = 0
    notices: int = 0
    outbox_rows: int = 0
    lights_changed: int = 0
    lost_claims: int = 0  # requests another check took first
    by_level: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat()
        data["today"] = self.today.isoformat()
        return data


def check_requests(
    *,
    engine: sa.Engine,
    now: datetime,
    rules: EngineRules,
    factors: FactorRules,
    chunk_size: int = 200,
) -> RequestCheckReport:
    """Check every open request due at ``now``; on a non-working day, do nothing and say so."""
    today = rules.today(now)
    report = RequestCheckReport(now, today, rules.calendar.is_workday(today))
    if not report.working_day:
        return report
    with engine.connect().execution_options(**IMMEDIATE) as connection, connection.begin():
        report.adopted = _adopt(connection, now, rules, factors)
        directory = Directory(connection, office_mailbox=rules.office_mailbox)
    while _check_chunk(engine, now, today, rules, factors, directory, report, chunk_size):
        pass
    return report


def _adopt(
    connection: sa.Connection, now: datetime, rules: EngineRules, factors: FactorRules
) -> int:
    """Give open requests without a stage deadline one, and make them due now."""
    rows = connection.execute(
        sa.select(
            REQUEST.c.id,
            REQUEST.c.state,
            REQUEST.c.factor_type,
            REQUEST.c.submitted_at,
            REQUEST.c.accepted_at,
        ).where(REQUEST.c.state.in_(_OPEN_STATES), REQUEST.c.stage_due.is_(None))
    ).all()
    adopted = 0
    for row in rows:
        due = deadline_of(row, rules=rules, factors=factors)
        adopted += connection.execute(
            REQUEST.update()
            .where(REQUEST.c.id == row.id, REQUEST.c.stage_due.is_(None))
            .values(stage_due=due, ladder_level=-1, next_action_at=now)
        ).rowcount
    return adopted


def due_requests_query(dialect: str, now: datetime, limit: int) -> sa.Select[Any]:
    """Open requests whose time has come, oldest first: a range scan of the partial index."""
    query = (
        sa.select(REQUEST)
        .where(REQUEST.c.state.in_(_OPEN_STATES), REQUEST.c.next_action_at <= now)
        .order_by(REQUEST.c.next_action_at, REQUEST.c.id)
        .limit(limit)
    )
    if dialect == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return query


def _check_chunk(
    engine: sa.Engine,
    now: datetime,
    today: date,
    rules: EngineRules,
    factors: FactorRules,
    directory: Directory,
    report: RequestCheckReport,
    chunk_size: int,
) -> bool:
    """One chunk, one transaction. False when nothing was left to do."""
    with engine.connect().execution_options(**IMMEDIATE) as connection, connection.begin():
        query = due_requests_query(connection.dialect.name, now, chunk_size)
        rows = list(connection.execute(query))
        if not rows:
            return False
        blocks = blocked_by(connection, [row.id for row in rows])
        decisions = {
            row.id: decide_request(
                RequestClock(
                    RequestState(row.state), row.stage_due, row.ladder_level, row.id in blocks
                ),
                today=today,
                rules=factors,
                calendar=rules.calendar,
            )
            for row in rows
        }
        claimed = [row for row in rows if _claim(connection, row, decisions[row.id], now, rules)]
        report.examined += len(rows)
        report.lost_claims += len(rows) - len(claimed)
        report.lights_changed += sum(1 for r in claimed if decisions[r.id].light.value != r.light)
        escalated = [row for row in claimed if decisions[row.id].escalation is not None]
        _issue(connection, escalated, decisions, now, today, directory, rules, report)
    return True


def _claim(
    connection: sa.Connection,
    row: Any,
    decision: RequestDecision,
    now: datetime,
    rules: EngineRules,
) -> bool:
    """Apply the decision only where the request still holds what was read."""
    next_at = rules.start_of(decision.next_look) if decision.next_look else None
    if next_at is not None and next_at <= now:  # never leave a request due in this check
        next_at = rules.start_of(rules.calendar.add(rules.today(now), 1))
    escalation = decision.escalation
    statement = (
        REQUEST.update()
        .where(
            REQUEST.c.id == row.id,
            REQUEST.c.next_action_at == sa.bindparam("b_next", type_=UTCDateTime()),
            REQUEST.c.ladder_level == row.ladder_level,
        )
        .values(
            light=decision.light.value,
            light_reason=",".join(decision.reasons),
            ladder_level=escalation.level if escalation else row.ladder_level,
            next_action_at=sa.bindparam("next_at", type_=UTCDateTime()),
        )
    )
    result = connection.execute(statement, {"b_next": row.next_action_at, "next_at": next_at})
    return bool(result.rowcount == 1)


def _issue(
    connection: sa.Connection,
    rows: list[Any],
    decisions: dict[int, RequestDecision],
    now: datetime,
    today: date,
    directory: Directory,
    rules: EngineRules,
    report: RequestCheckReport,
) -> None:
    """One "factor_request" notice per escalation, to the rung's unit; duplicates are ignored."""
    if not rows:
        return
    names: dict[int, str] = {
        firm.id: firm.name
        for firm in connection.execute(
            sa.select(ENTERPRISE.c.id, ENTERPRISE.c.name).where(
                ENTERPRISE.c.id.in_({row.enterprise_id for row in rows})
            )
        )
    }
    notices = []
    for row in rows:
        escalation = decisions[row.id].escalation
        assert escalation is not None
        stage = escalation.stage.value
        notices.append(
            NewNotice(
                key=f"factor_request:{row.id}:{stage}:L{escalation.level}:{today.isoformat()}",
                kind="factor_request",
                level=escalation.level,
                chain_id=row.chain_id,
                subject_type="factor_request",
                subject_id=row.id,
                year=today.year,
                facts=notice_facts(row, names, decisions[row.id], today, directory, rules),
                recipients=directory.recipients(
                    escalation.recipients,
                    chain_id=row.chain_id,
                    owner_id=-1,  # a request has no owner person; its unit is the department
                    lead_department_id=row.department_id,
                ),
            )
        )
        level = f"L{escalation.level}"
        report.by_level[level] = report.by_level.get(level, 0) + 1
    issued = issue_notices(connection, notices, now=now, directory=directory, rules=rules)
    report.escalated += len(rows)
    report.notices += issued.notices
    report.outbox_rows += issued.outbox_rows


def plain_number(value: float) -> float | int:
    """120.0 → 120: quantities are shown as people wrote them."""
    return int(value) if float(value).is_integer() else value


def notice_facts(
    row: Any,
    enterprise_names: dict[int, str],
    decision: RequestDecision,
    today: date,
    directory: Directory,
    rules: EngineRules,
) -> dict[str, Any]:
    """What the notice says, frozen now: the keys of notifications.render's
    ``EXAMPLE_CONTEXTS["factor_request"]``, and the level and reason for the list of notices."""
    escalation = decision.escalation
    assert escalation is not None and row.stage_due is not None
    factor = FactorType(row.factor_type)
    enterprise_name = enterprise_names.get(row.enterprise_id, "")
    return {
        "request_id": row.id,
        "code": row.code,
        "title": f"{row.code} {factor.zh}（{enterprise_name}）",
        "chain_code": directory.chain_codes[row.chain_id],
        "chain_name": directory.chain_names[row.chain_id],
        "enterprise_name": enterprise_name,
        "factor_type": factor.value,
        "quantity": plain_number(row.quantity),
        "unit": row.unit,
        "needed_by": row.needed_by.isoformat(),
        "description": row.description,
        "department_name": directory.departments.get(row.department_id, (None, ""))[1],
        "stage": escalation.stage.value,
        "stage_due": row.stage_due.isoformat(),
        "working_days_left": max(0, rules.calendar.between(today, row.stage_due)),
        "working_days_overdue": max(0, rules.calendar.between(row.stage_due, today)),
        "light": decision.light.value,
        "level": escalation.level,
        "reason": escalation.reason,
        "issued_on": today.isoformat(),
    }
