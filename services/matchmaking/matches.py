"""Matches (供需对接): a supplier's capability proposed for a chain master's demand, moving
proposed → introduced → intention → signed → delivering → done, or lost with its reason.

A match is made in stage proposed by ``choosing.propose_match`` (the chain master's choice
from the shortlist, or directly); ``move_match`` moves it, recording the stage's amount (万元)
and day, and at an intention makes the follow-up tasks (``follow_ups``). The office, the
chain's working group and the firm on either side may move a match (the chain master
proposes: it chooses, as in 揭榜); every change is audited.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from mechanism.matchmaking import (
    STAGE_AMOUNT,
    HeldRules,
    IllegalMove,
    MatchStage,
    check_match_move,
)
from mechanism.wording import Said
from models import CapabilityItem, Chain, DemandItem, Match
from services.audit import audit
from services.config import EngineRules
from services.matchmaking.access import moves_match
from services.matchmaking.errors import MatchmakingRefused, MatchNotFound, NotYours
from services.matchmaking.follow_ups import FollowUps, make_follow_ups
from services.people import Actor

ENTITY = "supply_match"
WHY_LIMIT = 1000
REASON_LIMIT = 500


@dataclass(frozen=True)
class MatchMoved:
    match: Match
    follow_ups: FollowUps


def load_match(session: Session, match_id: int, *, for_update: bool = False) -> Match:
    query = select(Match).where(Match.id == match_id)
    if for_update:
        query = query.with_for_update()
    match = session.exec(query.execution_options(populate_existing=True)).first()
    if match is None:
        raise MatchNotFound(Said(f"no match {match_id}", f"没有对接记录 {match_id}"))
    return match


def sides_of(session: Session, match: Match) -> tuple[DemandItem, CapabilityItem]:
    demand = session.get(DemandItem, match.demand_id)
    capability = session.get(CapabilityItem, match.capability_id)
    assert demand is not None and capability is not None
    return demand, capability


def move_match(
    *,
    session: Session,
    actor: Actor,
    match_id: int,
    to: str,
    amount: float | None = None,
    reason: str | None = None,
    now: datetime,
    rules: EngineRules,
    held: HeldRules,
) -> MatchMoved:
    """Move the match to stage ``to`` with the stage's ``amount`` (万元: the intention, the
    contract, the realised amount) or, to lost, its ``reason``."""
    match = load_match(session, match_id, for_update=True)
    demand, capability = sides_of(session, match)
    if not moves_match(
        session, actor, chain_id=demand.chain_id,
        sides=(demand.enterprise_id, capability.enterprise_id),
    ):  # fmt: skip
        raise NotYours(
            Said(
                "only the office, the chain's working group or the enterprises on either side "
                "may move this match",
                "只有链长制办公室、产业链工作专班或对接双方企业可以更新该对接",
            )
        )
    after = MatchStage.parse(to or "")
    if after is None:
        raise MatchmakingRefused(
            Said(
                f"stage: {to!r}; choose one of: {MatchStage.choices()}",
                f"阶段：无法识别 {to!r}；可选：{MatchStage.choices()}",
            )
        )
    before = MatchStage(match.stage)
    cleaned = (reason or "").strip() or None
    try:
        check_match_move(before, after, amount=amount, reason=cleaned, realised=match.realised_wan)
    except IllegalMove as exc:
        raise MatchmakingRefused(exc.args[0]) from None
    if cleaned is not None and len(cleaned) > REASON_LIMIT:
        raise MatchmakingRefused(
            Said(f"reason: at most {REASON_LIMIT} characters", f"原因：最多{REASON_LIMIT}个字符")
        )
    today = rules.today(now)
    if after in STAGE_AMOUNT and amount is not None:
        setattr(match, STAGE_AMOUNT[after][0], float(amount))
    if after == MatchStage.INTENTION:
        match.intention_on = today
    elif after == MatchStage.SIGNED:
        match.signed_on = today
        demand.status = "matched" if demand.status == "open" else demand.status
    elif after == MatchStage.DONE:
        demand.status = "fulfilled"
    elif after == MatchStage.LOST:
        match.lost_reason = cleaned
    match.stage = after.value
    match.updated_at = now
    session.flush()
    follow = FollowUps()
    if after == MatchStage.INTENTION:
        follow = make_follow_ups(
            session=session, match=match, day=today, now=now, rules=rules, held=held
        )
    detail = {
        key: value
        for key, value in (
            ("amount", amount),
            ("reason", cleaned),
            ("follow_up_tasks", [t.id for t in follow.tasks] or None),
            ("no_follow_up", str(follow.missing) if follow.missing else None),
        )
        if value is not None
    }
    audit(
        session, actor=actor, entity_type=ENTITY, entity_id=match.id, action="move", now=now,
        before=before.value, after=after.value, detail=detail or None,
    )  # fmt: skip
    return MatchMoved(match, follow)


def chain_of(session: Session, match: Match) -> Chain:
    demand = session.get(DemandItem, match.demand_id)
    chain = session.get(Chain, demand.chain_id) if demand else None
    assert chain is not None
    return chain
