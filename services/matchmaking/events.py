"""Matchmaking events (融通对接活动): plan one, invite chain masters and SMEs, move it through
planned → collecting → matched → held → following up → reported.

Only the office or the chain's working group does any of it (``access.runs_chain``); every
change leaves an audit event. Holding is refused, with what is missing named, unless the
invited enterprises meet the held condition on the event's day (``condition``). Marking it
reported freezes the event's report line in its audit record: what was sent to the province
stays what it was, whatever a match does later.
"""

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from mechanism.matchmaking import (
    EventKind,
    EventState,
    HeldRules,
    IllegalMove,
    ParticipantRole,
    check_event_move,
)
from mechanism.wording import Said
from models import Chain, Department, Enterprise, EventParticipant, MatchmakingEvent
from services.audit import audit
from services.lookups import UnknownChain, chain_by_code
from services.matchmaking.condition import held_verdict_of
from services.matchmaking.errors import EventNotFound, MatchmakingRefused, NotYours
from services.matchmaking.lines import event_line
from services.people import Actor, runs_chain

ENTITY = "matchmaking_event"
_TEXT_LIMIT = 200


def load_event(session: Session, event_id: int, *, for_update: bool = False) -> MatchmakingEvent:
    query = select(MatchmakingEvent).where(MatchmakingEvent.id == event_id)
    if for_update:
        query = query.with_for_update()
    event = session.exec(query.execution_options(populate_existing=True)).first()
    if event is None:
        raise EventNotFound(Said(f"no event {event_id}", f"没有对接活动 {event_id}"))
    return event


def _text(value: str | None, field: tuple[str, str], *, required: bool) -> str | None:
    cleaned = (value or "").strip()
    if not cleaned:
        if required:
            raise MatchmakingRefused(Said(f"{field[0]}: fill it in", f"{field[1]}：请填写"))
        return None
    if len(cleaned) > _TEXT_LIMIT:
        raise MatchmakingRefused(
            Said(
                f"{field[0]}: at most {_TEXT_LIMIT} characters, not {len(cleaned)}",
                f"{field[1]}：最多{_TEXT_LIMIT}个字符，当前{len(cleaned)}个",
            )
        )
    return cleaned


def _check_runs(session: Session, actor: Actor, chain_id: int, name: str) -> None:
    if not runs_chain(session, actor, chain_id):
        raise NotYours(
            Said(
                f"only the office or the {name} working group may run its matchmaking events",
                f"只有链长制办公室或{name}产业链工作专班可以组织该产业链的对接活动",
            )
        )


def add_event(
    *,
    session: Session,
    actor: Actor,
    chain_code: str,
    title: str,
    kind: str,
    host_department: str,
    held_on: date,
    place: str | None = None,
    online: bool = False,
    platform_partner: str | None = None,
    now: datetime,
) -> MatchmakingEvent:
    """A new planned event of the chain ``chain_code``, hosted by ``host_department`` (code)."""
    try:
        chain = chain_by_code(session, chain_code.strip())
    except UnknownChain as exc:
        raise MatchmakingRefused(
            Said(f"chain: {exc}", f"产业链：没有产业链 {chain_code!r}")
        ) from None
    assert chain.id is not None
    _check_runs(session, actor, chain.id, chain.name_zh)
    chosen = EventKind.parse(kind or "")
    if chosen is None:
        raise MatchmakingRefused(
            Said(
                f"kind: {kind!r} is not an event kind; choose one of: {EventKind.choices()}",
                f"活动类型：无法识别 {kind!r}；可选：{EventKind.choices()}",
            )
        )
    department = session.exec(
        select(Department).where(Department.code == (host_department or "").strip())
    ).first()
    if department is None or department.id is None:
        raise MatchmakingRefused(
            Said(
                f"host department: no department {host_department!r}",
                f"承办部门：没有部门 {host_department!r}",
            )
        )
    named = _text(title, ("title", "活动名称"), required=True)
    where = _text(place, ("place", "地点"), required=False)
    if where is None and not online:
        raise MatchmakingRefused(
            Said(
                "place: give the place, or say the event is online",
                "地点：请填写地点，或注明线上举办",
            )
        )
    event = MatchmakingEvent(
        chain_id=chain.id,
        title=named or "",
        kind=chosen.value,
        host_department_id=department.id,
        platform_partner=_text(platform_partner, ("platform partner", "平台机构"), required=False),
        held_on=held_on,
        place=where,
        online=online,
        state=EventState.PLANNED.value,
        created_at=now,
        updated_at=now,
    )
    session.add(event)
    session.flush()
    audit(
        session, actor=actor, entity_type=ENTITY, entity_id=event.id, action="add", now=now,
        after=EventState.PLANNED.value,
        detail={"chain": chain.code, "kind": chosen.value, "held_on": held_on.isoformat()},
    )  # fmt: skip
    return event


def invite(
    *,
    session: Session,
    actor: Actor,
    event_id: int,
    credit_code: str,
    role: str,
    now: datetime,
) -> EventParticipant:
    """Invite the enterprise ``credit_code`` as a chain master or an SME, before the event is
    held (afterwards who took part is a fact, not a plan)."""
    event = load_event(session, event_id, for_update=True)
    _check_runs(session, actor, event.chain_id, _chain_name(session, event))
    chosen = ParticipantRole.parse(role or "")
    if chosen is None:
        raise MatchmakingRefused(
            Said(
                f"role: {role!r}; choose one of: {ParticipantRole.choices()}",
                f"身份：无法识别 {role!r}；可选：{ParticipantRole.choices()}",
            )
        )
    if EventState(event.state) not in (
        EventState.PLANNED, EventState.COLLECTING, EventState.MATCHED
    ):  # fmt: skip
        state = EventState(event.state)
        raise MatchmakingRefused(
            Said(
                f"state: the event is {state.value}; invitations close when it is held",
                f"状态：活动已{state.zh}，举办后不能再邀请企业",
            )
        )
    code = (credit_code or "").strip().upper()
    firm = session.exec(select(Enterprise).where(Enterprise.credit_code == code)).first()
    if firm is None or firm.id is None:
        raise MatchmakingRefused(
            Said(f"enterprise: no enterprise with credit code {credit_code!r}",
                 f"企业：没有统一社会信用代码为 {credit_code!r} 的企业")
        )  # fmt: skip
    already = session.exec(
        select(EventParticipant).where(
            EventParticipant.event_id == event_id, EventParticipant.enterprise_id == firm.id
        )
    ).first()
    if already is not None:
        held = ParticipantRole(already.role)
        raise MatchmakingRefused(
            Said(
                f"enterprise: {firm.name} is already invited as {held.value}",
                f"企业：{firm.name}已作为{held.zh}受邀",
            )
        )
    participant = EventParticipant(event_id=event_id, enterprise_id=firm.id, role=chosen.value)
    session.add(participant)
    event.updated_at = now
    session.flush()
    audit(
        session, actor=actor, entity_type=ENTITY, entity_id=event.id, action="invite", now=now,
        detail={"enterprise": firm.credit_code, "name": firm.name, "role": chosen.value},
    )  # fmt: skip
    return participant


def move_event(
    *,
    session: Session,
    actor: Actor,
    event_id: int,
    to: str,
    now: datetime,
    rules: HeldRules,
) -> MatchmakingEvent:
    """Move the event to state ``to`` (the next in its table), checking the held condition."""
    event = load_event(session, event_id, for_update=True)
    _check_runs(session, actor, event.chain_id, _chain_name(session, event))
    after = EventState.parse(to or "")
    if after is None:
        raise MatchmakingRefused(
            Said(
                f"state: {to!r}; choose one of: {EventState.choices()}",
                f"状态：无法识别 {to!r}；可选：{EventState.choices()}",
            )
        )
    before = EventState(event.state)
    try:
        check_event_move(before, after)
    except IllegalMove as exc:
        raise MatchmakingRefused(exc.args[0]) from None
    detail: dict[str, Any] = {}
    if after == EventState.HELD:
        verdict = held_verdict_of(session, event, rules)
        if not verdict.ok:
            raise MatchmakingRefused(verdict.refusal())
        detail = {"chain_masters": list(verdict.masters), "smes": list(verdict.smes)}
    event.state = after.value
    event.updated_at = now
    if after == EventState.REPORTED:
        detail = {"reported": event_line(session, event)}
    session.flush()
    audit(
        session, actor=actor, entity_type=ENTITY, entity_id=event.id, action="move", now=now,
        before=before.value, after=after.value, detail=detail or None,
    )  # fmt: skip
    return event


def participants(session: Session, event_id: int) -> list[tuple[EventParticipant, Enterprise]]:
    return list(
        session.exec(
            select(EventParticipant, Enterprise)
            .join(Enterprise, col(Enterprise.id) == EventParticipant.enterprise_id)
            .where(EventParticipant.event_id == event_id)
            .order_by(col(EventParticipant.role), col(Enterprise.name))
        ).all()
    )


def _chain_name(session: Session, event: MatchmakingEvent) -> str:
    chain = session.get(Chain, event.chain_id)
    return chain.name_zh if chain else str(event.chain_id)
