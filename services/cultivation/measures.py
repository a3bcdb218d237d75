"""A plan's support measures (支持措施), each optionally carried by a factor request or a key
project of the plan's own enterprise — never another firm's."""

from datetime import datetime

from sqlmodel import Session, col, func, select

from models import CultivationMeasure, FactorRequest, KeyProject
from services.audit import audit
from services.cultivation.access import manages
from services.cultivation.errors import PlanNotAllowed, refused
from services.cultivation.plans import ENTITY, visible_plan
from services.people import Viewer

MAX_TEXT: int = CultivationMeasure.__table__.c.text.type.length  # type: ignore[attr-defined]


def add_measure(
    *,
    session: Session,
    viewer: Viewer,
    plan_id: int,
    text: str,
    factor_request_code: str | None,
    project_code: str | None,
    now: datetime,
) -> CultivationMeasure:
    """A measure at the end of the plan's list."""
    plan = visible_plan(session, viewer, plan_id)
    if not manages(viewer, plan.chain_id):
        raise PlanNotAllowed(f"{viewer.username} may not change plan {plan_id}")
    words = text.strip()
    if not words:
        raise refused("text", "say what the measure is", "请填写措施内容")
    if len(words) > MAX_TEXT:
        raise refused(
            "text", f"at most {MAX_TEXT} characters, not {len(words)}",
            f"最多 {MAX_TEXT} 个字，现为 {len(words)} 个",
        )  # fmt: skip
    request = _request(session, factor_request_code, plan.enterprise_id)
    project = _project(session, project_code, plan.enterprise_id)
    last = session.exec(
        select(func.max(CultivationMeasure.position)).where(CultivationMeasure.plan_id == plan.id)
    ).one()
    assert plan.id is not None
    measure = CultivationMeasure(
        plan_id=plan.id,
        text=words,
        factor_request_id=request.id if request else None,
        project_id=project.id if project else None,
        position=(last or 0) + 1,
    )
    session.add(measure)
    session.flush()
    plan.updated_at = now
    session.add(plan)
    audit(
        session,
        actor=viewer.actor,
        entity_type=ENTITY,
        entity_id=plan.id,
        action="measure_added",
        now=now,
        after=words,
        detail={
            "measure_id": measure.id,
            "factor_request": request.code if request else None,
            "project": project.code if project else None,
        },
    )
    return measure


def remove_measure(
    *, session: Session, viewer: Viewer, plan_id: int, measure_id: int, now: datetime
) -> None:
    plan = visible_plan(session, viewer, plan_id)
    if not manages(viewer, plan.chain_id):
        raise PlanNotAllowed(f"{viewer.username} may not change plan {plan_id}")
    measure = session.get(CultivationMeasure, measure_id)
    if measure is None or measure.plan_id != plan.id:
        raise refused(
            "measure", f"plan {plan_id} has no measure {measure_id}",
            f"该一企一策没有第 {measure_id} 号措施",
        )  # fmt: skip
    session.delete(measure)
    plan.updated_at = now
    session.add(plan)
    audit(
        session, actor=viewer.actor, entity_type=ENTITY, entity_id=plan.id,
        action="measure_removed", now=now, before=measure.text,
        detail={"measure_id": measure_id},
    )  # fmt: skip


def measures_of(session: Session, plan_id: int) -> list[CultivationMeasure]:
    return list(
        session.exec(
            select(CultivationMeasure)
            .where(CultivationMeasure.plan_id == plan_id)
            .order_by(col(CultivationMeasure.position), col(CultivationMeasure.id))
        )
    )


def _request(session: Session, code: str | None, enterprise_id: int) -> FactorRequest | None:
    if not code or not code.strip():
        return None
    request = session.exec(select(FactorRequest).where(FactorRequest.code == code.strip())).first()
    if request is None:
        raise refused(
            "factor_request", f"no factor request {code!r}", f"没有编号为 {code!r} 的要素诉求"
        )
    if request.enterprise_id != enterprise_id:
        raise refused(
            "factor_request",
            f"{request.code} is another enterprise's request: a measure links the plan's own",
            f"{request.code} 是其他企业的诉求，措施只能关联本企业的要素诉求",
        )
    return request


def _project(session: Session, code: str | None, enterprise_id: int) -> KeyProject | None:
    if not code or not code.strip():
        return None
    project = session.exec(select(KeyProject).where(KeyProject.code == code.strip())).first()
    if project is None:
        raise refused("project", f"no key project {code!r}", f"没有编号为 {code!r} 的重点项目")
    if project.enterprise_id != enterprise_id:
        raise refused(
            "project",
            f"{project.code} is another enterprise's project: a measure links the plan's own",
            f"{project.code} 是其他企业的项目，措施只能关联本企业的重点项目",
        )
    return project
