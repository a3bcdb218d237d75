"""The demo's tour record on a copy of the demo city, with the bearing chain's tour period
made as the standing-practices step makes it: one record with three problems, the first a
task of the industry bureau's raw-materials section, the second a land request of the chain
master, the third left unturned; made once; and a clear error when the period is missing."""

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from chainops import wiring
from chainops.demo.practices import (
    PROBLEMS,
    TASK_OWNER,
    WANTONG,
    DemoPracticeMissing,
    record_demo_tour,
)
from mechanism.vocabulary import TaskSource
from models import Enterprise, Person, PracticeProblem, Task
from models.db import make_engine
from tests.services.practices.fixture import add_period

DEMO_NOW = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)  # 1 December 2026, 09:00 in the city


@pytest.fixture
def demo_copy(demo_db: Path, tmp_path: Path) -> Iterator[Session]:
    copy = tmp_path / "demo.db"
    copy.write_bytes(demo_db.read_bytes())
    engine = make_engine(f"sqlite:///{copy}")
    with Session(engine) as session:
        yield session
    engine.dispose()


def test_the_demo_tour_is_recorded_and_two_problems_become_work(demo_copy: Session) -> None:
    session, rules = demo_copy, wiring.engine_rules()
    period = add_period(
        session, chain_code="BEARING", owner_email="li.zhenhua@example.gov.cn",
        lead_department="GXJ", now=DEMO_NOW, rules=rules,
    )  # fmt: skip
    tour = record_demo_tour(session, now=DEMO_NOW, rules=rules, held_on=date(2026, 11, 20))
    problems = session.exec(
        select(PracticeProblem)
        .where(PracticeProblem.record_id == tour.record.id)
        .order_by(col(PracticeProblem.position))
    ).all()
    assert [p.description for p in problems] == list(PROBLEMS)
    assert (problems[0].task_id, problems[1].request_id) == (tour.task.id, tour.request.id)
    assert problems[2].task_id is None and problems[2].request_id is None
    owner = session.get(Person, tour.task.owner_id)
    assert owner is not None and owner.email == TASK_OWNER
    assert tour.task.source == TaskSource.PRACTICE_PROBLEM.value
    firm = session.get(Enterprise, tour.request.enterprise_id)
    assert firm is not None and firm.credit_code == WANTONG
    assert (tour.request.factor_type, tour.request.unit) == ("land", "亩")
    closed = session.get(Task, period.task_id)
    assert closed is not None and closed.state == "signed_off"
    again = record_demo_tour(session, now=DEMO_NOW, rules=rules, held_on=date(2026, 11, 20))
    assert again.record.id == tour.record.id


def test_without_the_tour_period_the_demo_says_what_is_missing(demo_copy: Session) -> None:
    later = datetime(2027, 7, 1, 1, 0, tzinfo=UTC)  # a quarter no step has made yet
    with pytest.raises(DemoPracticeMissing, match="standing-practices"):
        record_demo_tour(demo_copy, now=later, rules=wiring.engine_rules())
