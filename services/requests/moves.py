"""Factor-supply requests (要素保障诉求): move them through their lifecycle, and what moving and
submitting share (loading a request as its viewer may, roles, the clock, the audit record).

Every move is checked against ``mechanism.request_lifecycle``, keeps the light and the check's
clock true, and leaves an audit event; submitting is ``services.requests.submission``. Bad input
is refused with a clear error before anything is written.
"""

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from mechanism.factor_requests import FactorRules, stage_of
from mechanism.request_lifecycle import RequestAction, RequestRole, check_request_move
from mechanism.vocabulary import RequestState
from mechanism.wording import Said, zh
from models import (
    AuditEvent,
    FactorRequest,
)
from services.audit import audit
from services.config import EngineRules
from services.lookups import UnknownChain
from services.people import Actor, Directory
from services.requests.blocking import release_items
from services.requests.service_level import deadline_of, refresh_request

_RELEASING = frozenset({RequestAction.RESOLVE, RequestAction.REJECT, RequestAction.CONFIRM})
"""Moves after which nothing should wait on the request any more: an answer, yes or no, lets the
blocked work go on (or be re-planned) instead of waiting for ever."""


class RequestInputError(ValueError):
    """A value that does not fit; the message names the field."""


class DuplicateRequest(RequestInputError):
    """The same request is already pending (not yet confirmed); ``existing`` is its code."""

    def __init__(self, message: str, existing: str) -> None:
        super().__init__(message)
        self.existing = existing


class RequestAccessDenied(PermissionError):
    """The actor may not see or touch this request (a firm and another firm's request)."""


class RequestNotFound(LookupError):
    """No request with that code."""


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
    schedule(request, reopened_on, rules, factors)
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
    record(session, actor, request, move.value, now, before.value, after.value, detail)
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


def schedule(
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


def unknown_chain(exc: UnknownChain, code: str) -> RequestInputError:
    """An unknown chain, as the refusal of a request's ``chain`` field (in Chinese the lookup's
    own words when it has them, which list the known codes)."""
    said = zh(exc)
    return RequestInputError(
        Said(f"chain: {exc}", said if said != str(exc) else f"没有产业链 {code!r}")
    )


def record(
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
