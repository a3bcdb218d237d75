"""Which titles count: the daily step that marks lapsed titles expired, and the counts the
other parts of the enterprise half read (``holding``, ``chain_masters``). Expired titles never
count — ``mechanism.designations.counts`` reads the date, so counting never waits for the step."""

from datetime import date, datetime

from sqlmodel import Session, col, select

from mechanism.designations import (
    DEFAULT_KINDS,
    HOLDING,
    DesignationStatus,
    Kind,
    counts,
    kinds_by_code,
)
from models import Designation
from services.audit import audit
from services.people import SYSTEM, Actor


def expire_lapsed(session: Session, *, today: date, now: datetime, actor: Actor = SYSTEM) -> int:
    """Mark every held title past its last valid day as expired (audited); how many. Counting
    never waits for this step (``counts`` reads the date), but lists and pages say the truth."""
    lapsed = session.exec(
        select(Designation).where(
            col(Designation.status).in_(sorted(HOLDING)),
            col(Designation.valid_until).is_not(None),
            col(Designation.valid_until) < today,
        )
    ).all()
    for row in lapsed:
        before = row.status
        row.status = DesignationStatus.EXPIRED.value
        row.updated_at = now
        session.add(row)
        assert row.id is not None
        audit(
            session, actor=actor, entity_type="designation", entity_id=row.id, action="expired",
            now=now, before=before, after=row.status,
            detail={"valid_until": row.valid_until.isoformat() if row.valid_until else None},
        )  # fmt: skip
    session.flush()
    return len(lapsed)


def holding(
    session: Session,
    enterprise_ids: list[int] | set[int],
    today: date,
    kinds: tuple[Kind, ...] = DEFAULT_KINDS,
) -> dict[int, list[Kind]]:
    """The kinds of title each enterprise holds and that count today (expired never), highest
    first; enterprises with none are absent."""
    by_code = kinds_by_code(kinds)
    held: dict[int, list[Kind]] = {}
    ids = sorted(enterprise_ids)
    if not ids:
        return held
    for enterprise_id, code, status, until in session.exec(
        select(
            Designation.enterprise_id,
            Designation.kind,
            Designation.status,
            col(Designation.valid_until),
        ).where(col(Designation.enterprise_id).in_(ids))
    ):
        kind = by_code.get(code)
        if (
            kind is not None
            and counts(status, until, today)
            and kind not in held.get(enterprise_id, [])
        ):
            held.setdefault(enterprise_id, []).append(kind)
    for found in held.values():
        found.sort(key=lambda k: -k.rank)
    return held


def chain_masters(session: Session, chain_id: int, today: date) -> set[int]:
    """The enterprises holding a counting 链主 title of ``chain_id`` today."""
    return {
        enterprise_id
        for enterprise_id, status, until in session.exec(
            select(
                Designation.enterprise_id, Designation.status, col(Designation.valid_until)
            ).where(Designation.chain_id == chain_id, Designation.kind == "chain_master")
        )
        if counts(status, until, today)
    }
