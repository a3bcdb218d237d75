"""Measure a sheet's real size from its XML before openpyxl reads a row of it.

The dimension tag a sheet declares may be missing or wrong, and openpyxl builds each row whole
before handing it over: one ``<row>`` of ten million cells compresses to a few kilobytes and
unpacks to gigabytes. So each sheet's XML is first run through expat (C, streaming, no tree)
counting rows and cells by their ``r`` references, and the scan stops at the first row or
column past the limits. A city's sheet scans in milliseconds.

The parts openpyxl reads whole (the shared strings, the styles, the workbook) are held to a
size instead (``SheetLimits.part_bytes``), from the sizes the zip archive declares for them;
zipfile reads no more than a part declares.
"""

import re
import zipfile
from typing import IO
from xml.parsers import expat

from mechanism.wording import Said
from services.workbook.errors import WorkbookError
from services.workbook.limits import SheetLimits, too_many_columns, too_many_rows

_REFERENCE = re.compile(r"([A-Z]{1,3})?(\d+)?$")
_CHUNK = 1 << 16


class Oversized(Exception):
    """The sheet goes past a limit; ``error`` says where."""

    def __init__(self, error: WorkbookError) -> None:
        super().__init__(str(error))
        self.error = error


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


class _Counter:
    """Expat handlers that keep the current row and column, and stop past the limits."""

    def __init__(self, title: str, limits: SheetLimits) -> None:
        self.title = title
        self.limits = limits
        self.row = 0
        self.column = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if local == "row":
            given = attributes.get("r", "")
            self.row = int(given) if given.isdigit() else self.row + 1
            self.column = 0
            if self.row > self.limits.rows:
                raise Oversized(too_many_rows(self.title, self.limits))
        elif local == "c":
            match = _REFERENCE.match(attributes.get("r", ""))
            letters = match.group(1) if match else None
            self.column = _column_number(letters) if letters else self.column + 1
            if self.column > self.limits.columns:
                raise Oversized(too_many_columns(self.title, self.row, self.limits))


def scan_sheet(source: IO[bytes], title: str, limits: SheetLimits) -> None:
    """Raise Oversized when the sheet XML in ``source`` has a row or a cell past ``limits``;
    an ExpatError when it is no XML."""
    counter = _Counter(title, limits)
    parser = expat.ParserCreate()
    parser.StartElementHandler = counter.start
    while chunk := source.read(_CHUNK):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)


def oversized_parts(
    archive: zipfile.ZipFile, name: str, limits: SheetLimits
) -> list[WorkbookError]:
    """The XML parts openpyxl would read whole (every one but the worksheets) that unpack to
    more than ``limits.part_bytes``."""
    errors = []
    for info in archive.infolist():
        read_whole = info.filename.endswith((".xml", ".rels")) and not info.filename.startswith(
            "xl/worksheets/"
        )
        if read_whole and info.file_size > limits.part_bytes:
            size, most = info.file_size / 2**20, limits.part_bytes / 2**20
            message = Said(
                f"cannot read as .xlsx: its part {info.filename} unpacks to {size:,.1f} MB; "
                f"at most {most:,.1f} MB of it is read",
                f"无法按 .xlsx 工作簿读取：其中的 {info.filename} 解压后为 {size:,.1f} MB，"
                f"最多读取 {most:,.1f} MB",
            )
            errors.append(WorkbookError(name, None, None, message))
    return errors
