"""Matchmaking rules: the move tables, the amounts and reasons a stage needs, the held
condition (expired titles never count; a chain master's title is for its chain) and the
figures."""

import itertools
from datetime import date

import pytest

from mechanism.matchmaking import (
    EVENT_MOVES,
    MATCH_MOVES,
    EventRow,
    EventState,
    HeldRules,
    IllegalMove,
    Invitee,
    MatchRow,
    MatchStage,
    Title,
    check_event_move,
    check_match_move,
    held_verdict,
    month_figures,
    share,
    tally,
)

DAY = date(2026, 10, 20)
VALID = Title("zjtx_provincial", "recognized", date(2027, 1, 1))
MASTER = Invitee(1, "链主", (Title("chain_master", "recognized", None, chain_id=7),))


def test_an_event_moves_one_step_forward_and_reported_is_final() -> None:
    order = list(EventState)
    for before, after in itertools.pairwise(order):
        assert EVENT_MOVES[before] == {after}
    assert EVENT_MOVES[EventState.REPORTED] == frozenset()
    with pytest.raises(IllegalMove):
        check_event_move(EventState.PLANNED, EventState.HELD)


@pytest.mark.parametrize(
    "stage", [s for s in MatchStage if s not in (MatchStage.DONE, MatchStage.LOST)]
)
def test_a_match_can_be_lost_before_it_is_done(stage: MatchStage) -> None:
    assert MatchStage.LOST in MATCH_MOVES[stage]


@pytest.mark.parametrize(
    ("before", "after", "amount", "reason", "said"),
    [
        (MatchStage.PROPOSED, MatchStage.SIGNED, 1.0, None, "cannot move to signed"),
        (MatchStage.INTRODUCED, MatchStage.INTENTION, None, None, "intention amount"),
        (MatchStage.INTENTION, MatchStage.SIGNED, -5.0, None, "0 or more"),
        (MatchStage.SIGNED, MatchStage.DELIVERING, float("nan"), None, "0 or more"),
        (MatchStage.PROPOSED, MatchStage.LOST, None, "  ", "reason"),
        (MatchStage.DONE, MatchStage.LOST, None, "x", "cannot move"),
    ],
)
def test_a_match_move_refuses(
    before: MatchStage, after: MatchStage, amount: float | None, reason: str | None, said: str
) -> None:
    with pytest.raises(IllegalMove, match=said):
        check_match_move(before, after, amount=amount, reason=reason)


def test_done_keeps_the_realised_amount_of_delivering() -> None:
    check_match_move(MatchStage.DELIVERING, MatchStage.DONE, amount=None, reason=None, realised=3.0)
    with pytest.raises(IllegalMove):
        check_match_move(MatchStage.DELIVERING, MatchStage.DONE, amount=None, reason=None)


def _smes(*titles: tuple[Title, ...]) -> list[Invitee]:
    return [Invitee(10 + n, f"SME{n}", t) for n, t in enumerate(titles)]


def test_an_event_is_held_with_one_master_and_three_valid_specialised_smes() -> None:
    verdict = held_verdict(
        chain_id=7,
        masters=[MASTER],
        smes=_smes((VALID,), (VALID,), (VALID,)),
        day=DAY,
        rules=HeldRules(),
    )
    assert verdict.ok and verdict.masters == ("链主",)


def test_an_expired_title_never_counts_and_the_refusal_says_when_it_expired() -> None:
    expired = Title("little_giant", "recognized", date(2026, 10, 19))  # the day before
    not_specialised = Title("gazelle", "recognized", date(2028, 1, 1))
    verdict = held_verdict(
        chain_id=7,
        masters=[MASTER],
        smes=_smes((VALID,), (VALID,), (expired,), (not_specialised,)),
        day=DAY,
        rules=HeldRules(),
    )
    assert not verdict.ok and len(verdict.smes) == 2
    message = str(verdict.refusal())
    assert "2 of the 3 specialised SMEs needed" in message
    assert "SME2's Little giant expired on 2026-10-19" in message
    assert "SME3 holds no 专精特新 title" in message


def test_a_title_valid_through_the_event_day_counts() -> None:
    last_day = Title("zjtx_provincial", "renewed", DAY)
    verdict = held_verdict(
        chain_id=7,
        masters=[MASTER],
        smes=_smes(
            (last_day,),
        )
        * 1,
        day=DAY,
        rules=HeldRules(min_specialised_smes=1),
    )
    assert verdict.ok


def test_a_chain_master_of_another_chain_or_revoked_does_not_count() -> None:
    other = Invitee(2, "别链链主", (Title("chain_master", "recognized", None, chain_id=8),))
    revoked = Invitee(3, "撤销链主", (Title("chain_master", "revoked", None, chain_id=7),))
    verdict = held_verdict(
        chain_id=7,
        masters=[other, revoked],
        smes=_smes((VALID,), (VALID,), (VALID,)),
        day=DAY,
        rules=HeldRules(),
    )
    assert not verdict.ok and verdict.masters == ()
    assert "0 of the 1 chain masters needed" in str(verdict.refusal())
    assert "别链链主 holds no chain-master title for this chain" in str(verdict.refusal())


def _match(n: int, stage: str, intention: date | None, signed: date | None) -> MatchRow:
    return MatchRow(
        n,
        7,
        1,
        stage,
        intention,
        100.0 if intention else None,
        signed,
        80.0 if signed else None,
        10.0 if signed else None,
    )


def test_the_figures_count_held_events_smes_once_and_intentions_even_if_lost_later() -> None:
    events = [
        EventRow(1, 7, date(2026, 10, 9), "held", frozenset({1, 2, 3})),
        EventRow(2, 7, date(2026, 10, 20), "reported", frozenset({3, 4})),
        EventRow(3, 7, date(2026, 10, 30), "planned", frozenset({5})),
    ]
    matches = [
        _match(1, "signed", date(2026, 10, 9), date(2026, 10, 12)),
        _match(2, "lost", date(2026, 9, 30), None),
        _match(3, "proposed", None, None),
    ]
    assert tally(events, matches) == {
        "events": 2,
        "smes": 4,
        "intentions": 2,
        "intention_wan": 200.0,
        "signings": 1,
        "contract_wan": 80.0,
        "realised_wan": 10.0,
    }
    october = month_figures(events, matches, date(2026, 10, 1), date(2026, 10, 31))
    assert october == {
        "events": 2,
        "smes": 4,
        "intentions": 1,
        "intention_wan": 100.0,
        "signings": 1,
        "contract_wan": 80.0,
    }
    assert share(3, 4) == 0.75 and share(1, 0) is None
