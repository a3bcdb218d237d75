"""The daily-sweep flow under Prefect's test harness: thin over the service, quiet on holidays."""

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select

from chainops import wiring
from chainops.settings import get_settings
from flows.sweep import daily_sweep
from models import Notice
from services.workbook import import_workbook, read_workbook
from tests.services.workbooks import small_city, write_workbook


@pytest.fixture
def configured(
    prefect_server: None,
    database_url: str,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> Iterator[None]:
    monkeypatch.setenv("CHAINOPS_DATABASE_URL", database_url)
    monkeypatch.setenv("CHAINOPS_REPORTS_DIR", str(tmp_path / "reports"))
    get_settings.cache_clear()
    wiring.engine_for.cache_clear()
    yield
    get_settings.cache_clear()
    wiring.engine_for.cache_clear()


def test_the_flow_sweeps_on_a_working_day_and_rests_on_a_holiday(
    configured: None, session: Session, tmp_path: Path
) -> None:
    workbook = read_workbook(write_workbook(tmp_path / "city.xlsx", small_city()))
    monday = datetime(2026, 11, 30, 0, 30, tzinfo=UTC)
    import_workbook(session=session, workbook=workbook, actor="t", now=monday)
    session.commit()

    national_day = daily_sweep(as_of=datetime(2026, 10, 1, 0, 30, tzinfo=UTC))
    report = daily_sweep(as_of=monday)

    assert national_day == {"today": "2026-10-01", "working_day": False}
    assert report["working_day"] is True
    assert report["by_kind"] == {"urging_slip": 1}
    session.commit()
    assert session.exec(select(Notice.kind)).all() == ["urging_slip"]


def test_without_as_of_the_flow_runs_at_chainops_clock(
    configured: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHAINOPS_CLOCK", "2026-10-01T08:30")  # National Day
    get_settings.cache_clear()

    assert daily_sweep() == {"today": "2026-10-01", "working_day": False}


def test_the_dispatch_flow_delivers_the_outbox_as_files_in_working_hours(
    configured: None, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.dispatch import dispatch_notices
    from flows.sweep import daily_sweep as sweep_flow

    monkeypatch.setenv("CHAINOPS_OUTBOX_DIR", str(tmp_path / "outbox"))
    get_settings.cache_clear()
    workbook = read_workbook(write_workbook(tmp_path / "city.xlsx", small_city()))
    monday = datetime(2026, 11, 30, 0, 30, tzinfo=UTC)
    import_workbook(session=session, workbook=workbook, actor="t", now=monday)
    session.commit()
    sweep_flow(as_of=monday)

    night = dispatch_notices(as_of=datetime(2026, 11, 30, 14, 0, tzinfo=UTC))
    morning = dispatch_notices(as_of=datetime(2026, 11, 30, 1, 0, tzinfo=UTC))

    assert night["open"] is False
    assert (morning["emails"], morning["sent"]) == (2, 2)
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 2


def test_the_project_and_request_checks_run_as_flows_and_rest_on_holidays(
    configured: None, session: Session, tmp_path: Path
) -> None:
    from flows.projects import key_project_check
    from flows.requests import factor_request_check

    workbook = read_workbook(write_workbook(tmp_path / "city.xlsx", small_city()))
    import_workbook(
        session=session, workbook=workbook, actor="t", now=datetime(2026, 11, 2, tzinfo=UTC)
    )
    session.commit()
    national_day = datetime(2026, 10, 1, 1, 0, tzinfo=UTC)
    december = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)  # 5th working day: reports are due

    rested = [key_project_check(as_of=national_day), factor_request_check(as_of=national_day)]
    projects = key_project_check(as_of=december)
    requests = factor_request_check(as_of=december)

    assert [r["working_day"] for r in rested] == [False, False]
    assert projects["examined"] == 1 and projects["notices"] == 1  # the November report
    assert requests["notices"] == 1  # YS2026-001 was never acknowledged
    session.commit()
    kinds = sorted(session.exec(select(Notice.kind)).all())
    assert kinds == ["factor_request", "project_stale"]


def test_the_monthly_rollup_closes_last_month_on_the_first_working_day_once(
    configured: None, session: Session, tmp_path: Path
) -> None:
    from flows.rollup import monthly_rollup

    workbook = read_workbook(write_workbook(tmp_path / "city.xlsx", small_city()))
    import_workbook(
        session=session, workbook=workbook, actor="t", now=datetime(2026, 10, 9, tzinfo=UTC)
    )
    session.commit()

    sunday = monthly_rollup(as_of=datetime(2026, 11, 1, 0, 0, tzinfo=UTC))
    monday = monthly_rollup(as_of=datetime(2026, 11, 2, 0, 0, tzinfo=UTC))
    tuesday = monthly_rollup(as_of=datetime(2026, 11, 3, 0, 0, tzinfo=UTC))

    assert sunday["closed"] is None
    assert monday["closed"] == "2026-10"
    assert monday["published"]["notices"] == 2  # the city's bulletin, and the chain's
    assert any(f.endswith("2026-10/bulletin.zh-CN.html") for f in monday["published"]["files"])
    assert (tuesday["closed"], tuesday["already"]) == (None, "2026-10-01")
