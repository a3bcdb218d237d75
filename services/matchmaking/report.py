"""The event report for the province (对接成效): per chain and period, the events held, the
SMEs taking part, intentions (count, amount), signings (count, contract amount), realised, and
the share of the chain's SMEs with a valid 专精特新 title that took part (Shandong's target:
over half) — a line per event and the totals, as a page and as an ``.xlsx``.

An event marked reported shows the line frozen when it was reported (its audit record): what
went to the province stays what it was. The chain's SMEs are its member enterprises holding a
counting specialised title on the period's last day (or today, within the period).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from mechanism.designations import counts, kinds_by_code
from mechanism.matchmaking import HELD_STATES, EventKind, EventState, ParticipantRole, share, tally
from mechanism.wording import Said
from models import (
    AuditEvent,
    Chain,
    Designation,
    EnterpriseMembership,
    EventParticipant,
    Match,
    MatchmakingEvent,
)
from notifications.sheets import list_workbook
from services.matchmaking.errors import EventNotFound
from services.matchmaking.lines import event_line, event_rows, match_rows
from services.people import Viewer

_FIGURES = (
    "events",
    "smes",
    "intentions",
    "intention_wan",
    "signings",
    "contract_wan",
    "realised_wan",
)


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31))


def event_report(
    *, session: Session, viewer: Viewer | None, chain: str | None, period: Period, today: date
) -> dict[str, Any]:
    """The report on the chains ``viewer`` reads (or the one chain ``chain``)."""
    chains = session.exec(select(Chain).order_by(col(Chain.position), col(Chain.code))).all()
    if chain:
        chains = [c for c in chains if c.code == chain.strip()]
        if not chains:
            raise EventNotFound(Said(f"chain: no chain {chain!r}", f"产业链：没有产业链 {chain!r}"))
    readable = [c for c in chains if viewer is None or viewer.reads_chain(c.id or 0)]
    if chain and not readable:
        raise EventNotFound(Said(f"chain: no chain {chain!r}", f"产业链：没有产业链 {chain!r}"))
    as_of = min(period.end, today)
    lines = [_chain_part(session, c, period, as_of) for c in readable]
    totals: dict[str, Any] = {key: sum(p["totals"][key] for p in lines) for key in _FIGURES}
    for money_key in ("intention_wan", "contract_wan", "realised_wan"):
        totals[money_key] = round(totals[money_key], 2)
    totals["specialised_smes"] = sum(p["totals"]["specialised_smes"] for p in lines)
    totals["specialised_taking_part"] = sum(p["totals"]["specialised_taking_part"] for p in lines)
    totals["share_taking_part"] = share(
        totals["specialised_taking_part"], totals["specialised_smes"]
    )
    return {
        "from": period.start,
        "to": period.end,
        "as_of": as_of,
        "chains": lines,
        "totals": totals,
    }


def _chain_part(session: Session, chain: Chain, period: Period, as_of: date) -> dict[str, Any]:
    events = session.exec(
        select(MatchmakingEvent)
        .where(
            MatchmakingEvent.chain_id == chain.id,
            col(MatchmakingEvent.held_on) >= period.start,
            col(MatchmakingEvent.held_on) <= period.end,
            col(MatchmakingEvent.state).in_([s.value for s in HELD_STATES]),
        )
        .order_by(col(MatchmakingEvent.held_on), col(MatchmakingEvent.id))
    ).all()
    frozen = _reported_lines(session, [e.id or 0 for e in events if e.state == EventState.REPORTED])
    lines = [frozen.get(e.id or 0) or event_line(session, e) for e in events]
    ids = [e.id or 0 for e in events]
    rows = event_rows(session, events)
    live = tally(rows, match_rows(session, col(Match.event_id).in_(ids)) if ids else [])
    # Totals are the sum of the lines (as reported), but SMEs count once across events.
    totals: dict[str, Any] = {key: sum(line[key] for line in lines) for key in _FIGURES}
    totals["smes"] = live["smes"]
    for money_key in ("intention_wan", "contract_wan", "realised_wan"):
        totals[money_key] = round(totals[money_key], 2)
    specialised = _specialised_members(session, chain.id or 0, as_of)
    took_part: set[int] = set()
    if ids:
        took_part = set(
            session.exec(
                select(EventParticipant.enterprise_id).where(
                    col(EventParticipant.event_id).in_(ids),
                    EventParticipant.role == ParticipantRole.SME.value,
                )
            ).all()
        )
    totals["specialised_smes"] = len(specialised)
    totals["specialised_taking_part"] = len(specialised & took_part)
    totals["share_taking_part"] = share(len(specialised & took_part), len(specialised))
    return {
        "chain": chain.code,
        "name_zh": chain.name_zh,
        "name_en": chain.name_en,
        "events": lines,
        "totals": totals,
    }


def _reported_lines(session: Session, ids: list[int]) -> dict[int, dict[str, Any]]:
    """The lines frozen when each event was marked reported (its last such record)."""
    if not ids:
        return {}
    found: dict[int, dict[str, Any]] = {}
    for entity_id, detail in session.exec(
        select(AuditEvent.entity_id, AuditEvent.detail)
        .where(
            AuditEvent.entity_type == "matchmaking_event",
            col(AuditEvent.entity_id).in_(ids),
            AuditEvent.to_value == EventState.REPORTED.value,
        )
        .order_by(col(AuditEvent.at))
    ).all():
        if isinstance(detail, dict) and isinstance(detail.get("reported"), dict):
            found[entity_id] = detail["reported"]
    return found


def _specialised_members(session: Session, chain_id: int, day: date) -> set[int]:
    """The chain's member enterprises holding a counting 专精特新 title on ``day``."""
    specialised = [k.code for k in kinds_by_code().values() if k.specialised]
    members = select(EnterpriseMembership.enterprise_id).where(
        EnterpriseMembership.chain_id == chain_id
    )
    return {
        enterprise_id
        for enterprise_id, status, until in session.exec(
            select(
                Designation.enterprise_id, Designation.status, col(Designation.valid_until)
            ).where(
                col(Designation.kind).in_(specialised),
                col(Designation.enterprise_id).in_(members),
            )
        ).all()
        if counts(status, until, day)
    }


_HEADERS = {
    "chain": ("产业链", "Chain"),
    "event": ("活动", "Event"),
    "kind": ("类型", "Kind"),
    "held_on": ("举办日期", "Held on"),
    "state": ("状态", "State"),
    "smes": ("参与中小企业", "SMEs taking part"),
    "intentions": ("意向数", "Intentions"),
    "intention_wan": ("意向金额（万元）", "Intention amount (10k yuan)"),
    "signings": ("签约数", "Signings"),
    "contract_wan": ("签约金额（万元）", "Contract amount (10k yuan)"),
    "realised_wan": ("履约金额（万元）", "Realised (10k yuan)"),
    "share": ("专精特新企业参与率", "Share of specialised SMEs taking part"),
}
_TOTAL = ("合计", "Total")


def report_xlsx(report: dict[str, Any], locale: str) -> bytes:
    """The report as one sheet: each chain's events, then its total line, then the city's."""
    zh = locale == "zh-CN"
    pick = 0 if zh else 1
    headers = [pair[pick] for pair in _HEADERS.values()]
    rows: list[list[Any]] = []

    def figures(line: dict[str, Any]) -> list[Any]:
        return [line[k] for k in ("smes", "intentions", "intention_wan", "signings",
                                  "contract_wan", "realised_wan")]  # fmt: skip

    for part in report["chains"]:
        name = part["name_zh"] if zh else (part["name_en"] or part["name_zh"])
        for line in part["events"]:
            kind, state = EventKind(line["kind"]), EventState(line["state"])
            said = (kind.zh, state.zh) if zh else (kind.en, state.en)
            held_on = date.fromisoformat(line["held_on"])
            rows.append([name, line["title"], said[0], held_on, said[1], *figures(line), None])
        totals = part["totals"]
        rows.append([name, _TOTAL[pick], None, None, None, *figures(totals),
                     totals["share_taking_part"]])  # fmt: skip
    city = report["totals"]
    rows.append([_TOTAL[pick], None, None, None, None, *figures(city), city["share_taking_part"]])
    title = "融通对接成效" if zh else "Matchmaking report"
    return list_workbook(title, headers, rows, widths=(14, 36, 14, 12, 10) + (14,) * 7)
