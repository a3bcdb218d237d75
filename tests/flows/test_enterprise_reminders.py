"""The enterprise-reminders flow: rests on a holiday, makes a due reminder task on a working
day, once however often it runs."""

from datetime import UTC, date, datetime
from pathlib import Path

from sqlmodel import Session, select

from flows.enterprises import enterprise_reminders
from models import Designation, Enterprise, Task
from services.workbook import import_workbook, read_workbook
from tests.flows.test_daily_sweep import configured  # noqa: F401  (the fixture)
from tests.services.workbooks import BEARING_CODE, small_city, write_workbook


def test_the_flow_reminds_on_a_working_day_once_and_rests_on_a_holiday(
    configured: None,  # noqa: F811
    session: Session,
    tmp_path: Path,
) -> None:
    workbook = read_workbook(write_workbook(tmp_path / "city.xlsx", small_city()))
    import_workbook(
        session=session, workbook=workbook, actor="t", now=datetime(2026, 11, 2, tzinfo=UTC)
    )
    firm = session.exec(select(Enterprise).where(Enterprise.credit_code == BEARING_CODE)).one()
    assert firm.id is not None
    title = Designation(
        enterprise_id=firm.id, kind="zjtx_provincial", level="provincial", status="recognized",
        recognized_on=date(2024, 1, 20), valid_until=date(2027, 1, 20),
        review_due=date(2027, 1, 20),
    )  # fmt: skip
    session.add(title)
    session.commit()

    rested = enterprise_reminders(as_of=datetime(2026, 10, 1, 1, 0, tzinfo=UTC))
    first = enterprise_reminders(as_of=datetime(2026, 12, 1, 1, 0, tzinfo=UTC))
    again = enterprise_reminders(as_of=datetime(2026, 12, 1, 3, 0, tzinfo=UTC))

    assert rested == {"today": "2026-10-01", "working_day": False}
    assert (first["tasks"], first["reminders"]) == (1, 1)  # 60 days ahead: past; 30: not yet
    assert again["tasks"] == 0
    session.commit()
    assert len(session.exec(select(Task).where(Task.source == "designation")).all()) == 1
