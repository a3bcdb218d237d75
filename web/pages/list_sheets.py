"""The columns of the key-project, factor-request and notice lists' Excel export: the page's
columns in the page's language, each value as a spreadsheet wants it (numbers as numbers,
dates as dates, codes as their labels). The task list's are in ``web.pages.task_list``.
"""

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from mechanism.vocabulary import FactorType, Labelled, MilestoneKind, RequestState
from notifications.render import kind_label
from services.projects import ChainChoice
from web.i18n import translate
from web.templating import chain_label, light_label

Sheet = tuple[list[str], Iterable[list[Any]], Sequence[int]]  # headers, rows, column widths


def _label(vocabulary: type[Labelled], value: str | None, locale: str) -> str | None:
    member = vocabulary.parse(value) if value else None
    if member is None:
        return value
    return member.zh if locale == "zh-CN" else member.en


def _headers(locale: str, keys: Sequence[str]) -> list[str]:
    return [translate(locale, key) for key in keys]


def project_sheet(rows: list[dict[str, Any]], chains: list[ChainChoice], locale: str) -> Sheet:
    """The ledger's rows (``services.projects.visible_projects``)."""
    headers = _headers(
        locale,
        (
            "proj.code", "proj.name", "chain", "item.enterprise", "item.light",
            "item.light_reason", "export.completed", "export.planned", "export.rate",
            "export.timing", "proj.next_milestone", "export.milestone_planned",
            "proj.last_report", "proj.blocked_by",
        ),
    )  # fmt: skip
    lines = (
        [
            p["code"],
            p["name"],
            chain_label(p["chain"], chains, locale),
            p["enterprise"],
            light_label(p["light"], locale),
            p["light_reason"],
            p["investment_completed"],
            p["year_planned_investment"],
            p["investment_rate"],
            p["timing_progress"],
            _label(MilestoneKind, p["next_milestone"], locale),
            p["next_milestone_planned"],
            p["last_report_month"],
            p["blocked_by"],
        ]
        for p in rows
    )
    return headers, lines, (16, 36, 14, 28, 8, 36, 14, 14, 10, 10, 12, 14, 10, 14)


def request_sheet(
    rows: list[dict[str, Any]],
    chains: list[ChainChoice],
    departments: dict[str, tuple[str, str]],
    locale: str,
) -> Sheet:
    """The request list's rows (``services.requests.visible_requests``)."""
    headers = _headers(
        locale,
        (
            "req.code", "chain", "item.enterprise", "req.project", "req.factor_type",
            "req.quantity", "export.unit", "req.needed_by", "req.department", "req.state",
            "req.stage_due", "item.light", "item.light_reason",
        ),
    )  # fmt: skip

    def department(code: str | None) -> str | None:
        names = departments.get(code or "")
        if names is None:
            return code
        return names[0] if locale == "zh-CN" else names[1] or names[0]

    lines = (
        [
            r["code"],
            chain_label(r["chain"], chains, locale),
            r["enterprise"],
            r["project"],
            _label(FactorType, r["factor_type"], locale),
            r["quantity"],
            r["unit"],
            r["needed_by"],
            department(r["department"]),
            _label(RequestState, r["state"], locale),
            r["stage_due"],
            light_label(r["light"], locale),
            r["light_reason"],
        ]
        for r in rows
    )
    return headers, lines, (14, 14, 28, 16, 10, 10, 8, 12, 24, 10, 12, 8, 36)


def notice_sheet(lines: list[Any], chains: list[ChainChoice], locale: str, zone: ZoneInfo) -> Sheet:
    """The notice list's lines (``services.notices.list_notices``), issue times local."""
    headers = _headers(
        locale,
        (
            "notice.kind", "notice.number", "notice.subject", "chain", "notice.issued",
            "export.deliveries", "export.acknowledged",
        ),
    )  # fmt: skip
    separator = "、" if locale == "zh-CN" else ", "

    def local(moment: datetime) -> datetime:
        return moment.astimezone(zone)

    rows = (
        [
            kind_label(line.kind, locale),
            line.number,
            line.title,
            chain_label(line.chain_code, chains, locale),
            local(line.issued_at),
            separator.join(
                f"{translate(locale, 'notice.state.' + state)} {count}"
                for state, count in sorted(line.states.items())
            ),
            f"{line.acknowledged}/{line.deliveries}",
        ]
        for line in lines
    )
    return headers, rows, (16, 26, 40, 14, 17, 24, 10)
