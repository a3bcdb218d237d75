"""What a user sees when a workbook is wrong: where (sheet, row, column) and what."""

from dataclasses import dataclass

from mechanism.wording import Said


@dataclass(frozen=True, order=True)
class WorkbookError:
    """One problem in a workbook. ``row`` is the spreadsheet row number (the header is row 1).

    ``message`` is a ``Said``: ``str(error)`` and the CLI read its English, the import page
    shows it in the page's language. Sheet and column are as the workbook writes them."""

    sheet: str
    row: int | None
    column: str | None
    message: Said

    def __str__(self) -> str:
        where = [f"sheet {self.sheet!r}"]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}"


class WorkbookInvalid(Exception):
    """The workbook has problems; nothing was written. ``errors`` lists every one of them."""

    def __init__(self, source: str, errors: list[WorkbookError]) -> None:
        self.source = source
        self.errors = sorted(errors, key=lambda e: (e.sheet, e.row or 0, e.column or ""))
        lines = "\n".join(f"  {error}" for error in self.errors)
        super().__init__(f"{source}: {len(errors)} problem(s)\n{lines}")
