"""Factor-supply requests (要素保障诉求): submit and move them through their lifecycle.

An enterprise's contact submits for its own enterprise and projects; the chain's working group
and the office may submit for any. The factor type picks the handling department (factors.yaml)
and the service levels; every move is checked against ``mechanism.factor_requests``, keeps the
light and the check's clock true, and leaves an audit event. Bad input is refused with a clear
error before anything is written.
"""

import math
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from mechanism.factor_requests import FactorRules, next_request_code, stage_of
from mechanism.request_lifecycle import RequestAction, RequestRole, check_request_move
from mechanism.vocabulary import FactorType, RequestState
from mechanism.wording import Said, zh
from models import (
    AuditEvent,
    Chain,
    Department,
    Enterprise,
    EnterpriseMembership,
    FactorRequest,
    KeyProject,
)
from services.actors import Actor
from services.audit import audit
from services.blocking import release_items
from services.directory import Directory
from services.lookups import UnknownChain, chain_by_code
from services.request_check import deadline_of, plain_number, refresh_request
from services.rules import EngineRules

_RELEASING = frozenset({RequestAction.RESOLVE, RequestAction.REJECT, RequestAction.CONFIRM})
"""Moves after which nothing should wait on the request any more: an answer, yes or no, lets the
blocked work go on (or be re-planned) instead of waiting for ever."""


class RequestInputError(ValueError):
    """A value that does not fit; the message names the field."""


class RequestAccessDenied(PermissionError):
    """The actor may not see or touch this request (a firm and another firm's request)."""


class RequestNotFound(LookupError):
    """No request with that code."""


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
    _may_submit(session, actor, chain, firm)
    project = _project(session, project_code, chain, firm, actor)
    if project is None and not _on_chain(session, chain, firm):
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
    _check_amount(quantity, unit, description)
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
    department = _handling_department(session, factor, factors)
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
    _schedule(request, None, rules, factors)
    session.add(request)
    session.flush()
    refresh_request(session, request, now=now, rules=rules, factors=factors)
    _record(
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
    session.flush()
    return request


def update_request(
    *,
    session: Session,
    code: str,
    actor: Actor,
    action: str,
    reply: str | None = None,
    reason: str | None = None,
    satisfaction: int | None = None,
    now: datetime,
    rules: EngineRules,
    factors: FactorRules,
) -> FactorRequest:
    """Apply ``action`` (accept, start, resolve, reject, confirm, reopen) for ``actor``."""
    try:
        move = RequestAction(action.strip().lower())
    except ValueError:
        choices = ", ".join(a.value for a in RequestAction)
        raise RequestInputError(
            Said(
                f"action: unknown {action!r}; choose one of: {choices}",
                f"无法识别的操作 {action!r}；可选：{choices}",
            )
        ) from None
    request = load_request(session, code, actor, for_update=True)
    before = RequestState(request.state)
    roles = roles_on_request(session, actor, request)
    after = check_request_move(
        move, before, roles, reply=reply, reason=reason, satisfaction=satisfaction
    )
    today = rules.today(now)
    _apply(request, move, now, reply=reply, reason=reason, satisfaction=satisfaction)
    request.state = after.value
    old = (stage_of(before), request.stage_due)
    reopened_on = today if move == RequestAction.REOPEN else last_reopened(session, request, rules)
    _schedule(request, reopened_on, rules, factors)
    if (stage_of(after), request.stage_due) != old:
        request.ladder_level = -1  # a stage met (or a new one begun): its ladder starts afresh
    released = (
        release_items(session=session, request=request, now=now, rules=rules)
        if move in _RELEASING
        else []
    )
    refresh_request(session, request, now=now, rules=rules, factors=factors)
    detail = {
        key: value
        for key, value in (
            ("reply", reply),
            ("reason", reason),
            ("satisfaction", satisfaction),
            ("stage_due", request.stage_due.isoformat() if request.stage_due else None),
            ("released", released or None),
        )
        if value is not None
    }
    _record(session, actor, request, move.value, now, before.value, after.value, detail)
    session.flush()
    return request


def _apply(
    request: FactorRequest,
    move: RequestAction,
    now: datetime,
    *,
    reply: str | None,
    reason: str | None,
    satisfaction: int | None,
) -> None:
    """The timestamps and texts a move records on the request itself."""
    if move == RequestAction.ACCEPT:
        request.accepted_at = now
    elif move == RequestAction.START:
        request.planned_at, request.reply = now, (reply or "").strip()
    elif move == RequestAction.RESOLVE:
        request.planned_at = request.planned_at or now  # a resolution is also a plan, met
        request.resolved_at, request.reply = now, (reply or "").strip()
    elif move == RequestAction.REJECT:
        # resolved_at is when the request was answered, yes or no (the close service level).
        request.resolved_at, request.reject_reason = now, (reason or "").strip()
    elif move == RequestAction.CONFIRM:
        request.confirmed_at, request.satisfaction = now, satisfaction
    elif move == RequestAction.REOPEN:
        request.reopened += 1
        request.satisfaction = satisfaction
        request.resolved_at = request.reject_reason = None  # a new round; the trail keeps the old


def _schedule(
    request: FactorRequest, reopened_on: date | None, rules: EngineRules, factors: FactorRules
) -> None:
    request.stage_due = deadline_of(request, reopened_on=reopened_on, rules=rules, factors=factors)


def last_reopened(session: Session, request: FactorRequest, rules: EngineRules) -> date | None:
    """The day the request was last reopened (the close level counts from it), if ever."""
    if not request.reopened:
        return None
    at = session.exec(
        select(AuditEvent.at)
        .where(
            AuditEvent.entity_type == "factor_request",
            AuditEvent.entity_id == request.id,
            AuditEvent.action == RequestAction.REOPEN.value,
        )
        .order_by(col(AuditEvent.at).desc())
    ).first()
    return rules.today(at) if at else None


def load_request(
    session: Session, code: str, actor: Actor | None, *, for_update: bool = False
) -> FactorRequest:
    """The request ``code`` as stored now, if ``actor`` may see it (a firm sees its own only).

    Read afresh even if the session holds it (the check changes requests from its own
    connection); ``for_update`` locks the row on PostgreSQL so a check waits for the move.
    """
    query = select(FactorRequest).where(FactorRequest.code == code.strip())
    if for_update:
        query = query.with_for_update()
    request = session.exec(query.execution_options(populate_existing=True)).first()
    if request is None:
        raise RequestNotFound(Said(f"no factor request {code!r}", f"没有要素保障诉求 {code!r}"))
    if actor is not None and actor.enterprise_id not in (None, request.enterprise_id):
        raise RequestAccessDenied(
            Said(
                f"factor request {request.code} is another enterprise's; "
                "an enterprise sees and acts on its own requests only",
                f"要素保障诉求 {request.code} 属于其他企业；企业只能查看和办理本企业的诉求",
            )
        )
    return request


def roles_on_request(
    session: Session, actor: Actor, request: FactorRequest
) -> frozenset[RequestRole]:
    """How ``actor`` stands to ``request``: handling department, office, requester.

    The requester is the enterprise itself, whoever submitted it, and — when a working group
    member or the office submitted it for the enterprise — that working group or the office.
    """
    roles = {RequestRole.OFFICE} if actor.is_office else set()
    if actor.enterprise_id is not None:
        if actor.enterprise_id == request.enterprise_id:
            roles.add(RequestRole.REQUESTER)
        return frozenset(roles)
    if actor.person_id is None:
        return frozenset(roles)
    directory = Directory(session.connection())
    person = directory.people.get(actor.person_id)
    if person is not None and person.department_id == request.department_id:
        roles.add(RequestRole.LEAD_DEPARTMENT)
    submitter = next(
        (pid for pid, p in directory.people.items() if p.email == request.submitted_by), None
    )
    team = directory.team(request.chain_id)
    if (
        actor.label == request.submitted_by
        or (submitter in team and actor.person_id in team)
        or (submitter in directory.office and actor.is_office)
    ):
        roles.add(RequestRole.REQUESTER)
    return frozenset(roles)


def _may_submit(session: Session, actor: Actor, chain: Chain, firm: Enterprise) -> None:
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


def _project(
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


def _on_chain(session: Session, chain: Chain, firm: Enterprise) -> bool:
    membership = session.exec(
        select(EnterpriseMembership).where(
            EnterpriseMembership.chain_id == chain.id,
            EnterpriseMembership.enterprise_id == firm.id,
        )
    ).first()
    return membership is not None


def _check_amount(quantity: float, unit: str, description: str) -> None:
    if not math.isfinite(quantity) or quantity <= 0:
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
    if not description.strip():
        raise RequestInputError(
            Said("description: say what is needed and why", "请说明需要什么、为什么需要")
        )


def _handling_department(session: Session, factor: FactorType, factors: FactorRules) -> Department:
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


def unknown_chain(exc: UnknownChain, code: str) -> RequestInputError:
    """An unknown chain, as the refusal of a request's ``chain`` field (in Chinese the lookup's
    own words when it has them, which list the known codes)."""
    said = zh(exc)
    return RequestInputError(
        Said(f"chain: {exc}", said if said != str(exc) else f"没有产业链 {code!r}")
    )


def _record(
    session: Session,
    actor: Actor,
    request: FactorRequest,
    action: str,
    now: datetime,
    before: str | None = None,
    after: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    audit(
        session,
        actor=actor,
        entity_type="factor_request",
        entity_id=request.id,
        action=action,
        now=now,
        before=before,
        after=after,
        detail=detail,
    )
