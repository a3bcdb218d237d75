"""What the city overview (``/city``) shows of the supervision figures: the city's, as frozen
with the latest closed month (``mechanism.supervision`` defines them)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from models import RollupSnapshot

CITY = "city"  # the city's snapshot scope (services.rollup.close.CITY)


@dataclass(frozen=True)
class LatestSupervision:
    """The latest closed month and the city's ``supervision`` key (``month``,
    ``year_to_date`` and ``ladder``)."""

    month: date
    figures: dict[str, Any]

    @property
    def levels(self) -> list[tuple[str, dict[str, Any]]]:
        """The ladder's rows, by level."""
        return list((self.figures.get("ladder") or {}).get("levels", {}).items())


def latest_supervision(*, session: Session) -> LatestSupervision | None:
    """The supervision figures of the latest closed month, or None when no month is closed
    yet or the latest one was closed before they were kept."""
    snapshot = session.exec(
        select(RollupSnapshot)
        .where(RollupSnapshot.scope == CITY)
        .order_by(col(RollupSnapshot.month).desc())
        .limit(1)
    ).first()
    if snapshot is None or not snapshot.data.get("supervision"):
        return None
    return LatestSupervision(snapshot.month, dict(snapshot.data["supervision"]))
