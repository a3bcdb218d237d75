"""Migration 0013 rebuilds the blocks that ended before it from the audit trail, exactly as
``unblock_task`` now records them."""

from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from alembic import command
from sqlmodel import Session, col, select

from mechanism.calendar import WorkingCalendar
from models import Task, TaskBlock
from models.db import make_engine
from models.migrations import alembic_config, upgrade
from services import tasks as task_service
from services.config import EngineRules
from services.people import actor_by_email
from services.workbook import import_workbook, read_workbook
from tests.services.workbooks import small_city, write_workbook

RULES = EngineRules(calendar=WorkingCalendar())
ZONE = ZoneInfo("Asia/Shanghai")
OWNER = "wang.lei@example.gov.cn"


def local(day: date, at: time = time(10, 0)) -> datetime:
    return datetime.combine(day, at, ZONE).astimezone(UTC)


def test_the_blocks_that_ended_before_the_migration_come_back_from_the_audit_trail(
    tmp_path: Path,
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'before.db'}")
    upgrade(engine)
    with Session(engine) as session:
        workbook = read_workbook(write_workbook(tmp_path / "city.xlsx", small_city()))
        import_workbook(session=session, workbook=workbook, actor="t", now=local(date(2026, 9, 1)))
        task_id = session.exec(select(col(Task.id)).order_by(col(Task.id))).first() or 0
        owner = actor_by_email(session, OWNER)
        common = {"session": session, "task_id": task_id, "actor": owner, "rules": RULES}
        for since, until in (
            (local(date(2026, 9, 29)), local(date(2026, 10, 12))),
            # Ended at 07:30 in Shanghai: still the 23rd of October in UTC.
            (local(date(2026, 10, 20)), local(date(2026, 10, 24), time(7, 30))),
        ):
            task_service.block_task(now=since, reason="等用地", request_code="YS2026-001", **common)
            task_service.unblock_task(now=until, **common)
        session.commit()
        recorded = session.exec(
            select(
                TaskBlock.task_id,
                TaskBlock.request_id,
                TaskBlock.blocked_since,
                TaskBlock.unblocked_on,
            ).order_by(col(TaskBlock.id))
        ).all()
    assert [(since, until) for _, _, since, until in recorded] == [
        (date(2026, 9, 29), date(2026, 10, 12)),
        (date(2026, 10, 20), date(2026, 10, 24)),
    ]
    assert {request for _, request, _, _ in recorded} != {None}

    # The database as it was before 0013: no task_block table, only the trail.
    command.downgrade(alembic_config(engine), "0012")
    command.upgrade(alembic_config(engine), "0013")

    with Session(engine) as session:
        rebuilt = session.exec(
            select(
                TaskBlock.task_id,
                TaskBlock.request_id,
                TaskBlock.blocked_since,
                TaskBlock.unblocked_on,
            ).order_by(col(TaskBlock.id))
        ).all()
    engine.dispose()
    assert rebuilt == recorded
