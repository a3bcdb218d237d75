"""The city overview: every chain with its leaders, missing mechanism elements and workload."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from mechanism.vocabulary import (
    OPEN_REQUEST_STATES,
    OPEN_TASK_STATES,
    Light,
    ListType,
    MembershipRole,
    RosterRole,
)
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


def city_overview(*, session: Session, today: date) -> CityOverview:
    """Each chain in order, with what its working mechanism still lacks in ``today``'s year."""
    chains = session.exec(select(Chain).order_by(col(Chain.position), col(Chain.code))).all()
    facts = _chain_facts(session)
    checklists = _checklists(session)
    overviews = {c.id: ChainOverview(c.code, c.name_zh, c.name_en) for c in chains}

    people = {p.id: p.name for p in session.exec(select(Person))}
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
    for overview in overviews.values():
        overview.lights = {light.value: 0 for light in Light}
    for task in session.exec(select(Task)):
        overview = overviews[task.chain_id]
        overview.tasks += 1
        if task.state in OPEN_TASK_STATES:
            overview.open_tasks += 1
            overview.overdue_tasks += task.due_date < today
            overview.lights[task.light] += 1
    for project in session.exec(select(KeyProject)):
        overviews[project.chain_id].key_projects += 1
    for request in session.exec(select(FactorRequest)):
        overviews[request.chain_id].open_factor_requests += request.state in OPEN_REQUEST_STATES
    notices = Counter(kind for kind in session.exec(select(Notice.kind)))
    deliveries = Counter(state for state in session.exec(select(OutboxMessage.state)))
    return CityOverview(today, list(overviews.values()), dict(notices), dict(deliveries))


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
