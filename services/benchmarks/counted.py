"""Our own figures counted from the titles held (认定), for the indicators with a
``counted_from``: 链主, 小巨人, 单项冠军, every 专精特新 tier. Counted through
``services.enterprises.holding`` (expired titles never count), on the year's last day or today
while the year runs; a chain counts its member enterprises (its own 链主 for chain masters).

"Counted once they exist, entered otherwise": while no title of the kind is recorded at all in
the scope, there is nothing to count from and an entered figure stands.
"""

from datetime import date

from sqlmodel import Session, col, select

from mechanism.benchmarks import SPECIALISED, counted_on
from mechanism.designations import Kind, counts
from models import Designation, EnterpriseMembership
from services.enterprises import holding


def _kind_codes(counted_from: str, kinds: tuple[Kind, ...]) -> set[str]:
    if counted_from == SPECIALISED:
        return {k.code for k in kinds if k.specialised}
    return {counted_from}


def counted_value(
    session: Session,
    *,
    counted_from: str,
    chain_id: int | None,
    year: int,
    today: date,
    kinds: tuple[Kind, ...],
) -> int | None:
    """How many enterprises hold a counting title of ``counted_from`` for the chain (None:
    the city); None when no such title is recorded in that scope at all."""
    codes = _kind_codes(counted_from, kinds)
    query = select(Designation.enterprise_id, Designation.chain_id).where(
        col(Designation.kind).in_(sorted(codes))
    )
    chain_scoped = any(k.chain_scoped for k in kinds if k.code in codes)
    if chain_id is not None:
        if chain_scoped:
            query = query.where(Designation.chain_id == chain_id)
        else:
            members = select(EnterpriseMembership.enterprise_id).where(
                EnterpriseMembership.chain_id == chain_id
            )
            query = query.where(col(Designation.enterprise_id).in_(members))
    recorded = {enterprise_id for enterprise_id, _ in session.exec(query)}
    if not recorded:
        return None
    day = counted_on(year, today)
    held = holding(session, recorded, day, kinds)
    if chain_scoped and chain_id is not None:
        # holding() reads a title of any chain; a 链主 counts for the chain it was named for.
        return sum(
            1
            for enterprise_id in recorded
            if _holds_for_chain(session, enterprise_id, chain_id, codes, day, kinds)
        )
    return sum(1 for found in held.values() if any(k.code in codes for k in found))


def _holds_for_chain(
    session: Session,
    enterprise_id: int,
    chain_id: int,
    codes: set[str],
    day: date,
    kinds: tuple[Kind, ...],
) -> bool:
    return any(
        counts(status, until, day)
        for status, until in session.exec(
            select(Designation.status, col(Designation.valid_until)).where(
                Designation.enterprise_id == enterprise_id,
                Designation.chain_id == chain_id,
                col(Designation.kind).in_(sorted(codes)),
            )
        )
    )
