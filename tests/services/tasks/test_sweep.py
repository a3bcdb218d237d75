"""The daily sweep on a real database: what it queues, once, and only what is due."""

import threading
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from mechanism.calendar import WorkingCalendar
from mechanism.vocabulary import NoticeKind
from models import Notice, OutboxMessage, Task
from models.db import make_engine
from services.config import EngineRules
from services.tasks import due_tasks_query, sweep
from services.workbook import import_workbook, read_workbook
from tests.services.workbooks import small_city, write_workbook

RULES = EngineRules(calendar=WorkingCalendar(), office_mailbox="office@example.gov.cn")
MONDAY = datetime(2026, 11, 30, 0, 30, tzinfo=UTC)  # 08:30 in Shanghai


def load_city(session: Session, tmp_path: Path, *, extra_overdue: int = 0) -> None:
    sheets = small_city()
    for n in range(extra_overdue):
        sheets["Plan tasks"].append(
            [
                "BEARING",
                2026,
                100 + n,
                f"逾期任务{n}",
                "GXJ",
                "wang.lei@example.gov.cn",
                None,
                "2026-09-01",
                "2026-11-02",
            ]
        )
    workbook = read_workbook(write_workbook(tmp_path / "city.xlsx", sheets))
    import_workbook(session=session, workbook=workbook, actor="t", now=MONDAY)
    session.commit()


def outbox(session: Session) -> list[tuple[str, str, str]]:
    session.commit()  # end this session's snapshot: the sweeps wrote through other connections
    rows = session.exec(
        select(Notice.kind, Notice.subject_id, OutboxMessage.recipient_email)
        .join(OutboxMessage, col(OutboxMessage.notice_id) == Notice.id)
        .order_by(Notice.subject_id, OutboxMessage.recipient_email)
    ).all()
    return [(kind, str(task), email) for kind, task, email in rows]


def test_an_overdue_task_gets_an_urging_slip_to_owner_and_department_once(
    session: Session, engine: sa.Engine, tmp_path: Path
) -> None:
    load_city(session, tmp_path)
    overdue = session.exec(select(Task).where(Task.title == "推动轴承钢本地化配套")).one()

    first = sweep(engine=engine, now=MONDAY, rules=RULES)
    again = sweep(engine=engine, now=MONDAY, rules=RULES)

    assert first.examined == 2
    assert first.by_kind == {NoticeKind.URGING_SLIP.value: 1}
    assert outbox(session) == [
        ("urging_slip", str(overdue.id), "gxj@example.gov.cn"),
        ("urging_slip", str(overdue.id), "wang.lei@example.gov.cn"),
    ]
    assert again.examined == 0
    session.refresh(overdue)
    assert (overdue.light, overdue.ladder_level) == ("red", 1)
    assert overdue.next_action_at == RULES.start_of(date(2026, 12, 1))


def test_the_ladder_goes_on_the_next_working_day_and_falls_back_when_nobody_is_on_the_roster(
    session: Session, engine: sa.Engine, tmp_path: Path
) -> None:
    load_city(session, tmp_path)
    sweep(engine=engine, now=MONDAY, rules=RULES)
    tuesday = datetime(2026, 12, 1, 0, 30, tzinfo=UTC)

    report = sweep(engine=engine, now=tuesday, rules=RULES)

    # BEARING has no working group: the coordination notice goes to the office mailbox.
    assert report.by_kind == {NoticeKind.COORDINATION.value: 1}
    assert ("coordination", "office@example.gov.cn") in [(k, e) for k, _, e in outbox(session)]


def test_nothing_happens_on_a_non_working_day(
    session: Session, engine: sa.Engine, tmp_path: Path
) -> None:
    load_city(session, tmp_path)
    saturday = datetime(2026, 11, 28, 0, 30, tzinfo=UTC)
    report = sweep(engine=engine, now=saturday, rules=RULES)
    assert not report.working_day
    assert outbox(session) == []


def test_two_sweeps_racing_queue_each_notice_once(
    session: Session, engine: sa.Engine, database_url: str, tmp_path: Path
) -> None:
    load_city(session, tmp_path, extra_overdue=300)
    engines = [make_engine(database_url), make_engine(database_url)]
    reports: list[Any] = []
    start = threading.Barrier(2)

    def run(own: sa.Engine) -> None:
        start.wait()
        reports.append(sweep(engine=own, now=MONDAY, rules=RULES, chunk_size=25))

    threads = [threading.Thread(target=run, args=(own,)) for own in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for own in engines:
        own.dispose()

    rows = outbox(session)
    assert len(rows) == len(set(rows)) == 301 * 2  # owner and department, each once
    assert sum(r.notices for r in reports) == 301
    assert sum(r.examined - r.lost_claims for r in reports) == 302


def test_a_crash_in_the_middle_loses_nothing_and_the_next_sweep_finishes(
    session: Session, engine: sa.Engine, database_url: str, tmp_path: Path
) -> None:
    load_city(session, tmp_path, extra_overdue=60)
    crashing = make_engine(database_url)
    inserts = 0

    @sa.event.listens_for(crashing, "before_cursor_execute")
    def fail_on_the_second_outbox_write(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        nonlocal inserts
        if statement.lstrip().upper().startswith("INSERT INTO OUTBOX_MESSAGE"):
            inserts += 1
            if inserts == 2:
                raise RuntimeError("the machine died")

    with pytest.raises(RuntimeError, match="the machine died"):
        sweep(engine=crashing, now=MONDAY, rules=RULES, chunk_size=20)
    crashing.dispose()
    done_before = len(outbox(session))

    report = sweep(engine=engine, now=MONDAY, rules=RULES, chunk_size=20)

    assert done_before == 19 * 2  # the first chunk (20 tasks, 19 overdue) was committed
    assert report.notices == 61 - 19
    assert len(outbox(session)) == 61 * 2


def test_the_sweep_reads_only_open_tasks_that_are_due_through_the_partial_index(
    engine: sa.Engine,
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's query plan; PostgreSQL chooses by statistics")
    executed: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        executed.append((statement, parameters))

    # The statement as really executed, with its real parameters: SQLite uses a partial index
    # only when it can prove the query implies the index's WHERE, which bound parameters hide.
    with engine.connect() as connection:
        sa.event.listen(connection, "before_cursor_execute", capture)
        connection.execute(due_tasks_query("sqlite", MONDAY, 500)).all()
        sa.event.remove(connection, "before_cursor_execute", capture)
        statement, parameters = executed[-1]
        plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
    assert "USING INDEX ix_task_sweep" in " ".join(str(row[-1]) for row in plan)
