"""Publish a closed month: the bulletin files under the reports folder, and its mail.

``publish_month`` is safe to run again and again: the files of a month are rewritten from its
frozen snapshots (so they say the same thing every time), and the notices have unique keys
``rollup:<month>:<scope>`` so nobody is mailed a month twice. Who hears about it (月通报 goes to
the leaders): the chief chain leader and the office get the city's bulletin, each chain leader
their own chain's.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from mechanism.ladder import RecipientRole
from mechanism.project_lights import add_months
from mechanism.vocabulary import RosterRole
from models import Chain, Department, Notice, RollupSnapshot
from notifications.reports.view import BulletinView, ScopeLine, TrendPoint
from services.config import EngineRules
from services.outbox import NewNotice, issue_notices
from services.people import Directory, Recipient
from services.rollup.close import CITY, show_month

TREND_MONTHS = 12
KIND = "monthly_rollup"


@dataclass(frozen=True)
class Published:
    """What publishing a month did: the files written, and notices and mails newly queued."""

    month: date
    files: list[Path]
    notices: int
    mails: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "month": f"{self.month:%Y-%m}",
            "files": [str(path) for path in self.files],
            "notices": self.notices,
            "mails": self.mails,
        }


class MonthNotClosed(ValueError):
    """Only a closed month has a bulletin."""


def report_folder(reports_dir: Path, month: date) -> Path:
    """Where a month's bulletin lives: ``<reports_dir>/YYYY-MM``."""
    return reports_dir / f"{month:%Y-%m}"


def is_published(*, session: Session, month: date, reports_dir: Path) -> bool:
    """Whether the month's mail is queued and its bulletin is in the reports folder."""
    queued = session.exec(
        select(Notice.id).where(Notice.key == f"rollup:{month:%Y-%m}:{CITY}")
    ).first()
    folder = report_folder(reports_dir, month)
    return queued is not None and (folder / "bulletin.zh-CN.html").exists()


def bulletin_view(*, session: Session, month: date, office_name: str) -> BulletinView:
    """The closed ``month`` as the bulletin shows it, with the city's trend over the year."""
    result = show_month(session=session, month=month)
    if result is None:
        raise MonthNotClosed(f"{month:%Y-%m} is not closed yet: close it first")
    chains = {c.code: c for c in session.exec(select(Chain)).all()}
    departments = {d.code: d for d in session.exec(select(Department)).all()}
    chain_lines = [
        _line(code, chains[code].name_zh, chains[code].name_en, figures)
        for code, figures in result.chains.items()
    ]
    department_lines = [
        _line(code, departments[code].name_zh, departments[code].name_en, figures)
        for code, figures in result.departments.items()
    ]
    trend = session.exec(
        select(RollupSnapshot)
        .where(RollupSnapshot.scope == CITY)
        .where(col(RollupSnapshot.month) > add_months(result.month, -TREND_MONTHS))
        .where(col(RollupSnapshot.month) <= result.month)
        .order_by(col(RollupSnapshot.month))
    ).all()
    return BulletinView(
        month=result.month,
        closed_at=result.closed_at,
        city=_line(CITY, "全市", "City", result.city),
        chains=sorted(chain_lines, key=_rank_order),
        departments=sorted(department_lines, key=group_order(result.city)),
        trend=[TrendPoint(s.month, dict(s.data)) for s in trend],
        weights=dict(result.city.get("weights", {})),
        office_name=office_name,
    )


def publish_month(
    *,
    session: Session,
    month: date,
    reports_dir: Path,
    rules: EngineRules,
    office_name: str,
    base_url: str,
    locale: str,
) -> Published:
    """Write the bulletin of the closed ``month`` and queue its mail, once per recipient.

    The caller commits (the notices are written in the session's transaction); the files are
    written first, so a mail never points at a bulletin that is not there.
    """
    # matplotlib takes most of a second to import: only a command that writes a bulletin pays.
    from notifications.reports.files import write_bulletin

    view = bulletin_view(session=session, month=month, office_name=office_name)
    files = write_bulletin(view, report_folder(reports_dir, view.month))
    connection = session.connection()
    directory = Directory(connection, office_mailbox=rules.office_mailbox)
    notices = _notices(view, directory, session, base_url, locale)
    issued = issue_notices(
        connection, notices, now=view.closed_at, directory=directory, rules=rules
    )
    return Published(view.month, files, issued.notices, issued.outbox_rows)


def _line(code: str, name_zh: str, name_en: str | None, figures: dict[str, Any]) -> ScopeLine:
    ranking = figures.get("ranking", {})
    return ScopeLine(
        code=code,
        name_zh=name_zh,
        name_en=name_en or name_zh,
        figures=figures,
        score=ranking.get("score"),
        rank=ranking.get("rank"),
        components=dict(ranking.get("parts", {})),
    )


def _rank_order(line: ScopeLine) -> tuple[bool, int]:
    return (line.rank is None, line.rank or 0)  # stable: ties keep the chains' own order


def group_order(city: dict[str, Any]) -> Callable[[ScopeLine], tuple[int, bool, int]]:
    """Departments in rank order within each points group, the groups in the rollup file's
    order (a month ranked by weights has one group: plain rank order)."""
    rules = city.get("ranking_rules") or {}
    named = [g for g in rules.get("groups", {}) if g != rules.get("default_group")]
    order = [*named, rules.get("default_group")]

    def key(line: ScopeLine) -> tuple[int, bool, int]:
        group = (line.figures.get("ranking") or {}).get("group")
        return (order.index(group) if group in order else len(order), *_rank_order(line))

    return key


def _notices(
    view: BulletinView, directory: Directory, session: Session, base_url: str, locale: str
) -> list[NewNotice]:
    month = f"{view.month:%Y-%m}"
    url = f"{base_url.rstrip('/')}/rollups/{month}"
    chain_ids = {c.code: c.id for c in session.exec(select(Chain)).all()}
    chiefs = [
        Recipient(email, name, RecipientRole.CHIEF_CHAIN_LEADER)
        for email, name in directory.roster_people(None, RosterRole.CHIEF_CHAIN_LEADER)
    ]
    office = [
        Recipient(email, name, RecipientRole.OFFICE)
        for email, name in directory.office_recipients()
    ]
    count = len(view.chains)
    notices = [
        _notice(view, view.city, None, _unique(chiefs + office), url, count, locale),
    ]
    for line in view.chains:
        chain_id = chain_ids[line.code]
        leaders = [
            Recipient(email, name, RecipientRole.CHAIN_LEADER)
            for email, name in directory.roster_people(chain_id, RosterRole.CHAIN_LEADER)
        ]
        if leaders:  # a chain without a leader: the chief reads it in the city's bulletin
            notices.append(
                _notice(view, line, chain_id, leaders, f"{url}?chain={line.code}", count, locale)
            )
    return notices


def _unique(recipients: list[Recipient]) -> list[Recipient]:
    seen: dict[str, Recipient] = {}
    for recipient in recipients:
        seen.setdefault(recipient.email, recipient)
    return list(seen.values())


def _notice(
    view: BulletinView,
    line: ScopeLine,
    chain_id: int | None,
    recipients: list[Recipient],
    url: str,
    chains: int,
    locale: str,
) -> NewNotice:
    month = f"{view.month:%Y-%m}"
    return NewNotice(
        key=f"rollup:{month}:{line.code}",
        kind=KIND,
        level=0,
        chain_id=chain_id,
        subject_type="rollup",
        subject_id=int(view.month.strftime("%Y%m")),
        year=view.month.year,
        facts={
            "month": month,
            "scope_name": line.name(locale) if chain_id is not None else _city(locale),
            "figures": mail_figures(line),
            "highlights": highlights(line, chains, locale),
            "report_url": url,
        },
        recipients=recipients,
    )


def _city(locale: str) -> str:
    return "全市" if locale == "zh-CN" else "City"


def mail_figures(line: ScopeLine) -> dict[str, Any]:
    """The headline figures a leader reads in the mail.

    Their labels are ``notifications.filters.LABELS["figure"]``."""
    tasks, projects, requests = (line.figures[k] for k in ("tasks", "projects", "requests"))
    lights = tasks["open_by_light"]
    figures: dict[str, Any] = {
        "tasks_total": tasks["total"],
        "due_this_month": tasks["due_this_month"],
        "tasks_done": tasks["done_on_time"] + tasks["done_late"],
        "on_time_rate": tasks["on_time_rate"],
        "red": lights.get("red", 0),
        "yellow": lights.get("yellow", 0),
        "green": lights.get("green", 0),
        "investment_rate": projects["completion_rate"],
        "timing_rate": projects["timing_progress"],
        "reports_missing": projects["reports_missing"],
        "requests_closed": requests["closed"],
        "requests_in_time_rate": (
            round(requests["closed_within_level"] / requests["closed"], 4)
            if requests["closed"]
            else None
        ),
    }
    if line.score is not None:
        figures["score"] = line.score
        figures["rank"] = line.rank
    return figures


def highlights(line: ScopeLine, chains: int, locale: str) -> list[str]:
    """A sentence or two a leader reads first: the place in the ranking, and what is red."""
    zh = locale == "zh-CN"
    lines: list[str] = []
    change = line.figures.get("changes", {}).get("ranking.score")
    if line.rank is not None and line.score is not None:
        delta = "" if change is None else (f"，较上月{change:+.1f}" if zh else f", {change:+.1f}")
        lines.append(
            f"在{chains}条产业链中排名第{line.rank}（综合得分{line.score:.1f}{delta}）。"
            if zh
            else f"Ranked {line.rank} of {chains} chains (score {line.score:.1f}{delta})."
        )
    red = line.figures["tasks"]["open_by_light"].get("red", 0)
    if red:
        lines.append(
            f"月末仍有{red}项督办事项亮红灯，请督促责任单位加快办理。"
            if zh
            else f"{red} open tasks were red at month end."
        )
    behind = line.figures["projects"].get("against_timing")
    if behind is not None and behind < 0:
        points = -behind * 100
        lines.append(
            f"重点项目年度投资完成率落后序时进度{points:.1f}个百分点。"
            if zh
            else f"Key-project investment is {points:.1f} points behind timing progress."
        )
    return lines
