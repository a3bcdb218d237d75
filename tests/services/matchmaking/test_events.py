"""Events: planned, invited, moved step by step by the office or the working group, and held
only when enough chain masters and specialised SMEs hold a valid title on the event's day."""

import pytest
from sqlmodel import Session, select

from mechanism.matchmaking import HeldRules
from models import AuditEvent, MatchmakingEvent
from services.matchmaking import (
    MatchmakingRefused,
    NotYours,
    add_event,
    invite,
    move_event,
    show_event,
)
from services.people import actor_by_email
from tests.services.matchmaking.conftest import EVENT_DAY, HELD, LEADER_EMAIL, NOW, OFFICE, team
from tests.services.matchmaking.seed import EXPIRED_SME, Seeded
from tests.services.matchmaking.steps import event_ready

City = tuple[Session, Seeded]


def test_it_refuses_to_hold_an_event_short_of_valid_specialised_smes_and_says_why(
    city: City,
) -> None:
    session, seeded = city
    event = event_ready(session, seeded, smes=2)
    invite(
        session=session,
        actor=OFFICE,
        event_id=event.id or 0,
        credit_code=seeded.sme_codes[3],
        role="sme",
        now=NOW,
    )
    with pytest.raises(MatchmakingRefused) as refused:
        move_event(
            session=session, actor=OFFICE, event_id=event.id or 0, to="held", now=NOW, rules=HELD
        )
    message = str(refused.value)
    assert "2 of the 3 specialised SMEs needed" in message
    assert f"{EXPIRED_SME}'s Provincial specialised SME expired on 2026-03-01" in message
    assert "持有效专精特新称号的中小企业仅2家" in refused.value.args[0].zh
    assert session.get(MatchmakingEvent, event.id).state == "matched"  # nothing changed


def test_it_holds_the_event_with_a_chain_master_and_three_valid_smes(city: City) -> None:
    session, seeded = city
    event = event_ready(session, seeded, smes=3)
    move_event(
        session=session, actor=team(session), event_id=event.id or 0, to="held", now=NOW, rules=HELD
    )
    shown = show_event(session=session, viewer=None, event_id=event.id or 0, rules=HELD)
    assert shown["state"] == "held" and shown["condition"]["ok"]
    assert len(shown["condition"]["smes"]) == 3
    trail = session.exec(
        select(AuditEvent).where(
            AuditEvent.entity_type == "matchmaking_event", AuditEvent.to_value == "held"
        )
    ).one()
    assert trail.actor == "li.na@example.gov.cn" and trail.from_value == "matched"


def test_a_chain_master_without_a_title_for_the_chain_does_not_count(city: City) -> None:
    session, seeded = city
    event = event_ready(session, seeded, smes=3)
    rules = HeldRules(min_chain_masters=2, min_specialised_smes=3)
    with pytest.raises(MatchmakingRefused, match="1 of the 2 chain masters needed"):
        move_event(
            session=session, actor=OFFICE, event_id=event.id or 0, to="held", now=NOW, rules=rules
        )


def test_the_numbers_needed_are_configuration(city: City) -> None:
    session, seeded = city
    event = event_ready(session, seeded, smes=1)
    move_event(
        session=session,
        actor=OFFICE,
        event_id=event.id or 0,
        to="held",
        now=NOW,
        rules=HeldRules(min_chain_masters=1, min_specialised_smes=1),
    )
    assert event.state == "held"


def test_states_move_one_step_at_a_time(city: City) -> None:
    session, seeded = city
    event = event_ready(session, seeded)
    with pytest.raises(MatchmakingRefused, match="cannot move to reported"):
        move_event(
            session=session,
            actor=OFFICE,
            event_id=event.id or 0,
            to="reported",
            now=NOW,
            rules=HELD,
        )
    with pytest.raises(MatchmakingRefused, match="state: 'finished'"):
        move_event(
            session=session,
            actor=OFFICE,
            event_id=event.id or 0,
            to="finished",
            now=NOW,
            rules=HELD,
        )


def test_only_the_office_or_the_working_group_runs_an_event(city: City) -> None:
    session, seeded = city
    leader = actor_by_email(session, LEADER_EMAIL)
    with pytest.raises(NotYours, match="working group"):
        add_event(
            session=session,
            actor=leader,
            chain_code="BEARING",
            title="路演",
            kind="roadshow",
            host_department="GXJ",
            held_on=EVENT_DAY,
            online=True,
            now=NOW,
        )
    event = event_ready(session, seeded)
    with pytest.raises(NotYours):
        move_event(
            session=session, actor=leader, event_id=event.id or 0, to="held", now=NOW, rules=HELD
        )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "party"}, "kind: 'party'"),
        ({"host_department": "NOPE"}, "host department: no department 'NOPE'"),
        ({"title": "  "}, "title: fill it in"),
        ({"place": None}, "place: give the place"),
        ({"chain_code": "XX"}, "chain: no chain 'XX'"),
    ],
)
def test_a_bad_event_is_refused_naming_the_field(city: City, change: dict, field: str) -> None:
    session, _ = city
    given = {
        "chain_code": "BEARING",
        "title": "对接会",
        "kind": "路演",
        "host_department": "GXJ",
        "place": "聊城",
        **change,
    }
    with pytest.raises(MatchmakingRefused) as refused:
        add_event(session=session, actor=OFFICE, held_on=EVENT_DAY, now=NOW, **given)
    assert str(refused.value).startswith(field)


def test_an_enterprise_is_invited_once_and_not_after_the_event_is_held(city: City) -> None:
    session, seeded = city
    event = event_ready(session, seeded)
    common = {"session": session, "actor": OFFICE, "event_id": event.id or 0, "now": NOW}
    with pytest.raises(MatchmakingRefused, match="already invited as sme"):
        invite(**common, credit_code=seeded.sme_codes[0], role="chain_master")
    move_event(**common, to="held", rules=HELD)
    with pytest.raises(MatchmakingRefused, match="invitations close"):
        invite(**common, credit_code=seeded.sme_codes[3], role="sme")
