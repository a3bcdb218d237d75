"""Every period made of the standing practices, as rows for ``chainops practices list`` (and
anything else that lists them): newest first, one chain or all, or only the gaps."""

from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from mechanism.practices import PracticeRules
from models import Chain
from services.practices.gaps import period_rows


class UnknownChain(ValueError):
    """``--chain``: no chain with that code."""


def list_periods(
    session: Session,
    today: date,
    *,
    chain_code: str | None = None,
    gaps_only: bool = False,
    practices: PracticeRules = PracticeRules(),
) -> list[dict[str, Any]]:
    """The periods (chain, practice, period, span, due, task and its state, done, gap), the
    latest-ending first; ``gaps_only``: those that ended before ``today`` undone."""
    query = select(Chain).order_by(col(Chain.position), col(Chain.id))
    if chain_code is not None:
        query = query.where(Chain.code == chain_code.strip().upper())
    chains = session.exec(query).all()
    if chain_code is not None and not chains:
        raise UnknownChain(f"chain: no chain {chain_code!r}")
    rows = period_rows(session, [c.id for c in chains if c.id is not None], today, practices)
    codes = {c.id: c.code for c in chains}
    result = [{"chain": codes[row.pop("chain_id")], **row} for row in rows]
    return [r for r in result if r["gap"]] if gaps_only else result
