"""Reading factor requests: the list and one request in full, each with its light as of a day.

Lights are computed here, not read, so a list is right even before the day's check has run.
"""

from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from mechanism.factor_requests import FactorRules, explain, request_light, stage_of
from mechanism.notice_reasons import why
from mechanism.vocabulary import RequestState
from models import (
    AuditEvent,
    Chain,
    Department,
    Enterprise,
    FactorRequest,
    KeyProject,
    Notice,
)
from services.config import EngineRules
from services.lookups import UnknownChain, chain_by_code
from services.people import Actor
from services.requests.moves import load_request, unknown_chain
from services.requests.service_level import blocked_by, deadline_of, plain_number


def list_requests(
    *,
    session: Session,
    today: date,
    rules: EngineRules,
    factors: FactorRules,
    actor: Actor | None = None,
    chain: str | None = None,
    state: str | None = None,
    locale: str = "zh-CN",
) -> list[dict[str, Any]]:
    """Requests by chain and code, each with its light as of ``today`` and the reason for it.

    The light is computed, not read: it is true today even before the day's check has run.
    A firm sees its own enterprise's requests only. Keys are a contract: add, never rename.
    """
    query = select(FactorRequest).order_by(col(FactorRequest.chain_id), col(FactorRequest.code))
    if chain is not None:
        try:
            found = chain_by_code(session, chain)
        except UnknownChain as exc:
            raise unknown_chain(exc, chain) from None
        query = query.where(FactorRequest.chain_id == found.id)
    if state is not None:
        query = query.where(FactorRequest.state == state)
    if actor is not None and actor.enterprise_id is not None:
        query = query.where(FactorRequest.enterprise_id == actor.enterprise_id)
    requests = list(session.exec(query))
    blocks = blocked_by(session.connection(), [r.id for r in requests if r.id is not None])
    names = request_names(session)
    return [
        request_row(r, names, blocks.get(r.id or 0, []), today, rules, factors, locale)
        for r in requests
    ]


def show_request(
    *,
    session: Session,
    code: str,
    today: date,
    rules: EngineRules,
    factors: FactorRules,
    actor: Actor | None = None,
    locale: str = "zh-CN",
) -> dict[str, Any]:
    """One request in full: the list row, its texts and dates, its history and its notices."""
    request = load_request(session, code, actor)
    assert request.id is not None
    blocks = blocked_by(session.connection(), [request.id]).get(request.id, [])
    row = request_row(request, request_names(session), blocks, today, rules, factors, locale)
    events = session.exec(
        select(AuditEvent)
        .where(AuditEvent.entity_type == "factor_request", AuditEvent.entity_id == request.id)
        .order_by(col(AuditEvent.at), col(AuditEvent.id))
    ).all()
    notices = session.exec(
        select(Notice)
        .where(Notice.subject_type == "factor_request", Notice.subject_id == request.id)
        .order_by(col(Notice.issued_at), col(Notice.id))
    ).all()
    return {
        **row,
        "description": request.description,
        "reply": request.reply,
        "reject_reason": request.reject_reason,
        "satisfaction": request.satisfaction,
        "reopened": request.reopened,
        "submitted_by": request.submitted_by,
        **{
            name: getattr(request, name)
            for name in ("submitted_at", "accepted_at", "planned_at", "resolved_at", "confirmed_at")
        },
        "history": [
            {
                "at": e.at,
                "actor": e.actor,
                "action": e.action,
                "from": e.from_value,
                "to": e.to_value,
                "detail": e.detail,
            }
            for e in events
        ],
        "notices": [
            {
                "issued_at": n.issued_at,
                "level": n.level,
                "stage": n.facts.get("stage"),
                "reason": why(n.kind, n.facts),  # a Said: the page shows its language
            }
            for n in notices
        ],
    }


def request_names(session: Session) -> dict[str, dict[int | None, str]]:
    return {
        "chain": {c.id: c.code for c in session.exec(select(Chain))},
        "enterprise": {e.id: e.name for e in session.exec(select(Enterprise))},
        "project": {p.id: p.code for p in session.exec(select(KeyProject))},
        "department": {d.id: d.code for d in session.exec(select(Department))},
    }


def request_row(
    request: FactorRequest,
    names: dict[str, dict[int | None, str]],
    blocks: list[str],
    today: date,
    rules: EngineRules,
    factors: FactorRules,
    locale: str = "zh-CN",
) -> dict[str, Any]:
    state = RequestState(request.state)
    stage = stage_of(state)
    due = request.stage_due
    if stage is not None and due is None:  # imported, not yet adopted by a check: compute it
        due = deadline_of(request, rules=rules, factors=factors)
    light, reasons = request_light(
        state,
        due,
        today=today,
        calendar=rules.calendar,
        blocking=bool(blocks),
        yellow_within_days=factors.yellow_within_days,
    )
    reason = explain(
        reasons,
        stage=stage,
        stage_due=due,
        today=today,
        calendar=rules.calendar,
        blocks=blocks,
        locale=locale,
    )
    return {
        "code": request.code,
        "chain": names["chain"].get(request.chain_id),
        "enterprise": names["enterprise"].get(request.enterprise_id),
        "project": names["project"].get(request.project_id),
        "factor_type": request.factor_type,
        "quantity": plain_number(request.quantity),
        "unit": request.unit,
        "needed_by": request.needed_by,
        "department": names["department"].get(request.department_id),
        "state": request.state,
        "stage": stage.value if stage else None,
        "stage_due": due,
        "light": light.value,
        "light_reason": reason,
        "reasons": list(reasons),
        "blocks": blocks,
        "ladder_level": request.ladder_level,
    }
