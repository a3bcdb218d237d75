"""The month's supervision figures for the rollup (``mechanism.supervision``): frozen as the
``supervision`` key of every chain, department and city scope, before the ranking (a points
ranking reads them).

The tasks are not read again: ``gather`` streams each task once, into its (chain, department)
pair's task tally and the pair's supervision tally (:meth:`SupervisionRows.counter`). What the tally
needs per task — urgings, returns, extension requests, the top rung, a supervision notice — is
counted per task id in SQL, one grouped statement each, before the stream starts; reports and
ratings are read afterwards, reports grouped per (chain, department, month), never row by
row; the month's notices are the ones ``gather`` read for the ladder section.
"""

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col

from mechanism.ladder import Ladder
from mechanism.project_lights import ProjectRules, report_due
from mechanism.rollup import Figures, NoticeRow, TaskRow, month_end
from mechanism.supervision import (
    NO_FACTS,
    RatingRow,
    ReportRow,
    SupervisionTally,
    TaskFacts,
    WorkdayRanks,
)
from mechanism.supervision_ladder import LadderNotice
from mechanism.vocabulary import NoticeKind, ProjectState
from models import (
    AuditEvent,
    Chain,
    Department,
    ExtensionRequest,
    FactorRequest,
    KeyProject,
    Notice,
    OutboxMessage,
    ProjectMonthlyReport,
)
from services.config import EngineRules
from services.rollup.scopes import Pair

NOTICE = Notice.__table__  # type: ignore[attr-defined]
OUTBOX = OutboxMessage.__table__  # type: ignore[attr-defined]
AUDIT = AuditEvent.__table__  # type: ignore[attr-defined]
PROJECT = KeyProject.__table__  # type: ignore[attr-defined]
REPORT = ProjectMonthlyReport.__table__  # type: ignore[attr-defined]
REQUEST = FactorRequest.__table__  # type: ignore[attr-defined]


class SupervisionRows:
    """The month's supervision tallies: made before ``gather`` streams the tasks (its
    ``also`` is :meth:`counter`), turned into figures by :meth:`add_to`."""

    def __init__(
        self, session: Session, month: date, rules: EngineRules, projects: ProjectRules
    ) -> None:
        self.session, self.month, self.rules, self.projects = session, month, rules, projects
        self.stop = rules.start_of(month_end(month) + timedelta(days=1))
        self.facts = task_facts(session, rules.start_of(month), self.stop)
        self.ranks = WorkdayRanks(rules.calendar, month_end(month))  # shared by the tallies
        self.pairs: dict[Pair, SupervisionTally] = {}

    def counter(self, pair: Pair) -> Callable[[TaskRow], None]:
        """The tally of a (chain, department) pair's tasks: what ``gather`` gives each to."""
        tally = self.pairs[pair] = self._tally()
        return tally.add

    def _tally(self) -> SupervisionTally:
        return SupervisionTally(self.month, self.rules.calendar, facts=self.facts, ranks=self.ranks)

    def add_to(
        self,
        chains: Sequence[Chain],
        departments: Sequence[Department],
        chain_figures: dict[str, Figures],
        department_figures: dict[str, Figures],
        notices: Iterable[NoticeRow],
    ) -> Figures:
        """Put ``supervision`` into each chain's and department's figures (those present);
        return the city's. ``notices``: the month's, as ``gather`` read them for the city."""
        month = self.month
        city = self._tally()
        by_chain = {_id(c.id): self._tally() for c in chains}
        by_department = {_id(d.id): self._tally() for d in departments}

        def scopes(chain_id: int | None, department_id: int | None) -> list[SupervisionTally]:
            found = [city]
            if chain_id in by_chain:
                found.append(by_chain[chain_id])
            if department_id in by_department:
                found.append(by_department[department_id])
            return found

        for (chain_id, department_id), tally in self.pairs.items():
            for scope in scopes(chain_id, department_id):
                scope.merge(tally)
        for report in report_rows(self.session, month, self.rules, self.projects):
            for scope in scopes(report.chain_id, report.department_id):
                scope.add_report(report)
        for rating in rating_rows(self.session, month, self.rules, self.stop):
            for scope in scopes(rating.chain_id, rating.department_id):
                scope.add_rating(rating)
        for notice in ladder_notices(notices, self.rules):
            for scope in scopes(notice.chain_id, None):
                scope.add_notice(notice)
        # The table's rows: the ladder's rungs (a chain's own, if it has one), named by their
        # kind — other notices (a factor request's, a stale report's) share the levels.
        ladders = self.rules.ladders
        for c in chains:
            chain_figures[c.code]["supervision"] = by_chain[_id(c.id)].figures(
                kinds=_kinds(ladders.for_chain(c.code))
            )
        for d in departments:
            if d.code in department_figures:
                department_figures[d.code]["supervision"] = by_department[_id(d.id)].figures()
        return city.figures(kinds=_kinds(ladders.default))


def task_facts(session: Session, start: datetime, stop: datetime) -> dict[int, TaskFacts]:
    """Per task id, what the ladder and the office did about it by ``stop`` (the instant the
    month ended); ``start``: the month's first instant, for the supervision notices in it.
    Tasks with none of it are left out (their facts are ``NO_FACTS``)."""
    connection = session.connection()
    urging = sa.case((NOTICE.c.level >= 1, 1), else_=0)
    supervision = sa.case(
        (sa.and_(NOTICE.c.kind == NoticeKind.SUPERVISION.value, NOTICE.c.issued_at >= start), 1),
        else_=0,
    )
    found: dict[int, TaskFacts] = {
        task_id: TaskFacts(int(urgings), 0, False, int(top), bool(supervised))
        for task_id, urgings, top, supervised in connection.execute(
            sa.select(NOTICE.c.subject_id, sa.func.sum(urging), sa.func.max(NOTICE.c.level),
                      sa.func.max(supervision))
            .where(NOTICE.c.subject_type == "task", NOTICE.c.level >= 0)
            .where(NOTICE.c.issued_at < stop)
            .group_by(NOTICE.c.subject_id)
        )
    }  # fmt: skip
    # ``services.tasks.moves.return_task`` audits each return as (task, "return").
    for task_id, returns in connection.execute(
        sa.select(AUDIT.c.entity_id, sa.func.count())
        .where(AUDIT.c.entity_type == "task", AUDIT.c.action == "return", AUDIT.c.at < stop)
        .group_by(AUDIT.c.entity_id)
    ):
        found[task_id] = found.get(task_id, NO_FACTS)._replace(returns=int(returns))
    for (task_id,) in connection.execute(
        sa.select(col(ExtensionRequest.task_id))
        .where(col(ExtensionRequest.requested_at) < stop)
        .distinct()
    ):
        found[task_id] = found.get(task_id, NO_FACTS)._replace(extension_requested=True)
    return found


def report_rows(
    session: Session, month: date, rules: EngineRules, projects: ProjectRules
) -> list[ReportRow]:
    """The monthly reports owed by a deadline from 1 January to the month's end, counted per
    (chain, department, deadline): the year's projects not dropped owe one on every month of
    their year (as ``scopes._projects`` reads ``reports_missing``: none on last December)."""
    first, end = date(month.year, 1, 1), month_end(month)
    deadlines = {
        report_month: deadline
        for report_month in (date(month.year, m, 1) for m in range(1, month.month + 1))
        if first <= (deadline := report_due(report_month, projects, rules.calendar)) <= end
    }
    if not deadlines:
        return []
    connection = session.connection()
    owing = sa.and_(PROJECT.c.year == month.year, PROJECT.c.state != ProjectState.DROPPED.value)
    required = {
        (chain_id, department_id): int(count)
        for chain_id, department_id, count in connection.execute(
            sa.select(PROJECT.c.chain_id, PROJECT.c.department_id, sa.func.count())
            .where(owing)
            .group_by(PROJECT.c.chain_id, PROJECT.c.department_id)
        )
    }
    in_time = sa.or_(
        *(
            sa.and_(REPORT.c.month == report_month, REPORT.c.reported_at < _after(rules, day))
            for report_month, day in deadlines.items()
        )
    )
    on_time: dict[tuple[int, int | None, date], int] = {
        (chain_id, department_id, report_month): int(count)
        for chain_id, department_id, report_month, count in connection.execute(
            sa.select(PROJECT.c.chain_id, PROJECT.c.department_id, REPORT.c.month,
                      sa.func.count())
            .join(PROJECT, PROJECT.c.id == REPORT.c.project_id)
            .where(owing, in_time)
            .group_by(PROJECT.c.chain_id, PROJECT.c.department_id, REPORT.c.month)
        )
    }  # fmt: skip
    return [
        ReportRow(chain_id, department_id, deadline, count,
                  on_time.get((chain_id, department_id, report_month), 0))
        for (chain_id, department_id), count in required.items()
        for report_month, deadline in deadlines.items()
    ]  # fmt: skip


def _after(rules: EngineRules, day: date) -> datetime:
    """The first instant after ``day`` in the city: a report in before it is in on ``day``."""
    return rules.start_of(day + timedelta(days=1))


def rating_rows(
    session: Session, month: date, rules: EngineRules, stop: datetime
) -> list[RatingRow]:
    """Factor requests rated by their submitter from 1 January to the month's end."""
    rated = REQUEST.c.confirmed_at
    rows = session.connection().execute(
        sa.select(REQUEST.c.chain_id, REQUEST.c.department_id, rated, REQUEST.c.satisfaction)
        .where(REQUEST.c.satisfaction.is_not(None))
        .where(rated >= rules.start_of(date(month.year, 1, 1)), rated < stop)
    )
    return [
        RatingRow(chain_id, department_id, rules.today(confirmed), int(satisfaction))
        for chain_id, department_id, confirmed, satisfaction in rows
    ]


def ladder_notices(notices: Iterable[NoticeRow], rules: EngineRules) -> list[LadderNotice]:
    """The month's rungs' notices as ``gather`` read them (any subject; a hand-over, level
    −1, is no rung), each with its first acknowledgement by month end, on the city's date."""
    return [
        LadderNotice(n.chain_id, n.level, n.kind, n.issued_on, n.issued_at,
                     rules.today(n.acknowledged_at) if n.acknowledged_at else None,
                     n.acknowledged_at)
        for n in notices
    ]  # fmt: skip


def _kinds(ladder: Ladder) -> dict[int, str]:
    return {rung.level: rung.kind.value for rung in ladder.rungs}


def _id(value: int | None) -> int:
    if value is None:
        raise ValueError("a stored row has an id")
    return value
