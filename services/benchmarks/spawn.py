"""One step from a gap to work (差距 → 任务): a task for the chain's lead department,
"对标<peer>补齐<indicator>差距", due 20 working days later by default (counted from the next day,
民法典 §201, ``mechanism.periods``), made through ``services.tasks.assign_task`` so the ladder
urges it like every task. Made once: ``BenchmarkGapAction`` keeps which gap made which task,
and a second call says the task exists, with its number.

A gap spawning an investment target instead (``target_id``) is the same row with the other
column: ``services.benchmarks.spawn_target``; both find the gap through ``gap_lookup``.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from mechanism.benchmarks import Indicator
from mechanism.designations import Kind
from mechanism.periods import period_end
from mechanism.vocabulary import TaskSource
from mechanism.wording import Said
from models import BenchmarkGapAction, Task
from services.benchmarks.access import BenchmarkRefused
from services.benchmarks.gap_lookup import find_gap, spawned
from services.config import EngineRules
from services.people import Actor, department_owner, lead_department_of
from services.tasks import assign_task

DEFAULT_DAYS = 20


@dataclass(frozen=True)
class GapTask:
    """The gap's task; ``made`` False when it existed before this call."""

    task: Task
    made: bool


def gap_to_task(
    *,
    session: Session,
    actor: Actor,
    indicator: str,
    chain_code: str | None,
    peer_name: str,
    year: int | str,
    today: date,
    now: datetime,
    rules: EngineRules,
    catalogue: tuple[Indicator, ...],
    kinds: tuple[Kind, ...],
    working_days: int = DEFAULT_DAYS,
) -> GapTask:
    """The task for the gap on ``indicator`` to ``peer_name`` in ``year``; refused when there
    is no such gap (we lead, tie, or a figure is missing) or the chain has no lead department."""
    found = find_gap(
        session=session,
        actor=actor,
        indicator=indicator,
        chain_code=chain_code,
        peer_name=peer_name,
        year=year,
        today=today,
        catalogue=catalogue,
        kinds=kinds,
        work="task",
    )
    chain, peer, when, row = found.chain, found.peer, found.year, found.row
    assert chain.id is not None
    existing = spawned(session, found, "task")
    if existing is not None:
        task = session.get(Task, existing)
        assert task is not None
        return GapTask(task=task, made=False)
    department = lead_department_of(session, chain.id)
    owner = department_owner(session, department.id) if department and department.id else None
    if department is None or owner is None:
        raise BenchmarkRefused(
            Said(
                f"chain: the {chain.code} chain has no lead department with someone to own "
                "the task",
                f"产业链：{chain.name_zh}产业链没有可作责任人的牵头部门",
            ),
            "chain",
        )
    name = row.indicator.name_zh
    unit = row.indicator.unit
    task = assign_task(
        session=session,
        actor=actor,
        chain_code=chain.code,
        title=f"对标{peer.name}补齐{name}差距"[:200],
        lead_department=department.code,
        owner_email=owner.email,
        start=today,
        due=period_end(today, working_days, rules.calendar),
        source=TaskSource.BENCHMARK,
        requirements=(
            f"{when}年{name}：我方 {row.ours.value:g}{unit}（{row.ours.source}），"
            f"{peer.name} {row.theirs.value:g}{unit}（{row.theirs.source}），"
            f"差距 {row.gap.difference:g}{unit}。请分析原因，提出补齐措施并报告进展。"
        ),
        now=now,
        rules=rules,
    )
    session.add(
        BenchmarkGapAction(
            indicator_id=found.indicator_id,
            chain_id=chain.id,
            peer_id=peer.id or 0,
            year=when,
            task_id=task.id,
            created_by=actor.label,
            created_at=now,
        )
    )
    session.flush()
    return GapTask(task=task, made=True)
