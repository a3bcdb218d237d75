"""Export writes the import format: exporting then importing changes nothing."""

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlmodel import Session, col, select

from mechanism.calendar import WorkingCalendar
from mechanism.vocabulary import TaskSource
from models import Chain, Department, ExtensionRequest, Person, Task, TaskCoDepartment
from models.db import make_engine
from models.migrations import upgrade
from services.config import EngineRules
from services.people import Actor, actor_by_email
from services.tasks import (
    accept_task,
    assign_task,
    decide_extension,
    report_progress,
    request_extension,
    sign_off_task,
    submit_task,
)
from services.workbook import (
    SHEETS,
    export_workbook,
    import_workbook,
    read_workbook,
    write_template,
)
from tests.services.workbooks import small_city, snapshot, write_workbook

RULES = EngineRules(calendar=WorkingCalendar())
OFFICE = Actor("gao.wenbo@example.gov.cn", is_office=True)


def _load_small_city(session: Session, tmp_path: Path, now: datetime) -> None:
    path = write_workbook(tmp_path / "city.xlsx", small_city())
    import_workbook(session=session, workbook=read_workbook(path), actor="office", now=now)
    session.commit()


def test_exporting_then_importing_the_export_is_a_no_op(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    _load_small_city(session, tmp_path, now)
    _assign_outside_the_plan(session, now)
    before = snapshot(session)

    for locale in ("zh-CN", "en"):
        exported = tmp_path / f"export-{locale}.xlsx"
        export_workbook(session=session, path=exported, locale=locale)
        summary = import_workbook(
            session=session, workbook=read_workbook(exported), actor="office", now=now
        )
        session.commit()

        assert not summary.changed
        assert snapshot(session) == before


def test_a_formula_looking_cell_is_exported_as_text_excel_will_not_run(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    _load_small_city(session, tmp_path, now)
    exported = tmp_path / "export.xlsx"
    export_workbook(session=session, path=exported, locale="en")

    sheet = openpyxl.load_workbook(exported)["Plan tasks"]
    titles = {cell.value: cell for cell in sheet["D"][1:]}
    cell = titles["=SUM(1,2) looks like a formula"]
    assert cell.data_type == "s"
    assert cell.quotePrefix
    plain = titles["推动轴承钢本地化配套"]
    assert not plain.quotePrefix


def test_the_template_documents_every_column_and_imports_as_nothing(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    template = tmp_path / "template.xlsx"
    write_template(path=template, locale="zh-CN")

    book = openpyxl.load_workbook(template)
    assert book.sheetnames == ["说明", *(sheet.zh for sheet in SHEETS)]
    tasks = book["行动计划任务"]
    headers = [cell.value for cell in tasks[1]]
    assert headers[:4] == ["产业链编码*", "年度*", "序号*", "任务*"]
    assert "2026年3月31日" in tasks["I1"].comment.text
    notes = book["说明"]
    assert notes.max_row == 1 + sum(len(sheet.columns) for sheet in SHEETS)

    summary = import_workbook(
        session=session, workbook=read_workbook(template), actor="office", now=now
    )
    assert set(summary.sheets) == {sheet.key for sheet in SHEETS}
    assert all(
        vars(counts) == {"created": 0, "updated": 0, "unchanged": 0}
        for counts in summary.sheets.values()
    )


def _id(row: Task | ExtensionRequest) -> int:
    assert row.id is not None
    return row.id


def _assign_outside_the_plan(session: Session, now: datetime) -> None:
    """What QA did through the chain page: tasks from a meeting and a leader's instruction,
    worked on, extended and signed off as the web app does it."""
    common: dict[str, Any] = {"session": session, "actor": OFFICE, "now": now, "rules": RULES}
    li_na = {**common, "actor": actor_by_email(session, "li.na@example.gov.cn")}
    wang_lei = {**common, "actor": actor_by_email(session, "wang.lei@example.gov.cn")}
    meeting = assign_task(
        **common,
        chain_code="BEARING",
        title="开展轴承产业链专题调研",
        lead_department="GXJ",
        owner_email="li.na@example.gov.cn",
        start=date(2026, 11, 2),
        due=date(2026, 12, 25),
        co_departments=("ZRJ",),
    )
    accept_task(**li_na, task_id=_id(meeting))
    report_progress(**li_na, task_id=_id(meeting), progress=40, note="调研提纲已定")
    instruction = assign_task(
        **common,
        chain_code="BEARING",
        title="落实市长批示：轴承钢保供",
        lead_department="ZRJ",
        owner_email="wang.lei@example.gov.cn",
        start=date(2026, 11, 20),
        working_days=10,
        source=TaskSource.LEADER_INSTRUCTION,
    )
    extension = request_extension(
        **wang_lei,
        task_id=_id(instruction),
        proposed_due=date(2026, 12, 18),
        reason="等待供货合同签订",
    )
    decide_extension(**common, request_id=_id(extension), approve=True, note=None)
    # The same chain, title and start as plan item 1, yet another task: it must stay apart.
    twin = assign_task(
        **common,
        chain_code="BEARING",
        title="推动轴承钢本地化配套",
        lead_department="GXJ",
        owner_email="wang.lei@example.gov.cn",
        start=date(2026, 3, 1),
        due=date(2026, 11, 30),
    )
    accept_task(**wang_lei, task_id=_id(twin))
    submit_task(**wang_lei, task_id=_id(twin), note=None)
    sign_off_task(**common, task_id=_id(twin))
    session.commit()


def _tasks_outside_the_plan(session: Session) -> list[tuple[Any, ...]]:
    """Every field the assigned-tasks sheet carries, by natural key, as the database has it."""
    session.expire_all()
    chains = {c.id: c.code for c in session.exec(select(Chain))}
    departments = {d.id: d.code for d in session.exec(select(Department))}
    people = {p.id: p.email for p in session.exec(select(Person))}
    links = session.exec(select(TaskCoDepartment)).all()
    found = []
    for task in session.exec(select(Task).where(col(Task.plan_item_id).is_(None))):
        co = sorted(departments[link.department_id] for link in links if link.task_id == task.id)
        found.append(
            (
                chains[task.chain_id],
                task.start_date,
                task.title,
                task.source,
                departments[task.lead_department_id],
                people[task.owner_id],
                co,
                task.due_date,
                task.original_due_date,
                task.state,
                task.progress,
                task.signed_off_on,
                task.list_item_id,
            )
        )
    return sorted(found)


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Session]:
    """A second, empty database, built by the migrations: where a backup is restored."""
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    upgrade(engine)
    with Session(engine, expire_on_commit=False) as session:
        yield session
    engine.dispose()


def test_the_export_carries_every_task_assigned_outside_the_plan(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    _load_small_city(session, tmp_path, now)
    _assign_outside_the_plan(session, now)
    exported = tmp_path / "export.xlsx"

    counts = export_workbook(session=session, path=exported, locale="en")

    sheet = openpyxl.load_workbook(exported)["Assigned tasks"]
    headers = [cell.value for cell in sheet[1]]
    rows = [dict(zip(headers, row, strict=True)) for row in sheet.iter_rows(2, values_only=True)]
    assert sorted((r["Title"], r["Source"]) for r in rows) == [
        ("开展轴承产业链专题调研", "Meeting"),
        ("推动轴承钢本地化配套", "Meeting"),
        ("落实市长批示：轴承钢保供", "Leader instruction"),
    ]
    instruction = next(r for r in rows if r["Source"] == "Leader instruction")
    assert instruction["Due date"].date() == date(2026, 12, 18)  # extended
    assert instruction["Original due date"].date() < date(2026, 12, 18)  # kept for statistics
    total = len(session.exec(select(Task)).all())
    assert counts["plan_tasks"] + counts["assigned_tasks"] == total == 5


def test_assigned_tasks_survive_a_round_trip_into_a_fresh_database(
    session: Session, fresh: Session, tmp_path: Path, now: datetime
) -> None:
    _load_small_city(session, tmp_path, now)
    _assign_outside_the_plan(session, now)
    exported = tmp_path / "backup.xlsx"
    export_workbook(session=session, path=exported, locale="zh-CN")

    first = import_workbook(session=fresh, workbook=read_workbook(exported), actor="t", now=now)
    fresh.commit()
    restored = snapshot(fresh)
    again = import_workbook(session=fresh, workbook=read_workbook(exported), actor="t", now=now)
    fresh.commit()

    assert (first.sheets["assigned_tasks"].created, first.sheets["plan_tasks"].created) == (3, 2)
    assert _tasks_outside_the_plan(fresh) == _tasks_outside_the_plan(session)
    assert not again.changed
    assert snapshot(fresh) == restored


def test_a_plan_tasks_approved_extension_survives_a_restore(
    session: Session, fresh: Session, tmp_path: Path, now: datetime
) -> None:
    _load_small_city(session, tmp_path, now)
    task = session.exec(select(Task).where(Task.title == "=SUM(1,2) looks like a formula")).one()
    li_na = actor_by_email(session, "li.na@example.gov.cn")
    common: dict[str, Any] = {"session": session, "now": now, "rules": RULES}
    accept_task(**common, actor=li_na, task_id=_id(task))
    extension = request_extension(
        **common, actor=li_na, task_id=_id(task), proposed_due=date(2027, 1, 29), reason="等批复"
    )
    decide_extension(**common, actor=OFFICE, request_id=_id(extension), approve=True, note=None)
    session.commit()
    exported = tmp_path / "backup.xlsx"
    export_workbook(session=session, path=exported, locale="en")

    import_workbook(session=fresh, workbook=read_workbook(exported), actor="t", now=now)
    fresh.commit()

    restored = fresh.exec(select(Task).where(Task.title == task.title)).one()
    assert (restored.original_due_date, restored.due_date) == (
        date(2026, 12, 31),
        date(2027, 1, 29),
    )
    again = import_workbook(session=fresh, workbook=read_workbook(exported), actor="t", now=now)
    assert not again.changed
