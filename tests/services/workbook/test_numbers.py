"""Numbers in a workbook are finite and in range: no NaN, infinity or 1e400 anywhere; key-project
amounts not negative (the planned investment too); years from 2000 to 2100; factor-request
quantities more than zero and at most 1,000,000,000. Before, a NaN quantity was an
IntegrityError traceback (SQLite stores NaN as NULL), and inf, 1e400, a negative planned
investment and project year 0 were stored."""

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from mechanism.wording import zh
from services.workbook import WorkbookInvalid, import_workbook, read_workbook
from tests.services.workbooks import BEARING_CODE, small_city, snapshot, write_workbook

QUANTITY_AT = ("Factor requests", 2, "Quantity")


def _refusals(session: Session, sheets: dict[str, Any], path: Path, now: datetime) -> list[Any]:
    before = snapshot(session)
    with pytest.raises(WorkbookInvalid) as raised:
        import_workbook(
            session=session, workbook=read_workbook(write_workbook(path, sheets)),
            actor="office", now=now,
        )  # fmt: skip
    session.rollback()
    assert snapshot(session) == before
    return [(e.sheet, e.row, e.column, str(e.message)) for e in raised.value.errors]


@pytest.mark.parametrize(
    ("quantity", "message"),
    [
        ("nan", "the quantity must be a finite number, not nan"),
        ("inf", "the quantity must be a finite number, not inf"),
        ("1e400", "the quantity must be a finite number, not inf"),
        ("-inf", "the quantity must be a finite number, not -inf"),
        (-3, "the quantity must be more than zero"),
        (2e9, "the quantity must be at most 1,000,000,000, not 2e+09"),
    ],
)
def test_a_quantity_is_finite_positive_and_bounded(
    session: Session, tmp_path: Path, now: datetime, quantity: Any, message: str
) -> None:
    sheets = small_city()
    sheets["Factor requests"][1][5] = quantity
    assert _refusals(session, sheets, tmp_path / "q.xlsx", now) == [(*QUANTITY_AT, message)]


def test_the_quantity_bound_has_its_chinese(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    sheets = small_city()
    sheets["Factor requests"][1][5] = "nan"
    with pytest.raises(WorkbookInvalid) as raised:
        import_workbook(
            session=session, workbook=read_workbook(write_workbook(tmp_path / "q.xlsx", sheets)),
            actor="office", now=now,
        )  # fmt: skip
    assert zh(raised.value.errors[0].message) == "数量须为有限的数字，不能是 nan"


def _project(**changes: Any) -> list[Any]:
    row: dict[str, Any] = {"year": 2026, "total": 1000, "planned": 100}
    row.update(changes)
    return ["LC2026-BEARING-09", "新项目", "BEARING", BEARING_CODE, "GXJ", row["year"],
            row["total"], row["planned"], None, None, None]  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"year": 0}, "Year", "0 is not a project year (from 2000 to 2100)"),
        ({"year": 2101}, "Year", "2101 is not a project year (from 2000 to 2100)"),
        (
            {"planned": -1},
            "Planned investment this year (10k CNY)",
            "planned investment this year must not be negative, not -1 万元",
        ),
        (
            {"total": "1e400"},
            "Total investment (10k CNY)",
            "total investment must be a number of 万元, not inf",
        ),
    ],
)
def test_a_key_projects_year_and_amounts_are_in_range(
    session: Session, tmp_path: Path, now: datetime, changes: Any, column: str, message: str
) -> None:
    sheets = small_city()
    sheets["Key projects"].append(_project(**changes))
    found = _refusals(session, sheets, tmp_path / "p.xlsx", now)
    assert found == [("Key projects", 3, column, message)]


@pytest.mark.parametrize("value", ["nan", "inf", "1e400"])
def test_no_number_column_takes_what_is_not_a_finite_number(
    session: Session, tmp_path: Path, now: datetime, value: str
) -> None:
    """Progress, a chain's position and a plan's year read numbers too."""
    sheets = small_city()
    sheets["Chains"][1][3] = value
    sheets["Plan tasks"][0].append("Progress")
    sheets["Plan tasks"][1].append(value)
    found = {(sheet, row, column) for sheet, row, column, _ in
             _refusals(session, sheets, tmp_path / "n.xlsx", now)}  # fmt: skip
    assert found == {("Chains", 2, "Position"), ("Plan tasks", 2, "Progress")}


def test_a_plan_year_keeps_its_message(session: Session, tmp_path: Path, now: datetime) -> None:
    sheets = small_city()
    sheets["Plan tasks"][1][1] = 0
    found = _refusals(session, sheets, tmp_path / "y.xlsx", now)
    assert found == [("Plan tasks", 2, "Year", "0 is not a plan year")]
