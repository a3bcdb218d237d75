"""A sheet past the limits is refused before its rows are loaded, whatever its dimension tag
says. Before, a 10 KB .xlsx whose one cell sat at XFD1048576 grew past 8 GB of memory (openpyxl
built every cell of the declared range), and one cell at A1048576 took 20 s."""

import re
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from services.workbook import (
    MAX_COLUMNS,
    MAX_PART_BYTES,
    MAX_ROWS,
    SheetLimits,
    WorkbookInvalid,
    read_workbook,
)
from tests.services.workbooks import write_workbook

ROOT = Path(__file__).resolve().parents[3]
HEADER = ["Code", "Name (Chinese)"]


def _one_far_cell(path: Path, row: int, column: int) -> Path:
    """A departments sheet with one row of data and one cell far away."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Departments"
    sheet.append(HEADER)
    sheet.append(["GXJ", "市工业和信息化局"])
    sheet.cell(row=row, column=column, value="x")
    book.save(path)
    return path


def _with_sheet_xml(path: Path, change: Callable[[str], str]) -> Path:
    """``path`` rewritten with its sheets' XML changed (a dimension tag removed or wrong)."""
    changed = path.with_name(f"{path.stem}-changed.xlsx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(changed, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = change(data.decode()).encode()
            target.writestr(item, data)
    return changed


def _no_dimension(xml: str) -> str:
    return re.sub(r"<dimension [^>]*/>", "", xml)


def _small_dimension(xml: str) -> str:
    return re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:B2"/>', xml)


def _fat_row(xml: str) -> str:
    """A third row of two million cells without references (32 MB of XML, 100 KB zipped)."""
    row = '<row r="3">' + "<c><v>1</v></c>" * 2_000_000 + "</row>"
    return _small_dimension(xml).replace("</sheetData>", row + "</sheetData>")


def _far_files(tmp_path: Path) -> dict[str, Path]:
    xfd = _one_far_cell(tmp_path / "xfd.xlsx", 1_048_576, 16_384)
    a1m = _one_far_cell(tmp_path / "a1m.xlsx", 1_048_576, 1)
    city = write_workbook(tmp_path / "city.xlsx", {"Departments": [HEADER, ["GXJ", "工信局"]]})
    return {
        "xfd": xfd,
        "a1m": a1m,
        "xfd, no dimension": _with_sheet_xml(xfd, _no_dimension),
        "a1m, dimension A1:B2": _with_sheet_xml(a1m, _small_dimension),
        "a fat row": _with_sheet_xml(city, _fat_row),
    }


DECLARED = "the sheet declares 1,048,576 rows × {columns} columns; a sheet may have at most"
PAST_ROWS = "row 200001: the sheet goes on past row 200,000"


def test_far_cells_are_refused_in_bounded_memory_and_time(tmp_path: Path) -> None:
    """Read in a child process held to 1 GiB of address space and a minute: the old reader
    ran out of both (and openpyxl's streaming alone builds the fat row's two million cells
    before anyone can count them); this one answers each file in well under a second."""
    files = _far_files(tmp_path)
    script = textwrap.dedent(
        """
        import resource, sys
        from pathlib import Path
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        from services.workbook import WorkbookInvalid, read_workbook
        for name in sys.argv[1:]:
            try:
                read_workbook(Path(name))
            except WorkbookInvalid as refused:
                print(refused.errors[0])
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *map(str, files.values())],
        capture_output=True, text=True, timeout=60, cwd=ROOT, check=False,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert len(lines) == 5
    assert DECLARED.format(columns="16,384") in lines[0]
    assert DECLARED.format(columns="2") in lines[1]
    assert PAST_ROWS in lines[2]  # no dimension: the rows its XML has, counted
    assert PAST_ROWS in lines[3]  # a dimension smaller than the data: the same
    assert "row 3: the row has a cell past column 200" in lines[4]  # not built to be counted


def test_a_dimension_smaller_than_the_data_drops_no_row(tmp_path: Path) -> None:
    """openpyxl stops at a dimension tag's last row: the reader reads past a wrong one."""
    path = write_workbook(
        tmp_path / "city.xlsx",
        {"Departments": [HEADER, ["GXJ", "工信局"], ["ZRJ", "自然资源局"], ["FGW", "发改委"]]},
    )
    raw = read_workbook(_with_sheet_xml(path, _small_dimension))
    assert [row.cells["code"] for row in raw.sheets["departments"].rows] == ["GXJ", "ZRJ", "FGW"]


def test_a_cell_past_the_last_column_is_refused_even_when_the_dimension_hides_it(
    tmp_path: Path,
) -> None:
    path = _with_sheet_xml(_one_far_cell(tmp_path / "wide.xlsx", 3, 16_384), _small_dimension)
    with pytest.raises(WorkbookInvalid) as raised:
        read_workbook(path)
    [error] = raised.value.errors
    assert (error.sheet, error.row, error.column) == ("Departments", 3, None)
    assert str(error.message).startswith("the row has a cell past column 200;")


def test_the_limits_are_the_defaults_and_can_be_set(tmp_path: Path) -> None:
    assert SheetLimits() == SheetLimits(rows=MAX_ROWS, columns=MAX_COLUMNS)
    assert (MAX_ROWS, MAX_COLUMNS) == (200_000, 200)
    rows = [HEADER, *([f"D{i}", "部门"] for i in range(5))]  # rows 2 to 6
    path = write_workbook(tmp_path / "five.xlsx", {"Departments": rows})

    assert len(read_workbook(path, SheetLimits(rows=6)).sheets["departments"].rows) == 5
    for limits in (SheetLimits(rows=5), SheetLimits(columns=1)):
        with pytest.raises(WorkbookInvalid) as raised:
            read_workbook(path, limits)
        assert str(raised.value.errors[0]).startswith(
            "sheet 'Departments': the sheet declares 6 rows × 2 columns"
        )
    with pytest.raises(WorkbookInvalid) as raised:  # and without its dimension, as it streams
        read_workbook(_with_sheet_xml(path, _no_dimension), SheetLimits(rows=5))
    assert [(e.row, e.column) for e in raised.value.errors] == [(6, None)]


def test_a_yaml_sheet_is_held_to_the_same_limits(tmp_path: Path) -> None:
    path = tmp_path / "city.yaml"
    path.write_text(
        "departments:\n" + "".join(f"  - {{code: D{i}, name_zh: 部门}}\n" for i in range(5)),
        encoding="utf-8",
    )
    with pytest.raises(WorkbookInvalid) as raised:
        read_workbook(path, SheetLimits(rows=5))
    assert [(e.sheet, e.row) for e in raised.value.errors] == [("departments", 6)]
    with pytest.raises(WorkbookInvalid) as raised:
        read_workbook(path, SheetLimits(columns=1))
    assert str(raised.value.errors[0].message).startswith("the row has a cell past column 1;")


def test_a_limit_too_small_for_a_header_and_a_row_is_no_limit() -> None:
    with pytest.raises(ValueError, match="room for a header and a row"):
        SheetLimits(rows=1)


def test_a_part_read_whole_is_held_to_a_size(tmp_path: Path) -> None:
    """The shared strings, the styles and the workbook part are read whole by openpyxl: a part
    past the limit (by the size the archive declares) is refused before it is unpacked."""
    assert MAX_PART_BYTES == 100 * 2**20
    path = write_workbook(tmp_path / "city.xlsx", {"Departments": [HEADER, ["GXJ", "工信局"]]})
    with zipfile.ZipFile(path) as archive:
        largest = max(
            (i.file_size, i.filename)
            for i in archive.infolist()
            if not i.filename.startswith("xl/worksheets/")
        )
    assert read_workbook(path, SheetLimits(part_bytes=largest[0])).sheets
    with pytest.raises(WorkbookInvalid) as raised:
        read_workbook(path, SheetLimits(part_bytes=largest[0] - 1))
    [error] = raised.value.errors
    assert str(error.message).startswith(f"cannot read as .xlsx: its part {largest[1]} unpacks")


def test_a_sheet_that_is_no_xml_is_refused_by_name(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "city.xlsx", {"Departments": [HEADER, ["GXJ", "工信局"]]})
    broken = _with_sheet_xml(path, lambda xml: xml.replace("</sheetData>", "<row></sheetData>"))
    with pytest.raises(WorkbookInvalid) as raised:
        read_workbook(broken)
    [error] = raised.value.errors
    assert (error.sheet, error.row, error.column) == ("Departments", None, None)
    assert str(error.message).startswith("cannot read this sheet after row 0: mismatched tag")
