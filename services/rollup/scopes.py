"""The rows a month's rollup reads, gathered once into the city, its chains and its
responsible departments (``close_month`` turns each scope's rows into figures)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from mechanism.factor_requests import FactorRules
from mechanism.project_lights import add_months
from mechanism.rollup import NoticeRow, ProjectRow, RequestRow, TaskRow, TaskTally, month_end
from mechanism.vocabulary import FactorType
from models import (
    FactorRequest,
    KeyProject,
    Notice,
    OutboxMessage,
    ProjectMilestone,
    ProjectMonthlyReport,
)
from services.config import EngineRules
from services.rollup.task_rows import task_rows

NOTICE = Notice.__table__  # type: ignore[attr-defined]
OUTBOX = OutboxMessage.__table__  # type: ignore[attr-defined]
# The bulletin's own mail (services.rollup.publish) is stored at level 0 but is no rung of a
# ladder: counting it would make "reminders" of every bulletin and its reading times.
BULLETIN = "rollup"
Pair = tuple[int, int | None]  # (chain id, lead department id): a task's tally


@dataclass
class Scope:
    """What one scope's figures are made of, gathered in one pass over the rows."""

    tasks: TaskTally
    projects: list[ProjectRow] = field(default_factory=list)
    requests: list[RequestRow] = field(default_factory=list)
    notices: list[NoticeRow] = field(default_factory=list)


def gather(
    session: Session,
    month: date,
    rules: EngineRules,
    factors: FactorRules,
    also: Callable[[Pair], Callable[[TaskRow], None]] | None = None,
) -> tuple[Scope, dict[int, Scope], dict[int, Scope]]:
    """One pass over each kind of row, into the city, its chain and its department.

    ``also`` gives, for each (chain, department) pair, one more counter its tasks are given
    (the supervision figures count the same stream rather than read a million tasks again).
    """
    city = Scope(TaskTally(month, rules.calendar))
    by_chain: dict[int, Scope] = {}
    by_department: dict[int, Scope] = {}

    def one(scopes: dict[int, Scope], key: int) -> Scope:
        found = scopes.get(key)
        if found is None:
            found = scopes[key] = Scope(TaskTally(month, rules.calendar))
        return found

    def scopes(chain_id: int | None, department_id: int | None) -> list[Scope]:
        found = [city]
        if chain_id is not None:
            found.append(one(by_chain, chain_id))
        if department_id is not None:
            found.append(one(by_department, department_id))
        return found

    # A million tasks: each is counted once, in the tally of its (chain, department) pair —
    # a few hundred of them — and the pairs are then merged into chains, departments and city.
    pairs: dict[Pair, TaskTally] = {}
    counters: dict[Pair, Callable[[TaskRow], None]] = {}
    for task in task_rows(session, month_end(month)):
        pair = (task.chain_id, task.department_id)
        tally = pairs.get(pair)
        if tally is None:
            tally = pairs[pair] = TaskTally(month, rules.calendar)
            if also is not None:
                counters[pair] = also(pair)
        tally.add(task)
        if also is not None:
            counters[pair](task)
    for (chain_id, department_id), tally in pairs.items():
        for found in scopes(chain_id, department_id):
            found.tasks.merge(tally)
    for project in _projects(session, month, rules):
        for scope in scopes(project.chain_id, project.department_id):
            scope.projects.append(project)
    for request in _requests(session, rules.today, factors):
        for scope in scopes(request.chain_id, request.department_id):
            scope.requests.append(request)
    for notice in _notices(session, month, rules):
        for scope in scopes(notice.chain_id, None):
            scope.notices.append(notice)
    return city, by_chain, by_department


def _projects(session: Session, month: date, rules: EngineRules) -> list[ProjectRow]:
    """Projects of the month's year, with their latest cumulative report up to the month and
    whether the report on the month before was in by the month's end (it fell due within it)."""
    projects = session.exec(select(KeyProject).where(KeyProject.year == month.year)).all()
    reports = session.exec(
        select(
            col(ProjectMonthlyReport.project_id),
            col(ProjectMonthlyReport.investment_completed),
        )
        .where(col(ProjectMonthlyReport.month) >= date(month.year, 1, 1))
        .where(col(ProjectMonthlyReport.month) <= month)
        .order_by(col(ProjectMonthlyReport.month))
    ).all()
    completed = dict(reports)  # ordered by month: each project's latest cumulative figure wins
    previous, stop = add_months(month, -1), rules.start_of(add_months(month, 1))
    reported = set(
        session.exec(
            select(col(ProjectMonthlyReport.project_id))
            .where(ProjectMonthlyReport.month == previous)
            .where(col(ProjectMonthlyReport.reported_at) < stop)
        ).all()
    )
    # January: no report was due on last year's December for this year's projects.
    due = previous.year == month.year
    milestones: dict[int, list[tuple[date | None, date | None]]] = {}
    for project_id, planned, actual in session.exec(
        select(
            col(ProjectMilestone.project_id),
            col(ProjectMilestone.planned_date),
            col(ProjectMilestone.actual_date),
        )
    ).all():
        milestones.setdefault(project_id, []).append((planned, actual))
    return [
        ProjectRow(
            chain_id=p.chain_id,
            year=p.year,
            year_planned_investment=p.year_planned_investment,
            state=p.state,
            investment_completed=completed.get(_id(p.id), 0.0),
            previous_report_in=not due or _id(p.id) in reported,
            milestones=tuple(milestones.get(_id(p.id), ())),
            department_id=p.department_id,
        )
        for p in projects
    ]


def _requests(
    session: Session, local_date: Callable[[datetime], date], factors: FactorRules
) -> list[RequestRow]:
    rows = (
        session.connection()
        .execute(
            sa.select(
                col(FactorRequest.chain_id),
                col(FactorRequest.submitted_at),
                col(FactorRequest.resolved_at),
                col(FactorRequest.factor_type),
                col(FactorRequest.department_id),
            )
        )
        .all()
    )
    return [
        RequestRow(
            chain_id=chain_id,
            submitted_on=local_date(submitted),
            closed_on=local_date(resolved) if resolved else None,
            close_level=factors.levels[FactorType(factor_type)].close,
            department_id=department_id,
        )
        for chain_id, submitted, resolved, factor_type, department_id in rows
    ]


def _notices(session: Session, month: date, rules: EngineRules) -> list[NoticeRow]:
    """Notices issued in the month, with the first acknowledgement made by its end."""
    start, stop = rules.start_of(month), rules.start_of(add_months(month, 1))
    notices = (
        session.connection()
        .execute(
            sa.select(NOTICE.c.id, NOTICE.c.chain_id, NOTICE.c.level, NOTICE.c.issued_at,
                      NOTICE.c.kind)
            .where(NOTICE.c.issued_at >= start, NOTICE.c.issued_at < stop)
            .where(NOTICE.c.level >= 0)  # a hand-over (交办单, 流转通知, routed) is no rung
            .where(NOTICE.c.subject_type != BULLETIN)
        )
        .all()
    )  # fmt: skip
    # The first acknowledgement of each, joined rather than listed: a month may have more
    # notices than a statement may carry bound parameters.
    first: dict[int, datetime] = dict(
        session.connection()
        .execute(
            sa.select(OUTBOX.c.notice_id, sa.func.min(OUTBOX.c.acknowledged_at))
            .join(NOTICE, NOTICE.c.id == OUTBOX.c.notice_id)
            .where(NOTICE.c.issued_at >= start, NOTICE.c.issued_at < stop)
            .where(NOTICE.c.level >= 0, NOTICE.c.subject_type != BULLETIN)
            .where(OUTBOX.c.acknowledged_at.is_not(None), OUTBOX.c.acknowledged_at < stop)
            .group_by(OUTBOX.c.notice_id)
        )
        .all()
    )
    return [
        NoticeRow(chain_id, level, rules.today(issued), issued, first.get(_id(notice_id)), kind)
        for notice_id, chain_id, level, issued, kind in notices
    ]


def _id(value: int | None) -> int:
    if value is None:
        raise ValueError("a stored row has an id")
    return value
