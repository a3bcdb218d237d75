"""Reading events and matches as the pages, the CLI and the JSON API show them: plain dicts
with English keys and codes (the README lists them), filtered in the query to what the viewer
sees (``access``); a viewer of None is the operator at the command line, who sees everything.
"""

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from mechanism.matchmaking import EventState, HeldRules, MatchStage, ParticipantRole
from mechanism.wording import Said
from models import (
    AuditEvent,
    CapabilityItem,
    Chain,
    DemandItem,
    Department,
    Enterprise,
    EventParticipant,
    Match,
    MatchFollowUp,
    MatchmakingEvent,
    Task,
)
from services.matchmaking.access import event_filter, sees_match
from services.matchmaking.condition import held_verdict_of
from services.matchmaking.errors import EventNotFound, MatchmakingRefused, MatchNotFound
from services.people import Viewer


def _event_row(event: MatchmakingEvent, chain: str, department: str) -> dict[str, Any]:
    return {
        "id": event.id,
        "chain": chain,
        "title": event.title,
        "kind": event.kind,
        "host_department": department,
        "platform_partner": event.platform_partner,
        "held_on": event.held_on,
        "place": event.place,
        "online": event.online,
        "state": event.state,
    }


def list_events(
    *,
    session: Session,
    viewer: Viewer | None,
    chain: str | None = None,
    state: str | None = None,
) -> list[dict[str, Any]]:
    """The events ``viewer`` sees, latest first, with how many chain masters, SMEs and
    matches each has."""
    query = (
        select(MatchmakingEvent, Chain.code, Department.code)
        .join(Chain, col(Chain.id) == MatchmakingEvent.chain_id)
        .join(Department, col(Department.id) == MatchmakingEvent.host_department_id)
        .where(event_filter(viewer))
        .order_by(col(MatchmakingEvent.held_on).desc(), col(MatchmakingEvent.id).desc())
    )
    if chain:
        query = query.where(Chain.code == chain.strip())
    if state:
        chosen = EventState.parse(state)
        if chosen is None:
            raise MatchmakingRefused(
                Said(f"state: {state!r}; choose one of: {EventState.choices()}",
                     f"状态：无法识别 {state!r}；可选：{EventState.choices()}")
            )  # fmt: skip
        query = query.where(MatchmakingEvent.state == chosen.value)
    rows = session.exec(query).all()
    ids = [event.id for event, _, _ in rows]
    invited: dict[tuple[int, str], int] = {}
    matched: dict[int, int] = {}
    if ids:
        for event_id, role, n in session.exec(
            select(EventParticipant.event_id, EventParticipant.role, sa.func.count())
            .where(col(EventParticipant.event_id).in_(ids))
            .group_by(col(EventParticipant.event_id), col(EventParticipant.role))
        ).all():
            invited[(event_id, role)] = n
        for at_event, n in session.exec(
            select(Match.event_id, sa.func.count())
            .where(col(Match.event_id).in_(ids))
            .group_by(col(Match.event_id))
        ).all():
            matched[at_event or 0] = n
    return [
        {
            **_event_row(event, chain_code, department),
            "chain_masters": invited.get((event.id or 0, ParticipantRole.CHAIN_MASTER.value), 0),
            "smes": invited.get((event.id or 0, ParticipantRole.SME.value), 0),
            "matches": matched.get(event.id or 0, 0),
        }
        for event, chain_code, department in rows
    ]


def visible_event(session: Session, viewer: Viewer | None, event_id: int) -> MatchmakingEvent:
    """The event, if ``viewer`` sees it; else the same EventNotFound as for no event."""
    event = session.exec(
        select(MatchmakingEvent)
        .where(MatchmakingEvent.id == event_id, event_filter(viewer))
        .execution_options(populate_existing=True)
    ).first()
    if event is None:
        raise EventNotFound(Said(f"no event {event_id}", f"没有对接活动 {event_id}"))
    return event


def show_event(
    *, session: Session, viewer: Viewer | None, event_id: int, rules: HeldRules
) -> dict[str, Any]:
    """One event: its particulars, who is invited (and whether each counts for the held
    condition), the condition's state, its matches by stage and its history."""
    event = visible_event(session, viewer, event_id)
    chain = session.get(Chain, event.chain_id)
    department = session.get(Department, event.host_department_id)
    verdict = held_verdict_of(session, event, rules)
    counted = set(verdict.masters) | set(verdict.smes)
    invited = session.exec(
        select(EventParticipant.role, Enterprise.credit_code, Enterprise.name)
        .join(Enterprise, col(Enterprise.id) == EventParticipant.enterprise_id)
        .where(EventParticipant.event_id == event_id)
        .order_by(col(EventParticipant.role), col(Enterprise.name))
    ).all()
    matches = list_matches(session=session, viewer=viewer, event_id=event_id)
    return {
        **_event_row(event, chain.code if chain else "", department.code if department else ""),
        "chain_name": chain.name_zh if chain else "",
        "participants": [
            {"role": role, "credit_code": code, "name": name, "counts": name in counted}
            for role, code, name in invited
        ],
        "condition": {
            "ok": verdict.ok,
            "chain_masters": list(verdict.masters),
            "smes": list(verdict.smes),
            "needed_chain_masters": verdict.needed_masters,
            "needed_smes": verdict.needed_smes,
            "missing": None if verdict.ok else str(verdict.refusal()),
            "missing_zh": None if verdict.ok else verdict.refusal().zh,
        },
        "matches": matches,
        "matches_by_stage": {
            stage.value: [m for m in matches if m["stage"] == stage.value] for stage in MatchStage
        },
        "history": history(session, "matchmaking_event", event_id),
    }


def _match_clause(viewer: Viewer | None) -> sa.ColumnElement[bool]:
    if viewer is None or viewer.reads_every_chain:
        return sa.true()
    if viewer.enterprise_id is not None:
        return sa.or_(
            col(DemandItem.enterprise_id) == viewer.enterprise_id,
            col(CapabilityItem.enterprise_id) == viewer.enterprise_id,
        )
    ways: list[sa.ColumnElement[bool]] = []
    chains = viewer.team_chains | viewer.leader_chains
    if chains:
        ways.append(col(DemandItem.chain_id).in_(sorted(chains)))
    if viewer.department_id is not None:
        ways.append(col(MatchmakingEvent.host_department_id) == viewer.department_id)
    return sa.or_(*ways) if ways else sa.false()


def list_matches(
    *,
    session: Session,
    viewer: Viewer | None,
    event_id: int | None = None,
    chain: str | None = None,
    stage: str | None = None,
    match_id: int | None = None,
) -> list[dict[str, Any]]:
    """The matches ``viewer`` sees, oldest first, with both sides named."""
    demander, supplier = aliased(Enterprise), aliased(Enterprise)
    query = (
        sa.select(Match, DemandItem, CapabilityItem, col(Chain.code), demander, supplier)
        .join(DemandItem, col(DemandItem.id) == Match.demand_id)
        .join(CapabilityItem, col(CapabilityItem.id) == Match.capability_id)
        .join(Chain, col(Chain.id) == DemandItem.chain_id)
        .join(demander, col(demander.id) == DemandItem.enterprise_id)
        .join(supplier, col(supplier.id) == CapabilityItem.enterprise_id)
        .outerjoin(MatchmakingEvent, col(MatchmakingEvent.id) == Match.event_id)
        .where(_match_clause(viewer))
        .order_by(col(Match.id))
    )
    if event_id is not None:
        query = query.where(col(Match.event_id) == event_id)
    if match_id is not None:
        query = query.where(col(Match.id) == match_id)
    if chain:
        query = query.where(col(Chain.code) == chain.strip())
    if stage:
        chosen = MatchStage.parse(stage)
        if chosen is None:
            raise MatchmakingRefused(
                Said(f"stage: {stage!r}; choose one of: {MatchStage.choices()}",
                     f"阶段：无法识别 {stage!r}；可选：{MatchStage.choices()}")
            )  # fmt: skip
        query = query.where(col(Match.stage) == chosen.value)
    return [
        {
            "id": m.id,
            "chain": chain_code,
            "event_id": m.event_id,
            "demand_id": d.id,
            "demand": d.item,
            "demander": buyer.name,
            "demander_credit_code": buyer.credit_code,
            "capability_id": c.id,
            "product": c.product,
            "supplier": seller.name,
            "supplier_credit_code": seller.credit_code,
            "stage": m.stage,
            "why": m.why,
            "intention_wan": m.intention_wan,
            "contract_wan": m.contract_wan,
            "realised_wan": m.realised_wan,
            "lost_reason": m.lost_reason,
            "intention_on": m.intention_on,
            "signed_on": m.signed_on,
        }
        for m, d, c, chain_code, buyer, seller in session.execute(query).all()
    ]


def show_match(*, session: Session, viewer: Viewer | None, match_id: int) -> dict[str, Any]:
    """One match with its follow-up tasks and history, if ``viewer`` sees it."""
    found = list_matches(session=session, viewer=viewer, match_id=match_id)
    if not found:
        raise MatchNotFound(Said(f"no match {match_id}", f"没有对接记录 {match_id}"))
    follow = session.exec(
        select(
            col(MatchFollowUp.after_days), col(Task.id), col(Task.due_date), col(Task.state)
        )
        .join(Task, col(Task.id) == MatchFollowUp.task_id)
        .where(MatchFollowUp.match_id == match_id)
        .order_by(col(MatchFollowUp.after_days))
    ).all()
    return {
        **found[0],
        "follow_ups": [
            {"after_days": days, "task_id": task_id, "due": due, "state": state}
            for days, task_id, due, state in follow
        ],
        "history": history(session, "supply_match", match_id),
    }


def match_sides(session: Session, match_id: int) -> tuple[int, tuple[int, int], int | None]:
    """The match's chain, its two enterprises and its event's host department (for checks)."""
    row = session.execute(
        sa.select(col(DemandItem.chain_id), col(DemandItem.enterprise_id),
                  col(CapabilityItem.enterprise_id), col(MatchmakingEvent.host_department_id))
        .select_from(Match)
        .join(DemandItem, col(DemandItem.id) == Match.demand_id)
        .join(CapabilityItem, col(CapabilityItem.id) == Match.capability_id)
        .outerjoin(MatchmakingEvent, col(MatchmakingEvent.id) == Match.event_id)
        .where(col(Match.id) == match_id)
    ).first()  # fmt: skip
    if row is None:
        raise MatchNotFound(Said(f"no match {match_id}", f"没有对接记录 {match_id}"))
    chain_id, buyer, seller, host = row
    return chain_id, (buyer, seller), host


def visible_match_sides(
    session: Session, viewer: Viewer | None, match_id: int
) -> tuple[int, tuple[int, int], int | None]:
    chain_id, sides, host = match_sides(session, match_id)
    if not sees_match(viewer, chain_id=chain_id, sides=sides, host_department_id=host):
        raise MatchNotFound(Said(f"no match {match_id}", f"没有对接记录 {match_id}"))
    return chain_id, sides, host


def history(session: Session, entity_type: str, entity_id: int) -> list[dict[str, Any]]:
    return [
        {
            "at": e.at,
            "actor": e.actor,
            "action": e.action,
            "from": e.from_value,
            "to": e.to_value,
            "detail": e.detail,
        }
        for e in session.exec(
            select(AuditEvent)
            .where(AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id)
            .order_by(col(AuditEvent.at), col(AuditEvent.id))
        ).all()
    ]
