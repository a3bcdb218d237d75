"""The 招商项目 (investment projects) and 招商资金年度目标 (funds targets) sheets: imported by
code through the pipeline's services (a first signing recorded once, with its filing task; a
later stage moved forward and handed over to its key project), refused with sheet, row and
column and nothing written, and exported so that importing the export changes nothing — in
the same database and in a fresh one."""

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from mechanism.calendar import WorkingCalendar
from mechanism.wording import zh
from models import (
    Enterprise,
    InvestmentMove,
    InvestmentProject,
    InvestmentSigning,
    InvestmentYearTarget,
    KeyProject,
    Task,
)
from models.db import make_engine
from models.migrations import upgrade
from services.config import EngineRules
from services.workbook import WorkbookInvalid, export_workbook, import_workbook, read_workbook
from tests.services.workbooks import BEARING_CODE, small_city, snapshot, write_workbook

RULES = EngineRules(calendar=WorkingCalendar())
HEADERS = ["Code", "Name", "Chain code", "Investor", "Investor credit code", "Investor rank",
           "County", "Map node", "Stage", "Stage reached on", "Termination reason",
           "Planned investment (10k CNY)", "First signed on", "First signing amount (10k CNY)",
           "Local company credit code", "Key project code", "Sponsor leader email",
           "Service officer email"]  # fmt: skip
LEAD = ["ZS2026-BEARING-01", "风电主轴轴承配套项目", "BEARING", "江苏示范重工股份有限公司", None,
        "中国500强", "临清市", "风电主轴轴承", None, None, None, 60000, None, None, None, None,
        "wang.lei@example.gov.cn", "li.na@example.gov.cn"]  # fmt: skip
SIGNED = ["ZS2026-BEARING-02", "精密保持架项目", "BEARING", "浙江示范精工有限公司", None, None,
          "临清市", None, None, None, None, 12000, "2026-11-20", 11500, None, None, None,
          None]  # fmt: skip
STARTED = ["ZS2026-BEARING-03", "轴承钢精炼项目", "BEARING", "上海示范特钢集团", None,
           "fortune_global_500", None, "轴承钢", "started", "2026-11-25", None, 120000,
           "2026-10-12", 118000, BEARING_CODE, "LC2026-BEARING-01", None, None]  # fmt: skip
TARGETS = [["Chain code", "Year", "Funds target (10k CNY)"], ["BEARING", 2026, 90000]]


def _city(*rows: list[Any]) -> dict[str, list[list[Any]]]:
    sheets = small_city()
    sheets["Chain map"] = [
        ["Chain code", "Stage", "Segment", "Node", "Status"],
        ["BEARING", "upstream", "材料", "轴承钢", "weak"],
        ["BEARING", "downstream", "整机配套", "风电主轴轴承", "missing"],
    ]
    sheets["Investment projects"] = [HEADERS, *(list(r) for r in rows)]
    sheets["招商资金年度目标"] = TARGETS
    return sheets


def _import(
    session: Session, path: Path, now: datetime, rules: EngineRules | None = RULES
) -> dict[str, tuple[int, int, int]]:
    summary = import_workbook(
        session=session, workbook=read_workbook(path), actor="office", now=now, rules=rules
    )
    session.commit()
    return {k: (c.created, c.updated, c.unchanged) for k, c in summary.sheets.items()}


def _refusals(session: Session, path: Path, now: datetime, **extra: Any) -> list[tuple[Any, ...]]:
    with pytest.raises(WorkbookInvalid) as raised:
        _import(session, path, now, **extra)
    session.rollback()
    return [(e.sheet, e.row, e.column, str(e.message)) for e in raised.value.errors]


def _filing_tasks(session: Session) -> list[Task]:
    return list(session.exec(select(Task).where(Task.source == "investment")).all())


def test_projects_import_through_the_pipeline_once_and_again_change_nothing(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    path = write_workbook(tmp_path / "city.xlsx", _city(LEAD, SIGNED, STARTED))
    first = _import(session, path, now)
    assert first["investment_projects"] == (3, 0, 0)
    assert first["investment_year_targets"] == (1, 0, 0)
    projects = {p.code: p for p in session.exec(select(InvestmentProject))}
    lead, signed, started = (projects[f"ZS2026-BEARING-0{n}"] for n in (1, 2, 3))
    assert (lead.stage, lead.investor_rank, lead.planned_investment_wan) == (
        "lead", "china_top_500", 60000
    )  # fmt: skip
    assert lead.sponsor_leader_id is not None and lead.service_officer_id is not None
    assert (signed.stage, signed.signed_on, signed.contract_amount_wan) == (
        "signed", date(2026, 11, 20), 11500
    )  # fmt: skip
    key = session.exec(select(KeyProject).where(KeyProject.code == "LC2026-BEARING-01")).one()
    assert (started.stage, started.started_on, started.key_project_id) == (
        "started", date(2026, 11, 25), key.id
    )  # fmt: skip
    firm = session.exec(select(Enterprise).where(Enterprise.credit_code == BEARING_CODE)).one()
    assert started.enterprise_id == firm.id
    tasks = _filing_tasks(session)
    assert sorted(t.title for t in tasks) == ["备案：精密保持架项目", "备案：轴承钢精炼项目"]
    assert session.exec(select(InvestmentYearTarget.funds_target_wan)).one() == 90000

    before = snapshot(session)
    second = _import(session, path, now)
    assert second["investment_projects"] == (0, 0, 3)
    assert second["investment_year_targets"] == (0, 0, 1)
    assert snapshot(session) == before  # no second signing, filing task or move


def test_a_row_edits_the_particulars_and_moves_the_stage_forward(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    _import(session, write_workbook(tmp_path / "a.xlsx", _city(LEAD, SIGNED)), now)
    edited = [*SIGNED]
    edited[1], edited[8], edited[9] = "精密保持架扩能项目", "registered", "2026-11-26"
    edited[14] = BEARING_CODE
    counts = _import(session, write_workbook(tmp_path / "b.xlsx", _city(LEAD, edited)), now)
    assert counts["investment_projects"] == (0, 1, 1)
    project = session.exec(
        select(InvestmentProject).where(InvestmentProject.code == "ZS2026-BEARING-02")
    ).one()
    assert (project.name, project.stage) == ("精密保持架扩能项目", "registered")
    move = session.exec(select(InvestmentMove).order_by(sa.desc(InvestmentMove.id))).first()
    assert move is not None and (move.to_stage, move.moved_on) == ("registered", date(2026, 11, 26))
    assert len(_filing_tasks(session)) == 1


def test_every_refusal_names_sheet_row_and_column_and_nothing_is_written(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    before = snapshot(session)
    no_node = [*LEAD]
    no_node[0], no_node[7] = "ZS-X-1", "加氢站"
    nobody = [*LEAD]
    nobody[0], nobody[16] = "ZS-X-2", "nobody@example.gov.cn"
    half_signed = [*LEAD]
    half_signed[0], half_signed[12] = "ZS-X-3", "2026-11-02"
    unsigned_start = [*LEAD]
    unsigned_start[0], unsigned_start[8] = "ZS-X-4", "started"
    no_reason = [*LEAD]
    no_reason[0], no_reason[8] = "ZS-X-5", "terminated"
    bad_amount = [*LEAD]
    bad_amount[0], bad_amount[11] = "ZS-X-6", -5
    bad_stage = [*LEAD]
    bad_stage[0], bad_stage[8] = "ZS-X-7", "done"
    future = [*SIGNED]
    future[0], future[12] = "ZS-X-8", "2026-12-30"
    sheets = _city(
        no_node, nobody, half_signed, unsigned_start, no_reason, bad_amount, bad_stage, future
    )
    path = write_workbook(tmp_path / "bad.xlsx", sheets)
    found = _refusals(session, path, now)
    where = [(sheet, row, column) for sheet, row, column, _ in found]
    assert where == [
        ("Investment projects", 2, "Map node"),
        ("Investment projects", 3, "Sponsor leader email"),
        ("Investment projects", 4, "First signing amount (10k CNY)"),
        ("Investment projects", 7, "Planned investment (10k CNY)"),
        ("Investment projects", 8, "Stage"),
    ], found  # the cells' and references' checks, before any row is written
    assert "'BEARING' chain's map has no node '加氢站'" in found[0][3]
    assert "no person 'nobody@example.gov.cn'" in found[1][3]
    assert snapshot(session) == before
    # The rows the cells pass go to the services, which refuse them naming the column too.
    sheets = _city(unsigned_start, no_reason, future)
    found = _refusals(session, write_workbook(tmp_path / "rules.xlsx", sheets), now)
    assert [(row, column) for _, row, column, _ in found] == [
        (2, "Stage"),
        (3, "Termination reason"),
        (4, "First signed on"),
    ], found
    assert "record the project's first signing" in found[0][3]
    assert found[1][3] == "say why the project is terminated"
    assert "2026-12-30 is in the future" in found[2][3]
    assert snapshot(session) == before


def test_a_different_first_signing_is_refused_and_the_chinese_is_kept(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    _import(session, write_workbook(tmp_path / "a.xlsx", _city(SIGNED)), now)
    before = snapshot(session)
    again = [*SIGNED]
    again[13] = 15000
    with pytest.raises(WorkbookInvalid) as raised:
        _import(session, write_workbook(tmp_path / "b.xlsx", _city(again)), now)
    session.rollback()
    (error,) = raised.value.errors
    assert (error.row, error.column) == (2, "First signed on")
    assert "record a re-signing or a capital increase" in str(error.message)
    assert zh(error.message).startswith("项目已于2026-11-20首次签约")
    assert snapshot(session) == before


def test_without_the_citys_rules_only_particulars_are_taken(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    found = _refusals(
        session, write_workbook(tmp_path / "a.xlsx", _city(LEAD, SIGNED)), now, rules=None
    )
    assert [(row, column) for _, row, column, _ in found] == [(3, "First signed on")]
    assert "takes particulars only" in found[0][3]
    counts = _import(session, write_workbook(tmp_path / "b.xlsx", _city(LEAD)), now, rules=None)
    assert counts["investment_projects"] == (1, 0, 0)


def test_the_export_reads_the_pipeline_back_here_and_in_a_fresh_database(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    _import(session, write_workbook(tmp_path / "city.xlsx", _city(LEAD, SIGNED, STARTED)), now)
    out = tmp_path / "export.xlsx"
    counts = export_workbook(session=session, path=out, locale="zh-CN")
    assert counts["investment_projects"] == 3 and counts["investment_year_targets"] == 1
    assert _import(session, out, now)["investment_projects"] == (0, 0, 3)

    fresh_engine = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    upgrade(fresh_engine)
    with Session(fresh_engine, expire_on_commit=False) as fresh:
        assert _import(fresh, out, now)["investment_projects"] == (3, 0, 0)
        rows = fresh.exec(
            select(
                InvestmentProject.code,
                InvestmentProject.stage,
                InvestmentProject.signed_on,
                InvestmentProject.started_on,
            ).order_by(InvestmentProject.code)
        ).all()
        assert rows == [
            ("ZS2026-BEARING-01", "lead", None, None),
            ("ZS2026-BEARING-02", "signed", date(2026, 11, 20), None),
            ("ZS2026-BEARING-03", "started", date(2026, 10, 12), date(2026, 11, 25)),
        ]
        signings = fresh.exec(select(InvestmentSigning.amount_wan)).all()
        assert sorted(signings) == [11500, 118000]
        assert _import(fresh, out, now)["investment_projects"] == (0, 0, 3)
    fresh_engine.dispose()
