"""A workbook as read, before its cells mean anything: sheets found by name, columns found by
header, rows of raw cell values keyed by column key. The readers of each format
(``xlsx_file``, ``yaml_file``) fill it; validation gives the cells their meaning."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from mechanism.wording import Said
from services.workbook.columns import Sheet
from services.workbook.errors import WorkbookError
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


def folded(text: object) -> str:
    return str(text).strip().rstrip("*").strip().casefold()


def find_sheet(title: str) -> Sheet | None:
    wanted = folded(title)
    for sheet in SHEETS:
        if wanted in (folded(sheet.key), folded(sheet.zh), folded(sheet.en)):
            return sheet
    return None


# Columns a workbook of an earlier version may still have, with where their data went now.
_TIER_MOVED = Said(
    "the SME tier column is no more: an enterprise's titles (专精特新 tiers, 链主, …) go in "
    "the designations sheet (企业称号), one row per title with its dates",
    "专精特新层级列已取消：企业的称号（专精特新各层级、链主等）请填在“企业称号”工作表，"
    "每个称号一行，并填写认定日期等",
)
RETIRED_COLUMNS: dict[tuple[str, str], Said] = {
    ("memberships", folded(label)): _TIER_MOVED
    for label in ("sme_tier", "专精特新层级", "SME tier")
}

_COLUMN_TWICE = Said("column appears twice", "该列出现了两次")
SHEET_TWICE = Said("sheet appears twice", "该工作表出现了两次")


def match_headers(
    sheet: Sheet, title: str, headers: Iterable[tuple[int, object]]
) -> tuple[dict[int, str], dict[str, str], list[WorkbookError]]:
    """Map header positions to column keys; unknown, repeated or missing columns are errors."""
    by_label: dict[str, str] = {}
    for column in sheet.columns:
        for label in (column.key, column.zh, column.en):
            by_label[folded(label)] = column.key
    positions: dict[int, str] = {}
    written: dict[str, str] = {}
    errors: list[WorkbookError] = []
    for position, header in headers:
        if header is None or str(header).strip() == "":
            continue
        key = by_label.get(folded(header))
        retired = RETIRED_COLUMNS.get((sheet.key, folded(header)))
        if key is None and retired is not None:
            errors.append(WorkbookError(title, 1, str(header), retired))
        elif key is None:
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


def unknown_sheet(title: str) -> WorkbookError:
    known = "、".join(sheet.zh for sheet in SHEETS)
    message = Said(
        f"unknown sheet; known sheets: {known} (or their English names)",
        f"未知的工作表；可用的工作表：{known}（或其英文名称）",
    )
    return WorkbookError(title, None, None, message)
