"""The 企业称号 (designations) and 梯度培育库 (cultivation library) sheets: imported under the
enterprise rules (validity defaults, allowed moves, promotion, the chain leader's approval),
refused with sheet, row and column and nothing changed, and exported so that importing the
export changes nothing — in the same database and in a fresh one."""

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from mechanism.wording import zh
from models import CultivationCandidate, Designation
from models.db import make_engine
from models.migrations import upgrade
from services.workbook import (
    DESIGNATIONS,
    WorkbookInvalid,
    export_workbook,
    import_workbook,
    read_workbook,
)
from tests.services.workbooks import BEARING_CODE, PIPE_CODE, small_city, snapshot, write_workbook

TITLES = ["Credit code", "Kind", "Chain code", "Batch", "Document number", "Recognised",
          "Valid until", "Status", "Note", "Approved by", "Approved on"]  # fmt: skip
LIBRARY = ["统一社会信用代码", "培育目标", "入库日期", "培育周期（月）", "出库日期", "出库原因"]


def _city(extra: dict[str, list[list[Any]]] | None = None) -> dict[str, list[list[Any]]]:
    sheets = small_city()
    sheets["Enterprises"].append([PIPE_CODE, "管业公司", "临清市"])
    sheets["Chain enterprises"].append(["BEARING", PIPE_CODE, "specialized_sme"])
    return {**sheets, **(extra or {})}


def _import(session: Session, tmp_path: Path, sheets: dict[str, Any], now: datetime) -> Any:
    path = write_workbook(tmp_path / f"book-{len(list(tmp_path.iterdir()))}.xlsx", sheets)
    summary = import_workbook(session=session, workbook=read_workbook(path), actor="t", now=now)
    session.commit()
    return summary


@pytest.fixture
def city(session: Session, tmp_path: Path, now: datetime) -> Session:
    _import(session, tmp_path, _city(), now)
    return session


def test_titles_import_with_the_kinds_defaults_and_promote_the_candidate(
    city: Session, tmp_path: Path, now: datetime
) -> None:
    sheets = {
        "梯度培育库": [LIBRARY, [PIPE_CODE, "little_giant", "2025-03-01", None, None, None]],
        "Designations": [
            TITLES,
            [PIPE_CODE, "专精特新“小巨人”", None, "第八批", "工信部企业函〔2026〕88号",
             "2026-07-15", None, None, None, None, None],
            [BEARING_CODE, "chain_master", "BEARING", None, None, None, None, "候选", None,
             None, None],
        ],
    }  # fmt: skip
    summary = _import(city, tmp_path, sheets, now)
    assert summary.sheets["designations"].created == 2
    giant = city.exec(select(Designation).where(Designation.kind == "little_giant")).one()
    assert (giant.status, giant.valid_until) == ("recognized", date(2029, 7, 15))
    assert giant.review_due == date(2029, 7, 15) and giant.data_update_due is not None
    candidacy = city.exec(select(CultivationCandidate)).one()
    assert candidacy.cycle_months == 24  # the kind's default
    # The library sheet comes after the titles: the title recognised since the entry
    # promotes the new candidacy at once.
    assert (candidacy.exit_reason, candidacy.left_on) == ("promoted", date(2026, 7, 15))
    assert candidacy.designation_id == giant.id
    master = city.exec(select(Designation).where(Designation.kind == "chain_master")).one()
    assert master.status == "candidate" and master.approved_on is None
    again = {
        "梯度培育库": [LIBRARY, [PIPE_CODE, "zjtx_provincial", "2025-03-01", None, None, None]],
    }
    _import(city, tmp_path, again, now)
    later = {"Designations": [TITLES, [PIPE_CODE, "zjtx_provincial", None, None, None,
             "2026-09-01", None, None, None, None, None]]}  # fmt: skip
    _import(city, tmp_path, later, now)
    city.expire_all()
    provincial = city.exec(
        select(CultivationCandidate).where(CultivationCandidate.target_kind == "zjtx_provincial")
    ).one()
    assert (provincial.exit_reason, provincial.left_on) == ("promoted", date(2026, 9, 1))


def _refusals(session: Session, tmp_path: Path, sheets: dict[str, Any], now: datetime) -> list[str]:
    before = snapshot(session)
    with pytest.raises(WorkbookInvalid) as caught:
        _import(session, tmp_path, sheets, now)
    session.rollback()
    assert snapshot(session) == before  # nothing changed
    return [str(e) for e in caught.value.errors]


def test_every_refusal_names_sheet_row_and_column_and_changes_nothing(
    city: Session, tmp_path: Path, now: datetime
) -> None:
    sheets = {
        "Designations": [
            TITLES,
            [PIPE_CODE, "unicorn", None, None, None, "2026-01-01", None, None, None, None, None],
            [PIPE_CODE, "gazelle", "BEARING", None, None, "2026-01-01", None, None, None, None,
             None],
            [BEARING_CODE, "pilot", "BEARING", None, None, "2026-01-01", None, "recognized",
             None, None, None],
            [PIPE_CODE, "gazelle", None, None, None, "2026-01-01", "2025-01-01", None, None,
             None, None],
            [PIPE_CODE, "zjtx_provincial", None, None, None, None, None, "recognized", None,
             None, None],
        ],
        "Cultivation library": [
            ["Credit code", "Target tier", "Entered", "Cycle (months)", "Left", "Exit reason"],
            [PIPE_CODE, "chain_master", "2026-01-01", None, None, None],
            [PIPE_CODE, "little_giant", "2026-01-01", 500, None, None],
            [PIPE_CODE, "gazelle", "2026-01-01", None, "2025-01-01", "withdrawn"],
            [PIPE_CODE, "zjtx_provincial", "2026-01-01", None, "2026-05-01", None],
            [PIPE_CODE, "innovative", "2026-01-01", None, "2026-05-01", "promoted"],
        ],
    }  # fmt: skip
    problems = _refusals(city, tmp_path, sheets, now)
    expected = [
        ("'Cultivation library', row 2, column 'Target tier'", "not a tier of the library"),
        ("'Cultivation library', row 3, column 'Cycle (months)'", "must be 1 to 120"),
        ("'Cultivation library', row 4, column 'Left'", "before the entry"),
        ("'Cultivation library', row 5, column 'Exit reason'", "both the day and the reason"),
        ("'Cultivation library', row 6, column 'Exit reason'", "holds no Innovative SME"),
        ("'Designations', row 2, column 'Kind'", "unknown kind 'unicorn'"),
        ("'Designations', row 3, column 'Chain code'", "a Gazelle is not held for a chain"),
        ("'Designations', row 4, column 'Status'", "recognised by its chain leader's approval"),
        ("'Designations', row 5, column 'Valid until'", "is not after the recognition"),
        ("'Designations', row 6, column 'Recognised'", "needs the day it was recognised"),
    ]
    assert len(problems) == len(expected), problems
    for (where, what), problem in zip(expected, problems, strict=True):
        assert where in problem and what in problem, problem


def test_a_status_changes_only_by_a_move_it_allows(
    city: Session, tmp_path: Path, now: datetime
) -> None:
    row = [PIPE_CODE, "zjtx_provincial", None, None, None, "2025-01-15", None, None, None, None,
           None]  # fmt: skip
    _import(city, tmp_path, {"Designations": [TITLES, row]}, now)
    renewed = {"Designations": [TITLES, [*row[:7], "renewed", *row[8:]]]}
    problems = _refusals(city, tmp_path, renewed, now)
    assert len(problems) == 1 and "column 'Status'" in problems[0]
    assert "cannot become renewed" in problems[0]
    revoked = {"Designations": [TITLES, [*row[:7], "revoked", *row[8:]]]}
    assert "column 'Note'" in _refusals(city, tmp_path, revoked, now)[0]
    under_review = {"Designations": [TITLES, [*row[:7], "复核中", *row[8:]]]}
    assert _import(city, tmp_path, under_review, now).sheets["designations"].updated == 1
    assert city.exec(select(Designation)).one().status == "under_review"


def test_a_dated_row_completes_a_title_without_dates(
    city: Session, tmp_path: Path, now: datetime
) -> None:
    city.add(Designation(enterprise_id=_id(city, PIPE_CODE), kind="zjtx_provincial",
                         level="provincial", status="recognized"))  # fmt: skip
    city.commit()
    row = [PIPE_CODE, "zjtx_provincial", None, "2024年度", None, "2025-01-15", None, None, None,
           None, None]  # fmt: skip
    summary = _import(city, tmp_path, {"Designations": [TITLES, row]}, now)
    assert summary.sheets["designations"].updated == 1
    title = city.exec(select(Designation)).one()
    assert (title.recognized_on, title.valid_until) == (date(2025, 1, 15), date(2028, 1, 15))


def _id(session: Session, credit_code: str) -> int:
    from models import Enterprise

    found = session.exec(select(Enterprise.id).where(Enterprise.credit_code == credit_code)).one()
    assert found is not None
    return found


def _with_titles(session: Session, tmp_path: Path, now: datetime) -> None:
    _import(session, tmp_path, _city({
        "Designations": [
            TITLES,
            [PIPE_CODE, "innovative", None, "2025年第一批", "=鲁工信企〔2025〕41号", "2025-06-10",
             None, None, None, None, None],
            [BEARING_CODE, "chain_master", "BEARING", None, None, "2026-10-21", None, None, None,
             "wang.lei@example.gov.cn", "2026-10-21"],
            [BEARING_CODE, "pilot", "BEARING", None, None, None, None, "revoked", "营收不足",
             None, None],
        ],
        "梯度培育库": [
            LIBRARY,
            [PIPE_CODE, "zjtx_provincial", "2025-06-01", None, None, None],
            [PIPE_CODE, "innovative", "2025-01-01", 6, "2025-06-10", "已晋级"],
        ],
    }), now)  # fmt: skip


def test_the_export_imports_back_unchanged_here_and_into_a_fresh_database(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    _with_titles(session, tmp_path, now)
    before = snapshot(session)
    assert len(before["designation"]) == 3 and len(before["cultivation_candidate"]) == 2
    for locale in ("zh-CN", "en"):
        exported = tmp_path / f"export-{locale}.xlsx"
        counts = export_workbook(session=session, path=exported, locale=locale)
        assert counts["designations"] == 3 and counts["cultivation_library"] == 2
        summary = import_workbook(
            session=session, workbook=read_workbook(exported), actor="t", now=now
        )
        session.commit()
        assert not summary.changed and snapshot(session) == before
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    upgrade(engine)
    with Session(engine, expire_on_commit=False) as fresh:
        exported = tmp_path / "export-zh-CN.xlsx"
        import_workbook(session=fresh, workbook=read_workbook(exported), actor="t", now=now)
        fresh.commit()
        titles = {(d.kind, d.status, d.recognized_on, d.valid_until, d.approved_on, d.note)
                  for d in fresh.exec(select(Designation))}  # fmt: skip
        assert titles == {
            (d.kind, d.status, d.recognized_on, d.valid_until, d.approved_on, d.note)
            for d in session.exec(select(Designation))
        }
        library = {(c.target_kind, c.exit_reason, c.designation_id is not None)
                   for c in fresh.exec(select(CultivationCandidate))}  # fmt: skip
        assert library == {("zjtx_provincial", None, False), ("innovative", "promoted", True)}
        again = import_workbook(session=fresh, workbook=read_workbook(exported), actor="t", now=now)
        assert not again.changed
    engine.dispose()


def test_the_old_tier_columns_refusal_names_this_sheet(
    session: Session, tmp_path: Path, now: datetime
) -> None:
    sheets = small_city()
    sheets["Chain enterprises"] = [
        ["Chain code", "Credit code", "Role", "专精特新层级"],
        ["BEARING", BEARING_CODE, "chain_master", "小巨人"],
    ]
    with pytest.raises(WorkbookInvalid) as caught:
        _import(session, tmp_path, sheets, now)
    (problem,) = caught.value.errors
    assert DESIGNATIONS.zh in zh(problem.message) and DESIGNATIONS.zh == "企业称号"
    assert "designations sheet" in str(problem.message) and DESIGNATIONS.key == "designations"
