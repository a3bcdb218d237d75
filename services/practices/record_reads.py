"""What the practice pages, the JSON API and the CLI read: a chain's periods (each done or a
gap), one period with its task and records, one record with its problems and the task or
factor request each became.

A period is **done** when it has a record held within it; a **gap** when its calendar end is
before today and it is not done (the rule the chain page's and the bulletin's gaps use).
"""

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from mechanism.practices import period_name_zh
from mechanism.vocabulary import FactorType
from models import (
    Chain,
    Department,
    Enterprise,
    EnterpriseMembership,
    FactorRequest,
    PracticePeriod,
    PracticeProblem,
    PracticeRecord,
    Task,
)
from services.lookups import UnknownChain, chain_by_code
from services.people import Viewer
from services.practices.access import hidden, may_record, may_turn, reads_practices
from services.practices.labels import practice_names


def chain_periods(session: Session, viewer: Viewer, chain_code: str, today: date) -> dict[str, Any]:
    """The chain and its periods, newest first (latest start; practices by name within)."""
    try:
        chain = chain_by_code(session, chain_code)
    except UnknownChain:
        raise hidden("chain", chain_code) from None
    assert chain.id is not None
    if not reads_practices(session, viewer, chain.id, None):
        raise hidden("chain", chain_code)
    periods = session.exec(
        select(PracticePeriod)
        .where(PracticePeriod.chain_id == chain.id)
        .order_by(col(PracticePeriod.starts_on).desc(), col(PracticePeriod.practice))
    ).all()
    held = _held_counts(session, [p.id or 0 for p in periods])
    states = _task_states(session, [p.task_id for p in periods if p.task_id is not None])
    return {
        "chain": _chain(chain),
        "periods": [
            period_row(p, held.get(p.id or 0, 0), states.get(p.task_id or 0), today)
            for p in periods
        ],
    }


def period_view(session: Session, viewer: Viewer, period_id: int, today: date) -> dict[str, Any]:
    """One period, its task, its records (earliest held first) and whether the viewer may
    add one."""
    period = session.get(PracticePeriod, period_id)
    chain = session.get(Chain, period.chain_id) if period else None
    if period is None or chain is None:
        raise hidden("period", period_id)
    task = session.get(Task, period.task_id) if period.task_id is not None else None
    if not reads_practices(session, viewer, period.chain_id, task):
        raise hidden("period", period_id)
    records = session.exec(
        select(PracticeRecord)
        .where(PracticeRecord.period_id == period_id)
        .order_by(col(PracticeRecord.held_on), col(PracticeRecord.id))
    ).all()
    problems = _problem_counts(session, [r.id or 0 for r in records])
    held = sum(1 for r in records if period.starts_on <= r.held_on <= period.ends_on)
    return {
        "chain": _chain(chain),
        "period": period_row(period, held, task.state if task else None, today),
        "task": _task(task),
        "records": [{**_record(r), "problems": problems.get(r.id or 0, 0)} for r in records],
        "may_record": may_record(session, viewer.actor, period, task),
    }


def record_view(session: Session, viewer: Viewer, record_id: int, today: date) -> dict[str, Any]:
    """One record, its period, and its problems with the work each became."""
    record = session.get(PracticeRecord, record_id)
    period = session.get(PracticePeriod, record.period_id) if record else None
    chain = session.get(Chain, period.chain_id) if period else None
    if record is None or period is None or chain is None:
        raise hidden("record", record_id)
    task = session.get(Task, period.task_id) if period.task_id is not None else None
    if not reads_practices(session, viewer, period.chain_id, task):
        raise hidden("record", record_id)
    problems = session.exec(
        select(PracticeProblem)
        .where(PracticeProblem.record_id == record_id)
        .order_by(col(PracticeProblem.position), col(PracticeProblem.id))
    ).all()
    request_ids = [p.request_id for p in problems if p.request_id is not None]
    requests = {
        r.id: r
        for r in session.exec(
            select(FactorRequest).where(col(FactorRequest.id).in_(request_ids or [-1]))
        ).all()
    }
    held = 1 if period.starts_on <= record.held_on <= period.ends_on else 0
    return {
        "chain": _chain(chain),
        "period": period_row(period, held, task.state if task else None, today),
        "record": _record(record),
        "problems": [_problem(p, requests.get(p.request_id)) for p in problems],
        "may_turn": (turns := may_turn(session, viewer.actor, chain.id or -1)),
        "choices": turn_choices(session, chain.id or -1) if turns else None,
    }


def turn_choices(session: Session, chain_id: int) -> dict[str, Any]:
    """What the two small forms offer: the departments (a task's lead), the enterprises on
    the chain's lists (a request's), the factor types."""
    departments = session.exec(
        select(Department.code, Department.name_zh).order_by(col(Department.code))
    ).all()
    firms = session.exec(
        select(Enterprise.credit_code, Enterprise.name)
        .join(EnterpriseMembership, col(EnterpriseMembership.enterprise_id) == Enterprise.id)
        .where(EnterpriseMembership.chain_id == chain_id)
        .distinct()
        .order_by(col(Enterprise.name))
    ).all()
    return {
        "departments": [{"code": code, "name_zh": name} for code, name in departments],
        "enterprises": [{"credit_code": code, "name": name} for code, name in firms],
        "factor_types": [{"code": f.value, "name_zh": f.zh, "name_en": f.en} for f in FactorType],
    }


_PAGE_ONLY = ("may_record", "may_turn", "choices")


def as_json(view: dict[str, Any]) -> dict[str, Any]:
    """A period's or a record's view as the JSON API and the CLI give it: without what only a
    page's forms need (who may act, the forms' choices)."""
    return {key: value for key, value in view.items() if key not in _PAGE_ONLY}


def period_row(
    period: PracticePeriod, held: int, task_state: str | None, today: date
) -> dict[str, Any]:
    name_zh, name_en = practice_names(period.practice)
    done = held > 0
    return {
        "id": period.id,
        "practice": period.practice,
        "practice_zh": name_zh,
        "practice_en": name_en,
        "period": period.period,
        "period_zh": period_name_zh(period.period),
        "starts_on": period.starts_on,
        "ends_on": period.ends_on,
        "due_on": period.due_on,
        "caught_up": period.caught_up,
        "task_id": period.task_id,
        "task_state": task_state,
        "records": held,
        "done": done,
        "gap": not done and period.ends_on < today,
    }


def _chain(chain: Chain) -> dict[str, Any]:
    return {"code": chain.code, "name_zh": chain.name_zh, "name_en": chain.name_en}


def _task(task: Task | None) -> dict[str, Any] | None:
    if task is None:
        return None
    return {
        "id": task.id,
        "title": task.title,
        "state": task.state,
        "due_date": task.due_date,
        "link": f"/tasks/{task.id}",
    }


def _record(record: PracticeRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "period_id": record.period_id,
        "held_on": record.held_on,
        "participants": record.participants,
        "places": record.places,
        "summary": record.summary,
        "recorded_by": record.recorded_by,
        "recorded_at": record.recorded_at,
        "link": f"/practice-records/{record.id}",
    }


def _problem(problem: PracticeProblem, request: FactorRequest | None) -> dict[str, Any]:
    return {
        "id": problem.id,
        "position": problem.position,
        "description": problem.description,
        "task_id": problem.task_id,
        "task_link": f"/tasks/{problem.task_id}" if problem.task_id is not None else None,
        "request_id": problem.request_id,
        "request_code": request.code if request else None,
        "request_link": f"/requests/{request.code}" if request else None,
    }


def _held_counts(session: Session, period_ids: list[int]) -> dict[int, int]:
    """Per period, its records held within it."""
    if not period_ids:
        return {}
    rows = session.exec(
        select(PracticeRecord.period_id, sa.func.count())
        .join(PracticePeriod, col(PracticePeriod.id) == PracticeRecord.period_id)
        .where(
            col(PracticeRecord.period_id).in_(period_ids),
            col(PracticeRecord.held_on) >= PracticePeriod.starts_on,
            col(PracticeRecord.held_on) <= PracticePeriod.ends_on,
        )
        .group_by(col(PracticeRecord.period_id))
    ).all()
    return {period_id: int(count) for period_id, count in rows}


def _problem_counts(session: Session, record_ids: list[int]) -> dict[int, int]:
    if not record_ids:
        return {}
    rows = session.exec(
        select(PracticeProblem.record_id, sa.func.count())
        .where(col(PracticeProblem.record_id).in_(record_ids))
        .group_by(col(PracticeProblem.record_id))
    ).all()
    return {record_id: int(count) for record_id, count in rows}


def _task_states(session: Session, task_ids: list[int]) -> dict[int, str]:
    if not task_ids:
        return {}
    rows = session.exec(select(Task.id, Task.state).where(col(Task.id).in_(task_ids))).all()
    return {task_id or 0: state for task_id, state in rows}
