"""Monthly bulletins (月通报) as the web app shows them: the closed months, one month's
bulletin file (written by ``services.rollup.publish.publish_month``) or, when the file is
missing, its frozen figures, and the month's workbook.

A bulletin is circulated to every official unit, so every official persona reads every
month; firms and outsiders read none (their pages answer 404, as for anything unseen).
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from models import RollupSnapshot
from notifications.reports import points
from notifications.reports.view import BulletinView, ScopeLine
from notifications.reports.workbook import bulletin_workbook
from services.people import Viewer
from services.rollup.close import CITY
from services.rollup.publish import MonthNotClosed, bulletin_view, mail_figures, report_folder

_MONTH = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])")
# Personas that read monthly bulletins (a 通报 is circulated to every unit, not to firms).
OFFICIAL_PERSONAS = frozenset({"office", "team", "dept", "leader"})


class BulletinNotFound(LookupError):
    """No such closed month, or not for this viewer to read."""


@dataclass(frozen=True)
class ClosedMonth:
    """One closed month in the list: when it was frozen, its city headline, whether its
    bulletin file is in the reports folder."""

    month: date
    closed_at: datetime
    figures: dict[str, Any]
    published: bool


@dataclass(frozen=True)
class Bulletin:
    """One month for its page: the view (figures, ranked), the stored page if present, the
    chain asked to be highlighted."""

    view: BulletinView
    html: str | None
    highlight: ScopeLine | None

    def figures(self, line: ScopeLine) -> dict[str, Any]:
        return mail_figures(line)

    @property
    def by_points(self) -> bool:
        """Whether the month was ranked by points (``ranking_rules``), not by weights."""
        return points.rules_of(self.view) is not None

    def build(self, line: ScopeLine, locale: str) -> str | None:
        """How ``line``'s score was built when the month was ranked by points, else None."""
        if not self.by_points:
            return None
        group, built = points.cells(line.figures, locale)
        return f"{built}（{group}）" if locale == "zh-CN" else f"{built} ({group})"


def reads_bulletins(viewer: Viewer) -> bool:
    return viewer.persona in OFFICIAL_PERSONAS


def check_reader(viewer: Viewer) -> None:
    if not reads_bulletins(viewer):
        raise BulletinNotFound("monthly bulletins are for official units")


def parse_month(text: str) -> date:
    """A month written ``YYYY-MM``; anything else is a page that does not exist."""
    match = _MONTH.fullmatch(text)
    if match is None:
        raise BulletinNotFound(f"{text!r} is not a month like 2026-10")
    return date(int(match[1]), int(match[2]), 1)


def closed_months(*, session: Session, reports_dir: Path, locale: str) -> list[ClosedMonth]:
    """Every closed month, newest first."""
    rows = session.exec(
        select(RollupSnapshot)
        .where(RollupSnapshot.scope == CITY)
        .order_by(col(RollupSnapshot.month).desc())
    ).all()
    return [
        ClosedMonth(
            month=row.month,
            closed_at=row.frozen_at,
            figures=mail_figures(ScopeLine(CITY, "全市", "City", dict(row.data))),
            published=bulletin_path(reports_dir, row.month, locale).is_file(),
        )
        for row in rows
    ]


def bulletin_path(reports_dir: Path, month: date, locale: str) -> Path:
    return report_folder(reports_dir, month) / f"bulletin.{locale}.html"


def workbook_name(month: date, locale: str) -> str:
    return f"rollup-{month:%Y-%m}.{locale}.xlsx"


def bulletin(
    *,
    session: Session,
    month: date,
    reports_dir: Path,
    locale: str,
    office_name: str,
    chain: str | None = None,
) -> Bulletin:
    """The closed ``month``: its stored page in ``locale`` (None if the file is missing) and,
    if ``chain`` names one of its chains, that chain's line."""
    view = _view(session, month, office_name)
    path = bulletin_path(reports_dir, month, locale)
    html = path.read_text(encoding="utf-8") if path.is_file() else None
    wanted = (chain or "").strip().upper()
    highlight = next((line for line in view.chains if line.code.upper() == wanted), None)
    return Bulletin(view, html, highlight)


def bulletin_xlsx(
    *, session: Session, month: date, reports_dir: Path, locale: str, office_name: str
) -> bytes:
    """The month's workbook as published; if the file is missing, the same workbook made
    from the frozen figures (the renderer is pure, so it is the file that would be there)."""
    view = _view(session, month, office_name)
    path = report_folder(reports_dir, month) / workbook_name(month, locale)
    if path.is_file():
        return path.read_bytes()
    return bulletin_workbook(view, locale)


def _view(session: Session, month: date, office_name: str) -> BulletinView:
    try:
        return bulletin_view(session=session, month=month, office_name=office_name)
    except MonthNotClosed as exc:
        raise BulletinNotFound(str(exc)) from exc
