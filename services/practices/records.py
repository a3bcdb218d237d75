"""Filing a practice's record (巡链/诊链/问链/月调度记录): the day it was held, who took part,
where they went, what they found (问题清单, one problem a line).

A record counts for the period it was held in: a tour held in October is Q4's, never Q3's,
so ``held_on`` must lie within the period (and not in the future). Filing closes the period's
task, if still open, through the normal moves as the system (``services.tasks.close_as_system``,
as a filed contract closes its filing task): the record is the evidence. A second record for
the same period (two tours in a quarter) is kept too and closes nothing more.
"""

from collections.abc import Sequence
from datetime import date, datetime

from sqlmodel import Session

from mechanism.wording import Said
from models import PracticePeriod, PracticeProblem, PracticeRecord, Task
from services.audit import audit
from services.config import EngineRules
from services.people import Actor
from services.practices.access import PracticeRefused, check_records, hidden
from services.practices.labels import practice_names
from services.tasks import close_as_system

MAX_PARTICIPANTS = 2000
MAX_PLACES = 2000
MAX_SUMMARY = 4000
MAX_PROBLEM = 500  # a problem is one line of the 问题清单, not a report
MAX_PROBLEMS = 50

_LABELS = {
    "participants": ("participants", "参加人员", MAX_PARTICIPANTS),
    "places": ("places visited", "调研地点", MAX_PLACES),
    "summary": ("summary", "情况摘要", MAX_SUMMARY),
}


def file_record(
    *,
    session: Session,
    actor: Actor,
    period_id: int,
    held_on: date,
    participants: str | None,
    places: str | None,
    summary: str | None,
    problems: Sequence[str],
    now: datetime,
    rules: EngineRules,
) -> PracticeRecord:
    """The record of the practice held on ``held_on`` in period ``period_id``, with its
    problems in the order given; refused, nothing written, when a field is wrong."""
    period = session.get(PracticePeriod, period_id)
    if period is None:
        raise hidden("period", period_id)
    task = session.get(Task, period.task_id) if period.task_id is not None else None
    check_records(session, actor, period, task)
    held_on_within(period, held_on, rules.today(now))
    who = _text("participants", participants, required=True)
    assert who is not None
    found = problem_lines(problems)
    record = PracticeRecord(
        period_id=period_id,
        held_on=held_on,
        participants=who,
        places=_text("places", places),
        summary=_text("summary", summary),
        recorded_by=actor.label,
        recorded_at=now,
    )
    session.add(record)
    session.flush()
    assert record.id is not None
    for position, line in enumerate(found, start=1):
        session.add(PracticeProblem(record_id=record.id, position=position, description=line))
    audit(
        session,
        actor=actor,
        entity_type="practice_record",
        entity_id=record.id,
        action="filed",
        now=now,
        after=held_on.isoformat(),
        detail={"period_id": period_id, "problems": len(found)},
    )
    if task is not None and task.id is not None:
        name_zh, _ = practice_names(period.practice)
        close_as_system(
            session, task.id, note=f"已于{held_on}开展{name_zh}并填写记录", now=now, rules=rules
        )
    session.flush()
    return record


def held_on_within(period: PracticePeriod, held_on: date, today: date) -> None:
    if not period.starts_on <= held_on <= period.ends_on:
        raise PracticeRefused(
            Said(
                f"held on: {held_on} is outside the period {period.period} "
                f"({period.starts_on} to {period.ends_on}); a record counts for the period "
                "it was held in",
                f"开展日期：{held_on} 不在 {period.period} 周期内（{period.starts_on} 至 "
                f"{period.ends_on}）；记录计入开展当期",
            ),
            "held_on",
        )
    if held_on > today:
        raise PracticeRefused(
            Said(
                f"held on: {held_on} is in the future (today is {today})",
                f"开展日期：{held_on} 晚于今天（{today}）",
            ),
            "held_on",
        )


def problem_lines(problems: Sequence[str]) -> list[str]:
    """The problems, each trimmed; blank lines are not problems. Refused: a line too long, or
    more lines than a record holds."""
    lines = [line.strip() for line in problems if line.strip()]
    if len(lines) > MAX_PROBLEMS:
        raise PracticeRefused(
            Said(
                f"problems: at most {MAX_PROBLEMS}, not {len(lines)}",
                f"问题清单：最多 {MAX_PROBLEMS} 条，现为 {len(lines)} 条",
            ),
            "problems",
        )
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_PROBLEM:
            raise PracticeRefused(
                Said(
                    f"problems: line {number} has {len(line)} characters; at most {MAX_PROBLEM}",
                    f"问题清单：第 {number} 条有 {len(line)} 个字，最多 {MAX_PROBLEM} 个字",
                ),
                "problems",
            )
    return lines


def _text(field: str, value: str | None, *, required: bool = False) -> str | None:
    en, zh, limit = _LABELS[field]
    given = (value or "").strip() or None
    if given is None:
        if required:
            raise PracticeRefused(Said(f"{en}: required", f"{zh}：必须填写"), field)
        return None
    if len(given) > limit:
        raise PracticeRefused(
            Said(
                f"{en}: at most {limit} characters, not {len(given)}",
                f"{zh}：最多 {limit} 个字，现为 {len(given)} 个字",
            ),
            field,
        )
    return given
