"""How large a sheet the import reads, and the refusal of one that is larger.

A sheet is refused past its limit before its rows are loaded: a 10 KB .xlsx whose only cell
sits at XFD1048576 declares 17 billion cells, and reading it whole took more than 8 GB. The
limits are settings (``CHAINOPS_IMPORT_MAX_ROWS``, ``CHAINOPS_IMPORT_MAX_COLUMNS``); these are
their defaults, far above a city's workbook (a few thousand rows, at most 25 columns).
"""

from dataclasses import dataclass

from mechanism.wording import Said
from services.workbook.errors import WorkbookError

MAX_ROWS = 200_000
MAX_COLUMNS = 200
# The parts of an .xlsx openpyxl reads whole (the shared strings, the styles, the workbook):
# far above any city's text, far below what a zip bomb unpacks to.
MAX_PART_BYTES = 100 * 1024 * 1024


@dataclass(frozen=True)
class SheetLimits:
    """The most rows (the header row included) and columns a sheet may have, and the most
    bytes a part of an .xlsx read whole may unpack to."""

    rows: int = MAX_ROWS
    columns: int = MAX_COLUMNS
    part_bytes: int = MAX_PART_BYTES

    def __post_init__(self) -> None:
        if self.rows < 2 or self.columns < 1:
            raise ValueError(f"a sheet needs room for a header and a row, not {self}")


def too_many_rows(title: str, limits: SheetLimits) -> WorkbookError:
    """A sheet with a row past the last one read: named at the first row past the limit."""
    return WorkbookError(
        title,
        limits.rows + 1,
        None,
        Said(
            f"the sheet goes on past row {limits.rows:,}; a sheet may have at most "
            f"{limits.rows:,} rows: delete the rows below the data, or split the sheet",
            f"工作表超过了第 {limits.rows:,} 行；每个工作表最多 {limits.rows:,} 行："
            "请删除数据下方的行，或把工作表拆开",
        ),
    )


def too_many_columns(title: str, row: int, limits: SheetLimits) -> WorkbookError:
    """A row with a cell past the last column read."""
    return WorkbookError(
        title,
        row,
        None,
        Said(
            f"the row has a cell past column {limits.columns}; a sheet may have at most "
            f"{limits.columns} columns: delete the columns right of the data",
            f"该行在第 {limits.columns} 列之后还有单元格；每个工作表最多 {limits.columns} 列："
            "请删除数据右侧的列",
        ),
    )


def declared_too_large(title: str, rows: int, columns: int, limits: SheetLimits) -> WorkbookError:
    """A sheet whose own declared size (the .xlsx dimension tag) is past the limits."""
    return WorkbookError(
        title,
        None,
        None,
        Said(
            f"the sheet declares {rows:,} rows × {columns:,} columns; a sheet may have at most "
            f"{limits.rows:,} rows × {limits.columns} columns: delete the rows and columns "
            "past the data and save it again",
            f"工作表声明的大小为 {rows:,} 行 × {columns:,} 列；每个工作表最多 "
            f"{limits.rows:,} 行 × {limits.columns} 列：请删除数据之外的行和列后重新保存",
        ),
    )
