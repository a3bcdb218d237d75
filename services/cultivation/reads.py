"""Reading plans as the pages, the CLI and the JSON API show them: the list (only what the
viewer sees, filtered in the query) and one plan in full — targets against actuals with what
the system knows beside them, the rule's outcome and the one confirmed, the measures with the
requests and projects carrying them, and what the viewer may do with it."""

from dataclasses import asdict
from typing import Any

from sqlmodel import Session, col, select

from mechanism.cultivation import TARGETS, judge
from models import (
    Chain,
    CultivationPlan,
    Department,
    Enterprise,
    EnterpriseMembership,
    FactorRequest,
    KeyProject,
)
from services.cultivation.access import confirms_outcome, manages, plan_filter, records_actuals
from services.cultivation.actuals import system_figures
from services.cultivation.measures import measures_of
from services.cultivation.plans import actuals_of, targets_of, visible_plan
from services.lookups import UnknownChain, chain_by_code
from services.people import Viewer, lead_department_of

Row = dict[str, Any]


def list_plans(
    *, session: Session, viewer: Viewer, chain_code: str | None = None, year: int | None = None
) -> list[Row]:
    """The plans ``viewer`` sees, by chain (the city's order), year and enterprise."""
    query = (
        select(CultivationPlan, Chain, Enterprise, Department)
        .join(Chain, col(Chain.id) == CultivationPlan.chain_id)
        .join(Enterprise, col(Enterprise.id) == CultivationPlan.enterprise_id)
        .join(Department, col(Department.id) == CultivationPlan.owner_department_id)
        .where(plan_filter(viewer))
        .order_by(
            col(Chain.position), col(Chain.code), col(CultivationPlan.year).desc(),
            col(Enterprise.name),
        )
    )  # fmt: skip
    if chain_code:
        try:
            chain = chain_by_code(session, chain_code.strip())
        except UnknownChain:
            return []
        query = query.where(CultivationPlan.chain_id == chain.id)
    if year is not None:
        query = query.where(CultivationPlan.year == year)
    return [_row(p, c, e, d) for p, c, e, d in session.exec(query)]


def show_plan(*, session: Session, viewer: Viewer, plan_id: int) -> Row:
    """One plan in full (see the module)."""
    plan = visible_plan(session, viewer, plan_id)
    chain = session.get(Chain, plan.chain_id)
    firm = session.get(Enterprise, plan.enterprise_id)
    department = session.get(Department, plan.owner_department_id)
    assert chain is not None and firm is not None and department is not None
    targets, actuals = targets_of(plan), actuals_of(plan)
    known = system_figures(session, plan)
    judged = judge(targets, actuals)
    lines = [
        {
            "target": name,
            "goal": targets.of(name),
            "actual": actuals.of(name),
            "from_system": known.of(name),
            "reached": next((ln.reached for ln in judged.lines if ln.target == name), None),
        }
        for name in TARGETS
    ]
    return {
        **_row(plan, chain, firm, department),
        "targets": asdict(targets),
        "actuals": asdict(actuals),
        "from_system": {k: v for k, v in asdict(known).items() if v is not None},
        "lines": lines,
        "rule_outcome": judged.outcome.value if judged.outcome else None,
        "waiting": list(judged.waiting),
        "outcome_note": plan.outcome_note,
        "measures": _measures(session, plan),
        "may": {
            "manage": manages(viewer, plan.chain_id),
            "record_actuals": records_actuals(viewer, plan),
            "confirm_outcome": confirms_outcome(viewer),
        },
    }


def _row(plan: CultivationPlan, chain: Chain, firm: Enterprise, department: Department) -> Row:
    return {
        "id": plan.id,
        "chain": chain.code,
        "chain_name_zh": chain.name_zh,
        "chain_name_en": chain.name_en,
        "credit_code": firm.credit_code,
        "enterprise": firm.name,
        "year": plan.year,
        "target_kind": plan.target_kind,
        "department": department.code,
        "department_name": department.name_zh,
        "outcome": plan.outcome,
        "updated_at": plan.updated_at,
    }


def _measures(session: Session, plan: CultivationPlan) -> list[Row]:
    assert plan.id is not None
    measures = measures_of(session, plan.id)
    requests = _codes(session, FactorRequest, {m.factor_request_id for m in measures})
    projects = _codes(session, KeyProject, {m.project_id for m in measures})
    return [
        {
            "id": m.id,
            "position": m.position,
            "text": m.text,
            "factor_request": requests.get(m.factor_request_id),
            "project": projects.get(m.project_id),
        }
        for m in measures
    ]


def _codes(session: Session, table: Any, ids: set[int | None]) -> dict[int | None, str]:
    wanted = sorted(i for i in ids if i is not None)
    if not wanted:
        return {}
    return dict(session.exec(select(table.id, table.code).where(col(table.id).in_(wanted))).all())


def plan_choices(session: Session, chain_id: int) -> Row:
    """What the new-plan form offers: the chain's enterprises and the departments."""
    firms = session.exec(
        select(Enterprise)
        .join(EnterpriseMembership, col(EnterpriseMembership.enterprise_id) == Enterprise.id)
        .where(EnterpriseMembership.chain_id == chain_id)
        .order_by(col(Enterprise.name))
    ).all()
    departments = session.exec(select(Department).order_by(col(Department.code))).all()
    return {
        "enterprises": [{"credit_code": e.credit_code, "name": e.name} for e in firms],
        "departments": [
            {"code": d.code, "name_zh": d.name_zh, "name_en": d.name_en or d.name_zh}
            for d in departments
        ],
        "lead_department": lead.code if (lead := lead_department_of(session, chain_id)) else None,
    }
