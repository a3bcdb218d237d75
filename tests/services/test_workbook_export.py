"""Export writes the import format: exporting then importing changes nothing."""

from datetime import datetime
from pathlib import Path

import openpyxl
from sqlmodel import Session

from services.workbook.exporting import export_workbook, write_template
from services.workbook.importing import import_workbook
from services.workbook.reading import read_workbook
from services.workbook.schema import SHEETS

from .workbooks import small_city, snapshot, write_workbook


def _load_small_city(session: Session, tmp_path: Path, now: datetime) -> None:
    path = write_workbook(tmp_path / "city.xlsx", small_city())
    import_workbook(session=session, workbook=read_workbook(path), actor="office", now=now)
    session.commit()


def test_exporting_then_importing_the_export_is_a_no_op(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    _load_small_city(session, tmp_path, now)
    before = snapshot(session)

    for locale in ("zh-CN", "en"):
        exported = tmp_path / f"export-{locale}.xlsx"
        export_workbook(session=session, path=exported, locale=locale)
        summary = import_workbook(
            session=session, workbook=read_workbook(exported), actor="office", now=now
        )
        session.commit()

        assert not summary.changed
        assert snapshot(session) == before


def test_a_formula_looking_cell_is_exported_as_text_excel_will_not_run(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    _load_small_city(session, tmp_path, now)
    exported = tmp_path / "export.xlsx"
    export_workbook(session=session, path=exported, locale="en")

    sheet = openpyxl.load_workbook(exported)["Plan tasks"]
    titles = {cell.value: cell for cell in sheet["D"][1:]}
    cell = titles["=SUM(1,2) looks like a formula"]
    assert cell.data_type == "s"
    assert cell.quotePrefix
    plain = titles["推动轴承钢本地化配套"]
    assert not plain.quotePrefix


def test_the_template_documents_every_column_and_imports_as_nothing(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    template = tmp_path / "template.xlsx"
    write_template(path=template, locale="zh-CN")

    book = openpyxl.load_workbook(template)
    assert book.sheetnames == ["说明", *(sheet.zh for sheet in SHEETS)]
    tasks = book["行动计划任务"]
    headers = [cell.value for cell in tasks[1]]
    assert headers[:4] == ["产业链编码*", "年度*", "序号*", "任务*"]
    assert "2026年3月31日" in tasks["I1"].comment.text
    notes = book["说明"]
    assert notes.max_row == 1 + sum(len(sheet.columns) for sheet in SHEETS)

    summary = import_workbook(
        session=session, workbook=read_workbook(template), actor="office", now=now
    )
    assert set(summary.sheets) == {sheet.key for sheet in SHEETS}
    assert all(vars(counts) == {"created": 0, "updated": 0, "unchanged": 0}
               for counts in summary.sheets.values())
