"""What the pages read: a chain's periods newest first, each done (a record held within it)
or a gap (ended, not done); a period with its task and records; a record with its problems
and the work each became — and nothing for a firm or an outsider."""

from datetime import date

import pytest
from sqlmodel import Session, select

from models import PracticePeriod, PracticeProblem
from services.people import Actor, Viewer, actor_by_email
from services.practices import (
    PracticeHidden,
    chain_periods,
    file_record,
    period_view,
    problem_to_task,
    record_view,
)
from tests.services.matchmaking.seed import Seeded
from tests.services.practices.conftest import LEADER_EMAIL, NOW, OFFICE, RULES, team

Tour = tuple[Session, Seeded, PracticePeriod]
TODAY = date(2026, 11, 20)


def _viewer(actor: Actor, **standing: object) -> Viewer:
    return Viewer(user_id=0, username=actor.label, actor=actor, **standing)  # type: ignore[arg-type]


@pytest.fixture
def filed(tour: Tour) -> tuple[Session, int, PracticePeriod, PracticePeriod]:
    """The Q4 tour recorded (two problems, the first a task) and a Q3 tour never held."""
    session, seeded, q4 = tour
    q3 = PracticePeriod(
        chain_id=seeded.chain_id, practice="tour", period="2026-Q3", starts_on=date(2026, 7, 1),
        ends_on=date(2026, 9, 30), due_on=date(2026, 9, 30), created_at=NOW,
    )  # fmt: skip
    session.add(q3)
    record = file_record(
        session=session, actor=team(session), period_id=q4.id or 0, held_on=date(2026, 11, 18),
        participants="王磊、李娜", places=None, summary=None,
        problems=["二期项目用地指标不足", "高端轴承钢依赖外购"], now=NOW, rules=RULES,
    )  # fmt: skip
    first = session.exec(
        select(PracticeProblem).where(
            PracticeProblem.record_id == record.id, PracticeProblem.position == 1
        )
    ).one()
    problem_to_task(
        session=session, actor=OFFICE, problem_id=first.id or 0, lead_department="GXJ",
        owner_email=LEADER_EMAIL, working_days=10, now=NOW, rules=RULES,
    )  # fmt: skip
    session.commit()
    return session, record.id or 0, q4, q3


def test_a_chains_periods_come_newest_first_each_done_or_a_gap(filed: tuple) -> None:
    session, _, _, _ = filed
    shown = chain_periods(session, _viewer(OFFICE, is_office=True), "BEARING", TODAY)
    rows = [(r["period"], r["done"], r["gap"], r["records"]) for r in shown["periods"]]
    assert rows == [("2026-Q4", True, False, 1), ("2026-Q3", False, True, 0)]
    assert shown["periods"][0]["task_state"] == "signed_off"
    assert shown["periods"][0]["period_zh"] == "2026年第四季度"
    assert shown["chain"]["code"] == "BEARING"


def test_a_period_still_running_without_a_record_is_no_gap_yet(tour: Tour) -> None:
    session, _, period = tour
    shown = period_view(session, _viewer(OFFICE, is_office=True), period.id or 0, TODAY)
    assert (shown["period"]["done"], shown["period"]["gap"]) == (False, False)
    assert shown["task"]["state"] == "assigned" and shown["may_record"]


def test_the_period_shows_its_task_and_records_to_its_tasks_owner(filed: tuple) -> None:
    session, record_id, q4, _ = filed
    leader = actor_by_email(session, LEADER_EMAIL)
    shown = period_view(session, _viewer(leader), q4.id, TODAY)
    assert shown["task"]["link"] == f"/tasks/{q4.task_id}"
    assert [(r["id"], r["problems"]) for r in shown["records"]] == [(record_id, 2)]
    assert shown["may_record"]


def test_the_record_links_the_work_each_problem_became(filed: tuple) -> None:
    session, record_id, q4, _ = filed
    shown = record_view(
        session, _viewer(team(session), team_chains=frozenset({q4.chain_id})), record_id, TODAY
    )
    problems = shown["problems"]
    assert [p["position"] for p in problems] == [1, 2]
    assert problems[0]["task_link"] == f"/tasks/{problems[0]['task_id']}"
    assert problems[1]["task_id"] is None and problems[1]["request_id"] is None
    assert shown["may_turn"]


@pytest.mark.parametrize(
    "viewer",
    [
        _viewer(Actor("nobody@example.org")),
        _viewer(Actor("firm@x.example.com", enterprise_id=1), enterprise_id=1),
    ],
    ids=["outsider", "firm"],
)
def test_a_firm_or_an_outsider_sees_no_practice(filed: tuple, viewer: Viewer) -> None:
    session, record_id, q4, _ = filed
    with pytest.raises(PracticeHidden):
        chain_periods(session, viewer, "BEARING", TODAY)
    with pytest.raises(PracticeHidden):
        period_view(session, viewer, q4.id, TODAY)
    with pytest.raises(PracticeHidden):
        record_view(session, viewer, record_id, TODAY)


def test_an_unknown_chain_period_or_record_is_not_there(filed: tuple) -> None:
    session, _, _, _ = filed
    office = _viewer(OFFICE, is_office=True)
    with pytest.raises(PracticeHidden):
        chain_periods(session, office, "NOPE", TODAY)
    with pytest.raises(PracticeHidden):
        period_view(session, office, 999_999, TODAY)
    with pytest.raises(PracticeHidden):
        record_view(session, office, 999_999, TODAY)
