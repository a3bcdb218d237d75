"""A corpus of malformed workbooks, generated: a real city with one fault put in one cell of
one sheet, varying the sheet, the row, the column, the kind of fault, the language of the
headers and the format (.xlsx or its YAML twin). Each must be refused with its sheet, row and
column in the message, and the database (which holds the city, so the sheet's references
resolve) left exactly as it was.

It runs on whichever database the suite runs on — SQLite here, PostgreSQL in CI — and the two
must agree: before, codes, units and e-mails wider than their columns were refused only by
PostgreSQL, with a DataError naming no cell; SQLite stored them.
"""

import random
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session

from services.workbook import SHEETS, WorkbookInvalid, import_workbook, read_workbook
from tests.services.workbooks import small_city, snapshot, write_workbook

CASES = 120
BY_ENGLISH = {sheet.en: sheet for sheet in SHEETS}


def _faults(column: Any) -> list[Any]:
    """Values that ``column`` must refuse, whatever the rest of the row holds."""
    kind = column.kind
    if isinstance(kind, type):  # a choice
        return ["no such choice", 12]
    model, name = column.stored
    width = getattr(model.__table__.c[name].type, "length", None) or column.max_chars
    wide = ["W" * (width + 1)] if width else []
    blank = [None] if column.required else []
    return blank + {
        "text": [*wide, datetime(2026, 3, 31), "DEL\x7f"],
        "email": [*wide, "not-an-email", "two@at@signs"],
        "credit_code": ["91371500MA3C4K7P2E", "12345"],
        "codes": ["GXJ、" + "X" * 33],
        "int": [2**63, "9" * 25, 1.5, "nan", "十二", -(2**31) - 1],
        "number": ["nan", "inf", "1e400", "-inf", "lots", -1e9, 1e300],
        "date": ["2026-02-30", 1.5, datetime(2026, 3, 31, 9, 30), "下个月"],
        "percent": [120, "-5", "nan", "八十"],
    }[kind]


# Only YAML can carry these into a cell: it has no cell types of its own.
YAML_ONLY = ["NUL\x00", "\ud800", ["a", "list"], {"a": "mapping"}]


@dataclass(frozen=True)
class Case:
    sheets: dict[str, list[list[Any]]]
    sheet: str  # where the fault is, as the file names it
    row: int
    column: str
    fault: Any
    as_yaml: bool


def _case(number: int) -> Case:
    rng = random.Random(number)
    sheets = small_city()
    title = rng.choice(sorted(sheets))
    rows = sheets[title]
    sheet = BY_ENGLISH[title]
    index = rng.randrange(len(rows[0]))
    column = next(c for c in sheet.columns if c.en == rows[0][index])
    as_yaml = number % 4 == 3
    fault = rng.choice(_faults(column) + (YAML_ONLY if as_yaml and column.kind == "text" else []))
    row = rng.randrange(1, len(rows))
    rows[row][index] = fault
    # The faulty sheet alone: what it refers to is in the database, and a file of one sheet
    # is read in a tenth of the time, which keeps a corpus of 120 within seconds.
    sheets = {title: rows}
    chinese = number % 2 == 1
    if as_yaml:
        return Case(sheets, sheet.key, row + 1, column.key, fault, True)
    where = (sheet.zh, column.zh) if chinese else (title, column.en)
    if chinese:  # the same workbook with the headers an office in Chinese writes
        sheets = {BY_ENGLISH[t].zh: _in_chinese(BY_ENGLISH[t], r) for t, r in sheets.items()}
    return Case(sheets, where[0], row + 1, where[1], fault, False)


def _in_chinese(sheet: Any, rows: list[list[Any]]) -> list[list[Any]]:
    by_english = {c.en: c.zh for c in sheet.columns}
    return [[by_english[h] for h in rows[0]], *rows[1:]]


def _write(case: Case, folder: Path, number: int) -> Path:
    if not case.as_yaml:
        return write_workbook(folder / f"case{number}.xlsx", case.sheets)
    document: dict[str, list[dict[str, Any]]] = {}
    for title, rows in case.sheets.items():
        sheet = BY_ENGLISH[title]
        keys = [next(c.key for c in sheet.columns if c.en == h) for h in rows[0]]
        document[sheet.key] = [dict(zip(keys, row, strict=False)) for row in rows[1:]]
    path = folder / f"case{number}.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


def test_every_generated_malformed_workbook_is_refused_at_its_cell(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    import_workbook(
        session=session, workbook=read_workbook(write_workbook(tmp_path / "city.xlsx",
        small_city())), actor="office", now=now,
    )  # fmt: skip
    session.commit()
    before = snapshot(session)
    kinds: set[tuple[str, str, str]] = set()

    for number in range(CASES):
        case = _case(number)
        path = _write(case, tmp_path, number)
        try:
            import_workbook(session=session, workbook=read_workbook(path), actor="office", now=now)
        except WorkbookInvalid as refused:
            where = f"sheet {case.sheet!r}, row {case.row}, column {case.column!r}: "
            said = [str(error) for error in refused.errors]
            assert any(line.startswith(where) for line in said), (number, case.fault, said)
        else:
            raise AssertionError(f"case {number}: {case.fault!r} at {case.sheet}/{case.column}")
        finally:
            session.rollback()
        if number % 10 == 9:  # nothing was written (a snapshot of every table takes a while)
            assert snapshot(session) == before, number
        kinds.add((case.sheet, case.column, type(case.fault).__name__))

    # The corpus is varied: many cells of many sheets, every kind of value, both formats.
    assert len({sheet for sheet, _, _ in kinds}) >= 15
    assert len(kinds) >= 80
