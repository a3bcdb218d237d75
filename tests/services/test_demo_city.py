"""The shipped demo city is valid data and survives the round trips an office will make."""

from datetime import datetime
from pathlib import Path

from sqlmodel import Session

from services.workbook import export_workbook, import_workbook, read_workbook

from .workbooks import snapshot


def test_the_demo_city_imports_once_and_then_changes_nothing(
    session: Session, demo_yaml: Path, tmp_path: Path, now: datetime
) -> None:
    first = import_workbook(session=session, workbook=read_workbook(demo_yaml), actor="t", now=now)
    session.commit()
    before = snapshot(session)

    again = import_workbook(session=session, workbook=read_workbook(demo_yaml), actor="t", now=now)
    session.commit()
    exported = tmp_path / "demo.xlsx"
    export_workbook(session=session, path=exported, locale="zh-CN")
    back = import_workbook(session=session, workbook=read_workbook(exported), actor="t", now=now)
    session.commit()

    assert first.sheets["chains"].created == 10
    assert first.sheets["plan_tasks"].created >= 80
    assert not again.changed
    assert not back.changed
    assert snapshot(session) == before
