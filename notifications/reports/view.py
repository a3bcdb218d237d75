"""What a monthly bulletin (月通报) shows: frozen figures, already ranked, ready to draw.

The service builds a :class:`BulletinView` from the stored snapshots; the renderers in this
package turn it into HTML pages, charts and a workbook without touching the database, so the
same view always gives the same report.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

Figures = dict[str, Any]
"""One scope's frozen figures, as ``mechanism.rollup`` defines them (sections → figures)."""


@dataclass(frozen=True)
class ScopeLine:
    """One line of the bulletin: the city, a chain or a responsible department.

    ``figures`` has the sections ``tasks``, ``projects``, ``requests`` (and, for the city and
    chains, ``ladder`` and ``changes``). ``score`` (0–100) and ``rank`` (1 = best; ties share a
    rank) are None where nothing could be scored; ``components`` are the scored parts (0–1 or
    None), keyed as in ``mechanism.ranking``.
    """

    code: str
    name_zh: str
    name_en: str
    figures: Figures
    score: float | None = None
    rank: int | None = None
    components: dict[str, float | None] = field(default_factory=dict)

    def name(self, locale: str) -> str:
        return self.name_zh if locale == "zh-CN" else (self.name_en or self.name_zh)


@dataclass(frozen=True)
class TrendPoint:
    """The city's figures of one closed month, for the trend over the months."""

    month: date
    figures: Figures


@dataclass(frozen=True)
class BulletinView:
    """A closed month: ``chains`` and ``departments`` in rank order; ``trend`` oldest first,
    ending with this month; ``weights`` as used for the scores (frozen with the month)."""

    month: date
    closed_at: datetime
    city: ScopeLine
    chains: list[ScopeLine]
    departments: list[ScopeLine]
    trend: list[TrendPoint]
    weights: dict[str, float]
    office_name: str
