"""The city overview: every chain with its leaders, missing mechanism elements and workload."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from mechanism.lights import light_reason
from mechanism.vocabulary import (
    OPEN_REQUEST_STATES,
    Light,
    ListType,
    MembershipRole,
    RosterRole,
)
from mechanism.wording import Said
from mechanism.working_mechanism import (
    DEFAULT_ELEMENTS,
    ChainFacts,
    MechanismElement,
    missing_elements,
)
from models import (
    ActionPlan,
    Chain,
    Department,
    EnterpriseMembership,
    FactorRequest,
    KeyProject,
    ListItem,
    MapNode,
    MapSegment,
    MechanismItem,
    Notice,
    OutboxMessage,
    Person,
    RosterEntry,
    Task,
)
from models.sweep import OPEN_TASK_STATES_SQL
from services.config import EngineRules
from services.people import Viewer
from services.tasks import task_timing

OPEN_REQUEST_STATES_SQL: sa.BindParameter[str] = sa.bindparam(
    "open_request_states", sorted(OPEN_REQUEST_STATES), expanding=True, literal_execute=True
)


@dataclass(frozen=True)
class LitTask:
    """A red or yellow task as the lists show it: who leads it and why it is lit."""

    task: Task
    chain: str
    owner: str
    department: str
    reason: Said | None


@dataclass(frozen=True)
class MissingMechanism:
    code: str
    name_zh: str
    name_en: str
    unmet: tuple[str, ...]


@dataclass
class ChainOverview:
    code: str
    name_zh: str
    name_en: str
    chain_leaders: list[str] = field(default_factory=list)
    lead_departments: list[str] = field(default_factory=list)
    missing: list[MissingMechanism] = field(default_factory=list)
    list_counts: dict[str, int] = field(default_factory=dict)  # by list type, every type shown
    enterprises: int = 0
    tasks: int = 0
    open_tasks: int = 0
    overdue_tasks: int = 0
    key_projects: int = 0
    open_factor_requests: int = 0
    lights: dict[str, int] = field(default_factory=dict)  # open tasks by light


@dataclass
class CityOverview:
    today: date
    chains: list[ChainOverview]
    notices: dict[str, int] = field(default_factory=dict)  # issued, by kind
    deliveries: dict[str, int] = field(default_factory=dict)  # outbox rows by state

    @property
    def totals(self) -> dict[str, int]:
        return {
            "chains": len(self.chains),
            "chains_missing_elements": sum(1 for c in self.chains if c.missing),
            "enterprises": sum(c.enterprises for c in self.chains),
            "tasks": sum(c.tasks for c in self.chains),
            "open_tasks": sum(c.open_tasks for c in self.chains),
            "overdue_tasks": sum(c.overdue_tasks for c in self.chains),
            "key_projects": sum(c.key_projects for c in self.chains),
            "open_factor_requests": sum(c.open_factor_requests for c in self.chains),
            **{
                f"{light.value}_tasks": sum(c.lights[light.value] for c in self.chains)
                for light in Light
            },
            "notices": sum(self.notices.values()),
            "dead_letters": self.deliveries.get("dead", 0),
        }


def city_overview(
    *, session: Session, today: date, totals: bool = True, notices: bool = True
) -> CityOverview:
    """Each chain in order, with what its working mechanism still lacks in ``today``'s year.

    ``totals`` counts every task ever assigned per chain (closed ones too); ``notices`` adds
    the notices issued by kind and the deliveries by state. Both read big tables whole (a city
    has a million tasks): the web dashboard does without them.
    """
    chains = session.exec(select(Chain).order_by(col(Chain.position), col(Chain.code))).all()
    facts = _chain_facts(session)
    checklists = _checklists(session)
    overviews = {c.id: ChainOverview(c.code, c.name_zh, c.name_en) for c in chains}

    on_roster = select(Person.id, Person.name).join(
        RosterEntry, col(RosterEntry.person_id) == Person.id
    )
    people = dict(session.exec(on_roster).all())
    departments = {d.id: d.name_zh for d in session.exec(select(Department))}
    for entry in session.exec(select(RosterEntry).order_by(col(RosterEntry.id))):
        overview = overviews[entry.chain_id]
        if entry.role == RosterRole.CHAIN_LEADER and entry.person_id:
            overview.chain_leaders.append(people[entry.person_id])
        elif entry.role == RosterRole.LEAD_DEPARTMENT and entry.department_id:
            overview.lead_departments.append(departments[entry.department_id])

    list_counts = Counter(
        (item.chain_id, item.list_type) for item in session.exec(select(ListItem))
    )
    for chain_id, overview in overviews.items():
        assert chain_id is not None
        overview.list_counts = {t.value: list_counts[(chain_id, t.value)] for t in ListType}
        elements = checklists.get(chain_id, list(DEFAULT_ELEMENTS))
        overview.missing = [
            MissingMechanism(m.element.code, m.element.name_zh, m.element.name_en, m.unmet)
            for m in missing_elements(elements, facts[chain_id], year=today.year)
        ]

    for membership in session.exec(select(EnterpriseMembership)):
        overviews[membership.chain_id].enterprises += 1
    _count_work(session, overviews, today, totals=totals)
    if not notices:
        return CityOverview(today, list(overviews.values()))
    by_kind = session.exec(select(Notice.kind, func.count()).group_by(Notice.kind)).all()
    deliveries = session.exec(
        select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)
    ).all()
    return CityOverview(today, list(overviews.values()), dict(by_kind), dict(deliveries))


def _count_work(
    session: Session, overviews: dict[int | None, ChainOverview], today: date, *, totals: bool
) -> None:
    """Tasks, open tasks by light, overdue, projects and open requests, counted in SQL: a city
    has a million tasks, and the overview is the page everyone opens first."""
    for overview in overviews.values():
        overview.lights = {light.value: 0 for light in Light}
    if totals:
        for chain_id, count in session.exec(
            select(Task.chain_id, func.count()).group_by(col(Task.chain_id))
        ).all():
            overviews[chain_id].tasks = count
    overdue = sa.case((col(Task.due_date) < today, 1), else_=0)
    for chain_id, light, count, late in session.exec(
        select(Task.chain_id, Task.light, func.count(), func.sum(overdue))
        .where(col(Task.state).in_(OPEN_TASK_STATES_SQL))
        .group_by(col(Task.light), col(Task.chain_id))
    ).all():
        overview = overviews[chain_id]
        overview.open_tasks += count
        overview.overdue_tasks += late or 0
        overview.lights[light] = overview.lights.get(light, 0) + count
    for chain_id, count in session.exec(
        select(KeyProject.chain_id, func.count()).group_by(col(KeyProject.chain_id))
    ).all():
        overviews[chain_id].key_projects = count
    for chain_id, count in session.exec(
        select(FactorRequest.chain_id, func.count())
        .where(col(FactorRequest.state).in_(OPEN_REQUEST_STATES_SQL))
        .group_by(col(FactorRequest.chain_id))
    ).all():
        overviews[chain_id].open_factor_requests = count


def lit_tasks(
    *, session: Session, viewer: Viewer, light: Light, limit: int, today: date, rules: EngineRules
) -> list[LitTask]:
    """The open tasks of ``light`` the viewer may see, soonest due first (the red and yellow
    lists), ``limit`` at most. The ids come first, from indexes alone — the first ``limit`` of
    each way the viewer sees tasks, merged — and only those rows are then read whole."""
    firsts: set[tuple[date, int | None]] = set()
    for way in viewer.task_ways(Task):
        firsts.update(
            session.exec(
                select(col(Task.due_date), col(Task.id))
                .where(col(Task.state).in_(OPEN_TASK_STATES_SQL))
                .where(Task.light == light.value)
                .where(way)
                .order_by(col(Task.due_date), col(Task.id))
                .limit(limit)
            ).all()
        )
    ids = [task_id for _, task_id in sorted(firsts)[:limit]]
    rows = session.exec(
        select(Task, Chain.code, Person.name, Department.name_zh)
        .join(Chain, col(Chain.id) == Task.chain_id)
        .join(Person, col(Person.id) == Task.owner_id)
        .join(Department, col(Department.id) == Task.lead_department_id)
        .where(col(Task.id).in_(ids))
        .order_by(col(Task.due_date), col(Task.id))
    ).all()
    return [
        LitTask(task, code, owner, department, _why(task, today, rules))
        for task, code, owner, department in rows
    ]


def _why(task: Task, today: date, rules: EngineRules) -> Said | None:
    timing = task_timing(task)
    return light_reason(timing, today=today, calendar=rules.calendar, rules=rules.lights)


def _chain_facts(session: Session) -> dict[int | None, ChainFacts]:
    """What each chain has, as the working-mechanism rules need it."""
    roles: dict[int, set[str]] = defaultdict(set)
    for entry in session.exec(select(RosterEntry)):
        roles[entry.chain_id].add(entry.role)
    memberships: dict[int, set[str]] = defaultdict(set)
    for membership in session.exec(select(EnterpriseMembership)):
        memberships[membership.chain_id].add(membership.role)
    nodes = Counter(
        segment.chain_id
        for segment, _ in session.exec(
            select(MapSegment, MapNode).join(MapNode, col(MapNode.segment_id) == MapSegment.id)
        )
    )
    items = Counter(item.chain_id for item in session.exec(select(ListItem)))
    years: dict[int, set[int]] = defaultdict(set)
    for plan in session.exec(select(ActionPlan)):
        years[plan.chain_id].add(plan.year)
    facts: dict[int | None, ChainFacts] = {}
    for chain in session.exec(select(Chain)):
        chain_id = chain.id or 0
        facts[chain.id] = ChainFacts(
            roster_roles=frozenset(RosterRole(r) for r in roles[chain_id]),
            membership_roles=frozenset(MembershipRole(r) for r in memberships[chain_id]),
            map_nodes=nodes[chain_id],
            list_items=items[chain_id],
            plan_years=frozenset(years[chain_id]),
        )
    return facts


def _checklists(session: Session) -> dict[int, list[MechanismElement]]:
    """Each chain's own checklist, as edited; chains without one use the default five."""
    checklists: dict[int, list[MechanismElement]] = defaultdict(list)
    query = select(MechanismItem).order_by(col(MechanismItem.chain_id), col(MechanismItem.position))
    for item in session.exec(query):
        checklists[item.chain_id].append(
            MechanismElement(item.code, item.name_zh, item.name_en, tuple(item.requires.split()))
        )
    return checklists
