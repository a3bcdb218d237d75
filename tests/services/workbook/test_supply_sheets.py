"""The demands and capabilities sheets: imported by chain + credit code + item, the map node
named within its chain, every refusal with sheet, row and column and nothing written; and the
export reads them back."""

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from mechanism.wording import zh
from models import CapabilityItem, DemandItem, MapNode
from services.workbook import WorkbookInvalid, export_workbook, import_workbook, read_workbook
from tests.services.workbooks import BEARING_CODE, PIPE_CODE, small_city, snapshot, write_workbook


def _city() -> dict[str, list[list[Any]]]:
    sheets = small_city()
    sheets["Enterprises"].append([PIPE_CODE, "示范特钢有限公司", "东昌府区"])
    sheets["Chain map"] = [
        ["Chain code", "Stage", "Segment", "Node", "Status"],
        ["BEARING", "upstream", "材料", "轴承钢", "weak"],
        ["BEARING", "midstream", "零部件", "套圈", "strong"],
    ]
    sheets["Demands"] = [
        ["Chain code", "Credit code", "Item", "Map node", "Specification", "Amount (10k CNY)",
         "Needed by", "Status"],
        ["BEARING", BEARING_CODE, "高端轴承钢", "轴承钢", "GCr15，年需 2 万吨", 3600, "2027-03-31",
         None],
    ]  # fmt: skip
    sheets["Capabilities"] = [
        ["Chain code", "Credit code", "Product", "Map node", "Certifications", "Capacity"],
        ["BEARING", PIPE_CODE, "轴承钢棒材", "轴承钢", "IATF 16949", "年产 5 万吨"],
        ["BEARING", PIPE_CODE, "热处理服务", None, None, None],
    ]
    return sheets


def _import(session: Session, path: Path, now: datetime) -> dict[str, tuple[int, int, int]]:
    summary = import_workbook(
        session=session, workbook=read_workbook(path), actor="office", now=now
    )
    session.commit()
    return {k: (c.created, c.updated, c.unchanged) for k, c in summary.sheets.items()}


def test_it_imports_both_lists_once_and_a_second_import_changes_nothing(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    path = write_workbook(tmp_path / "city.xlsx", _city())
    first = _import(session, path, now)
    before = snapshot(session)
    second = _import(session, path, now)
    assert first["demands"] == (1, 0, 0) and first["capabilities"] == (2, 0, 0)
    assert second["demands"] == (0, 0, 1) and second["capabilities"] == (0, 0, 2)
    assert snapshot(session) == before
    demand = session.exec(select(DemandItem)).one()
    node = session.get(MapNode, demand.map_node_id)
    assert node is not None and node.name == "轴承钢"
    assert (demand.amount_wan, demand.needed_by, demand.status) == (3600, date(2027, 3, 31), "open")
    products = session.exec(select(CapabilityItem.product, CapabilityItem.map_node_id)).all()
    assert sorted(p for p, _ in products) == ["热处理服务", "轴承钢棒材"]


def test_a_status_in_the_sheet_moves_the_demand_and_blank_keeps_it(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    sheets = _city()
    sheets["Demands"][1][7] = "已撤回"
    _import(session, write_workbook(tmp_path / "a.xlsx", sheets), now)
    assert session.exec(select(DemandItem.status)).one() == "withdrawn"
    _import(session, write_workbook(tmp_path / "b.xlsx", _city()), now)
    assert session.exec(select(DemandItem.status)).one() == "withdrawn"


def test_every_refusal_names_sheet_row_and_column_and_nothing_is_written(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    sheets = _city()
    sheets["Demands"] += [
        ["BEARING", BEARING_CODE, "风电主轴", "风电主轴轴承", None, 10, None, None],  # no such node
        ["BEARING", BEARING_CODE, "负数金额", None, None, -5, None, None],
        ["BEARING", BEARING_CODE, "错误状态", None, None, None, None, "signed"],
        ["NOPE", BEARING_CODE, "无此产业链", None, None, None, None, None],
        ["BEARING", BEARING_CODE, "高端轴承钢", None, None, None, None, None],  # twice
        ["BEARING", BEARING_CODE, None, None, None, None, "someday", None],
    ]
    sheets["Capabilities"].append(["BEARING", PIPE_CODE, "套圈", "套 圈", None, None])
    with pytest.raises(WorkbookInvalid) as raised:
        _import(session, write_workbook(tmp_path / "bad.xlsx", sheets), now)
    session.rollback()
    found = [(e.sheet, e.row, e.column) for e in raised.value.errors]
    assert found == [
        ("Capabilities", 4, "Map node"),
        ("Demands", 3, "Map node"),
        ("Demands", 4, "Amount (10k CNY)"),
        ("Demands", 5, "Status"),
        ("Demands", 6, "Chain code"),
        ("Demands", 7, "Item"),
        ("Demands", 8, "Item"),
        ("Demands", 8, "Needed by"),
    ]
    node = next(e for e in raised.value.errors if e.row == 3)
    assert "'BEARING' chain's map has no node '风电主轴轴承'" in str(node)
    assert "图谱都没有节点" in zh(node.message)
    assert session.exec(select(DemandItem)).all() == []
    assert session.exec(select(CapabilityItem)).all() == []


def test_a_node_of_another_chain_is_refused(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    sheets = _city()
    sheets["Chains"].append(["PIPE", "钢管", "Steel pipes", 2])
    sheets["Chain map"].append(["PIPE", "midstream", "管材", "无缝管", "weak"])
    sheets["Capabilities"].append(["BEARING", PIPE_CODE, "无缝管", "无缝管", None, None])
    with pytest.raises(WorkbookInvalid) as raised:
        _import(session, write_workbook(tmp_path / "other.xlsx", sheets), now)
    assert [(e.sheet, e.row, e.column) for e in raised.value.errors] == [
        ("Capabilities", 4, "Map node")
    ]


def test_the_export_reads_both_lists_back_and_imports_unchanged(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    _import(session, write_workbook(tmp_path / "city.xlsx", _city()), now)
    out = tmp_path / "export.xlsx"
    counts = export_workbook(session=session, path=out, locale="zh-CN")
    assert counts["demands"] == 1 and counts["capabilities"] == 2
    again = _import(session, out, now)
    assert again["demands"] == (0, 0, 1) and again["capabilities"] == (0, 0, 2)
