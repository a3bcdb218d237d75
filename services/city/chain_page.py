"""What the chain page shows: the roster, the working mechanism's gaps, the map, the N lists,
the year's action plan, and the chain's tasks, key projects and factor requests.

Everything here is one chain's and small (a roster, a map, a few hundred list items), except
the work items: a city accumulates hundreds of thousands of tasks over the years, so they are
counted and paged in SQL (``services.tasks.page.chain_tasks``), never loaded whole; projects
and requests are counted and capped the same way.
"""

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from mechanism.vocabulary import (
    OPEN_REQUEST_STATES,
    FactorType,
    ListType,
    MembershipRole,
    NodeStatus,
    ProjectState,
    RequestState,
    RosterRole,
    Stage,
    TaskState,
)
from mechanism.working_mechanism import (
    DEFAULT_ELEMENTS,
    ChainFacts,
    MechanismElement,
    missing_elements,
)
from models import (
    ActionPlan,
    ActionPlanItem,
    Chain,
    Department,
    Enterprise,
    EnterpriseMembership,
    FactorRequest,
    KeyProject,
    ListItem,
    MapNode,
    MapSegment,
    MechanismItem,
    Person,
    RosterEntry,
    Task,
)
from services.city.overview import MissingMechanism
from services.config import EngineRules
from services.people import Viewer
from services.tasks import TaskPage, chain_tasks

ITEMS_SHOWN = 100  # projects or requests listed on the page; the counts say how many there are


class ChainNotFound(LookupError):
    """No such chain, or not one the viewer may read (the page must not tell which)."""


@dataclass(frozen=True)
class Node:
    name: str
    status: NodeStatus
    note: str | None


@dataclass(frozen=True)
class Segment:
    name: str
    nodes: list[Node]


@dataclass(frozen=True)
class StageMap:
    stage: Stage
    segments: list[Segment]


@dataclass(frozen=True)
class ListEntry:
    title: str
    detail: str | None
    enterprise: str | None


@dataclass(frozen=True)
class PlanEntry:
    item_no: int
    title: str
    task_id: int | None
    task_state: TaskState | None
    task_light: str | None


@dataclass(frozen=True)
class Plan:
    year: int
    title: str
    items: list[PlanEntry]


@dataclass
class ChainSheet:
    """The chain's standing picture: who, what is missing, the map, the lists, the plan."""

    chain: Chain
    roster: list[tuple[RosterRole, list[str]]]
    chain_masters: list[str]
    missing: list[MissingMechanism]
    map: list[StageMap]
    lists: list[tuple[ListType, list[ListEntry]]]
    plan: Plan | None
    departments: list[tuple[str, str]] = field(default_factory=list)  # for the assign form
    people: list[tuple[str, str, str | None]] = field(default_factory=list)  # email, name, dept
    lead_department: str | None = None  # the chain's (the form's default)


def readable_chain(*, session: Session, code: str, viewer: Viewer) -> Chain:
    """The chain ``code`` if the viewer reads it; ChainNotFound either way otherwise."""
    chain = session.exec(select(Chain).where(Chain.code == code)).first()
    if chain is None or chain.id is None or not viewer.reads_chain(chain.id):
        raise ChainNotFound(code)
    return chain


def chain_sheet(*, session: Session, code: str, viewer: Viewer, today: date) -> ChainSheet:
    """Everything but the work items, for a viewer who reads the chain (ChainNotFound else)."""
    chain = readable_chain(session=session, code=code, viewer=viewer)
    chain_id = chain.id or 0
    roster, roles = _roster(session, chain_id)
    masters = _chain_masters(session, chain_id)
    stages = _map(session, chain_id)
    lists = _lists(session, chain_id)
    years = frozenset(session.exec(select(ActionPlan.year).where(ActionPlan.chain_id == chain_id)))
    facts = ChainFacts(
        roster_roles=frozenset(roles),
        membership_roles=frozenset(
            MembershipRole(r)
            for r in session.exec(
                select(EnterpriseMembership.role).where(EnterpriseMembership.chain_id == chain_id)
            )
        ),
        map_nodes=sum(len(s.nodes) for stage in stages for s in stage.segments),
        list_items=sum(len(items) for _, items in lists),
        plan_years=years,
    )
    missing = [
        MissingMechanism(m.element.code, m.element.name_zh, m.element.name_en, m.unmet)
        for m in missing_elements(_checklist(session, chain_id), facts, year=today.year)
    ]
    sheet = ChainSheet(
        chain, roster, masters, missing, stages, lists, _plan(session, chain_id, today)
    )
    if viewer.runs_chain(chain_id):
        sheet.departments = [
            (d.code, d.name_zh)
            for d in session.exec(select(Department).order_by(col(Department.code)))
        ]
        codes = {d.id: d.code for d in session.exec(select(Department))}
        people = session.exec(select(Person).order_by(col(Person.name), col(Person.email)))
        sheet.people = [(p.email, p.name, codes.get(p.department_id)) for p in people]
        leads = select(RosterEntry.department_id).where(
            RosterEntry.chain_id == chain_id, RosterEntry.role == RosterRole.LEAD_DEPARTMENT
        )
        sheet.lead_department = codes.get(session.exec(leads).first())
    return sheet


def _roster(
    session: Session, chain_id: int
) -> tuple[list[tuple[RosterRole, list[str]]], set[RosterRole]]:
    names: dict[RosterRole, list[str]] = {role: [] for role in RosterRole}
    rows = session.exec(
        select(RosterEntry.role, Person.name, Department.name_zh)
        .outerjoin(Person, col(Person.id) == RosterEntry.person_id)
        .outerjoin(Department, col(Department.id) == RosterEntry.department_id)
        .where(RosterEntry.chain_id == chain_id)
        .order_by(col(RosterEntry.id))
    ).all()
    held: set[RosterRole] = set()
    for role, person, department in rows:
        member = RosterRole(role)
        held.add(member)
        names[member].append(person or department or "")
    return list(names.items()), held


def _chain_masters(session: Session, chain_id: int) -> list[str]:
    return list(
        session.exec(
            select(Enterprise.name)
            .join(EnterpriseMembership, col(EnterpriseMembership.enterprise_id) == Enterprise.id)
            .where(EnterpriseMembership.chain_id == chain_id)
            .where(EnterpriseMembership.role == MembershipRole.CHAIN_MASTER.value)
            .order_by(col(Enterprise.name))
        )
    )


def _map(session: Session, chain_id: int) -> list[StageMap]:
    segments = session.exec(
        select(MapSegment)
        .where(MapSegment.chain_id == chain_id)
        .order_by(col(MapSegment.position), col(MapSegment.id))
    ).all()
    nodes: dict[int, list[Node]] = {s.id or 0: [] for s in segments}
    if nodes:
        for node in session.exec(
            select(MapNode)
            .where(col(MapNode.segment_id).in_(list(nodes)))
            .order_by(col(MapNode.id))
        ):
            nodes[node.segment_id].append(Node(node.name, NodeStatus(node.status), node.note))
    return [
        StageMap(stage, [Segment(s.name, nodes[s.id or 0]) for s in segments if s.stage == stage])
        for stage in Stage
        if any(s.stage == stage for s in segments)
    ]


def _lists(session: Session, chain_id: int) -> list[tuple[ListType, list[ListEntry]]]:
    entries: dict[str, list[ListEntry]] = {t.value: [] for t in ListType}
    rows = session.exec(
        select(ListItem, Enterprise.name)
        .outerjoin(Enterprise, col(Enterprise.id) == ListItem.enterprise_id)
        .where(ListItem.chain_id == chain_id)
        .order_by(col(ListItem.id))
    ).all()
    for item, enterprise in rows:
        entries.setdefault(item.list_type, []).append(
            ListEntry(item.title, item.detail, enterprise)
        )
    return [(t, entries[t.value]) for t in ListType]


def _plan(session: Session, chain_id: int, today: date) -> Plan | None:
    """This year's plan; before it is imported, the latest one (the page says which year)."""
    plans = select(ActionPlan).where(ActionPlan.chain_id == chain_id)
    plan = (
        session.exec(plans.where(ActionPlan.year == today.year)).first()
        or session.exec(plans.order_by(col(ActionPlan.year).desc())).first()
    )
    if plan is None:
        return None
    rows = session.exec(
        select(ActionPlanItem, Task.id, Task.state, Task.light)
        .outerjoin(Task, col(Task.plan_item_id) == ActionPlanItem.id)
        .where(ActionPlanItem.plan_id == plan.id)
        .order_by(col(ActionPlanItem.item_no))
    ).all()
    items = [
        PlanEntry(i.item_no, i.title, task, TaskState(state) if state else None, light)
        for i, task, state, light in rows
    ]
    return Plan(plan.year, plan.title, items)


def _checklist(session: Session, chain_id: int) -> list[MechanismElement]:
    """The chain's own checklist as edited, or the default five."""
    items = session.exec(
        select(MechanismItem)
        .where(MechanismItem.chain_id == chain_id)
        .order_by(col(MechanismItem.position))
    ).all()
    return [
        MechanismElement(i.code, i.name_zh, i.name_en, tuple(i.requires.split())) for i in items
    ] or list(DEFAULT_ELEMENTS)


# --- the work items: projects and requests capped; tasks are paged by services.tasks.page -


@dataclass(frozen=True)
class ItemRow:
    code: str
    name: str
    enterprise: str
    state: ProjectState | RequestState
    light: str
    year: int | None = None  # a project's
    factor: FactorType | None = None  # a request's


@dataclass(frozen=True)
class Items:
    rows: list[ItemRow]
    total: int
    open: int


def chain_projects(*, session: Session, chain_id: int, viewer: Viewer) -> Items:
    where = [col(KeyProject.chain_id) == chain_id, viewer.item_filter(KeyProject)]
    total = session.exec(select(func.count()).select_from(KeyProject).where(*where)).one()
    active = session.exec(
        select(func.count())
        .select_from(KeyProject)
        .where(*where, KeyProject.state == ProjectState.ACTIVE.value)
    ).one()
    rows = session.exec(
        select(KeyProject, Enterprise.name)
        .join(Enterprise, col(Enterprise.id) == KeyProject.enterprise_id)
        .where(*where)
        .order_by(col(KeyProject.code))
        .limit(ITEMS_SHOWN)
    ).all()
    return Items(
        [
            ItemRow(p.code, p.name, name, ProjectState(p.state), p.light, year=p.year)
            for p, name in rows
        ],
        total,
        active,
    )


def chain_requests(*, session: Session, chain_id: int, viewer: Viewer) -> Items:
    """The chain's factor requests, open ones first, each group by when it was submitted."""
    where = [col(FactorRequest.chain_id) == chain_id, viewer.item_filter(FactorRequest)]
    is_open = col(FactorRequest.state).in_(sorted(s.value for s in OPEN_REQUEST_STATES))
    total = session.exec(select(func.count()).select_from(FactorRequest).where(*where)).one()
    opened = session.exec(
        select(func.count()).select_from(FactorRequest).where(*where, is_open)
    ).one()
    rows = session.exec(
        select(FactorRequest, Enterprise.name)
        .join(Enterprise, col(Enterprise.id) == FactorRequest.enterprise_id)
        .where(*where)
        .order_by(sa.case((is_open, 0), else_=1), col(FactorRequest.submitted_at).desc())
        .limit(ITEMS_SHOWN)
    ).all()
    return Items(
        [
            ItemRow(
                r.code,
                r.description,
                name,
                RequestState(r.state),
                r.light,
                factor=FactorType(r.factor_type),
            )
            for r, name in rows
        ],
        total,
        opened,
    )


@dataclass(frozen=True)
class ChainView:
    sheet: ChainSheet
    tasks: TaskPage
    projects: Items
    requests: Items


def chain_view(
    *,
    session: Session,
    code: str,
    viewer: Viewer,
    today: date,
    page: int = 1,
    light: str | None = None,
    state: str | None = None,
    rules: EngineRules | None = None,
) -> ChainView:
    """The whole chain page: ChainNotFound if the viewer may not read it, BadFilter for an
    unknown light or state. With ``rules``, a red or yellow task says why."""
    sheet = chain_sheet(session=session, code=code, viewer=viewer, today=today)
    chain_id = sheet.chain.id or 0
    tasks = chain_tasks(
        session=session,
        chain_id=chain_id,
        viewer=viewer,
        today=today,
        page=page,
        light=light,
        state=state,
        rules=rules,
    )
    return ChainView(
        sheet,
        tasks,
        chain_projects(session=session, chain_id=chain_id, viewer=viewer),
        chain_requests(session=session, chain_id=chain_id, viewer=viewer),
    )
