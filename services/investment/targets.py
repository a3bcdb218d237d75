"""Investment targets (招商目标): adding one for a node of a chain's map, editing it, and moving
it listed → contacted → visited, or dropped (with a reason) and reopened.

The office and the chain's working group manage a chain's targets (``services.investment.
access``); every refusal names the field and changes nothing; every change leaves an audit
event (留痕), as the matchmaking lists do.
"""

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from mechanism.investment_targets import MOVES, TargetSource, TargetStatus, move_problem
from mechanism.wording import Said
from models import Chain, InvestmentTarget
from services.audit import audit
from services.investment import target_checks as check
from services.investment.access import InvestmentHidden, InvestmentRefused, manages
from services.investment.target_reads import hidden_target
from services.lookups import chain_by_code
from services.people import Actor, Viewer

# What ``edit_target`` may change (status moves through ``move_target``, with its rules).
EDITABLE = frozenset(
    {
        "company_name",
        "credit_code",
        "hq_region",
        "source",
        "purpose",
        "node",
        "priority",
        "owner_group",
        "note",
    }
)


def add_target(
    *,
    session: Session,
    actor: Actor,
    chain_code: str,
    company_name: str,
    node: str | None = None,
    credit_code: str | None = None,
    hq_region: str | None = None,
    source: str = TargetSource.CHAIN_MAP.value,
    purpose: str = "fill",
    priority: int | str = 2,
    owner_group: str | None = None,
    note: str | None = None,
    now: datetime,
) -> InvestmentTarget:
    """A new target, listed, for the chain (and the map node it serves, when named)."""
    chain = chain_by_code(session, chain_code)
    manages(session, actor, chain)
    name = check.text("company_name", company_name, required=True) or ""
    target = InvestmentTarget(
        chain_id=chain.id or 0,
        company_name=name,
        credit_code=check.credit_code(credit_code),
        hq_region=check.text("hq_region", hq_region),
        source=check.source(source).value,
        purpose=check.purpose(purpose).value,
        map_node_id=_node_id(session, chain, node),
        priority=check.priority(priority),
        owner_group=check.text("owner_group", owner_group),
        note=check.text("note", note),
        status=TargetStatus.LISTED.value,
        created_at=now,
        updated_at=now,
    )
    check.one_per_company(session, chain, name)
    session.add(target)
    session.flush()
    audit(
        session,
        actor=actor,
        entity_type="investment_target",
        entity_id=target.id,
        action="created",
        now=now,
        detail=_jsonable(target.model_dump(exclude={"id", "created_at", "updated_at"})),
    )
    return target


def edit_target(
    *,
    session: Session,
    viewer: Viewer,
    target_id: int,
    changes: Mapping[str, Any],
    now: datetime,
) -> InvestmentTarget:
    """Bring the target's fields named in ``changes`` to the values given (a form sends them
    all, the CLI only those typed; a blank clears an optional field); audited field by field."""
    target, chain = _managed(session, viewer, target_id)
    unknown = sorted(set(changes) - EDITABLE)
    if unknown:
        raise InvestmentRefused(
            Said(
                f"{unknown[0]}: not a field of a target (edit {', '.join(sorted(EDITABLE))})",
                f"{unknown[0]}：不是招商目标的字段",
            ),
            unknown[0],
        )
    values: dict[str, Any] = {}
    for field, given in changes.items():
        if field == "company_name":
            values[field] = check.text(field, given, required=True)
        elif field == "credit_code":
            values[field] = check.credit_code(given)
        elif field == "source":
            values[field] = check.source(given or "").value
        elif field == "purpose":
            values[field] = check.purpose(given or "").value
        elif field == "priority":
            values[field] = check.priority(given)
        elif field == "node":
            values["map_node_id"] = _node_id(session, chain, given)
        else:
            values[field] = check.text(field, given)
    if "company_name" in values:
        check.one_per_company(session, chain, values["company_name"], keep=target.id)
    _apply(session, viewer.actor, target, values, now)
    return target


def move_target(
    *,
    session: Session,
    viewer: Viewer,
    target_id: int,
    to: str,
    reason: str | None = None,
    now: datetime,
) -> InvestmentTarget:
    """Move the target's status by the rule of ``mechanism.investment_targets``: a refused move
    says which moves the target may make; a drop keeps its reason, a reopening clears it."""
    target, _ = _managed(session, viewer, target_id)
    wanted = check.status(to)
    said_reason = check.text("reason", reason)
    current = TargetStatus(target.status)
    problem = move_problem(current, wanted, said_reason)
    if problem is not None:
        # An allowed move refused is one that lacks its reason; else the move itself is wrong.
        raise InvestmentRefused(problem, "reason" if wanted in MOVES[current] else "status")
    before = target.status
    target.status = wanted.value
    target.dropped_reason = said_reason if wanted is TargetStatus.DROPPED else None
    target.updated_at = now
    session.add(target)
    session.flush()
    audit(
        session,
        actor=viewer.actor,
        entity_type="investment_target",
        entity_id=target.id,
        action="moved",
        now=now,
        before=before,
        after=wanted.value,
        detail={"reason": said_reason} if said_reason else None,
    )
    return target


def _managed(session: Session, viewer: Viewer, target_id: int) -> tuple[InvestmentTarget, Chain]:
    """The target if ``viewer`` reads it (else InvestmentHidden) and manages its chain (else
    InvestmentNotAllowed)."""
    target = hidden_target(session, viewer, target_id)
    chain = session.get(Chain, target.chain_id)
    if chain is None:
        raise InvestmentHidden(f"no target {target_id}")
    manages(session, viewer.actor, chain)
    return target, chain


def _node_id(session: Session, chain: Chain, name: str | None) -> int | None:
    node = check.node_named(session, chain, name)
    return node.id if node is not None else None


def _apply(
    session: Session,
    actor: Actor,
    target: InvestmentTarget,
    values: dict[str, Any],
    now: datetime,
) -> None:
    changes = {k: [getattr(target, k), v] for k, v in values.items() if getattr(target, k) != v}
    if not changes:
        return
    for name, (_, value) in changes.items():
        setattr(target, name, value)
    target.updated_at = now
    session.add(target)
    session.flush()
    audit(
        session,
        actor=actor,
        entity_type="investment_target",
        entity_id=target.id,
        action="updated",
        now=now,
        detail={k: [_plain(a), _plain(b)] for k, (a, b) in changes.items()},
    )


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: _plain(v) for k, v in values.items()}
