"""The chain leader approves the chain's 链主 and 领航型 lists (issue 16, point 3).

The office or the chain's working group proposes a chain-scoped title as a candidate
(``add_designation``); the chain's leader — a chain leader on its roster, or a user granted
the leader role on it — approves it (approved_by, approved_on, recognised from that day) or
refuses it with a reason (revoked). The office may not approve for the leader. Both moves
are audited.
"""

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from mechanism.designations import DEFAULT_KINDS, DesignationStatus, Kind, counts, kinds_by_code
from mechanism.wording import Said
from models import Designation, Enterprise, Person
from services.audit import audit
from services.enterprises.designations import get_designation, set_dates
from services.enterprises.errors import EnterpriseInputError, EnterpriseNotAllowed, field_error
from services.enterprises.library import promote_candidates
from services.people import Viewer

_ONLY_LEADER = Said(
    "only the chain's leader approves its chain-master and pilot lists",
    "只有该产业链的链长可以审定链主企业、领航型企业名单",
)


def _pending(
    session: Session, viewer: Viewer, designation_id: int, kinds: tuple[Kind, ...]
) -> Designation:
    row = get_designation(session, viewer, designation_id)
    kind = kinds_by_code(kinds).get(row.kind)
    if kind is None or not kind.chain_scoped or row.chain_id is None:
        raise EnterpriseInputError(
            Said(
                "only a chain's chain-master or pilot title is approved by its leader",
                "只有链主企业、领航型企业称号由链长审定",
            )
        )
    if row.chain_id not in viewer.leader_chains:
        raise EnterpriseNotAllowed(_ONLY_LEADER)
    if row.status != DesignationStatus.CANDIDATE.value:
        status = DesignationStatus(row.status)
        raise EnterpriseInputError(
            Said(
                f"the title is {status.en.lower()}, not a proposal waiting for approval",
                f"该称号为{status.zh}，不是待审定的提名",
            )
        )
    return row


def approve_designation(
    *,
    session: Session,
    viewer: Viewer,
    designation_id: int,
    kinds: tuple[Kind, ...] = DEFAULT_KINDS,
    now: datetime,
    today: date,
) -> Designation:
    """The chain leader approves a proposed 链主 / 领航型: recognised from today."""
    row = _pending(session, viewer, designation_id, kinds)
    kind = kinds_by_code(kinds)[row.kind]
    set_dates(row, kind, row.recognized_on or today, row.valid_until, row.review_due, None, today)
    row.status = DesignationStatus.RECOGNIZED.value
    row.approved_by_id = viewer.actor.person_id
    row.approved_on = today
    row.updated_at = now
    session.add(row)
    session.flush()
    assert row.id is not None
    audit(
        session, actor=viewer.actor, entity_type="designation", entity_id=row.id,
        action="approved", now=now, before=DesignationStatus.CANDIDATE.value, after=row.status,
        detail={"chain_id": row.chain_id, "kind": row.kind, "approved_on": today.isoformat()},
    )  # fmt: skip
    promote_candidates(session, row, actor=viewer.actor, now=now, today=today)
    return row


def refuse_designation(
    *,
    session: Session,
    viewer: Viewer,
    designation_id: int,
    reason: str,
    kinds: tuple[Kind, ...] = DEFAULT_KINDS,
    now: datetime,
) -> Designation:
    """The chain leader refuses a proposal, saying why: it is revoked."""
    if not reason or not reason.strip():
        raise field_error(
            "reason", "原因", "say why the proposal is refused", "请说明不予审定的原因"
        )
    if len(reason) > 500:
        raise field_error("reason", "原因", "at most 500 characters", "最多 500 个字")
    row = _pending(session, viewer, designation_id, kinds)
    row.status = DesignationStatus.REVOKED.value
    row.note = reason.strip()
    row.updated_at = now
    session.add(row)
    session.flush()
    assert row.id is not None
    audit(
        session, actor=viewer.actor, entity_type="designation", entity_id=row.id,
        action="refused", now=now, before=DesignationStatus.CANDIDATE.value, after=row.status,
        detail={"chain_id": row.chain_id, "kind": row.kind, "reason": reason.strip()},
    )  # fmt: skip
    return row


def chain_master_lists(
    session: Session, *, chain_id: int, today: date, kinds: tuple[Kind, ...] = DEFAULT_KINDS
) -> dict[str, list[dict[str, Any]]]:
    """The chain's 链主 and 领航型 titles: proposals waiting, and those held (with who approved)."""
    scoped = [k.code for k in kinds if k.chain_scoped]
    names = {k.code: k for k in kinds}
    pending: list[dict[str, Any]] = []
    held: list[dict[str, Any]] = []
    for row, firm, approver in session.exec(
        select(Designation, Enterprise, Person)
        .join(Enterprise, col(Enterprise.id) == Designation.enterprise_id)
        .outerjoin(Person, col(Person.id) == Designation.approved_by_id)
        .where(Designation.chain_id == chain_id, col(Designation.kind).in_(scoped))
        .order_by(col(Designation.kind), col(Enterprise.name))
    ):
        entry = {
            "id": row.id,
            "credit_code": firm.credit_code,
            "enterprise": firm.name,
            "kind": row.kind,
            "kind_name": names[row.kind].name_zh if row.kind in names else row.kind,
            "status": row.status,
            "approved_by": approver.name if approver is not None else None,
            "approved_on": row.approved_on,
            "note": row.note,
        }
        if row.status == DesignationStatus.CANDIDATE.value:
            pending.append(entry)
        elif counts(row.status, row.valid_until, today):
            held.append(entry)
    return {"pending": pending, "held": held}
