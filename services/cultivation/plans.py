"""Making and editing a 一企一策 plan: one per chain, enterprise and year, for a chain master or
a pilot enterprise that holds — or is a candidate for — that title on the chain.

Everything is checked before anything is written; every change is an audit event on the plan.
A change to the targets after the office confirmed the outcome clears that outcome: it was
confirmed on other figures, so the office confirms again.
"""

from dataclasses import asdict
from datetime import date, datetime

from sqlmodel import Session, col, select

from mechanism.cultivation import (
    FIRST_YEAR,
    LAST_YEAR,
    TARGETS,
    Figures,
    figure_problem,
    plan_kind_problem,
)
from mechanism.designations import DesignationStatus, counts
from mechanism.wording import zh
from models import (
    Chain,
    CultivationCandidate,
    CultivationPlan,
    Department,
    Designation,
    Enterprise,
)
from services.audit import audit
from services.cultivation.access import manages, plan_filter, sees_plan
from services.cultivation.errors import PlanHidden, PlanNotAllowed, refused
from services.lookups import UnknownChain, chain_by_code
from services.people import Viewer, lead_department_of

ENTITY = "cultivation_plan"


def create_plan(
    *,
    session: Session,
    viewer: Viewer,
    chain_code: str,
    credit_code: str,
    year: int,
    target_kind: str,
    department_code: str | None,
    targets: Figures,
    now: datetime,
    today: date,
) -> CultivationPlan:
    """A new plan; the owner department defaults to the chain's lead department."""
    chain = _chain(session, chain_code)
    assert chain.id is not None
    if not manages(viewer, chain.id):
        raise PlanNotAllowed(f"{viewer.username} may not make plans on {chain.code}")
    firm = session.exec(
        select(Enterprise).where(Enterprise.credit_code == credit_code.strip())
    ).first()
    if firm is None or firm.id is None:
        raise refused(
            "credit_code",
            f"no enterprise {credit_code!r}",
            f"没有统一社会信用代码为 {credit_code!r} 的企业",
        )
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise refused("year", f"{year} is not a plan year", f"{year} 不是有效的年度")
    problem = plan_kind_problem(target_kind)
    if problem is not None:
        raise refused("target_kind", str(problem), zh(problem))
    _check_title(session, chain, firm, target_kind, today)
    department = _department(session, chain, department_code)
    check_targets(targets)
    existing = session.exec(
        select(CultivationPlan.id).where(
            CultivationPlan.chain_id == chain.id,
            CultivationPlan.enterprise_id == firm.id,
            CultivationPlan.year == year,
        )
    ).first()
    if existing is not None:
        raise refused(
            "year",
            f"{firm.name} already has a plan on {chain.code} for {year} (plan {existing})",
            f"{firm.name} 在{chain.name_zh}产业链已有 {year} 年度一企一策（第 {existing} 号）",
        )
    assert department.id is not None
    plan = CultivationPlan(
        chain_id=chain.id,
        enterprise_id=firm.id,
        year=year,
        target_kind=target_kind,
        owner_department_id=department.id,
        created_at=now,
        updated_at=now,
    )
    _set_targets(plan, targets)
    session.add(plan)
    session.flush()
    audit(
        session,
        actor=viewer.actor,
        entity_type=ENTITY,
        entity_id=plan.id,
        action="created",
        now=now,
        after=f"{chain.code}/{firm.credit_code}/{year}/{target_kind}",
        detail={"department": department.code, "targets": asdict(targets)},
    )
    return plan


def edit_plan(
    *,
    session: Session,
    viewer: Viewer,
    plan_id: int,
    targets: Figures,
    department_code: str | None,
    now: datetime,
) -> CultivationPlan:
    """New targets (a blank one is no longer part of the plan) and, if given, owner department."""
    plan = visible_plan(session, viewer, plan_id)
    if not manages(viewer, plan.chain_id):
        raise PlanNotAllowed(f"{viewer.username} may not edit plan {plan_id}")
    chain = session.get(Chain, plan.chain_id)
    assert chain is not None
    department = _department(session, chain, department_code) if department_code else None
    check_targets(targets)
    before = asdict(targets_of(plan))
    _set_targets(plan, targets)
    detail: dict[str, object] = {"targets": asdict(targets), "before": before}
    if department is not None and department.id != plan.owner_department_id:
        assert department.id is not None
        detail["department"] = department.code
        plan.owner_department_id = department.id
    if plan.outcome is not None and before != asdict(targets):
        detail["outcome_cleared"] = plan.outcome
        plan.outcome, plan.outcome_note = None, None
    plan.updated_at = now
    session.add(plan)
    audit(
        session, actor=viewer.actor, entity_type=ENTITY, entity_id=plan.id, action="edited",
        now=now, detail=detail,
    )  # fmt: skip
    return plan


def visible_plan(session: Session, viewer: Viewer, plan_id: int) -> CultivationPlan:
    """Plan ``plan_id`` if ``viewer`` may see it, else :class:`PlanHidden`."""
    plan = session.exec(
        select(CultivationPlan).where(CultivationPlan.id == plan_id, plan_filter(viewer))
    ).first()
    if plan is None or not sees_plan(viewer, plan):
        raise PlanHidden(f"no plan {plan_id}")
    return plan


def targets_of(plan: CultivationPlan) -> Figures:
    return Figures(
        plan.revenue_target_wan,
        plan.rd_intensity_target,
        plan.local_suppliers_target,
        plan.zjtx_suppliers_target,
        plan.projects_target,
    )


def actuals_of(plan: CultivationPlan) -> Figures:
    return Figures(
        plan.revenue_actual_wan,
        plan.rd_intensity_actual,
        plan.local_suppliers_actual,
        plan.zjtx_suppliers_actual,
        plan.projects_actual,
    )


def check_targets(targets: Figures, *, at_least_one: bool = True) -> None:
    """Each figure within its bounds; a plan sets at least one target (else nothing to judge)."""
    check_figures(targets)
    if at_least_one and all(targets.of(name) is None for name in TARGETS):
        raise refused(
            "revenue",
            "a plan sets at least one yearly target",
            "一企一策至少应设定一项年度目标",
        )


def check_figures(figures: Figures) -> None:
    for name in TARGETS:
        problem = figure_problem(name, figures.of(name))
        if problem is not None:
            raise refused(name, str(problem), zh(problem))


def _set_targets(plan: CultivationPlan, targets: Figures) -> None:
    plan.revenue_target_wan = _number(targets.revenue)
    plan.rd_intensity_target = _number(targets.rd_intensity)
    plan.local_suppliers_target = _count(targets.local_suppliers)
    plan.zjtx_suppliers_target = _count(targets.zjtx_suppliers)
    plan.projects_target = _count(targets.projects)


def _number(value: float | None) -> float | None:
    return None if value is None else float(value)


def _count(value: int | None) -> int | None:
    return None if value is None else int(value)


def _chain(session: Session, code: str) -> Chain:
    try:
        return chain_by_code(session, code.strip())
    except UnknownChain as exc:
        raise refused("chain", str(exc), f"没有代码为 {code!r} 的产业链") from None


def _department(session: Session, chain: Chain, code: str | None) -> Department:
    """The department named, or the chain's lead department when none is."""
    if code:
        department = session.exec(select(Department).where(Department.code == code.strip())).first()
        if department is None:
            known = ", ".join(sorted(session.exec(select(Department.code)).all()))
            raise refused(
                "department",
                f"no department {code!r} (known: {known})",
                f"没有代码为 {code!r} 的单位（现有：{known}）",
            )
        return department
    assert chain.id is not None
    lead = lead_department_of(session, chain.id)
    if lead is None:
        raise refused(
            "department",
            f"{chain.code} has no lead department: name the plan's owner department",
            f"{chain.name_zh}产业链未设牵头部门，请指定责任单位",
        )
    return lead


def _check_title(session: Session, chain: Chain, firm: Enterprise, kind: str, today: date) -> None:
    """The enterprise holds the title on the chain today (``counts``), is a candidate for it
    (a designation in status candidate), or is in the cultivation library for it."""
    titles = session.exec(
        select(Designation).where(
            Designation.enterprise_id == firm.id,
            Designation.kind == kind,
            col(Designation.chain_id).is_(None) | (col(Designation.chain_id) == chain.id),
        )
    ).all()
    if any(
        counts(t.status, t.valid_until, today) or t.status == DesignationStatus.CANDIDATE
        for t in titles
    ):
        return
    in_library = session.exec(
        select(CultivationCandidate.id).where(
            CultivationCandidate.enterprise_id == firm.id,
            CultivationCandidate.target_kind == kind,
            col(CultivationCandidate.left_on).is_(None),
        )
    ).first()
    if in_library is not None:
        return
    title_en = "chain master" if kind == "chain_master" else "pilot enterprise"
    title_zh = "链主企业" if kind == "chain_master" else "领航型企业"
    raise refused(
        "target_kind",
        f"{firm.name} neither holds a valid {title_en} title on {chain.code} nor is a candidate "
        "for it: record the designation first",
        f"{firm.name} 在{chain.name_zh}产业链既无有效的{title_zh}认定，也不是{title_zh}培育对象，"
        "请先登记认定",
    )
