"""Read the YAML twin of a workbook into raw rows: a mapping of sheet key to a list of rows
keyed by column key. It is how the demo city is shipped (data that reads well in a diff).

Row numbers count as if the first row were a header (the first row of data is row 2), so
messages read the same as for a workbook. A scalar YAML cannot build (a date like
2026-02-30, an integer of 5,000 digits) stays the text it was written as, so the cell is
refused by its column, with its sheet, row and column, instead of the whole file failing.
"""

from pathlib import Path
from typing import Any

import yaml

from mechanism.wording import Said
from services.workbook.errors import WorkbookError, WorkbookInvalid
from services.workbook.limits import SheetLimits, too_many_columns, too_many_rows
from services.workbook.raw import (
    RawRow,
    RawSheet,
    RawWorkbook,
    find_sheet,
    match_headers,
    unknown_sheet,
)


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, but a scalar it cannot build is kept as its text."""


def _lenient(construct: Any) -> Any:
    def constructor(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
        try:
            return construct(loader, node)
        except ValueError:  # day out of range, more digits than Python turns into an int, …
            return loader.construct_scalar(node)

    return constructor


for _tag in ("int", "float", "timestamp"):
    _constructor = _Loader.yaml_constructors[f"tag:yaml.org,2002:{_tag}"]
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _lenient(_constructor))


def _refused(path: Path, message: Said) -> WorkbookInvalid:
    return WorkbookInvalid(str(path), [WorkbookError(path.name, None, None, message)])


def read_yaml(path: Path, limits: SheetLimits) -> RawWorkbook:
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        byte = exc.object[exc.start]
        raise _refused(
            path,
            Said(
                f"cannot read: not UTF-8 text (byte 0x{byte:02X} at offset {exc.start:,}): save "
                "it as UTF-8 text (a workbook or another file renamed .yaml is no YAML)",
                f"无法读取：不是 UTF-8 文本（第 {exc.start:,} 字节为 0x{byte:02X}）：请另存为"
                " UTF-8 文本（改了扩展名的工作簿或其他文件不是 YAML）",
            ),
        ) from exc
    try:
        data = yaml.load(text, Loader=_Loader)  # a SafeLoader: builds no objects
    except (yaml.YAMLError, RecursionError) as exc:
        raise _refused(path, Said(f"cannot read: {exc}", f"无法读取：{exc}")) from exc
    if not isinstance(data, dict):
        raise _refused(path, Said("expected a mapping of sheets", "内容应为以工作表名为键的映射"))
    sheets: dict[str, RawSheet] = {}
    errors: list[WorkbookError] = []
    for title, rows in data.items():
        sheet = find_sheet(str(title))
        if sheet is None:
            errors.append(unknown_sheet(str(title)))
            continue
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            message = Said("expected a list of rows", "工作表内容应为由行组成的列表")
            errors.append(WorkbookError(str(title), None, None, message))
            continue
        if not rows:
            continue
        if len(rows) + 1 > limits.rows:  # the header row counts, as in a workbook
            errors.append(too_many_rows(str(title), limits))
            continue
        header_names = sorted({str(k) for r in rows for k in r})
        if len(header_names) > limits.columns:
            errors.append(too_many_columns(str(title), 1, limits))
            continue
        positions, written, header_errors = match_headers(
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
