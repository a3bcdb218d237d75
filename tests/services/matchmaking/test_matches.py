"""Matches: stages with their amounts, a loss with its reason, moved by the office, the team or
the firm on either side; an intention makes its follow-up tasks once, due over the holidays by
the official calendar."""

from datetime import date

import pytest
from sqlmodel import Session, select

from models import Department, Match, MatchFollowUp, Task
from services.matchmaking import (
    MatchmakingRefused,
    NotYours,
    move_match,
    propose_match,
    show_match,
)
from services.people import actor_by_email
from tests.services.matchmaking.conftest import HELD, LEADER_EMAIL, NOW, OFFICE, RULES, firm
from tests.services.matchmaking.seed import Seeded
from tests.services.matchmaking.steps import event_ready, match_at

City = tuple[Session, Seeded]


def test_an_intention_makes_follow_up_tasks_at_30_and_90_working_days_over_national_day(
    city: City,
) -> None:
    session, seeded = city
    event = event_ready(session, seeded, host="ZRJ")  # not the chain's lead department
    match_id = match_at(session, seeded, event.id, [("introduced", None), ("intention", 300.0)])
    tasks = session.exec(
        select(Task).join(MatchFollowUp, MatchFollowUp.task_id == Task.id).order_by(Task.due_date)
    ).all()
    # Intention on Friday 25 September: counted from the 28th, National Day (1–7 October) off
    # and Saturday 10 October worked. Weekdays alone would give 6 November.
    assert [t.due_date for t in tasks] == [date(2026, 11, 12), date(2027, 2, 9)]
    assert {t.source for t in tasks} == {"matchmaking"}
    assert {t.lead_department_id for t in tasks} == {event.host_department_id}
    assert all("意向后" in t.title for t in tasks)
    shown = show_match(session=session, viewer=None, match_id=match_id)
    assert shown["intention_wan"] == 300.0 and shown["intention_on"] == date(2026, 9, 25)
    assert [f["after_days"] for f in shown["follow_ups"]] == [30, 90]


def test_follow_ups_are_made_once(city: City) -> None:
    from services.matchmaking import make_follow_ups

    session, seeded = city
    match_id = match_at(session, seeded, None, [("introduced", None), ("intention", 10.0)])
    again = make_follow_ups(
        session=session,
        match=session.get(Match, match_id),
        day=date(2026, 9, 25),
        now=NOW,
        rules=RULES,
        held=HELD,
    )
    assert again.tasks == ()
    assert len(session.exec(select(MatchFollowUp)).all()) == 2


def test_without_an_event_the_chain_lead_department_follows_up(city: City) -> None:
    session, seeded = city
    match_at(session, seeded, None, [("introduced", None), ("intention", 10.0)])
    made = session.exec(select(Task).join(MatchFollowUp, MatchFollowUp.task_id == Task.id)).all()
    gxj = session.exec(select(Department).where(Department.code == "GXJ")).one()
    assert {t.lead_department_id for t in made} == {gxj.id}  # the bearing chain's lead


def test_stages_record_their_amounts_and_lost_needs_a_reason(city: City) -> None:
    session, seeded = city
    match_id = match_at(
        session,
        seeded,
        None,
        [("introduced", None), ("intention", 100.0), ("signed", 80.0), ("delivering", 20.0)],
    )
    common = {
        "session": session,
        "actor": OFFICE,
        "match_id": match_id,
        "now": NOW,
        "rules": RULES,
        "held": HELD,
    }
    with pytest.raises(MatchmakingRefused, match="reason: say why"):
        move_match(**common, to="lost")
    move_match(**common, to="done")  # keeps the realised amount recorded while delivering
    match = session.get(Match, match_id)
    assert (match.contract_wan, match.realised_wan, match.signed_on) == (
        80.0,
        20.0,
        date(2026, 9, 25),
    )
    with pytest.raises(MatchmakingRefused, match="a match done cannot move"):
        move_match(**common, to="lost", reason="x")


@pytest.mark.parametrize(
    ("amount", "said"),
    [(None, "give the intention amount"), (-1.0, "0 or more"), (float("inf"), "0 or more")],
)
def test_a_stage_refuses_a_missing_or_bad_amount(
    city: City, amount: float | None, said: str
) -> None:
    session, seeded = city
    match_id = match_at(session, seeded, None, [("introduced", None)])
    with pytest.raises(MatchmakingRefused, match=said):
        move_match(
            session=session,
            actor=OFFICE,
            match_id=match_id,
            to="intention",
            amount=amount,
            now=NOW,
            rules=RULES,
            held=HELD,
        )
    assert session.get(Match, match_id).stage == "introduced"


def test_a_lost_match_keeps_its_reason(city: City) -> None:
    session, seeded = city
    match_id = match_at(session, seeded, None, [])
    move_match(
        session=session,
        actor=OFFICE,
        match_id=match_id,
        to="lost",
        reason="产能不足",
        now=NOW,
        rules=RULES,
        held=HELD,
    )
    assert session.get(Match, match_id).lost_reason == "产能不足"


def test_the_firms_on_either_side_move_their_match_and_others_do_not(city: City) -> None:
    session, seeded = city
    match_id = match_at(session, seeded, None, [])
    common = {"session": session, "match_id": match_id, "now": NOW, "rules": RULES, "held": HELD}
    move_match(**common, actor=firm(seeded.smes[0]), to="introduced")  # the supplier
    move_match(**common, actor=firm(seeded.master), to="intention", amount=5.0)  # the master
    with pytest.raises(NotYours):
        move_match(**common, actor=firm(seeded.smes[1]), to="signed", amount=1.0)
    with pytest.raises(NotYours):  # the chain leader reads the chain but does not run it
        move_match(**common, actor=actor_by_email(session, LEADER_EMAIL), to="signed", amount=1.0)


def test_propose_refuses_a_duplicate_and_another_firm(city: City) -> None:
    session, seeded = city
    match_at(session, seeded, None, [])
    given = {
        "session": session,
        "demand_id": seeded.demand,
        "capability_id": seeded.capabilities[0],
        "why": None,
        "event_id": None,
        "now": NOW,
    }
    with pytest.raises(MatchmakingRefused, match="already proposed"):
        propose_match(actor=OFFICE, **given)
    with pytest.raises(NotYours):
        propose_match(
            actor=firm(seeded.smes[0]), **{**given, "capability_id": seeded.capabilities[1]}
        )
    made = propose_match(
        actor=firm(seeded.master), **{**given, "capability_id": seeded.capabilities[1]}
    )
    assert made.stage == "proposed"
