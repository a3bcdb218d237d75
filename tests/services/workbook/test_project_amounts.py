"""A key project's amounts in the workbook keep the bounds every path keeps (万元: finite, not
negative, at most 100,000,000): a row outside them is named by sheet, row and column, in both
languages, and nothing is written."""

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from mechanism.wording import zh
from services.projects import MAX_AMOUNT
from services.workbook import WorkbookInvalid, import_workbook, read_workbook
from tests.services.workbooks import BEARING_CODE, small_city, snapshot, write_workbook

TOTAL, PLANNED = "Total investment (10k CNY)", "Planned investment this year (10k CNY)"


def _project(code: str, total: Any, planned: Any) -> list[Any]:
    return [code, f"项目{code}", "BEARING", BEARING_CODE, "GXJ", 2026, total, planned,
            None, None, None]  # fmt: skip


def test_amounts_out_of_bounds_are_named_by_sheet_row_and_column_and_nothing_is_written(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    before = snapshot(session)
    sheets = small_city()
    sheets["Key projects"] += [
        _project("LC2026-BEARING-11", -5, 0),
        _project("LC2026-BEARING-12", 2e8, 1000),  # 元 typed where 万元 belong
        _project("LC2026-BEARING-13", 5000, "nan"),
        _project("LC2026-BEARING-14", "inf", 10),
        _project("LC2026-BEARING-15", MAX_AMOUNT, MAX_AMOUNT),  # the bound itself is fine
    ]
    path = write_workbook(tmp_path / "bad.xlsx", sheets)

    with pytest.raises(WorkbookInvalid) as raised:
        import_workbook(session=session, workbook=read_workbook(path), actor="office", now=now)
    session.rollback()

    found = [(e.sheet, e.row, e.column, str(e.message)) for e in raised.value.errors]
    assert found == [
        ("Key projects", 3, TOTAL, "total investment must not be negative, not -5 万元"),
        (
            "Key projects", 4, TOTAL,
            "total investment must be at most 100,000,000 万元, not 200,000,000 万元",
        ),
        (
            "Key projects", 5, PLANNED,
            "planned investment this year must be a number of 万元, not nan",
        ),
        ("Key projects", 6, TOTAL, "total investment must be a number of 万元, not inf"),
    ]  # fmt: skip
    assert zh(raised.value.errors[1].message) == (
        "总投资最多为 100,000,000 万元，不能是 200,000,000 万元"
    )
    assert snapshot(session) == before
