"""Read a workbook (.xlsx) or its YAML twin into raw rows keyed by column key.

Reading only finds sheets and columns; what the cells mean is checked later, by validation,
so that every problem in the file is reported at once. YAML uses the same sheets and column
keys and is how the demo city is shipped (data that reads well in a diff).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import yaml

from mechanism.wording import Said
from services.workbook.columns import Sheet
from services.workbook.errors import WorkbookError, WorkbookInvalid
from services.workbook.schema import SHEETS


@dataclass(frozen=True)
class RawRow:
    """A non-empty row: its spreadsheet row number and cell values by column key."""

    number: int
    cells: dict[str, Any]


@dataclass
class RawSheet:
    sheet: Sheet
    title: str  # as written in the file, for error messages
    headers: dict[str, str]  # column key -> header as written
    rows: list[RawRow] = field(default_factory=list)


@dataclass
class RawWorkbook:
    source: str
    sheets: dict[str, RawSheet]  # by sheet key; sheets absent from the file are absent here


def _label(text: object) -> str:
    return str(text).strip().rstrip("*").strip().casefold()


def _find_sheet(title: str) -> Sheet | None:
    wanted = _label(title)
    for sheet in SHEETS:
        if wanted in (_label(sheet.key), _label(sheet.zh), _label(sheet.en)):
            return sheet
    return None


_COLUMN_TWICE = Said("column appears twice", "该列出现了两次")
_SHEET_TWICE = Said("sheet appears twice", "该工作表出现了两次")


def _match_headers(
    sheet: Sheet, title: str, headers: Iterable[tuple[int, object]]
) -> tuple[dict[int, str], dict[str, str], list[WorkbookError]]:
    """Map header positions to column keys; unknown, repeated or missing columns are errors."""
    by_label: dict[str, str] = {}
    for column in sheet.columns:
        for label in (column.key, column.zh, column.en):
            by_label[_label(label)] = column.key
    positions: dict[int, str] = {}
    written: dict[str, str] = {}
    errors: list[WorkbookError] = []
    for position, header in headers:
        if header is None or str(header).strip() == "":
            continue
        key = by_label.get(_label(header))
        if key is None:
            known = "、".join(c.zh for c in sheet.columns)
            message = Said(f"unknown column; known: {known}", f"未知的列；可用的列：{known}")
            errors.append(WorkbookError(title, 1, str(header), message))
        elif key in written:
            errors.append(WorkbookError(title, 1, str(header), _COLUMN_TWICE))
        else:
            positions[position] = key
            written[key] = str(header).strip()
    for column in sheet.columns:
        if column.required and column.key not in written:
            message = Said(f"required column missing ({column.en})", f"缺少必填列（{column.en}）")
            errors.append(WorkbookError(title, 1, column.zh, message))
    return positions, written, errors


# Sheets a workbook may carry for people, which the import skips (the template's notes sheet).
NOTES_SHEETS = frozenset({"说明", "notes", "readme"})


def _unknown_sheet(title: str) -> WorkbookError:
    known = "、".join(sheet.zh for sheet in SHEETS)
    message = Said(
        f"unknown sheet; known sheets: {known} (or their English names)",
        f"未知的工作表；可用的工作表：{known}（或其英文名称）",
    )
    return WorkbookError(title, None, None, message)


def read_xlsx(path: Path) -> RawWorkbook:
    """Read an .xlsx file. An unknown sheet is an error (a misspelt sheet must not be skipped
    silently), except a notes sheet such as the template's 说明."""
    try:
        book = openpyxl.load_workbook(path, data_only=True, read_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or non-xlsx file
        message = Said(f"cannot read as .xlsx: {exc}", f"无法按 .xlsx 工作簿读取：{exc}")
        raise WorkbookInvalid(str(path), [WorkbookError(path.name, None, None, message)]) from exc
    sheets: dict[str, RawSheet] = {}
    errors: list[WorkbookError] = []
    for worksheet in book.worksheets:
        sheet = _find_sheet(worksheet.title)
        if sheet is None:
            if _label(worksheet.title) not in NOTES_SHEETS:
                errors.append(_unknown_sheet(worksheet.title))
            continue
        if sheet.key in sheets:
            errors.append(WorkbookError(worksheet.title, None, None, _SHEET_TWICE))
            continue
        grid = list(worksheet.iter_rows())
        if not grid:
            continue
        positions, written, header_errors = _match_headers(
            sheet, worksheet.title, ((i, cell.value) for i, cell in enumerate(grid[0]))
        )
        errors.extend(header_errors)
        raw = RawSheet(sheet, worksheet.title, written)
        for row in grid[1:]:
            cells = {key: _cell_value(row[i]) for i, key in positions.items() if i < len(row)}
            if any(v is not None and str(v).strip() != "" for v in cells.values()):
                raw.rows.append(RawRow(row[0].row, cells))
        sheets[sheet.key] = raw
    if errors:
        raise WorkbookInvalid(str(path), errors)
    return RawWorkbook(str(path), sheets)


def _cell_value(cell: Any) -> Any:
    value = cell.value
    # A cell shown as a percentage holds a fraction (0.8 shown as 80%).
    if isinstance(value, int | float) and "%" in (cell.number_format or ""):
        return value * 100
    return value


def read_yaml(path: Path) -> RawWorkbook:
    """Read the YAML twin: a mapping of sheet key to a list of rows keyed by column key.

    Row numbers count as if the first row were a header (the first row of data is row 2), so
    messages read the same as for a workbook.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        message = Said(f"cannot read: {exc}", f"无法读取：{exc}")
        raise WorkbookInvalid(str(path), [WorkbookError(path.name, None, None, message)]) from exc
    if not isinstance(data, dict):
        message = Said("expected a mapping of sheets", "内容应为以工作表名为键的映射")
        raise WorkbookInvalid(str(path), [WorkbookError(path.name, None, None, message)])
    sheets: dict[str, RawSheet] = {}
    errors: list[WorkbookError] = []
    for title, rows in data.items():
        sheet = _find_sheet(str(title))
        if sheet is None:
            errors.append(_unknown_sheet(str(title)))
            continue
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            message = Said("expected a list of rows", "工作表内容应为由行组成的列表")
            errors.append(WorkbookError(str(title), None, None, message))
            continue
        if not rows:
            continue
        header_names = sorted({str(k) for r in rows for k in r})
        positions, written, header_errors = _match_headers(
            sheet, str(title), enumerate(header_names)
        )
        errors.extend(header_errors)
        key_of = {header_names[i]: key for i, key in positions.items()}
        raw = RawSheet(sheet, str(title), written)
        for number, row in enumerate(rows, start=2):
            cells = {key_of[str(k)]: v for k, v in row.items() if str(k) in key_of}
            raw.rows.append(RawRow(number, cells))
        sheets[sheet.key] = raw
    if errors:
        raise WorkbookInvalid(str(path), errors)
    return RawWorkbook(str(path), sheets)


def read_workbook(path: Path) -> RawWorkbook:
    """Read ``path`` by its suffix: .xlsx, or .yaml/.yml."""
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return read_yaml(path)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    message = Said("expected an .xlsx or .yaml file", "应为 .xlsx 或 .yaml 文件")
    raise WorkbookInvalid(str(path), [WorkbookError(path.name, None, None, message)])
