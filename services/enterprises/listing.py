"""What the enterprise pages, the API and the CLI list: titles with their deadlines and what
comes next, enterprises with the titles they hold, one enterprise's page, a chain's ladder.

A title recognised without its dates (migrated from the old tier) says ``dates_missing`` so
the office completes it. "Due within N working days": its next deadline — review, yearly data
update or the end of validity — falls within N working days of today (the calendar's).
"""

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from mechanism.designations import (
    DEFAULT_KINDS,
    HOLDING,
    REMINDER_LEAD_DAYS,
    DesignationStatus,
    Kind,
    counts,
    kinds_by_code,
    next_tier,
    reminder_day,
)
from mechanism.workdays import Workdays
from models import Chain, CultivationCandidate, Designation, Enterprise, EnterpriseMembership
from services.enterprises.access import member_filter, reads_enterprise
from services.enterprises.errors import EnterpriseNotFound
from services.enterprises.library import list_candidates
from services.enterprises.lookups import find_enterprise
from services.paging import BadListInput, check_page
from services.people import Viewer

Row = dict[str, Any]


def next_deadline(row: Designation, today: date) -> tuple[str, date] | None:
    """The title's next deadline not yet past: review, data update or end of validity."""
    if row.status not in HOLDING:
        return None
    dates = [
        (name, day)
        for name, day in (
            ("review", row.review_due),
            ("data_update", row.data_update_due),
            ("valid_until", row.valid_until),
        )
        if day is not None and day >= today
    ]
    return min(dates, key=lambda d: d[1]) if dates else None


def designation_row(
    row: Designation, firm: Enterprise, chain: str | None, today: date, kinds: dict[str, Kind]
) -> Row:
    kind = kinds.get(row.kind)
    upcoming = next_deadline(row, today)
    return {
        "id": row.id,
        "credit_code": firm.credit_code,
        "enterprise": firm.name,
        "kind": row.kind,
        "kind_name": kind.name_zh if kind else row.kind,
        "kind_name_en": kind.name_en if kind else row.kind,
        "level": row.level,
        "chain": chain,
        "batch": row.batch,
        "doc_no": row.doc_no,
        "recognized_on": row.recognized_on,
        "valid_until": row.valid_until,
        "review_due": row.review_due,
        "data_update_due": row.data_update_due,
        "status": row.status,
        "counts": counts(row.status, row.valid_until, today),
        "dates_missing": row.status != DesignationStatus.CANDIDATE.value
        and row.recognized_on is None,
        "next_deadline": upcoming[1] if upcoming else None,
        "next_deadline_kind": upcoming[0] if upcoming else None,
        "approved_on": row.approved_on,
        "note": row.note,
    }


def list_designations(
    *,
    session: Session,
    viewer: Viewer,
    today: date,
    calendar: Workdays,
    chain: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    due_within: int | None = None,
    credit_code: str | None = None,
    page: int = 1,
    per_page: int = 50,
    kinds: tuple[Kind, ...] = DEFAULT_KINDS,
) -> tuple[list[Row], int]:
    """A page of the titles the viewer sees, with the filters; and how many there are."""
    check_page(page, per_page)
    by_code = kinds_by_code(kinds)
    if kind is not None and kind not in by_code:
        raise BadListInput(f"kind: unknown kind {kind!r}; known: {', '.join(by_code)}")
    if status is not None and DesignationStatus.parse(status) is None:
        raise BadListInput(
            f"status: must be one of {', '.join(s.value for s in DesignationStatus)}"
        )
    if due_within is not None and not 0 <= due_within <= 1000:
        raise BadListInput(f"due_within: must be 0 to 1000 working days, not {due_within}")
    query = (
        select(Designation, Enterprise, Chain.code)
        .join(Enterprise, col(Enterprise.id) == Designation.enterprise_id)
        .outerjoin(Chain, col(Chain.id) == Designation.chain_id)
        .order_by(col(Enterprise.credit_code), col(Designation.kind), col(Designation.id))
    )
    allowed = member_filter(session, viewer)
    if allowed is not None:
        query = query.where(col(Designation.enterprise_id).in_(sorted(allowed)))
    if chain is not None:
        chain_row = session.exec(select(Chain).where(Chain.code == chain)).first()
        if chain_row is None:
            raise BadListInput(f"chain: no chain {chain!r}")
        members = select(EnterpriseMembership.enterprise_id).where(
            EnterpriseMembership.chain_id == chain_row.id
        )
        query = query.where(
            sa.or_(
                col(Designation.chain_id) == chain_row.id,
                sa.and_(
                    col(Designation.chain_id).is_(None),
                    col(Designation.enterprise_id).in_(members),
                ),
            )
        )
    if kind is not None:
        query = query.where(Designation.kind == kind)
    if status is not None:
        member = DesignationStatus.parse(status)
        assert member is not None
        query = query.where(Designation.status == member.value)
    if credit_code is not None:
        query = query.where(Enterprise.credit_code == credit_code.strip().upper())
    rows = [designation_row(d, firm, code, today, by_code) for d, firm, code in session.exec(query)]
    if due_within is not None:
        until = calendar.add(today, due_within)
        rows = [r for r in rows if r["next_deadline"] is not None and r["next_deadline"] <= until]
    start = (page - 1) * per_page
    return rows[start : start + per_page], len(rows)


def list_enterprises(
    *,
    session: Session,
    viewer: Viewer,
    today: date,
    calendar: Workdays,
    chain: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    due_within: int | None = None,
    page: int = 1,
    per_page: int = 50,
    kinds: tuple[Kind, ...] = DEFAULT_KINDS,
) -> tuple[list[Row], int]:
    """A page of the enterprises the viewer sees, each with its chains, the titles that count
    and its next deadline; with a title filter (kind, status, due), only those with such."""
    check_page(page, per_page)
    titles: list[Row] = []
    filtered = any(v is not None for v in (kind, status, due_within))
    if filtered:
        titles = _all_designations(
            session, viewer, today, calendar, chain, kind, status, due_within, kinds
        )
    wanted = {t["credit_code"] for t in titles}
    query = select(Enterprise).order_by(col(Enterprise.credit_code))
    allowed = member_filter(session, viewer)
    if allowed is not None:
        query = query.where(col(Enterprise.id).in_(sorted(allowed)))
    if chain is not None:
        members = (
            select(EnterpriseMembership.enterprise_id)
            .join(Chain, col(Chain.id) == EnterpriseMembership.chain_id)
            .where(Chain.code == chain)
        )
        query = query.where(col(Enterprise.id).in_(members))
    firms = [f for f in session.exec(query) if not filtered or f.credit_code in wanted]
    total = len(firms)
    start = (page - 1) * per_page
    shown = firms[start : start + per_page]
    ids = [f.id for f in shown if f.id is not None]
    chains = _chains_of(session, ids)
    all_titles = _titles_of(session, ids, today, kinds_by_code(kinds))
    rows = []
    for firm in shown:
        mine = all_titles.get(firm.id or 0, [])
        holds = [t for t in mine if t["counts"]]
        upcoming = [t["next_deadline"] for t in holds if t["next_deadline"] is not None]
        rows.append(
            {
                "credit_code": firm.credit_code,
                "name": firm.name,
                "county": firm.county,
                "chains": chains.get(firm.id or 0, []),
                "titles": [t["kind"] for t in holds],
                "title_names": [t["kind_name"] for t in holds],
                "dates_missing": any(t["dates_missing"] for t in mine),
                "next_deadline": min(upcoming) if upcoming else None,
            }
        )
    return rows, total


def _all_designations(
    session: Session,
    viewer: Viewer,
    today: date,
    calendar: Workdays,
    chain: str | None,
    kind: str | None,
    status: str | None,
    due_within: int | None,
    kinds: tuple[Kind, ...],
) -> list[Row]:
    found: list[Row] = []
    page = 1
    while True:
        rows, total = list_designations(
            session=session, viewer=viewer, today=today, calendar=calendar, chain=chain,
            kind=kind, status=status, due_within=due_within, page=page, per_page=200, kinds=kinds,
        )  # fmt: skip
        found += rows
        if page * 200 >= total:
            return found
        page += 1


def _chains_of(session: Session, ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for enterprise_id, code in session.exec(
        select(EnterpriseMembership.enterprise_id, Chain.code)
        .join(Chain, col(Chain.id) == EnterpriseMembership.chain_id)
        .where(col(EnterpriseMembership.enterprise_id).in_(ids))
        .order_by(col(Chain.position), col(Chain.id))
    ):
        out.setdefault(enterprise_id, []).append(code)
    return out


def _titles_of(
    session: Session, ids: list[int], today: date, kinds: dict[str, Kind]
) -> dict[int, list[Row]]:
    out: dict[int, list[Row]] = {}
    for row, firm, code in session.exec(
        select(Designation, Enterprise, Chain.code)
        .join(Enterprise, col(Enterprise.id) == Designation.enterprise_id)
        .outerjoin(Chain, col(Chain.id) == Designation.chain_id)
        .where(col(Designation.enterprise_id).in_(ids))
        .order_by(col(Designation.id))
    ):
        out.setdefault(row.enterprise_id, []).append(designation_row(row, firm, code, today, kinds))
    return out


def enterprise_page(
    *,
    session: Session,
    viewer: Viewer,
    credit_code: str,
    today: date,
    calendar: Workdays,
    kinds: tuple[Kind, ...] = DEFAULT_KINDS,
) -> Row:
    """One enterprise: its chains, its titles with deadlines and reminder days, its
    candidacies, and the next tier up the ladder."""
    firm = find_enterprise(session, credit_code)
    assert firm.id is not None
    if not reads_enterprise(session, viewer, firm.id):
        raise EnterpriseNotFound(f"no enterprise with credit code {credit_code!r}")
    by_code = kinds_by_code(kinds)
    titles = _titles_of(session, [firm.id], today, by_code).get(firm.id, [])
    for title in titles:
        title["reminders"] = [
            {"due_kind": name, "lead_days": n, "on": reminder_day(day, n, calendar)}
            for name, day in (
                ("review", title["review_due"]),
                ("data_update", title["data_update_due"]),
            )
            if day is not None and title["counts"]
            for n in REMINDER_LEAD_DAYS
        ]
    held = [by_code[t["kind"]] for t in titles if t["counts"] and t["kind"] in by_code]
    up = next_tier(held, kinds)
    candidacies = [
        c
        for c in list_candidates(
            session=session, viewer=viewer, today=today, include_left=True, kinds=kinds
        )
        if c["credit_code"] == firm.credit_code
    ]
    return {
        "credit_code": firm.credit_code,
        "name": firm.name,
        "county": firm.county,
        "chains": _chains_of(session, [firm.id]).get(firm.id, []),
        "titles": titles,
        "candidacies": candidacies,
        "next_tier": up.code if up else None,
        "next_tier_name": up.name_zh if up else None,
    }


def chain_ladder(
    *,
    session: Session,
    chain_id: int,
    today: date,
    calendar: Workdays,
    within: int = 60,
    kinds: tuple[Kind, ...] = DEFAULT_KINDS,
) -> Row:
    """A chain's ladder: per tier, the member enterprises holding a valid title and the
    candidates for it; and the reviews or data updates due within ``within`` working days."""
    members = select(EnterpriseMembership.enterprise_id).where(
        EnterpriseMembership.chain_id == chain_id
    )
    by_code = kinds_by_code(kinds)
    tiers: dict[str, Row] = {
        k.code: {
            "kind": k.code,
            "name": k.name_zh,
            "name_en": k.name_en,
            "held": [],
            "candidates": 0,
        }
        for k in sorted(kinds, key=lambda k: -k.rank)
    }
    until = calendar.add(today, within)
    due_soon: list[Row] = []
    for row, firm in session.exec(
        select(Designation, Enterprise)
        .join(Enterprise, col(Enterprise.id) == Designation.enterprise_id)
        .where(
            sa.or_(
                col(Designation.chain_id) == chain_id,
                sa.and_(
                    col(Designation.chain_id).is_(None),
                    col(Designation.enterprise_id).in_(members),
                ),
            )
        )
        .order_by(col(Enterprise.name))
    ):
        if not counts(row.status, row.valid_until, today) or row.kind not in tiers:
            continue
        tiers[row.kind]["held"].append({"credit_code": firm.credit_code, "name": firm.name})
        for name, day in (("review", row.review_due), ("data_update", row.data_update_due)):
            if day is not None and today <= day <= until:
                kind = by_code.get(row.kind)
                due_soon.append(
                    {"credit_code": firm.credit_code, "name": firm.name, "kind": row.kind,
                     "kind_name": kind.name_zh if kind else row.kind, "due_kind": name,
                     "due_on": day}
                )  # fmt: skip
    for target, count in session.exec(
        select(CultivationCandidate.target_kind, func.count())
        .where(
            col(CultivationCandidate.enterprise_id).in_(members),
            col(CultivationCandidate.left_on).is_(None),
        )
        .group_by(col(CultivationCandidate.target_kind))
    ):
        if target in tiers:
            tiers[target]["candidates"] = count
    shown = [t for t in tiers.values() if t["held"] or t["candidates"]]
    return {
        "tiers": shown,
        "due_soon": sorted(due_soon, key=lambda d: d["due_on"]),
        "within": within,
    }
