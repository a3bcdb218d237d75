"""The import/export workbook: one sheet per kind, Chinese or English headers."""

from services.workbook.cells import (
    CellError,
    convert,
)
from services.workbook.errors import (
    WorkbookError,
    WorkbookInvalid,
)
from services.workbook.exporting import (
    export_workbook,
    write_template,
)
from services.workbook.importing import import_workbook
from services.workbook.known import KnownKeys
from services.workbook.limits import MAX_COLUMNS, MAX_PART_BYTES, MAX_ROWS, SheetLimits
from services.workbook.reading import read_workbook
from services.workbook.schema import (
    DEPARTMENTS,
    KEY_PROJECTS,
    LIST_ITEMS,
    ROSTER,
    SHEETS,
)
from services.workbook.task_sheets import PLAN_TASKS
from services.workbook.title_sheets import CULTIVATION_LIBRARY, DESIGNATIONS
from services.workbook.upsert import ImportSummary
from services.workbook.validation import validate

__all__ = [
    "CULTIVATION_LIBRARY",
    "DEPARTMENTS",
    "DESIGNATIONS",
    "KEY_PROJECTS",
    "LIST_ITEMS",
    "MAX_COLUMNS",
    "MAX_PART_BYTES",
    "MAX_ROWS",
    "PLAN_TASKS",
    "ROSTER",
    "SHEETS",
    "CellError",
    "ImportSummary",
    "KnownKeys",
    "SheetLimits",
    "WorkbookError",
    "WorkbookInvalid",
    "convert",
    "export_workbook",
    "import_workbook",
    "read_workbook",
    "validate",
    "write_template",
]
