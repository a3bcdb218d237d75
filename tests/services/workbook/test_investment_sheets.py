"""The investment targets sheet (招商目标): imported by chain + company, the node named within
its chain, a dropped target with its reason; every refusal with file, sheet, row and column and
nothing written; and the export reads it back."""

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from mechanism.wording import zh
from models import InvestmentTarget, MapNode
from services.workbook import WorkbookInvalid, export_workbook, import_workbook, read_workbook
from tests.services.workbooks import small_city, snapshot, write_workbook

HEADERS = [
    "Chain code", "Company", "Target's credit code", "HQ region", "Source", "Purpose",
    "Map node", "Priority", "Owner group", "Status", "Dropped reason", "Note",
]  # fmt: skip


def _city() -> dict[str, list[list[Any]]]:
    sheets = small_city()
    sheets["Chain map"] = [
        ["Chain code", "Stage", "Segment", "Node", "Status"],
        ["BEARING", "upstream", "材料", "轴承钢", "weak"],
        ["BEARING", "downstream", "整机配套", "风电主轴轴承", "missing"],
    ]
    sheets["Investment targets"] = [
        HEADERS,
        ["BEARING", "浙江甬驰风电轴承有限公司", "91330200MA2KF5L3YQ", "浙江省宁波市", "链主推荐",
         "补链", "风电主轴轴承", 1, "轴承产业链招商专班", "已拜访", None, "链主推荐"],
        ["BEARING", "江苏锡钢特种材料有限公司", None, "江苏省无锡市", "investor_referral",
         "strengthen", "轴承钢", 3, None, "dropped", "已在外省投产", None],
        ["BEARING", "上海示例检测有限公司", None, None, None, None, None, None, None, None, None,
         None],
    ]  # fmt: skip
    return sheets


def _import(session: Session, path: Path, now: datetime) -> dict[str, tuple[int, int, int]]:
    summary = import_workbook(
        session=session, workbook=read_workbook(path), actor="office", now=now
    )
    session.commit()
    return {k: (c.created, c.updated, c.unchanged) for k, c in summary.sheets.items()}


def test_it_imports_the_targets_once_and_a_second_import_changes_nothing(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    path = write_workbook(tmp_path / "city.xlsx", _city())
    assert _import(session, path, now)["investment_targets"] == (3, 0, 0)
    before = snapshot(session)
    assert _import(session, path, now)["investment_targets"] == (0, 0, 3)
    assert snapshot(session) == before
    wind, steel, plain = session.exec(
        select(InvestmentTarget).order_by(InvestmentTarget.id)  # type: ignore[arg-type]
    ).all()
    node = session.get(MapNode, wind.map_node_id)
    assert node is not None and node.name == "风电主轴轴承"
    assert (wind.source, wind.purpose, wind.priority, wind.status, wind.credit_code) == (
        "chain_master",
        "fill",
        1,
        "visited",
        "91330200MA2KF5L3YQ",
    )
    assert (steel.status, steel.dropped_reason, steel.priority) == ("dropped", "已在外省投产", 3)
    assert (plain.source, plain.purpose, plain.priority, plain.status, plain.map_node_id) == (
        "chain_map",
        "fill",
        2,
        "listed",
        None,
    )


def test_every_refusal_names_sheet_row_and_column_and_nothing_is_written(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    sheets = _city()
    blank = [None] * 9
    sheets["Investment targets"] += [
        ["BEARING", "无此节点", None, None, None, None, "滚动体", *blank[:5]],
        ["BEARING", "坏代码", "91330200MA2KF5L3YX", *blank],
        ["BEARING", "坏来源", None, None, "newspaper", *blank[:7]],
        ["BEARING", "坏优先级", None, None, None, None, None, 5, *blank[:4]],
        ["BEARING", "放弃无因", None, None, None, None, None, None, None, "dropped", None, None],
        ["BEARING", "浙江甬驰风电轴承有限公司", *blank, None, None],  # twice
        ["NOPE", "无此产业链", *blank, None, None],
        ["BEARING", None, *blank, None, None],
    ]
    with pytest.raises(WorkbookInvalid) as raised:
        _import(session, write_workbook(tmp_path / "bad.xlsx", sheets), now)
    session.rollback()
    found = [(e.sheet, e.row, e.column) for e in raised.value.errors]
    assert sorted(found) == sorted(
        [
            ("Investment targets", 5, "Map node"),
            ("Investment targets", 6, "Target's credit code"),
            ("Investment targets", 7, "Source"),
            ("Investment targets", 8, "Priority"),
            ("Investment targets", 9, "Dropped reason"),
            ("Investment targets", 10, "Company"),
            ("Investment targets", 11, "Chain code"),
            ("Investment targets", 12, "Company"),
        ]
    )
    node = next(e for e in raised.value.errors if e.row == 5)
    assert "'BEARING' chain's map has no node '滚动体'" in str(node)
    assert "图谱都没有节点" in zh(node.message)
    assert raised.value.source.endswith("bad.xlsx")
    assert session.exec(select(InvestmentTarget)).all() == []


def test_the_export_reads_the_targets_back_and_imports_unchanged(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    _import(session, write_workbook(tmp_path / "city.xlsx", _city()), now)
    out = tmp_path / "export.xlsx"
    counts = export_workbook(session=session, path=out, locale="zh-CN")
    assert counts["investment_targets"] == 3
    assert _import(session, out, now)["investment_targets"] == (0, 0, 3)
