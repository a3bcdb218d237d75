"""Read the database back into workbook rows: the exact inverse of importing."""

from collections import defaultdict
from typing import Any

from sqlmodel import Session, col, func, select

from mechanism.vocabulary import (
    FactorType,
    ListType,
    MembershipRole,
    MilestoneKind,
    NodeStatus,
    RequestState,
    RosterRole,
    Stage,
    TaskSource,
    TaskState,
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
    Person,
    ProjectMilestone,
    RosterEntry,
    Task,
    TaskCoDepartment,
)
from services.lookups import NaturalKeys
from services.workbook.benchmark_rows import benchmark_rows
from services.workbook.investment_rows import investment_target_rows
from services.workbook.pipeline_rows import pipeline_rows
from services.workbook.supply_rows import supply_rows
from services.workbook.title_rows import title_rows

Row = dict[str, Any]


class TasksLeftOut(RuntimeError):
    """The export would leave tasks out: refuse to write a workbook that silently loses them."""


def workbook_rows(session: Session) -> dict[str, list[Row]]:
    """Every sheet's rows, in a stable order (by natural key)."""
    lookup = NaturalKeys(session)
    co_departments = _co_departments(session, lookup)
    rows: dict[str, list[Row]] = {
        "departments": [
            {"code": d.code, "name_zh": d.name_zh, "name_en": d.name_en, "email": d.email}
            for d in session.exec(select(Department).order_by(col(Department.code)))
        ],
        "people": [
            {
                "email": p.email,
                "name": p.name,
                "title": p.title,
                "phone": p.phone,
                "mobile": p.mobile,
                "department": lookup.department.get(p.department_id or 0),
            }
            for p in session.exec(select(Person).order_by(col(Person.email)))
        ],
        "chains": [
            {"code": c.code, "name_zh": c.name_zh, "name_en": c.name_en, "position": c.position}
            for c in session.exec(select(Chain).order_by(col(Chain.position), col(Chain.code)))
        ],
        "map": _map_rows(session, lookup),
        "roster": [
            {
                "chain": lookup.chain[r.chain_id],
                "role": RosterRole(r.role),
                "person": lookup.person.get(r.person_id or 0),
                "department": lookup.department.get(r.department_id or 0),
            }
            for r in session.exec(select(RosterEntry).order_by(col(RosterEntry.id)))
        ],
        "enterprises": [
            {
                "credit_code": e.credit_code,
                "name": e.name,
                "county": e.county,
                "contact_name": e.contact_name,
                "contact_email": e.contact_email,
            }
            for e in session.exec(select(Enterprise).order_by(col(Enterprise.credit_code)))
        ],
        "memberships": [
            {
                "chain": lookup.chain[m.chain_id],
                "credit_code": lookup.enterprise[m.enterprise_id],
                "role": MembershipRole(m.role),
            }
            for m in session.exec(
                select(EnterpriseMembership).order_by(col(EnterpriseMembership.id))
            )
        ],
        **title_rows(session, lookup),  # designations, cultivation_library (issue 16)
        "list_items": [
            {
                "chain": lookup.chain[i.chain_id],
                "list_type": ListType(i.list_type),
                "title": i.title,
                "detail": i.detail,
                "credit_code": lookup.enterprise.get(i.enterprise_id or 0),
            }
            for i in session.exec(select(ListItem).order_by(col(ListItem.id)))
        ],
        "plan_tasks": _plan_task_rows(session, lookup, co_departments),
        "assigned_tasks": _assigned_task_rows(session, lookup, co_departments),
        "key_projects": _project_rows(session, lookup),
        "factor_requests": [
            {
                "code": r.code,
                "chain": lookup.chain[r.chain_id],
                "credit_code": lookup.enterprise[r.enterprise_id],
                "project": lookup.project.get(r.project_id or 0),
                "factor_type": FactorType(r.factor_type),
                "quantity": r.quantity,
                "unit": r.unit,
                "needed_by": r.needed_by,
                "description": r.description,
                "department": lookup.department[r.department_id],
                "state": RequestState(r.state),
            }
            for r in session.exec(select(FactorRequest).order_by(col(FactorRequest.code)))
        ],
        **supply_rows(session, lookup),
        **investment_target_rows(session, lookup),  # issue 17
        **benchmark_rows(session, lookup),  # issue 17
        **pipeline_rows(session, lookup),  # investment_projects, investment_year_targets
    }
    _check_every_task_exported(session, rows)
    return rows


def _check_every_task_exported(session: Session, rows: dict[str, list[Row]]) -> None:
    """Nothing is lost: a task that is in neither task sheet is a bug here, never a quiet gap
    in somebody's backup (QA once found 6 of 136 tasks missing from the export)."""
    stored = session.exec(select(func.count()).select_from(Task)).one()
    exported = len(rows["plan_tasks"]) + len(rows["assigned_tasks"])
    if exported != stored:
        raise TasksLeftOut(
            f"the export holds {exported} of the {stored} tasks in the database; "
            "refusing to write a workbook that leaves tasks out"
        )


def _map_rows(session: Session, lookup: NaturalKeys) -> list[Row]:
    query = (
        select(MapSegment, MapNode)
        .join(MapNode, col(MapNode.segment_id) == col(MapSegment.id))
        .order_by(col(MapSegment.chain_id), col(MapSegment.id), col(MapNode.id))
    )
    return [
        {
            "chain": lookup.chain[segment.chain_id],
            "stage": Stage(segment.stage),
            "segment": segment.name,
            "node": node.name,
            "status": NodeStatus(node.status),
            "note": node.note,
        }
        for segment, node in session.exec(query)
    ]


def _co_departments(session: Session, lookup: NaturalKeys) -> dict[int, list[str]]:
    """Task id → its co-departments' codes."""
    co_departments: dict[int, list[str]] = defaultdict(list)
    for link in session.exec(select(TaskCoDepartment)):
        co_departments[link.task_id].append(lookup.department[link.department_id])
    return co_departments


def _plan_task_rows(
    session: Session, lookup: NaturalKeys, co_departments: dict[int, list[str]]
) -> list[Row]:
    query = (
        select(ActionPlan, ActionPlanItem, Task)
        .join(ActionPlanItem, col(ActionPlanItem.plan_id) == col(ActionPlan.id))
        .join(Task, col(Task.plan_item_id) == col(ActionPlanItem.id))
        .order_by(col(ActionPlan.chain_id), col(ActionPlan.year), col(ActionPlanItem.item_no))
    )
    return [
        {
            "chain": lookup.chain[plan.chain_id],
            "year": plan.year,
            "item_no": item.item_no,
            "title": task.title,
            "requirements": task.requirements,
            "lead_department": lookup.department[task.lead_department_id],
            "owner": lookup.person[task.owner_id],
            "co_departments": tuple(sorted(co_departments[task.id or 0])) or None,
            "start_date": task.start_date,
            "due_date": task.original_due_date,
            "current_due_date": task.due_date,
            "progress": task.progress,
            "state": TaskState(task.state),
            "signed_off_on": task.signed_off_on,
        }
        for plan, item, task in session.exec(query)
    ]


def _assigned_task_rows(
    session: Session, lookup: NaturalKeys, co_departments: dict[int, list[str]]
) -> list[Row]:
    """Every task that is not an action-plan item's: meeting decisions, leader instructions, …"""
    list_items = {i.id: i for i in session.exec(select(ListItem))}
    query = (
        select(Task)
        .where(col(Task.plan_item_id).is_(None))
        .order_by(col(Task.chain_id), col(Task.start_date), col(Task.title), col(Task.id))
    )
    rows = []
    for task in session.exec(query):
        item = list_items.get(task.list_item_id or 0)
        rows.append(
            {
                "chain": lookup.chain[task.chain_id],
                "title": task.title,
                "requirements": task.requirements,
                "source": TaskSource(task.source),
                "lead_department": lookup.department[task.lead_department_id],
                "owner": lookup.person[task.owner_id],
                "co_departments": tuple(sorted(co_departments[task.id or 0])) or None,
                "start_date": task.start_date,
                "due_date": task.due_date,
                "original_due_date": task.original_due_date,
                "progress": task.progress,
                "state": TaskState(task.state),
                "signed_off_on": task.signed_off_on,
                "list_type": ListType(item.list_type) if item else None,
                "list_item": item.title if item else None,
            }
        )
    return rows


def _project_rows(session: Session, lookup: NaturalKeys) -> list[Row]:
    milestones: dict[int, dict[str, ProjectMilestone]] = defaultdict(dict)
    for milestone in session.exec(select(ProjectMilestone)):
        milestones[milestone.project_id][milestone.kind] = milestone
    rows = []
    for project in session.exec(select(KeyProject).order_by(col(KeyProject.code))):
        row: Row = {
            "code": project.code,
            "name": project.name,
            "chain": lookup.chain[project.chain_id],
            "credit_code": lookup.enterprise[project.enterprise_id],
            "department": lookup.department.get(project.department_id or 0),
            "year": project.year,
            "total_investment": project.total_investment,
            "year_planned_investment": project.year_planned_investment,
        }
        for kind in MilestoneKind:
            reached = milestones[project.id or 0].get(kind.value)
            row[f"{kind.value}_planned"] = reached.planned_date if reached else None
            row[f"{kind.value}_actual"] = reached.actual_date if reached else None
        rows.append(row)
    return rows
