"""``close_month``: freeze a month's figures (月通报), per chain and city-wide.

A month is closed once, after it has ended in the city's zone: the figures are computed by
``mechanism.rollup`` from the rows as they stand and written as ``RollupSnapshot`` rows, the
city and one per chain, in one transaction. From then on the snapshot *is* the month: a later
edit of a task or a late report does not change it, and closing it again returns what was
stored (two closers racing meet the unique (month, scope) key; the loser reads the winner's).
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from mechanism.factor_requests import FactorRules
from mechanism.project_lights import add_months, month_of
from mechanism.rollup import (
    Figures,
    NoticeRow,
    ProjectRow,
    RequestRow,
    TaskRow,
    changes,
    month_end,
    scope_figures,
)
from mechanism.vocabulary import FactorType
from models import (
    Chain,
    FactorRequest,
    KeyProject,
    Notice,
    OutboxMessage,
    ProjectMilestone,
    ProjectMonthlyReport,
    RollupSnapshot,
    Task,
)
from services.rules import EngineRules

CITY = "city"

Row = TypeVar("Row", TaskRow, ProjectRow, RequestRow, NoticeRow)


class MonthNotOver(ValueError):
    """The month has not ended in the city yet: its figures are not final."""


@dataclass(frozen=True)
class RollupResult:
    """A closed month: the city's figures and each chain's, by chain code, in chain order.

    ``newly_closed`` says whether this call closed it (False: it was closed before).
    """

    month: date
    closed_at: datetime
    city: Figures
    chains: dict[str, Figures]
    newly_closed: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "month": f"{self.month:%Y-%m}",
            "closed_at": self.closed_at.isoformat(),
            "city": self.city,
            "chains": self.chains,
        }


@dataclass(frozen=True)
class _Rows:
    tasks: list[TaskRow]
    projects: list[ProjectRow]
    requests: list[RequestRow]
    notices: list[NoticeRow]


def close_month(
    *, session: Session, month: date, now: datetime, rules: EngineRules, factors: FactorRules
) -> RollupResult:
    """Close ``month`` (any day of it) as of ``now``, or return it as closed before.

    Raises :class:`MonthNotOver` before the month's last day has passed in the city's zone.
    Flushes within a savepoint; the caller commits, as with every service.
    """
    month = month_of(month)
    stored = show_month(session=session, month=month)
    if stored is not None:
        return stored
    if rules.today(now) <= month_end(month):
        raise MonthNotOver(
            f"{month:%Y-%m} has not ended yet in {rules.zone.key} "
            f"(today is {rules.today(now)}); it can be closed from {add_day(month_end(month))}"
        )
    chains = session.exec(select(Chain).order_by(col(Chain.position), col(Chain.code))).all()
    rows = _load(session, month, rules, factors)
    previous = show_month(session=session, month=add_months(month, -1))

    def figures(chain_id: int | None, before: Figures | None) -> Figures:
        def mine(items: Iterable[Row]) -> list[Row]:
            return [r for r in items if chain_id is None or r.chain_id == chain_id]

        result = scope_figures(
            month=month,
            tasks=mine(rows.tasks),
            projects=mine(rows.projects),
            requests=mine(rows.requests),
            notices=mine(rows.notices),
            calendar=rules.calendar,
        )
        result["changes"] = changes(result, before)
        return result

    snapshots = [
        RollupSnapshot(
            month=month,
            scope=CITY,
            frozen_at=now.astimezone(UTC),
            data=figures(None, (previous.city if previous else None)),
        )
    ]
    for chain in chains:
        before = previous.chains.get(chain.code) if previous else None
        snapshots.append(
            RollupSnapshot(
                month=month,
                scope=chain.code,
                chain_id=chain.id,
                frozen_at=now.astimezone(UTC),
                data=figures(chain.id, before),
            )
        )
    try:
        with session.begin_nested():
            session.add_all(snapshots)
    except IntegrityError:  # another closer got there first: its month is the month
        stored = show_month(session=session, month=month)
        if stored is None:
            raise
        return stored
    return _result(snapshots, newly_closed=True)


def show_month(*, session: Session, month: date) -> RollupResult | None:
    """The stored rollup of ``month`` (any day of it), or None while it is not closed."""
    snapshots = session.exec(
        select(RollupSnapshot)
        .where(RollupSnapshot.month == month_of(month))
        .order_by(col(RollupSnapshot.id))
    ).all()
    return _result(snapshots, newly_closed=False) if snapshots else None


def add_day(day: date) -> date:
    return date.fromordinal(day.toordinal() + 1)


def _result(snapshots: Sequence[RollupSnapshot], *, newly_closed: bool) -> RollupResult:
    city = next(s for s in snapshots if s.scope == CITY)
    return RollupResult(
        month=city.month,
        closed_at=city.frozen_at,
        city=dict(city.data),
        chains={s.scope: dict(s.data) for s in snapshots if s.scope != CITY},
        newly_closed=newly_closed,
    )


def _load(session: Session, month: date, rules: EngineRules, factors: FactorRules) -> _Rows:
    return _Rows(
        tasks=_tasks(session),
        projects=_projects(session, month),
        requests=_requests(session, rules.today, factors),
        notices=_notices(session, month, rules),
    )


def _tasks(session: Session) -> list[TaskRow]:
    return [
        TaskRow(
            t.chain_id,
            t.start_date,
            t.original_due_date,
            t.due_date,
            t.state,
            t.light,
            t.signed_off_on,
        )
        for t in session.exec(select(Task)).all()
    ]


def _projects(session: Session, month: date) -> list[ProjectRow]:
    """Projects of the month's year, with their latest cumulative report up to the month."""
    projects = session.exec(select(KeyProject).where(KeyProject.year == month.year)).all()
    reports = session.exec(
        select(
            col(ProjectMonthlyReport.project_id),
            col(ProjectMonthlyReport.month),
            col(ProjectMonthlyReport.investment_completed),
        )
        .where(col(ProjectMonthlyReport.month) >= date(month.year, 1, 1))
        .where(col(ProjectMonthlyReport.month) <= month)
        .order_by(col(ProjectMonthlyReport.month))
    ).all()
    completed: dict[int, float] = {}
    reported: set[int] = set()
    for project_id, report_month, cumulative in reports:
        completed[project_id] = cumulative  # ordered by month: the latest wins
        if report_month == month:
            reported.add(project_id)
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
            reported_this_month=_id(p.id) in reported,
            milestones=tuple(milestones.get(_id(p.id), ())),
        )
        for p in projects
    ]


def _requests(
    session: Session, local_date: Callable[[datetime], date], factors: FactorRules
) -> list[RequestRow]:
    rows = session.exec(
        select(
            col(FactorRequest.chain_id),
            col(FactorRequest.submitted_at),
            col(FactorRequest.resolved_at),
            col(FactorRequest.factor_type),
        )
    ).all()
    return [
        RequestRow(
            chain_id=chain_id,
            submitted_on=local_date(submitted),
            closed_on=local_date(resolved) if resolved else None,
            close_level=factors.levels[FactorType(factor_type)].close,
        )
        for chain_id, submitted, resolved, factor_type in rows
    ]


def _notices(session: Session, month: date, rules: EngineRules) -> list[NoticeRow]:
    """Notices issued in the month, with the first acknowledgement made by its end."""
    start, stop = rules.start_of(month), rules.start_of(add_months(month, 1))
    notices = session.exec(
        select(col(Notice.id), col(Notice.chain_id), col(Notice.level), col(Notice.issued_at))
        .where(col(Notice.issued_at) >= start)
        .where(col(Notice.issued_at) < stop)
    ).all()
    first: dict[int, datetime] = {}
    for notice_id, acknowledged in session.exec(
        select(col(OutboxMessage.notice_id), col(OutboxMessage.acknowledged_at))
        .where(col(OutboxMessage.notice_id).in_([n[0] for n in notices]))
        .where(col(OutboxMessage.acknowledged_at).is_not(None))
        .where(col(OutboxMessage.acknowledged_at) < stop)
    ).all():
        if acknowledged is not None and (notice_id not in first or acknowledged < first[notice_id]):
            first[notice_id] = acknowledged
    return [
        NoticeRow(chain_id, level, rules.today(issued), issued, first.get(_id(notice_id)))
        for notice_id, chain_id, level, issued in notices
    ]


def _id(value: int | None) -> int:
    if value is None:
        raise ValueError("a stored project has an id")
    return value
