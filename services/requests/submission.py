"""Submitting a factor-supply request (要素保障诉求): who may submit for which enterprise and
project, what the request must say, and which department handles it.

An enterprise's contact submits for its own enterprise and projects; the chain's working group
and the office may submit for any enterprise on the chain. The factor type picks the handling
department (factors.yaml) and the service levels. Everything is checked before anything is
written; the moves after submission are ``services.requests.moves``. The handling department
is told at once (a factor-request notice at its first service level, no rung of the ladder).
"""

import math
from datetime import date, datetime

from sqlmodel import Session, col, select

from mechanism.factor_requests import (
    FactorRules,
    RequestDecision,
    RequestEscalation,
    RequestStage,
    next_request_code,
)
from mechanism.ladder import RecipientRole
from mechanism.request_lifecycle import ANSWERED
from mechanism.vocabulary import OPEN_REQUEST_STATES, FactorType, Light, RequestState
from mechanism.wording import Said
from models import Chain, Department, Enterprise, EnterpriseMembership, FactorRequest, KeyProject
from services.config import EngineRules
from services.lookups import UnknownChain, chain_by_code
from services.outbox import NewNotice, issue_notices
from services.people import Actor, Directory
from services.requests.moves import (
    DuplicateRequest,
    RequestAccessDenied,
    RequestInputError,
    record,
    schedule,
    unknown_chain,
)
from services.requests.service_level import notice_facts, plain_number, refresh_request

UNIT_LENGTH: int = FactorRequest.__table__.c.unit.type.length  # type: ignore[attr-defined]
MAX_QUANTITY = 1e9  # of any unit (亩, kVA, 万元, 人): more is a typo, not a need
MAX_DESCRIPTION = 2000  # characters, as for a task's requirements


def submit_request(
    *,
    session: Session,
    actor: Actor,
    chain_code: str,
    credit_code: str,
    project_code: str | None,
    factor_type: str,
    quantity: float,
    unit: str,
    needed_by: date,
    description: str,
    now: datetime,
    rules: EngineRules,
    factors: FactorRules,
) -> FactorRequest:
    """A new request, routed to the department that handles its factor type."""
    today = rules.today(now)
    try:
        chain = chain_by_code(session, chain_code)
    except UnknownChain as exc:
        raise unknown_chain(exc, chain_code) from None
    assert chain.id is not None  # chain_by_code returns stored chains only
    firm = session.exec(select(Enterprise).where(Enterprise.credit_code == credit_code)).first()
    if firm is None or firm.id is None:
        raise RequestInputError(
            Said(
                f"credit code: no enterprise {credit_code!r}",
                f"没有统一社会信用代码为 {credit_code!r} 的企业",
            )
        )
    may_submit(session, actor, chain, firm)
    project = request_project(session, project_code, chain, firm, actor)
    if project is None and not on_chain(session, chain, firm):
        raise RequestInputError(
            Said(
                f"credit code: {firm.name} is not on the {chain.code} chain's lists; "
                "name one of its projects on the chain, or add it to the chain first",
                f"{firm.name}不在 {chain.code} 产业链的清单上；"
                "请选择该企业在此产业链上的重点项目，或先将其列入产业链",
            )
        )
    factor = FactorType.parse(factor_type)
    if factor is None:
        raise RequestInputError(
            Said(
                f"factor type: unknown {factor_type!r}; choose one of: {FactorType.choices()}",
                f"无法识别的要素类型 {factor_type!r}；可选：{'、'.join(t.zh for t in FactorType)}",
            )
        )
    check_amount(quantity, unit, description)
    if project is not None and needed_by < date(project.year, 1, 1):
        raise RequestInputError(
            Said(
                f"needed by: {needed_by} is before project {project.code} began ({project.year})",
                f"需求时限 {needed_by} 早于项目 {project.code} 的台账年度（{project.year}）",
            )
        )
    if needed_by < today:
        raise RequestInputError(
            Said(
                f"needed by: {needed_by} is in the past (today is {today})",
                f"需求时限 {needed_by} 已过（今天是 {today}）",
            )
        )
    check_not_pending(session, firm, project, factor, description)
    department = handling_department(session, factor, factors)
    assert department.id is not None
    existing = session.exec(
        select(FactorRequest.code).where(col(FactorRequest.code).startswith(f"YS{today.year}-"))
    ).all()
    request = FactorRequest(
        code=next_request_code(existing, today.year),
        chain_id=chain.id,
        enterprise_id=firm.id,
        project_id=project.id if project else None,
        factor_type=factor.value,
        quantity=float(quantity),
        unit=unit.strip(),
        needed_by=needed_by,
        description=description.strip(),
        department_id=department.id,
        state=RequestState.SUBMITTED.value,
        submitted_by=actor.label,
        submitted_at=now,
    )
    schedule(request, None, rules, factors)
    session.add(request)
    session.flush()
    refresh_request(session, request, now=now, rules=rules, factors=factors)
    record(
        session,
        actor,
        request,
        "submit",
        now,
        after=request.state,
        detail={
            "factor_type": factor.value,
            "quantity": plain_number(request.quantity),
            "unit": request.unit,
            "department": department.code,
            "stage_due": request.stage_due.isoformat() if request.stage_due else None,
        },
    )
    tell_routed(session, request, firm, now=now, rules=rules)
    session.flush()
    return request


def tell_routed(
    session: Session,
    request: FactorRequest,
    firm: Enterprise,
    *,
    now: datetime,
    rules: EngineRules,
) -> None:
    """The handling department learns of a request routed to it the day it comes in, with
    the first service level's deadline — before any rung of the ladder would tell it."""
    if request.id is None or request.stage_due is None:
        return
    directory = Directory(session.connection(), office_mailbox=rules.office_mailbox)
    routed = RequestDecision(
        light=Light(request.light),
        reasons=(),
        escalation=RequestEscalation(
            level=-1,  # no rung: the rollup's ladder figures leave it out
            stage=RequestStage.ACKNOWLEDGE,
            recipients=(RecipientRole.LEAD_DEPARTMENT,),
            reason="routed",
        ),
        next_look=None,
    )
    today = rules.today(now)
    notice = NewNotice(
        key=f"factor_request:{request.id}:routed",
        kind="factor_request",
        level=-1,
        chain_id=request.chain_id,
        subject_type="factor_request",
        subject_id=request.id,
        year=today.year,
        facts=notice_facts(request, {firm.id or 0: firm.name}, routed, today, directory, rules),
        recipients=directory.recipients(
            (RecipientRole.LEAD_DEPARTMENT,),
            chain_id=request.chain_id,
            owner_id=-1,
            lead_department_id=request.department_id,
        ),
    )
    issue_notices(session.connection(), [notice], now=now, directory=directory, rules=rules)


def may_submit(session: Session, actor: Actor, chain: Chain, firm: Enterprise) -> None:
    if actor.enterprise_id is not None:
        if actor.enterprise_id != firm.id:
            raise RequestAccessDenied(
                Said(
                    f"an enterprise may submit requests for itself only, not for {firm.name}",
                    f"企业只能为本企业提出诉求，不能为{firm.name}提出",
                )
            )
        return
    if actor.is_office or actor.is_system:
        return
    team = Directory(session.connection()).team(chain.id or -1)
    if actor.person_id not in team:
        raise RequestAccessDenied(
            Said(
                f"only the enterprise, the {chain.code} chain's working group or the office "
                "may submit its requests",
                f"只有该企业、{chain.code} 产业链工作专班或市链长制办公室可以为其提出诉求",
            )
        )


def request_project(
    session: Session, code: str | None, chain: Chain, firm: Enterprise, actor: Actor
) -> KeyProject | None:
    if code is None or not code.strip():
        return None
    project = session.exec(select(KeyProject).where(KeyProject.code == code.strip())).first()
    if project is None:
        raise RequestInputError(Said(f"project: no key project {code!r}", f"没有重点项目 {code!r}"))
    if project.enterprise_id != firm.id:
        refusal = RequestAccessDenied if actor.enterprise_id is not None else RequestInputError
        raise refusal(
            Said(
                f"project: {project.code} is another enterprise's, not {firm.name}'s",
                f"重点项目 {project.code} 属于其他企业，不是{firm.name}的",
            )
        )
    if project.chain_id != chain.id:
        raise RequestInputError(
            Said(
                f"project: {project.code} is not on the {chain.code} chain",
                f"重点项目 {project.code} 不在 {chain.code} 产业链上",
            )
        )
    return project


def on_chain(session: Session, chain: Chain, firm: Enterprise) -> bool:
    membership = session.exec(
        select(EnterpriseMembership).where(
            EnterpriseMembership.chain_id == chain.id,
            EnterpriseMembership.enterprise_id == firm.id,
        )
    ).first()
    return membership is not None


def check_amount(quantity: float, unit: str, description: str) -> None:
    if not math.isfinite(quantity):
        raise RequestInputError(
            Said(
                f"quantity: must be a finite number, not {quantity!r}",
                f"需求数量须为有限的数字，不能是 {quantity!r}",
            )
        )
    if quantity <= 0:
        raise RequestInputError(
            Said(
                f"quantity: must be more than zero, not {quantity:g}",
                f"需求数量须大于零，不能是 {quantity:g}",
            )
        )
    if not unit.strip():
        raise RequestInputError(
            Said(
                "unit: must not be empty (亩, 吨标煤, kVA, 万元, 人, …)",
                "单位不能为空（亩、吨标煤、kVA、万元、人……）",
            )
        )
    if len(unit.strip()) > UNIT_LENGTH:  # the column's width (PostgreSQL refuses more)
        given = len(unit.strip())
        raise RequestInputError(
            Said(
                f"unit: at most {UNIT_LENGTH} characters (亩, 吨标煤, kVA, …), not {given}",
                f"单位最多 {UNIT_LENGTH} 个字符（亩、吨标煤、kVA……），现为 {given} 个",
            )
        )
    if quantity > MAX_QUANTITY:
        raise RequestInputError(
            Said(
                f"quantity: at most {MAX_QUANTITY:,.0f}, not {quantity:g}",
                f"需求数量最多为 {MAX_QUANTITY:,.0f}，不能是 {quantity:g}",
            )
        )
    if not description.strip():
        raise RequestInputError(
            Said("description: say what is needed and why", "请说明需要什么、为什么需要")
        )
    if len(description.strip()) > MAX_DESCRIPTION:
        given = len(description.strip())
        raise RequestInputError(
            Said(
                f"description: at most {MAX_DESCRIPTION} characters, not {given}",
                f"诉求内容最多 {MAX_DESCRIPTION} 个字，当前 {given} 个字",
            )
        )


_PENDING = sorted(s.value for s in OPEN_REQUEST_STATES | ANSWERED)
"""A request is pending until the requester confirms it: while it is open, the department is
on it; once answered, the requester confirms or reopens it (the reopen count is a statistic,
so asking again is a reopen, not a new request)."""


def check_not_pending(
    session: Session,
    firm: Enterprise,
    project: KeyProject | None,
    factor: FactorType,
    description: str,
) -> None:
    """Refuse a request already pending: same enterprise, project, factor type and description
    (spacing aside). A form sent twice (a double click, a reload) must not route the same need
    twice and start two service-level clocks on it."""
    wanted = " ".join(description.split())
    pending = session.exec(
        select(FactorRequest)
        .where(
            FactorRequest.enterprise_id == firm.id,
            FactorRequest.project_id == (project.id if project else None),
            FactorRequest.factor_type == factor.value,
            col(FactorRequest.state).in_(_PENDING),
        )
        .order_by(col(FactorRequest.id))
    ).all()
    same = next((r for r in pending if " ".join(r.description.split()) == wanted), None)
    if same is None:
        return
    state = RequestState(same.state)
    where = f"for {project.code}" if project else f"of {firm.name}"
    where_zh = f"项目 {project.code} " if project else f"{firm.name}"
    if state in ANSWERED:
        then, then_zh = (
            "reopen it if the answer does not solve the problem",
            "如答复未解决问题，请重新提出该诉求",
        )
    else:
        then, then_zh = "follow that one instead", "请跟进该诉求，无需重复提出"
    raise DuplicateRequest(
        Said(
            f"the same {factor.en.lower()} request {where} is already pending as "
            f"{same.code} ({state.en.lower()}); {then}",
            f"{where_zh}已有相同的{factor.zh}类要素保障诉求 {same.code}（{state.zh}）；{then_zh}",
        ),
        same.code,
    )


def handling_department(session: Session, factor: FactorType, factors: FactorRules) -> Department:
    code = factors.routing[factor]
    department = session.exec(select(Department).where(Department.code == code)).first()
    if department is None or department.id is None:
        raise RequestInputError(
            Said(
                f"factor type: {factor.value} requests go to department {code!r} "
                "(factors.yaml), which does not exist; the office must fix the routing",
                f"{factor.zh}类诉求应转交部门 {code!r}（factors.yaml），但该部门不存在；"
                "请市链长制办公室修正转办设置",
            )
        )
    return department
