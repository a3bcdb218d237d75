"""The cultivation library (梯度培育库): which enterprises are candidates for which next tier,
since when, for how long a cycle, and why each left.

A candidate leaves promoted by itself when a title of its target kind is recognised (the
designation names it); the office or the working group exits the others with a reason (cycle
ended, withdrawn, not eligible). A candidate still in the library after its cycle's last day
shows as overdue (``mechanism.designations.candidate_overdue``).
"""

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from mechanism.designations import (
    DEFAULT_KINDS,
    ExitReason,
    Kind,
    candidate_overdue,
    counts,
    cycle_ends,
)
from mechanism.wording import Said
from models import CultivationCandidate, Designation, Enterprise, EnterpriseMembership
from services.audit import audit
from services.enterprises.access import manages_enterprise, member_filter, reads_enterprise
from services.enterprises.errors import (
    EnterpriseInputError,
    EnterpriseNotAllowed,
    EnterpriseNotFound,
    field_error,
)
from services.enterprises.lookups import find_enterprise, find_kind
from services.people import Actor, Viewer

_SAME_TIER = {"innovative": "tech_innovative", "tech_innovative": "innovative"}
_MANUAL_EXITS = (ExitReason.CYCLE_ENDED, ExitReason.WITHDRAWN, ExitReason.NOT_ELIGIBLE)
MAX_CYCLE_MONTHS = 120


def promote_candidates(
    session: Session, designation: Designation, *, actor: Actor, now: datetime, today: date
) -> list[CultivationCandidate]:
    """The enterprise's open candidacies for this title's kind leave the library promoted."""
    targets = {designation.kind, _SAME_TIER.get(designation.kind, designation.kind)}
    open_ones = session.exec(
        select(CultivationCandidate).where(
            CultivationCandidate.enterprise_id == designation.enterprise_id,
            col(CultivationCandidate.target_kind).in_(sorted(targets)),
            col(CultivationCandidate.left_on).is_(None),
        )
    ).all()
    for candidate in open_ones:
        candidate.left_on = designation.recognized_on or today
        candidate.exit_reason = ExitReason.PROMOTED.value
        candidate.designation_id = designation.id
        session.add(candidate)
        assert candidate.id is not None
        audit(
            session, actor=actor, entity_type="cultivation_candidate", entity_id=candidate.id,
            action="promoted", now=now, after=ExitReason.PROMOTED.value,
            detail={"designation_id": designation.id, "kind": designation.kind},
        )  # fmt: skip
    session.flush()
    return list(open_ones)


def add_candidate(
    *,
    session: Session,
    viewer: Viewer,
    credit_code: str,
    target_kind: str,
    entered_on: date,
    cycle_months: int | None = None,
    kinds: tuple[Kind, ...] = DEFAULT_KINDS,
    now: datetime,
) -> CultivationCandidate:
    """Enter the enterprise in the library as a candidate for ``target_kind`` (cycle: the
    kind's default unless given)."""
    firm = find_enterprise(session, credit_code)
    assert firm.id is not None
    if not reads_enterprise(session, viewer, firm.id):
        raise EnterpriseNotFound(
            Said(
                f"no enterprise with credit code {credit_code!r}",
                f"没有信用代码为 {credit_code!r} 的企业",
            )
        )
    if viewer.enterprise_id is not None or not manages_enterprise(session, viewer, firm.id):
        raise EnterpriseNotAllowed(
            Said(
                "only the office or the chain's working group keeps the cultivation library",
                "只有链长制办公室或产业链工作专班可以维护梯度培育库",
            )
        )
    kind = find_kind(target_kind, kinds)
    if kind.chain_scoped:
        raise field_error(
            "target_kind", "培育目标", f"{kind.name_en} is a chain's list, approved by its chain "
            "leader, not a tier of the library", f"{kind.name_zh}由链长审定，不是梯度培育的层级",
        )  # fmt: skip
    months = kind.cycle_months if cycle_months is None else cycle_months
    if not 1 <= months <= MAX_CYCLE_MONTHS:
        raise field_error(
            "cycle_months",
            "培育周期（月）",
            f"must be 1 to {MAX_CYCLE_MONTHS}, not {months}",
            f"应为 1 至 {MAX_CYCLE_MONTHS}，现为 {months}",
        )
    if session.exec(
        select(CultivationCandidate).where(
            CultivationCandidate.enterprise_id == firm.id,
            CultivationCandidate.target_kind == kind.code,
            col(CultivationCandidate.left_on).is_(None),
        )
    ).first():
        raise EnterpriseInputError(
            Said(
                f"the enterprise is a candidate for {kind.name_en} already",
                f"该企业已是{kind.name_zh}的培育对象",
            )
        )
    if _holds(session, firm.id, kind.code, entered_on):
        raise EnterpriseInputError(
            Said(f"the enterprise holds {kind.name_en} already", f"该企业已获{kind.name_zh}称号")
        )
    row = CultivationCandidate(
        enterprise_id=firm.id, target_kind=kind.code, entered_on=entered_on, cycle_months=months,
        created_at=now,
    )  # fmt: skip
    session.add(row)
    session.flush()
    assert row.id is not None
    audit(
        session, actor=viewer.actor, entity_type="cultivation_candidate", entity_id=row.id,
        action="created", now=now,
        detail={"target_kind": kind.code, "entered_on": entered_on.isoformat(),
                "cycle_months": months},
    )  # fmt: skip
    return row


def _holds(session: Session, enterprise_id: int, kind: str, today: date) -> bool:
    return any(
        counts(status, until, today)
        for status, until in session.exec(
            select(Designation.status, col(Designation.valid_until)).where(
                Designation.enterprise_id == enterprise_id, Designation.kind == kind
            )
        )
    )


def exit_candidate(
    *,
    session: Session,
    viewer: Viewer,
    candidate_id: int,
    reason: str,
    left_on: date,
    note: str | None = None,
    now: datetime,
) -> CultivationCandidate:
    """The candidate leaves the library: cycle ended, withdrawn or not eligible (a promotion
    comes by itself, with the title)."""
    row = session.get(CultivationCandidate, candidate_id)
    if row is None or not reads_enterprise(session, viewer, row.enterprise_id):
        raise EnterpriseNotFound(
            Said(f"no candidate {candidate_id}", f"没有编号为 {candidate_id} 的培育对象")
        )
    if viewer.enterprise_id is not None or not manages_enterprise(
        session, viewer, row.enterprise_id
    ):
        raise EnterpriseNotAllowed(
            Said(
                "only the office or the chain's working group keeps the cultivation library",
                "只有链长制办公室或产业链工作专班可以维护梯度培育库",
            )
        )
    if row.left_on is not None:
        raise EnterpriseInputError(
            Said(
                f"the candidate left the library on {row.left_on}",
                f"该培育对象已于 {row.left_on} 出库",
            )
        )
    chosen = ExitReason.parse(reason)
    if chosen not in _MANUAL_EXITS:
        choices = ", ".join(f"{r.zh} ({r.value})" for r in _MANUAL_EXITS)
        raise field_error(
            "reason",
            "出库原因",
            f"must be one of: {choices} (a promotion comes with the title)",
            f"应为以下之一：{choices}（晋级随称号认定自动完成）",
        )
    assert chosen is not None
    if left_on < row.entered_on:
        raise field_error(
            "left_on",
            "出库日期",
            f"{left_on} is before the entry on {row.entered_on}",
            f"{left_on} 早于入库日期 {row.entered_on}",
        )
    if note is not None and len(note) > 500:
        raise field_error("note", "说明", "at most 500 characters", "最多 500 个字")
    row.left_on, row.exit_reason, row.exit_note = left_on, chosen.value, note or None
    session.add(row)
    session.flush()
    assert row.id is not None
    audit(
        session, actor=viewer.actor, entity_type="cultivation_candidate", entity_id=row.id,
        action="exited", now=now, after=chosen.value, detail={"note": note},
    )  # fmt: skip
    return row


def list_candidates(
    *,
    session: Session,
    viewer: Viewer,
    today: date,
    chain_id: int | None = None,
    target_kind: str | None = None,
    include_left: bool = False,
    overdue_only: bool = False,
    kinds: tuple[Kind, ...] = DEFAULT_KINDS,
) -> list[dict[str, Any]]:
    """The library's candidates the viewer sees, with their cycle's end and whether overdue."""
    names = {k.code: k for k in kinds}
    query = (
        select(CultivationCandidate, Enterprise)
        .join(Enterprise, col(Enterprise.id) == CultivationCandidate.enterprise_id)
        .order_by(col(CultivationCandidate.target_kind), col(Enterprise.credit_code))
    )
    allowed = member_filter(session, viewer)
    if allowed is not None:
        query = query.where(col(CultivationCandidate.enterprise_id).in_(sorted(allowed)))
    if chain_id is not None:
        members = select(EnterpriseMembership.enterprise_id).where(
            EnterpriseMembership.chain_id == chain_id
        )
        query = query.where(col(CultivationCandidate.enterprise_id).in_(members))
    if target_kind is not None:
        query = query.where(CultivationCandidate.target_kind == target_kind)
    if not include_left:
        query = query.where(col(CultivationCandidate.left_on).is_(None))
    rows = []
    for candidate, firm in session.exec(query):
        overdue = candidate.left_on is None and candidate_overdue(
            candidate.entered_on, candidate.cycle_months, today
        )
        if overdue_only and not overdue:
            continue
        kind = names.get(candidate.target_kind)
        rows.append(
            {
                "id": candidate.id,
                "credit_code": firm.credit_code,
                "enterprise": firm.name,
                "target_kind": candidate.target_kind,
                "target_name": kind.name_zh if kind else candidate.target_kind,
                "entered_on": candidate.entered_on,
                "cycle_months": candidate.cycle_months,
                "cycle_ends": cycle_ends(candidate.entered_on, candidate.cycle_months),
                "overdue": overdue,
                "left_on": candidate.left_on,
                "exit_reason": candidate.exit_reason,
                "designation_id": candidate.designation_id,
            }
        )
    return rows
