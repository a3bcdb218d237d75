"""The standing-practices flow under the Prefect harness: rests on a holiday, makes each
period's task once (a second run makes none), and after downtime catches up once."""

from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session, col, select

from flows.practices import standing_practices
from models import AuditEvent, PracticePeriod, Task
from tests.flows.test_daily_sweep import configured  # noqa: F401  (the fixture)
from tests.services.practices.schedule.conftest import practice_city


def test_the_flow_makes_each_period_once_and_catches_up_once_and_rests_on_a_holiday(
    configured: None,  # noqa: F811
    session: Session,
    tmp_path: Path,
) -> None:
    practice_city(session, tmp_path)

    rested = standing_practices(as_of=datetime(2026, 10, 1, 1, 0, tzinfo=UTC))
    first = standing_practices(as_of=datetime(2026, 10, 9, 1, 0, tzinfo=UTC))
    again = standing_practices(as_of=datetime(2026, 10, 9, 3, 0, tzinfo=UTC))
    # Down from 9 October to 1 December: October's 月调度 is made; November's is caught up once.
    back = standing_practices(as_of=datetime(2026, 12, 1, 1, 0, tzinfo=UTC))
    later = standing_practices(as_of=datetime(2026, 12, 2, 1, 0, tzinfo=UTC))

    assert rested == {"today": "2026-10-01", "working_day": False}
    assert (first["made"], first["caught_up"]) == (2, 0)  # 2026-Q4 tour, 2026-10 dispatch
    assert again["made"] == 0
    assert (back["made"], back["caught_up"]) == (2, 1)  # 2026-11 (caught up), 2026-12
    assert later["made"] == 0
    session.commit()
    made = session.exec(select(PracticePeriod).order_by(col(PracticePeriod.id))).all()
    assert [(p.practice, p.period, p.caught_up) for p in made] == [
        ("tour", "2026-Q4", False),
        ("dispatch", "2026-10", False),
        ("dispatch", "2026-11", True),
        ("dispatch", "2026-12", False),
    ]
    assert len(session.exec(select(Task).where(Task.source == "practice")).all()) == 4
    caught = session.exec(select(AuditEvent).where(AuditEvent.action == "caught_up")).all()
    assert [e.detail["period"] for e in caught if e.detail] == ["2026-11"]
