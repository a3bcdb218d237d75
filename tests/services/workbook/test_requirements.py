"""A task's work requirements (工作要求) in the workbook: an optional last column on both task
sheets, kept by export and import, bounded like the pages, absent from older workbooks."""

from datetime import datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select

from models import Task
from services.workbook import WorkbookInvalid, export_workbook, import_workbook, read_workbook
from tests.services.workbooks import small_city, write_workbook

REQUIREMENTS = "每月5日前报送钢厂签约进展；年底前形成本地配套清单。"


def _with_requirements(text: str) -> dict[str, list[list[object]]]:
    sheets = small_city()
    plan = sheets["Plan tasks"]
    plan[0] = [*plan[0], "Requirements"]
    plan[1] = [*plan[1], text]
    return sheets


def test_requirements_are_imported_exported_and_restored(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    path = write_workbook(tmp_path / "city.xlsx", _with_requirements(REQUIREMENTS))
    import_workbook(session=session, workbook=read_workbook(path), actor="t", now=now)
    task = session.exec(select(Task).where(Task.title == "推动轴承钢本地化配套")).one()
    assert task.requirements == REQUIREMENTS

    exported = tmp_path / "back.xlsx"
    export_workbook(session=session, path=exported, locale="en")
    task.requirements = None
    session.add(task)
    import_workbook(session=session, workbook=read_workbook(exported), actor="t", now=now)
    assert task.requirements == REQUIREMENTS


def test_a_workbook_without_the_column_keeps_what_a_task_has(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    with_them = write_workbook(tmp_path / "with.xlsx", _with_requirements(REQUIREMENTS))
    import_workbook(session=session, workbook=read_workbook(with_them), actor="t", now=now)
    older = write_workbook(tmp_path / "older.xlsx", small_city())
    import_workbook(session=session, workbook=read_workbook(older), actor="t", now=now)
    task = session.exec(select(Task).where(Task.title == "推动轴承钢本地化配套")).one()
    assert task.requirements == REQUIREMENTS


def test_requirements_past_2000_characters_are_refused_with_their_cell(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    path = write_workbook(tmp_path / "city.xlsx", _with_requirements("要" * 2001))
    with pytest.raises(WorkbookInvalid) as raised:
        import_workbook(session=session, workbook=read_workbook(path), actor="t", now=now)
    [error] = raised.value.errors
    assert (error.sheet, error.row, error.column) == ("Plan tasks", 2, "Requirements")
    assert "at most 2000 characters, not 2001" in str(error)


def test_task_dates_no_office_means_are_refused_with_their_cells(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    sheets = small_city()
    plan = sheets["Plan tasks"]
    plan[1][7:9] = ["1999-03-01", "2026/6/30"]  # start before 2000
    plan[2][7:9] = ["2026-03-01", "9999-12-31"]  # due more than five years ahead
    path = write_workbook(tmp_path / "city.xlsx", sheets)
    with pytest.raises(WorkbookInvalid) as raised:
        import_workbook(session=session, workbook=read_workbook(path), actor="t", now=now)
    assert [(e.sheet, e.row, e.column) for e in raised.value.errors] == [
        ("Plan tasks", 2, "Start date"),
        ("Plan tasks", 3, "Due date"),
    ]
