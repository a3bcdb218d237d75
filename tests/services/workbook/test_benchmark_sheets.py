"""The benchmarking sheets 对标对象 and 对标指标值: peers by name, figures by indicator + chain +
peer + year (a changed figure replaces the old one), every refusal with sheet, row and column
and nothing written; the export reads them back and imports unchanged."""

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from mechanism.wording import zh
from models import BenchmarkIndicator, BenchmarkPeer, BenchmarkValue
from services.workbook import WorkbookInvalid, export_workbook, import_workbook, read_workbook
from tests.services.workbooks import small_city, snapshot, write_workbook

PEERS = ["Name", "Kind", "Chain code", "Region", "Note"]
VALUES = ["Indicator", "Chain code", "Peer", "Year", "Value", "Source"]


def _city() -> dict[str, list[list[Any]]]:
    sheets = small_city()
    sheets["Benchmark peers"] = [
        PEERS,
        ["洛阳市", "region", None, "河南省", None],
        ["瓦房店轴承", "同链对标", "BEARING", "辽宁省", "轴承基地"],
    ]
    sheets["对标指标值"] = [
        ["指标代码", "产业链编码", "对标对象", "年份", "数值", "数据来源"],
        ["chain_output", "BEARING", None, 2025, 360, "统计快报"],
        ["chain_output", "BEARING", "瓦房店轴承", 2025, 650, "瓦房店统计公报"],
        ["rd_intensity", None, None, 2025, 1.9, "市统计公报"],
        ["rd_intensity", None, "洛阳市", 2025, 3.0, "洛阳统计公报"],
    ]
    return sheets


def _import(session: Session, path: Path, now: datetime) -> dict[str, tuple[int, int, int]]:
    summary = import_workbook(
        session=session, workbook=read_workbook(path), actor="office", now=now
    )
    session.commit()
    return {k: (c.created, c.updated, c.unchanged) for k, c in summary.sheets.items()}


def test_it_imports_peers_and_figures_once_and_again_changes_nothing(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    path = write_workbook(tmp_path / "city.xlsx", _city())
    first = _import(session, path, now)
    before = snapshot(session)
    second = _import(session, path, now)
    assert first["benchmark_peers"] == (2, 0, 0) and first["benchmark_values"] == (4, 0, 0)
    assert second["benchmark_values"] == (0, 0, 4)
    assert snapshot(session) == before
    codes = set(session.exec(select(BenchmarkIndicator.code)).all())
    assert codes == {"chain_output", "rd_intensity"}  # stored from the catalogue when used
    chain_peer = session.exec(select(BenchmarkPeer).where(BenchmarkPeer.name == "瓦房店轴承")).one()
    assert chain_peer.kind == "chain" and chain_peer.chain_id is not None


def test_a_changed_figure_replaces_the_old_one_with_who_and_when(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    _import(session, write_workbook(tmp_path / "a.xlsx", _city()), now)
    sheets = _city()
    sheets["对标指标值"][1][4] = 372
    later = now.replace(day=now.day + 1)
    summary = _import(session, write_workbook(tmp_path / "b.xlsx", sheets), later)
    assert summary["benchmark_values"] == (0, 1, 3)
    figures = session.exec(select(BenchmarkValue.value)).all()
    assert sorted(figures) == [1.9, 3.0, 372.0, 650.0]
    changed = session.exec(select(BenchmarkValue).where(BenchmarkValue.value == 372)).one()
    assert changed.created_at == later and changed.entered_by == "office"


def test_every_refusal_names_sheet_row_and_column_and_nothing_is_written(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    sheets = _city()
    sheets["Benchmark peers"] += [
        ["苏州市", "chain", None, None, None],  # a chain peer without its chain
        ["无锡市", "region", "BEARING", None, None],  # a region peer with one
    ]
    sheets["对标指标值"] += [
        ["no_such", "BEARING", None, 2025, 1, "x"],
        ["chain_output", None, "瓦房店轴承", 2025, 1, "x"],  # a chain peer's city figure
        ["chain_output", "BEARING", "火星", 2025, 1, "x"],
        ["chain_output", "BEARING", None, 1999, 1, "x"],
        ["chain_output", "BEARING", None, 2024, "很多", "x"],
        ["chain_output", "BEARING", None, 2023, 1, None],
    ]
    before = snapshot(session)
    with pytest.raises(WorkbookInvalid) as raised:
        _import(session, write_workbook(tmp_path / "bad.xlsx", sheets), now)
    session.rollback()
    found = [(e.sheet, e.row, e.column) for e in raised.value.errors]
    assert found == [
        ("Benchmark peers", 4, "Chain code"),
        ("Benchmark peers", 5, "Chain code"),
        ("对标指标值", 6, "指标代码"),
        ("对标指标值", 7, "产业链编码"),
        ("对标指标值", 8, "对标对象"),
        ("对标指标值", 9, "年份"),
        ("对标指标值", 10, "数值"),
        ("对标指标值", 11, "数据来源"),
    ]
    assert "no indicator 'no_such'" in str(raised.value.errors[2])
    assert "没有对标对象" in zh(raised.value.errors[4].message)
    assert snapshot(session) == before


def test_the_export_reads_them_back_and_imports_unchanged(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    _import(session, write_workbook(tmp_path / "city.xlsx", _city()), now)
    out = tmp_path / "export.xlsx"
    counts = export_workbook(session=session, path=out, locale="zh-CN")
    assert counts["benchmark_peers"] == 2 and counts["benchmark_values"] == 4
    again = _import(session, out, now)
    assert again["benchmark_peers"] == (0, 0, 2) and again["benchmark_values"] == (0, 0, 4)
