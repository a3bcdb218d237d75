"""A file that is not what its name says is refused in a sentence that says what it is, for
every format the import reads (.xlsx, .xlsm, .yaml, .yml). Before, binary bytes named .yaml
were a UnicodeDecodeError traceback. YAML that PyYAML cannot build into a value (a date that
does not exist, an integer of 5,000 digits) is refused at its sheet, row and column, not as a
traceback, and no cell may hold what neither database stores (NUL, a lone surrogate)."""

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from mechanism.wording import zh
from services.workbook import KnownKeys, WorkbookInvalid, read_workbook, validate
from tests.services.workbooks import small_city, write_workbook


def _refusal(path: Path) -> str:
    with pytest.raises(WorkbookInvalid) as raised:
        read_workbook(path)
    [error] = raised.value.errors
    assert (error.sheet, error.row, error.column) == (path.name, None, None)
    assert zh(error.message) != str(error.message)  # it has its Chinese
    return str(error.message)


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _xlsx_bytes(tmp_path: Path) -> bytes:
    return write_workbook(tmp_path / "real.xlsx", small_city()).read_bytes()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504  # an .xls, or an encrypted .xlsx


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("city.yaml", PNG, "cannot read: not UTF-8 text (byte 0x89 at offset 0)"),
        ("city.yml", "部门".encode("gbk"), "cannot read: not UTF-8 text (byte 0xB2 at offset 0)"),
        ("city.yaml", b"", "cannot read: the file is empty"),
        ("city.yaml", OLE, "cannot read: it is an Excel 97–2003 (.xls) file"),
        ("city.yaml", b"departments: " + b"[" * 50_000 + b"]" * 50_000, "cannot read: maximum"),
        ("city.xlsx", b"", "cannot read as .xlsx: the file is empty"),
        ("city.xlsx", b"code,name\nGXJ,x\n", "cannot read as .xlsx: the file is not a zip archive"),
        ("city.xlsm", PNG, "cannot read as .xlsx: the file is not a zip archive"),
        ("city.xlsx", OLE, "cannot read as .xlsx: it is an Excel 97–2003 (.xls) file"),
        (
            "city.xlsx",
            _zip({"readme.txt": b"hello"}),
            "cannot read as .xlsx: a zip archive, but no workbook",
        ),
        (
            "city.xlsx",
            _zip({"[Content_Types].xml": b"<Types/>"}),
            "cannot read as .xlsx: ",  # openpyxl's own words for what is missing
        ),
        ("city.xlsx", PNG[:4] + b"PK\x03\x04", "cannot read as .xlsx: the file is not a zip"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert _refusal(path).startswith(message)


def test_a_workbook_named_yaml_is_told_to_be_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "city.yaml"
    path.write_bytes(_xlsx_bytes(tmp_path))
    assert _refusal(path) == "cannot read: this is a workbook (a zip archive), not YAML text: " \
        "name it .xlsx"  # fmt: skip


def test_a_truncated_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cut.xlsx"
    path.write_bytes(_xlsx_bytes(tmp_path)[:3000])
    assert _refusal(path).startswith("cannot read as .xlsx: ")


def test_a_damaged_sheet_is_refused_by_name(tmp_path: Path) -> None:
    """A number no parser reads (5,000 digits) stops openpyxl inside the sheet's XML."""
    header = ["Code", "Name (Chinese)", "Name (English)", "Position"]
    source = write_workbook(tmp_path / "ok.xlsx", {"Chains": [header, ["X", "某链", "X", 7]]})
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(damaged, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(b"<v>7</v>", b"<v>" + b"9" * 5000 + b"</v>")
            zout.writestr(item, data)
    with pytest.raises(WorkbookInvalid) as raised:
        read_workbook(damaged)
    [error] = raised.value.errors
    assert error.sheet == "Chains"
    assert str(error.message).startswith("cannot read this sheet after row 1: ")


YAML_CELLS = """\
departments:
  - {code: GXJ, name_zh: 工信局}
  - {code: "NUL\\0", name_zh: 控制字符}
  - {code: SUR, name_zh: "\\ud800"}
  - {code: [A, B], name_zh: 列表}
chains:
  - {code: BEARING, name_zh: 轴承, name_en: Bearings, position: %s}
plan_tasks:
  - {chain: BEARING, year: 2026, item_no: 1, title: 任务, lead_department: GXJ,
     owner: a@example.gov.cn, start_date: 2026-02-30, due_date: 2026-06-30}
""" % ("9" * 5000)


def test_yaml_cells_python_cannot_build_are_refused_where_they_are(tmp_path: Path) -> None:
    path = tmp_path / "city.yaml"
    path.write_text(YAML_CELLS, encoding="utf-8")
    with pytest.raises(WorkbookInvalid) as raised:
        validate(read_workbook(path), KnownKeys(people={"a@example.gov.cn"}))
    found = [(e.sheet, e.row, e.column, str(e.message)) for e in raised.value.errors]
    assert found == [
        ("chains", 2, "position",
         "expected a whole number of at most 38 digits, got 5000 digits"),
        ("departments", 3, "code",
         "contains a character that cannot be stored (U+0000, character 4); remove it"),
        ("departments", 4, "name_zh",
         "contains a character that cannot be stored (U+D800, character 1); remove it"),
        ("departments", 5, "code", "expected a single value, got a list or mapping"),
        ("plan_tasks", 2, "start_date",
         "'2026-02-30' is not a date; write it as 2026-03-31, 2026/3/31 or 2026年3月31日"),
    ]  # fmt: skip


def test_a_valid_workbook_reads_as_before(tmp_path: Path) -> None:
    """The stream reader gives what the old reader gave: rows by number, blank rows skipped."""
    sheets = small_city()
    sheets["Departments"].insert(2, [None, None, None, None])  # a blank row 3
    raw = read_workbook(write_workbook(tmp_path / "city.xlsx", sheets))
    assert [row.number for row in raw.sheets["departments"].rows] == [2, 4]
    book = openpyxl.load_workbook(tmp_path / "city.xlsx")
    assert book.sheetnames == list(sheets)


def test_a_cell_shown_as_a_percentage_reads_as_the_percentage_shown(tmp_path: Path) -> None:
    """Read-only mode still sees a cell's number format: 0.8 shown as 80% is 80."""
    sheets = small_city()
    sheets["Plan tasks"][0].append("Progress")
    sheets["Plan tasks"][1].append(0.8)
    path = write_workbook(tmp_path / "city.xlsx", sheets)
    book = openpyxl.load_workbook(path)
    book["Plan tasks"].cell(row=2, column=10).number_format = "0%"
    book.save(path)
    raw = read_workbook(path)
    assert raw.sheets["plan_tasks"].rows[0].cells["progress"] == pytest.approx(80)
