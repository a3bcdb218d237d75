"""Build small workbooks for tests, row by row, with the headers a user would type."""

from pathlib import Path
from typing import Any

import openpyxl
import sqlalchemy as sa
from sqlmodel import Session, SQLModel

BEARING_CODE = "91371500MA3C4K7P2D"  # valid check character
PIPE_CODE = "91371500MA3C4K7P80"  # valid; its check value is 31, written 0


def write_workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """Each sheet is a list of rows; the first row is the header row."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        worksheet = book.create_sheet(title)
        for row in rows:
            worksheet.append(row)
        for cells in worksheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text typed by a user, not a formula
    book.save(path)
    return path


def small_city() -> dict[str, list[list[Any]]]:
    """A one-chain city with English headers."""
    return {
        "Departments": [
            ["Code", "Name (Chinese)", "Name (English)", "Email"],
            ["GXJ", "市工业和信息化局", "Industry and IT Bureau", "gxj@example.gov.cn"],
            ["ZRJ", "市自然资源和规划局", "Natural Resources Bureau", "zrj@example.gov.cn"],
        ],
        "People": [
            ["Email", "Name", "Department code", "Title"],
            ["wang.lei@example.gov.cn", "王磊", "GXJ", "副局长"],
            ["li.na@example.gov.cn", "李娜", "ZRJ", "科长"],
        ],
        "Chains": [
            ["Code", "Name (Chinese)", "Name (English)", "Position"],
            ["BEARING", "轴承", "Bearings", 1],
        ],
        "Roster": [
            ["Chain code", "Role", "Person email", "Department code"],
            ["BEARING", "链长", "wang.lei@example.gov.cn", None],
            ["BEARING", "Lead department", None, "GXJ"],
        ],
        "Enterprises": [
            ["Credit code", "Name", "County"],
            [BEARING_CODE, "示范轴承集团有限公司", "临清市"],
        ],
        "Chain enterprises": [
            ["Chain code", "Credit code", "Role"],
            ["BEARING", BEARING_CODE, "chain_master"],
        ],
        "Plan tasks": [
            ["Chain code", "Year", "Item no", "Title", "Lead department", "Owner email",
             "Co-departments", "Start date", "Due date"],
            ["BEARING", 2026, 1, "推动轴承钢本地化配套", "GXJ", "wang.lei@example.gov.cn",
             "ZRJ", "2026-03-01", "2026/6/30"],
            ["BEARING", 2026, 2, "=SUM(1,2) looks like a formula", "ZRJ", "li.na@example.gov.cn",
             None, "2026年3月1日", "2026-12-31"],
        ],
        "Key projects": [
            ["Code", "Name", "Chain code", "Credit code", "Service department", "Year",
             "Total investment (10k CNY)", "Planned investment this year (10k CNY)",
             "Approvals planned", "Approvals actual", "Construction start planned"],
            ["LC2026-BEARING-01", "风电主轴轴承项目", "BEARING", BEARING_CODE, "GXJ", 2026,
             120000, 45000.5, "2026-03-31", "2026-04-15", "2026-06-30"],
        ],
        "Factor requests": [
            ["Code", "Chain code", "Credit code", "Project code", "Factor type", "Quantity",
             "Unit", "Needed by", "Description", "Handling department"],
            ["YS2026-001", "BEARING", BEARING_CODE, "LC2026-BEARING-01", "用地", 120, "亩",
             "2027-03-31", "项目二期用地指标", "ZRJ"],
        ],
    }


def snapshot(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to prove that something changed nothing."""
    session.expire_all()
    tables = {}
    for table in SQLModel.metadata.sorted_tables:
        rows = session.connection().execute(sa.select(table)).all()
        tables[table.name] = sorted(tuple(row) for row in rows)
    return tables
