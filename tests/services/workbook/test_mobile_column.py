"""The people sheet's optional 手机 (Mobile) column: normalized, refused where wrong, and a
workbook from before the column leaves the stored mobiles alone."""

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from mechanism.mobile import LENGTH
from mechanism.wording import zh
from models import Person
from services.workbook import (
    SHEETS,
    WorkbookInvalid,
    export_workbook,
    import_workbook,
    read_workbook,
)
from tests.services.workbooks import small_city, write_workbook


def _city_with_mobiles(*mobiles: Any, header: str = "Mobile") -> dict[str, list[list[Any]]]:
    sheets = small_city()
    people = sheets["People"]
    people[0].append(header)
    for row, mobile in zip(people[1:], mobiles, strict=True):
        row.append(mobile)
    return sheets


def _import(session: Session, path: Path, now: datetime) -> None:
    import_workbook(session=session, workbook=read_workbook(path), actor="office", now=now)
    session.commit()


def _mobiles(session: Session) -> dict[str, str | None]:
    session.expire_all()
    return {p.email: p.mobile for p in session.exec(select(Person))}


def test_mobiles_are_stored_as_11_digits_however_they_are_written(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    # A spreadsheet keeps a typed number as a number: 13800000001 arrives as an int.
    sheets = _city_with_mobiles("+86 138 0000 0000", 13800000001, header="手机")
    _import(session, write_workbook(tmp_path / "city.xlsx", sheets), now)

    assert _mobiles(session) == {
        "wang.lei@example.gov.cn": "13800000000",
        "li.na@example.gov.cn": "13800000001",
    }


def test_a_wrong_mobile_is_refused_naming_sheet_row_and_column_and_nothing_is_written(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    sheets = _city_with_mobiles("138-0000-0000", "0635-8888888")
    with pytest.raises(WorkbookInvalid) as raised:
        _import(session, write_workbook(tmp_path / "city.xlsx", sheets), now)
    session.rollback()

    [error] = raised.value.errors
    assert (error.sheet, error.row, error.column) == ("People", 3, "Mobile")
    assert "'0635-8888888' is not a mainland mobile number" in str(error)
    assert "不是中国大陆手机号码" in zh(error.message)
    assert session.exec(select(Person)).all() == []


def test_a_workbook_without_the_column_still_imports_and_keeps_the_stored_mobiles(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    with_mobiles = _city_with_mobiles("13800000000", None)
    _import(session, write_workbook(tmp_path / "new.xlsx", with_mobiles), now)
    _import(session, write_workbook(tmp_path / "old.xlsx", small_city()), now)

    assert _mobiles(session)["wang.lei@example.gov.cn"] == "13800000000"

    # With the column, a blank cell does clear it: that is what the office wrote.
    _import(session, write_workbook(tmp_path / "cleared.xlsx", _city_with_mobiles(None, None)), now)
    assert _mobiles(session)["wang.lei@example.gov.cn"] is None


def test_the_export_carries_the_mobiles_and_imports_back_unchanged(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    _import(
        session,
        write_workbook(tmp_path / "city.xlsx", _city_with_mobiles("13912345678", None)),
        now,
    )
    exported = tmp_path / "export.xlsx"
    export_workbook(session=session, path=exported, locale="zh-CN")

    summary = import_workbook(
        session=session, workbook=read_workbook(exported), actor="office", now=now
    )
    assert summary.sheets["people"].updated == 0
    assert _mobiles(session)["wang.lei@example.gov.cn"] == "13912345678"


def test_the_column_is_stored_where_an_11_digit_number_fits() -> None:
    people = next(sheet for sheet in SHEETS if sheet.key == "people")
    assert people.column("mobile").stored == (Person, "mobile")
    assert Person.__table__.c["mobile"].type.length == LENGTH  # type: ignore[attr-defined]
