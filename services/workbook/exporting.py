"""Export the database in the import format, and write the documented empty template.

What is exported imports back unchanged: the same sheets, columns and natural keys. Text that
begins with ``=``, ``+``, ``-`` or ``@`` is stored as text with Excel's quote prefix, so a
spreadsheet never runs it as a formula (CSV/formula injection).
"""

from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session

from mechanism.vocabulary import Labelled
from notifications.sheets import FORMULA_STARTS
from services.workbook.columns import Column, Sheet
from services.workbook.export_rows import workbook_rows
from services.workbook.schema import SHEETS

_KIND_NOTES = {
    "text": ("文本", "Text"),
    "int": ("整数", "Whole number"),
    "number": ("数字", "Number"),
    "percent": ("0–100 的百分比", "Percentage 0–100"),
    "date": (
        "日期：2026-03-31、2026/3/31 或 2026年3月31日",
        "Date: 2026-03-31, 2026/3/31, 2026年3月31日",
    ),
    "email": ("邮箱", "Email address"),
    "credit_code": ("18 位统一社会信用代码", "18-character unified social credit code"),
    "codes": ("编码，用、或逗号分隔", "Codes separated by 、 or commas"),
    "mobile": (
        "中国大陆手机号码，11 位：138 0000 0000、+86 138 0000 0000",
        "Mainland mobile, 11 digits: 138 0000 0000, +86 138 0000 0000",
    ),
}


def export_workbook(*, session: Session, path: Path, locale: str) -> dict[str, int]:
    """Write every sheet with the database's rows to ``path``; returns row counts per sheet."""
    rows = workbook_rows(session)
    book = Workbook()
    book.remove(book.active)
    for sheet in SHEETS:
        worksheet = _new_sheet(book, sheet, locale)
        for values in rows[sheet.key]:
            worksheet.append([_cell(values.get(column.key), locale) for column in sheet.columns])
        _guard_formulas(worksheet)
    book.save(path)
    return {key: len(found) for key, found in rows.items()}


def write_template(*, path: Path, locale: str) -> None:
    """An empty workbook: every sheet with its headers (required ones marked ``*``), a comment on
    each header, drop-down lists for closed vocabularies and a notes sheet documenting it all."""
    book = Workbook()
    book.remove(book.active)
    _notes_sheet(book, locale)
    for sheet in SHEETS:
        worksheet = _new_sheet(book, sheet, locale, mark_required=True)
        for index, column in enumerate(sheet.columns, start=1):
            cell = worksheet.cell(row=1, column=index)
            cell.comment = Comment(_describe(column, locale), "chainops")
    book.save(path)


def _new_sheet(
    book: Workbook, sheet: Sheet, locale: str, *, mark_required: bool = False
) -> Worksheet:
    worksheet = book.create_sheet(sheet.title(locale))
    headers = [
        column.header(locale) + ("*" if mark_required and column.required else "")
        for column in sheet.columns
    ]
    worksheet.append(headers)
    for index, column in enumerate(sheet.columns, start=1):
        worksheet.cell(row=1, column=index).font = Font(bold=True)
        letter = worksheet.cell(row=1, column=index).column_letter
        worksheet.column_dimensions[letter].width = max(12, len(headers[index - 1]) * 2 + 2)
        if isinstance(column.kind, type) and issubclass(column.kind, Labelled):
            _add_choices(worksheet, column, letter, locale)
    worksheet.freeze_panes = "A2"
    return worksheet


def _add_choices(worksheet: Worksheet, column: Column, letter: str, locale: str) -> None:
    assert isinstance(column.kind, type) and issubclass(column.kind, Labelled)
    labels = [m.en if locale == "en" else m.zh for m in column.kind]
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(labels) + '"',
        allow_blank=not column.required,
        showErrorMessage=False,  # a code or the other language's label is accepted too
    )
    validation.add(f"{letter}2:{letter}5000")
    worksheet.add_data_validation(validation)


def _cell(value: Any, locale: str) -> Any:
    if value is None:
        return None
    if isinstance(value, StrEnum) and isinstance(value, Labelled):
        return value.en if locale == "en" else value.zh
    if isinstance(value, tuple):
        return "、".join(value)
    return value


def _guard_formulas(worksheet: Worksheet) -> None:
    for row in worksheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"  # written as text, never as a formula
                cell.quotePrefix = True  # and Excel keeps it text when the cell is edited


def _describe(column: Column, locale: str) -> str:
    zh, en = _kind_note(column)
    note = en if locale == "en" else zh
    required = (
        ("Required" if locale == "en" else "必填")
        if column.required
        else ("Optional" if locale == "en" else "选填")
    )
    parts = [f"{column.zh} / {column.en}", f"{required}. {note}"]
    if column.doc:
        parts.append(column.doc)
    return "\n".join(parts)


def _kind_note(column: Column) -> tuple[str, str]:
    if isinstance(column.kind, type) and issubclass(column.kind, Labelled):
        choices = column.kind.choices()
        return f"可选：{choices}", f"One of: {choices}"
    return _KIND_NOTES[str(column.kind)]


def _notes_sheet(book: Workbook, locale: str) -> None:
    worksheet = book.create_sheet("说明" if locale != "en" else "Notes")
    worksheet.append(_notes_header(locale))
    for sheet in SHEETS:
        for column in sheet.columns:
            zh, en = _kind_note(column)
            worksheet.append(
                [
                    sheet.title(locale),
                    column.header(locale),
                    column.key,
                    "✓" if column.required else "",
                    en if locale == "en" else zh,
                    column.doc or sheet.doc,
                ]
            )
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEF", (16, 22, 26, 8, 60, 60), strict=True):
        worksheet.column_dimensions[letter].width = width


def _notes_header(locale: str) -> Iterable[str]:
    if locale == "en":
        return ("Sheet", "Column", "Key", "Required", "Format", "Notes")
    return ("工作表", "列名", "键", "必填", "格式", "说明")
