"""Read an .xlsx workbook into raw rows, streaming, within the sheet limits.

openpyxl's ordinary mode builds every cell of a sheet's declared range: one cell at
XFD1048576 made it build 17 billion. Read-only mode streams the sheet's XML row by row
instead, and each sheet is held to the limits twice before a row is built: by the size it
declares (its dimension tag), and by the rows and cells its XML really has
(``services.workbook.xlsx_scan``), since a dimension tag may be missing or wrong.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl

from mechanism.wording import Said
from services.workbook.columns import Sheet
from services.workbook.errors import WorkbookError, WorkbookInvalid
from services.workbook.limits import SheetLimits, declared_too_large
from services.workbook.raw import (
    NOTES_SHEETS,
    SHEET_TWICE,
    RawRow,
    RawSheet,
    RawWorkbook,
    find_sheet,
    folded,
    match_headers,
    unknown_sheet,
)
from services.workbook.xlsx_scan import Oversized, scan_sheet


@dataclass
class _Progress:
    row: int = 0  # the last row read, to say where a damaged sheet stopped


def read_xlsx(path: Path, limits: SheetLimits) -> RawWorkbook:
    """Read an .xlsx file. An unknown sheet is an error (a misspelt sheet must not be skipped
    silently), except a notes sheet such as the template's 说明."""
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or non-xlsx file
        message = Said(f"cannot read as .xlsx: {exc}", f"无法按 .xlsx 工作簿读取：{exc}")
        raise WorkbookInvalid(str(path), [WorkbookError(path.name, None, None, message)]) from exc
    try:
        sheets: dict[str, RawSheet] = {}
        errors: list[WorkbookError] = []
        for worksheet in book.worksheets:
            sheet = find_sheet(worksheet.title)
            if sheet is None:
                if folded(worksheet.title) not in NOTES_SHEETS:
                    errors.append(unknown_sheet(worksheet.title))
                continue
            if sheet.key in sheets:
                errors.append(WorkbookError(worksheet.title, None, None, SHEET_TWICE))
                continue
            raw = _read_sheet(sheet, worksheet, limits, errors)
            if raw is not None:
                sheets[sheet.key] = raw
    finally:
        book.close()  # read-only mode keeps the file open until told
    if errors:
        raise WorkbookInvalid(str(path), errors)
    return RawWorkbook(str(path), sheets)


def _read_sheet(
    sheet: Sheet, worksheet: Any, limits: SheetLimits, errors: list[WorkbookError]
) -> RawSheet | None:
    """The sheet's rows, or None (with its problem in ``errors``) when it is empty, too large
    or cannot be parsed."""
    title = worksheet.title
    rows, columns = worksheet.max_row or 0, worksheet.max_column or 0
    if rows > limits.rows or columns > limits.columns:
        errors.append(declared_too_large(title, rows, columns, limits))
        return None
    progress = _Progress()
    try:
        # The rows and cells the sheet really has, counted in its XML before any is built
        # (openpyxl's own handle on the sheet's part of the archive).
        with worksheet._get_source() as source:
            scan_sheet(source, title, limits)
        # Read the rows the sheet has, not the ones it declares: a dimension tag smaller than
        # the data would make openpyxl stop early and drop rows without a word.
        worksheet.reset_dimensions()
        return _stream(sheet, worksheet, limits, errors, progress)
    except Oversized as oversized:
        errors.append(oversized.error)
    except Exception as exc:  # the sheet's XML is damaged: a number no parser reads, …
        after = progress.row
        message = Said(
            f"cannot read this sheet after row {after}: {exc}",
            f"无法读取该工作表第 {after} 行之后的内容：{exc}",
        )
        errors.append(WorkbookError(title, None, None, message))
    return None


def _stream(
    sheet: Sheet,
    worksheet: Any,
    limits: SheetLimits,
    errors: list[WorkbookError],
    progress: _Progress,
) -> RawSheet | None:
    title = worksheet.title
    raw: RawSheet | None = None
    positions: dict[int, str] = {}
    # openpyxl yields a row for each row the file skips (an empty tuple, one object): count
    # them to know a row's number, keep none of them. (The scan has held the sheet to the
    # limits: no row number passes them, no row is wider.)
    for number, cells in enumerate(worksheet.iter_rows(), start=1):
        progress.row = number
        if raw is None:
            positions, written, header_errors = match_headers(
                sheet, title, ((i, cell.value) for i, cell in enumerate(cells))
            )
            errors.extend(header_errors)
            raw = RawSheet(sheet, title, written)
            continue
        if not cells:
            continue
        values = {key: _cell_value(cells[i]) for i, key in positions.items() if i < len(cells)}
        if any(v is not None and str(v).strip() != "" for v in values.values()):
            raw.rows.append(RawRow(number, values))
    return raw


def _cell_value(cell: Any) -> Any:
    value = cell.value
    # A cell shown as a percentage holds a fraction (0.8 shown as 80%).
    if isinstance(value, int | float) and "%" in (cell.number_format or ""):
        return value * 100
    return value
