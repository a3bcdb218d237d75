"""Which periods of the standing practices were done and which were missed (the gaps), for the
chain page and the monthly bulletin.

A period is **done** when it has at least one record whose ``held_on`` lies within the period
(a record filed for it but held outside it does not count). It is a **gap** when its calendar
end is before today — for a closed month, on or before the month's last day — and it is not
done. A period still running is neither: it is this period's work.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from mechanism.practices import Period, PracticeRules
from mechanism.rollup import month_end
from models import Chain, PracticePeriod, PracticeRecord, Task


@dataclass(frozen=True)
class _Row:
    period: PracticePeriod
    held: tuple[date, ...]  # the days of its records held within the period
    task_state: str | None

    def done_by(self, day: date) -> bool:
        return any(held <= day for held in self.held)


def chain_practices(
    session: Session, chain_id: int, today: date, practices: PracticeRules = PracticeRules()
) -> list[dict[str, Any]]:
    """Each practice the chain has periods of, in the rules' order: its current period (task,
    state, done) and its gaps of this year and last, newest first."""
    rows = _rows(session, [chain_id], None)
    by_practice: dict[str, list[_Row]] = defaultdict(list)
    for row in rows:
        by_practice[row.period.practice].append(row)
    result = []
    for code in _ordered(by_practice, practices):
        mine = by_practice[code]
        current = next((r for r in mine if r.period.starts_on <= today <= r.period.ends_on), None)
        gaps = [
            r for r in mine
            if r.period.ends_on < today and r.period.ends_on.year >= today.year - 1
            and not r.held
        ]  # fmt: skip
        this_year = [r for r in mine if r.period.ends_on.year == today.year]
        result.append(
            {
                **_names(code, practices),
                "current": _period(current) if current is not None else None,
                "gaps": [_period(r) for r in sorted(gaps, key=_newest)],
                "done_this_year": sum(1 for r in this_year if r.held),
                "ended_this_year": sum(1 for r in this_year if r.period.ends_on < today),
            }
        )
    return result


def bulletin_practices(
    session: Session, month: date, practices: PracticeRules = PracticeRules()
) -> dict[str, dict[str, Any]]:
    """What a monthly close freezes as ``practices``: per chain code the periods that ended
    within the month (done or gap) and the year to date per practice; for the city (``""``)
    per practice the done, required and chains covered, and the list of the year's gaps.

    Year to date (1 January → the month's end): ``required`` counts the year's periods that
    ended by the month's end, and those still running that were already done; ``done`` the
    ones with a record held within them by the month's end."""
    first, last = month.replace(day=1), month_end(month)
    chains = session.exec(select(Chain).order_by(col(Chain.position), col(Chain.id))).all()
    names = {c.id: c for c in chains}
    rows = [r for r in _rows(session, None, last) if r.period.ends_on.year == last.year]
    rows = [r for r in rows if r.period.starts_on <= last]
    result: dict[str, dict[str, Any]] = {}
    city: dict[str, dict[str, Any]] = {}
    city_gaps: list[dict[str, Any]] = []
    codes = _ordered({r.period.practice for r in rows}, practices)
    for chain in chains:
        mine = [r for r in rows if r.period.chain_id == chain.id]
        result[chain.code] = {
            "periods": [
                {**_period(r, last), "done": r.done_by(last)}
                for r in sorted(mine, key=_newest)
                if first <= r.period.ends_on <= last
            ],
            "year_to_date": {
                code: _tally([r for r in mine if r.period.practice == code], last)
                for code in codes
                if any(r.period.practice == code for r in mine)
            },
        }
    for code in codes:
        theirs = [r for r in rows if r.period.practice == code]
        tally = _tally(theirs, last)
        covered = {r.period.chain_id for r in theirs if r.done_by(last)}
        records = sum(sum(1 for held in r.held if held <= last) for r in theirs)
        city[code] = {**_names(code, practices), **tally, "records": records,
                      "chains_covered": len(covered)}  # fmt: skip
    for r in sorted(rows, key=_newest):
        if r.period.ends_on <= last and not r.done_by(last):
            of = names.get(r.period.chain_id)
            city_gaps.append(
                {**_period(r, last), "chain": of.code if of else "",
                 "chain_zh": of.name_zh if of else ""}
            )  # fmt: skip
    result[""] = {"year_to_date": city, "gaps": city_gaps}
    return result


def _tally(rows: list[_Row], last: date) -> dict[str, int]:
    required = [r for r in rows if r.period.ends_on <= last or r.done_by(last)]
    return {"done": sum(1 for r in required if r.done_by(last)), "required": len(required)}


def _rows(session: Session, chain_ids: list[int] | None, by: date | None) -> list[_Row]:
    query = select(PracticePeriod).order_by(col(PracticePeriod.starts_on), col(PracticePeriod.id))
    if chain_ids is not None:
        query = query.where(col(PracticePeriod.chain_id).in_(chain_ids))
    if by is not None:
        query = query.where(col(PracticePeriod.starts_on) <= by)
    periods = session.exec(query).all()
    ids = [p.id for p in periods]
    held: dict[int, list[date]] = defaultdict(list)
    states: dict[int, str] = {}
    if ids:
        spans = {p.id: (p.starts_on, p.ends_on) for p in periods}
        for period_id, held_on in session.exec(
            select(col(PracticeRecord.period_id), col(PracticeRecord.held_on)).where(
                col(PracticeRecord.period_id).in_(ids)
            )
        ):
            starts_on, ends_on = spans[period_id]
            if starts_on <= held_on <= ends_on:
                held[period_id].append(held_on)
        task_ids = [p.task_id for p in periods if p.task_id is not None]
        if task_ids:
            for task_id, state in session.exec(
                select(col(Task.id), col(Task.state)).where(col(Task.id).in_(task_ids))
            ):
                assert task_id is not None
                states[task_id] = state
    return [
        _Row(
            p, tuple(sorted(held.get(p.id or 0, []))),
            states.get(p.task_id) if p.task_id is not None else None,
        )
        for p in periods
    ]  # fmt: skip


def _ordered(codes: Any, practices: PracticeRules) -> list[str]:
    """The practice codes in the rules' order, those the rules no longer have after them."""
    known = [p.code for p in practices.practices if p.code in codes]
    return known + sorted(c for c in codes if c not in known)


def _names(code: str, practices: PracticeRules) -> dict[str, Any]:
    practice = practices.by_code(code)
    return {
        "practice": code,
        "name_zh": practice.name_zh if practice else code,
        "name_en": practice.name_en if practice else code,
    }


def _period(row: _Row, by: date | None = None) -> dict[str, Any]:
    p = row.period
    span = Period(p.starts_on, p.ends_on, p.period)
    held = [d for d in row.held if by is None or d <= by]
    return {
        "period_id": p.id, "practice": p.practice, "period": p.period,
        "period_zh": span.name_zh, "starts_on": p.starts_on.isoformat(),
        "ends_on": p.ends_on.isoformat(), "due_on": p.due_on.isoformat(),
        "task_id": p.task_id, "task_state": row.task_state, "done": bool(held),
        "records": len(held), "caught_up": p.caught_up,
    }  # fmt: skip


def _newest(row: _Row) -> tuple[int, str]:
    """A sort key putting the latest-ending period first."""
    return (-row.period.ends_on.toordinal(), row.period.practice)


def period_rows(
    session: Session, chain_ids: list[int], today: date, practices: PracticeRules
) -> list[dict[str, Any]]:
    """Each period of these chains as a row with ``chain_id``, the practice's names, ``done``
    and ``gap`` as of ``today``, the latest-ending first."""
    rows = _rows(session, chain_ids, None) if chain_ids else []
    return [
        {
            "chain_id": r.period.chain_id,
            **_period(r),
            **_names(r.period.practice, practices),
            "gap": r.period.ends_on < today and not r.held,
        }
        for r in sorted(rows, key=_newest)
    ]
