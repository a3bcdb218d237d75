"""``close_month``: freeze a month's figures (月通报), per chain and city-wide.

A month is closed once, after it has ended in the city's zone: the figures are computed by
``mechanism.rollup`` from the rows as they stand and written as ``RollupSnapshot`` rows, the
city and one per chain, in one transaction. From then on the snapshot *is* the month: a later
edit of a task or a late report does not change it, and closing it again returns what was
stored (two closers racing meet the unique (month, scope) key; the loser reads the winner's).
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from mechanism.factor_requests import FactorRules
from mechanism.investment import PipelineRules
from mechanism.points import PointsRules
from mechanism.project_lights import ProjectRules, add_months, month_of
from mechanism.ranking import Weights
from mechanism.rollup import (
    Figures,
    TaskTally,
    changes,
    ladder_figures,
    month_end,
    project_figures,
    request_figures,
)
from models import Chain, Department, RollupSnapshot
from services.config import EngineRules
from services.rollup.investment_rows import add_investment
from services.rollup.matchmaking_rows import matchmaking_figures
from services.rollup.ranking_rows import add_rankings, ranking_rules
from services.rollup.scopes import Scope, gather
from services.rollup.supervision_rows import SupervisionRows

CITY = "city"
DEPARTMENT_PREFIX = "dept:"
# The bulletin's gap lists (差距清单), given by the caller: chain code ("" the city) → gaps.
GapsOf = Callable[[Session, date], Mapping[str, list[dict[str, Any]]]]
# Figures frozen per chain code ("" the city) that a package above this one reads (the practices).
FiguresOf = Callable[[Session, date], Mapping[str, Figures]]
_NO_MATCHMAKING: Figures = {"events": 0, "smes": 0, "intentions": 0, "intention_wan": 0.0,
                            "signings": 0, "contract_wan": 0.0}  # fmt: skip


class MonthNotOver(ValueError):
    """The month has not ended in the city yet: its figures are not final."""


@dataclass(frozen=True)
class RollupResult:
    """A closed month: the city's figures, each chain's (by code, in chain order) and each
    responsible department's (by code, in department order), ranked when closed.

    ``newly_closed`` says whether this call closed it (False: it was closed before).
    """

    month: date
    closed_at: datetime
    city: Figures
    chains: dict[str, Figures]
    departments: dict[str, Figures]
    newly_closed: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "month": f"{self.month:%Y-%m}",
            "closed_at": self.closed_at.isoformat(),
            "city": self.city,
            "chains": self.chains,
            "departments": self.departments,
            # The month's matchmaking figures (issue 16), also in each scope's figures: one
            # place for a reader who wants only them. None in months closed before them.
            "matchmaking": {
                "city": self.city.get("matchmaking"),
                "chains": {code: f.get("matchmaking") for code, f in self.chains.items()},
            },
            # Issue 17's investment figures, the same way (None before they existed).
            "investment": {
                "city": self.city.get("investment"),
                "chains": {code: f.get("investment") for code, f in self.chains.items()},
            },
            # Issue 18's supervision figures (mechanism.supervision), also per department.
            "supervision": {
                "city": self.city.get("supervision"),
                "chains": {code: f.get("supervision") for code, f in self.chains.items()},
                "departments": {code: f.get("supervision") for code, f in self.departments.items()},
            },
        }


def close_month(
    *,
    session: Session,
    month: date,
    now: datetime,
    rules: EngineRules,
    factors: FactorRules,
    weights: Weights,
    pipeline: PipelineRules = PipelineRules(),
    benchmark_gaps: GapsOf | None = None,
    points: PointsRules | None = None,
    projects: ProjectRules = ProjectRules(),
    practices: FiguresOf | None = None,
) -> RollupResult:
    """Close ``month`` (any day of it) as of ``now``, or return it as closed before.

    ``pipeline``: the investment pipeline's rules (``chainops/config/investment.yaml``), whose
    months turn a signed, not started project yellow and red, as on the pipeline's pages.
    ``benchmark_gaps`` (``services.benchmarks.bulletin_gaps``, which sits above this package):
    the gap lists to freeze as ``benchmarks``, per chain code and ``""`` for the city.
    ``projects``: the key projects' rules, whose report deadline the 反馈及时率 counts against.
    ``practices`` (``services.practices.bulletin_practices``): the standing practices' periods
    and gaps to freeze as ``practices``, the same way.

    Chains and departments are ranked by ``weights`` (``mechanism.ranking``) or, when
    ``points`` is given (``ranking: points``), by points within groups (``mechanism.points``);
    the weights and ``ranking_rules`` are frozen with the city's figures. Raises
    :class:`MonthNotOver` before the month's last day has passed in the city's zone. Flushes
    within a savepoint; the caller commits.
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
    departments = session.exec(select(Department).order_by(col(Department.code))).all()
    supervision = SupervisionRows(session, month, rules, projects)
    city, by_chain, by_department = gather(session, month, rules, factors, also=supervision.counter)
    previous = show_month(session=session, month=add_months(month, -1))

    def figures(scope: Scope, *, ladder: bool) -> Figures:
        result: Figures = {
            "tasks": scope.tasks.figures(),
            "projects": project_figures(scope.projects, month),
            "requests": request_figures(scope.requests, month, rules.calendar),
        }
        if ladder:
            result["ladder"] = ladder_figures(scope.notices, month)
        return result

    empty = Scope(TaskTally(month, rules.calendar))
    chain_figures = {c.code: figures(by_chain.get(_id(c.id), empty), ladder=True) for c in chains}
    city_matchmaking, chain_matchmaking = matchmaking_figures(session, month)
    for c in chains:
        chain_figures[c.code]["matchmaking"] = dict(
            chain_matchmaking.get(_id(c.id), _NO_MATCHMAKING)
        )
    department_figures = {
        d.code: figures(by_department[_id(d.id)], ladder=False)
        for d in departments
        if _id(d.id) in by_department  # a department with nothing to do is not ranked
    }
    # Before the ranking: a points ranking counts the supervision figures.
    city_supervision = supervision.add_to(
        chains, departments, chain_figures, department_figures, city.notices
    )
    add_rankings(chain_figures, department_figures, weights=weights, points=points)
    city_figures = figures(city, ladder=True)
    city_figures["matchmaking"] = city_matchmaking
    city_figures["supervision"] = city_supervision
    add_investment(session, month, chains, chain_figures, city_figures, pipeline=pipeline)
    if benchmark_gaps is not None:
        gaps = benchmark_gaps(session, month)
        for c in chains:
            chain_figures[c.code]["benchmarks"] = gaps.get(c.code, [])
        city_figures["benchmarks"] = gaps.get("", [])
    if practices is not None:
        held = practices(session, month)
        for c in chains:
            chain_figures[c.code]["practices"] = held.get(c.code, {})
        city_figures["practices"] = held.get("", {})
    city_figures["weights"] = weights.as_dict()
    city_figures["ranking_rules"] = ranking_rules(points)

    def frozen(scope: str, data: Figures, before: Figures | None, **link: int | None) -> Any:
        data["changes"] = changes(data, before)
        return RollupSnapshot(
            month=month, scope=scope, frozen_at=now.astimezone(UTC), data=data, **link
        )

    snapshots = [frozen(CITY, city_figures, previous.city if previous else None)]
    snapshots += [
        frozen(c.code, chain_figures[c.code], previous.chains.get(c.code) if previous else None,
               chain_id=c.id)
        for c in chains
    ]  # fmt: skip
    snapshots += [
        frozen(f"{DEPARTMENT_PREFIX}{d.code}", department_figures[d.code],
               previous.departments.get(d.code) if previous else None, department_id=d.id)
        for d in departments
        if d.code in department_figures
    ]  # fmt: skip
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
    chains, departments = {}, {}
    for snapshot in snapshots:
        if snapshot.scope.startswith(DEPARTMENT_PREFIX):
            departments[snapshot.scope.removeprefix(DEPARTMENT_PREFIX)] = dict(snapshot.data)
        elif snapshot.scope != CITY:
            chains[snapshot.scope] = dict(snapshot.data)
    return RollupResult(
        month=city.month,
        closed_at=city.frozen_at,
        city=dict(city.data),
        chains=chains,
        departments=departments,
        newly_closed=newly_closed,
    )


def _id(value: int | None) -> int:
    if value is None:
        raise ValueError("a stored project has an id")
    return value
