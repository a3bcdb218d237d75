"""Read a workbook (.xlsx) or its YAML twin into raw rows keyed by column key.

Reading only finds sheets and columns; what the cells mean is checked later, by validation,
so that every problem in the file is reported at once. A file is first looked at for what it
is, whatever its name says: an empty file, an old .xls, a text file named .xlsx or a workbook
named .yaml is refused in a sentence that says so, before any parser meets it.
"""

import zipfile
from pathlib import Path

from mechanism.wording import Said
from services.workbook.errors import WorkbookError, WorkbookInvalid
from services.workbook.limits import SheetLimits
from services.workbook.raw import RawWorkbook
from services.workbook.xlsx_file import read_xlsx
from services.workbook.xlsx_scan import oversized_parts
from services.workbook.yaml_file import read_yaml

XLSX_SUFFIXES = (".xlsx", ".xlsm")
YAML_SUFFIXES = (".yaml", ".yml")

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Office 97–2003 files, and encrypted .xlsx

# Every refusal of a file as a whole begins as its format's reader would: "cannot read as
# .xlsx: …" or "cannot read: …", and then says what the file is instead.
_AS_XLSX = ("cannot read as .xlsx: ", "无法按 .xlsx 工作簿读取：")
_AS_YAML = ("cannot read: ", "无法读取：")
_EMPTY = Said("the file is empty", "文件是空的")
_OLD_EXCEL = Said(
    "it is an Excel 97–2003 (.xls) file or a password-protected workbook; save it as an "
    "Excel workbook (.xlsx) without a password",
    "这是 Excel 97–2003（.xls）文件或加了密码的工作簿；请另存为不加密码的 Excel 工作簿（.xlsx）",
)
_NOT_ZIP = Said(
    "the file is not a zip archive, as every .xlsx is (is it text, a .csv or another file "
    "renamed .xlsx?)",
    "该文件不是 zip 压缩包，而 .xlsx 文件都是（是否把文本、.csv 或其他文件改成了 .xlsx？）",
)
_ZIP_NOT_WORKBOOK = Said(
    "a zip archive, but no workbook (it has no [Content_Types].xml)",
    "这是 zip 压缩包，但不是工作簿（缺少 [Content_Types].xml）",
)
_WORKBOOK_AS_YAML = Said(
    "this is a workbook (a zip archive), not YAML text: name it .xlsx",
    "这是工作簿（zip 压缩包），不是 YAML 文本：请把扩展名改为 .xlsx",
)
_WRONG_SUFFIX = Said("expected an .xlsx or .yaml file", "应为 .xlsx 或 .yaml 文件")


def read_workbook(path: Path, limits: SheetLimits | None = None) -> RawWorkbook:
    """Read ``path`` by its suffix: .xlsx (or .xlsm), or .yaml/.yml; no sheet may be larger
    than ``limits`` (by default 200,000 rows × 200 columns)."""
    limits = limits or SheetLimits()
    suffix = path.suffix.lower()
    if suffix not in XLSX_SUFFIXES + YAML_SUFFIXES:
        error = WorkbookError(path.name, None, None, _WRONG_SUFFIX)
        raise WorkbookInvalid(str(path), [error])
    reader = _AS_YAML if suffix in YAML_SUFFIXES else _AS_XLSX
    try:
        with path.open("rb") as file:
            head = file.read(len(_OLE))
    except OSError as exc:
        raise _refused(path, reader, Said(str(exc), str(exc))) from exc
    if not head:
        raise _refused(path, reader, _EMPTY)
    if head.startswith(_OLE):
        raise _refused(path, reader, _OLD_EXCEL)
    if suffix in YAML_SUFFIXES:
        if head.startswith(_ZIP):
            raise _refused(path, reader, _WORKBOOK_AS_YAML)
        return read_yaml(path, limits)
    if not zipfile.is_zipfile(path):
        raise _refused(path, reader, _NOT_ZIP)
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            too_large = oversized_parts(archive, path.name, limits)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _refused(path, reader, Said(str(exc), str(exc))) from exc
    if "[Content_Types].xml" not in names:
        raise _refused(path, reader, _ZIP_NOT_WORKBOOK)
    if too_large:
        raise WorkbookInvalid(str(path), too_large)
    return read_xlsx(path, limits)


def _refused(path: Path, reader: tuple[str, str], why: Said) -> WorkbookInvalid:
    message = Said(reader[0] + str(why), reader[1] + why.zh)
    return WorkbookInvalid(str(path), [WorkbookError(path.name, None, None, message)])
