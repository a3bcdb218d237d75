"""A list as an .xlsx sheet (openpyxl): the export of the list pages (tasks, key projects,
factor requests, notices), and the text cells the monthly bulletin's workbook writes too.

Names and titles come from users (a task titled ``=HYPERLINK(…)``): every text cell is written
as a string (``data_type`` "s"), never a formula, and one that begins like a formula also gets
Excel's quote prefix, so it stays text after an edit. Dates are dates, numbers numbers, None an
empty cell. The sheet is written in openpyxl's write-only mode, so a list of 100,000 rows
needs no more memory than a row.
"""

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@")
SHEET_TITLE_MAX = 31  # Excel's limit on a sheet's name
_HEADER_FONT = Font(bold=True)


def as_text(cell: Cell) -> Cell:
    """Make ``cell``, which holds a string, a text cell however it begins."""
    cell.data_type = "s"  # openpyxl made "=…" a formula
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    return cell


def text_cell(sheet: Worksheet, row: int, column: int, text: str) -> Cell:
    """A string cell at (row, column) that Excel shows as text even when it looks like a
    formula; characters XML cannot hold are left out."""
    return as_text(sheet.cell(row, column, ILLEGAL_CHARACTERS_RE.sub("", text)))


def list_workbook(
    title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], *, widths: Sequence[int] = ()
) -> bytes:
    """One sheet named ``title``: a bold, frozen header row, then a row per item."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:SHEET_TITLE_MAX] or "Sheet")
    for index, width in enumerate(widths):
        sheet.column_dimensions[_letter(index)].width = width
    sheet.freeze_panes = "A2"
    header = []
    for label in headers:
        cell = _cell(sheet, label)
        cell.font = _HEADER_FONT
        header.append(cell)
    sheet.append(header)
    for values in rows:
        sheet.append([_cell(sheet, value) for value in values])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(sheet: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value.replace(tzinfo=None))  # a local time, as the page
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return as_text(WriteOnlyCell(sheet, ILLEGAL_CHARACTERS_RE.sub("", str(value))))


def _letter(index: int) -> str:
    return str(get_column_letter(index + 1))
