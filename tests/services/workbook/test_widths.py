"""Every cell is checked against the database column it is stored in, read from the models, so
SQLite (which stores a 40-character code in a VARCHAR(32) without a murmur) and PostgreSQL
(which raised a DataError naming no sheet, row or column) refuse the same workbooks alike."""

from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from mechanism.wording import zh
from services.workbook import SHEETS, WorkbookInvalid, import_workbook, read_workbook
from tests.services.workbooks import small_city, snapshot, write_workbook

COLUMNS = [(sheet.key, column) for sheet in SHEETS for column in sheet.columns]

# What each kind of cell becomes, and the column types that can hold it.
HOLDS: dict[str, tuple[type[sa.types.TypeEngine[Any]], ...]] = {
    "text": (sa.String,),
    "email": (sa.String,),
    "credit_code": (sa.String,),
    "codes": (sa.String,),
    "mobile": (sa.String,),
    "int": (sa.Integer,),
    "percent": (sa.Integer,),
    "number": (sa.Float,),
    "date": (sa.Date,),
}


def _stored(column: Any) -> sa.types.TypeEngine[Any]:
    """The stored column's type, SQLModel's AutoString as the String it stands for."""
    model, name = column.stored
    table: sa.Table = model.__table__
    kind = table.c[name].type
    return kind.impl_instance if isinstance(kind, sa.types.TypeDecorator) else kind


@pytest.mark.parametrize(("sheet", "column"), COLUMNS, ids=[f"{s}.{c.key}" for s, c in COLUMNS])
def test_every_column_names_a_database_column_that_can_hold_its_cells(
    sheet: str, column: Any
) -> None:
    assert column.stored is not None, f"{sheet}.{column.key} names no column it is stored in"
    stored = _stored(column)
    if isinstance(column.kind, type) and issubclass(column.kind, StrEnum):
        assert isinstance(stored, sa.String)
        longest = max(len(member.value) for member in column.kind)
        assert stored.length is None or longest <= stored.length
    else:
        assert isinstance(stored, HOLDS[column.kind]), (sheet, column.key, stored)


def _import(session: Session, path: Path, now: datetime) -> None:
    import_workbook(session=session, workbook=read_workbook(path), actor="office", now=now)


def _refusals(session: Session, path: Path, now: datetime) -> list[tuple[Any, ...]]:
    with pytest.raises(WorkbookInvalid) as raised:
        _import(session, path, now)
    session.rollback()
    return [(e.sheet, e.row, e.column, str(e.message)) for e in raised.value.errors]


def test_codes_units_and_emails_longer_than_their_columns_are_refused_where_they_are(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    before = snapshot(session)
    sheets = small_city()
    long_email = "a" * 250 + "@example.gov.cn"  # 265 characters; the column holds 254
    sheets["Departments"].append(["D" * 33, "太长的部门编码", None, None])
    sheets["People"].append([long_email, "邮箱太长", "GXJ", None])
    sheets["Chains"].append(["C" * 40, "太长的链", "Too long", 2])
    sheets["Factor requests"].append(
        ["Y" * 49, "BEARING", small_city()["Enterprises"][1][0], None, "用地", 5, "亩" * 17,
         "2027-03-31", "编号和单位都太长", "ZRJ"]
    )  # fmt: skip
    path = write_workbook(tmp_path / "wide.xlsx", sheets)

    found = _refusals(session, path, now)

    assert found == [
        ("Chains", 3, "Code", "at most 32 characters, not 40"),
        ("Departments", 4, "Code", "at most 32 characters, not 33"),
        ("Factor requests", 3, "Code", "at most 48 characters, not 49"),
        ("Factor requests", 3, "Unit", "at most 16 characters, not 17"),
        ("People", 4, "Email", "at most 254 characters, not 265"),
    ]
    assert snapshot(session) == before


def test_the_width_message_has_its_chinese(session: Session, tmp_path: Path, now: datetime) -> None:
    sheets = {"Departments": [["Code", "Name (Chinese)"], ["D" * 33, "部门"]]}
    with pytest.raises(WorkbookInvalid) as raised:
        _import(session, write_workbook(tmp_path / "wide.xlsx", sheets), now)
    assert zh(raised.value.errors[0].message) == "最多 32 个字，当前 33 个字"


def test_a_reference_is_held_to_the_width_of_the_column_it_names(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    sheets = small_city()
    sheets["Plan tasks"][1][6] = "ZRJ、" + "X" * 33  # co-departments: each code is a row
    found = _refusals(session, write_workbook(tmp_path / "co.xlsx", sheets), now)
    assert found == [("Plan tasks", 2, "Co-departments", "at most 32 characters, not 33")]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (2**31, "2147483648"),
        (-(2**31) - 1, "-2147483649"),
        (2**63, "9223372036854775808"),  # past SQLite's 64 bits too
        ("9" * 30, "9" * 30),
        (1e20, "100000000000000000000"),
    ],
)
def test_sort_and_item_numbers_outside_the_columns_range_are_refused_not_overflowed(
    session: Session, tmp_path: Path, now: datetime, value: Any, shown: str
) -> None:
    """Before, 2**63 raised OverflowError from the SQLite driver, and PostgreSQL refused
    anything past 2**31 with a DataError: both columns are INTEGER, 32 bits in PostgreSQL."""
    sheets = small_city()
    sheets["Chains"][1][3] = value  # position
    sheets["Plan tasks"][1][2] = value  # item no
    found = _refusals(session, write_workbook(tmp_path / "big.xlsx", sheets), now)
    message = f"expected a whole number from -2,147,483,648 to 2,147,483,647, got {shown}"
    assert found == [("Chains", 2, "Position", message), ("Plan tasks", 2, "Item no", message)]


def test_the_largest_integer_a_column_holds_is_taken(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    sheets = small_city()
    sheets["Chains"][1][3] = 2**31 - 1
    sheets["Plan tasks"][1][2] = 2**31 - 1
    _import(session, write_workbook(tmp_path / "edge.xlsx", sheets), now)
    session.commit()

