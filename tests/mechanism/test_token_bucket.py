"""The robots' token bucket with a fixed clock: bursts, waits, and the 60-second promise."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mechanism.token_bucket import BucketRule, BucketState, take

T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_a_full_bucket_lets_a_burst_of_18_through_and_refuses_the_19th() -> None:
    state = BucketState()
    for _ in range(18):
        result = take(state, T0)
        assert result.allowed and result.wait_seconds == 0
        state = result.state
    refused = take(state, at(10))
    assert not refused.allowed
    assert refused.wait_seconds == pytest.approx(50)
    assert refused.state.tokens(at(10)) == 0


def test_a_token_comes_back_exactly_sixty_seconds_after_it_was_spent() -> None:
    state = take(BucketState(), T0).state
    for second in range(1, 18):
        state = take(state, at(second)).state
    assert not take(state, at(59.9)).allowed
    assert take(state, at(60)).allowed  # the spend at 0 s is back
    assert take(state, at(60)).state.tokens(at(60)) == 0  # …and only that one


def test_a_message_of_two_posts_takes_two_tokens_or_none() -> None:
    state = BucketState()
    for _ in range(17):
        state = take(state, T0).state
    refused = take(state, at(5), count=2)
    assert not refused.allowed
    assert refused.state.tokens(at(5)) == 1  # nothing spent
    assert refused.wait_seconds == pytest.approx(55)
    assert take(state, at(5)).allowed


def test_a_refused_take_names_when_enough_tokens_are_back_for_the_count() -> None:
    state = BucketState()
    for second in range(18):
        state = take(state, at(second)).state
    assert take(state, at(30), count=3).wait_seconds == pytest.approx(32)  # spend at 2 s + 60


def test_rules_refuse_nonsense() -> None:
    with pytest.raises(ValueError, match="at least one token"):
        BucketRule(capacity=0)
    with pytest.raises(ValueError, match="1 to 18 tokens"):
        take(BucketState(), T0, count=19)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=0.2), min_size=1, max_size=200))
def test_never_more_than_18_posts_in_any_sixty_second_window(gaps: list[float]) -> None:
    # A sender that asks again as soon as told (or after a little while) as fast as it can.
    state, clock, sent = BucketState(), 0.0, []
    for gap in gaps:
        clock += gap
        result = take(state, at(clock))
        state = result.state
        if result.allowed:
            sent.append(at(clock))  # the moment the bucket saw, to the microsecond
        else:
            assert result.wait_seconds > 0
            clock += result.wait_seconds * (1 if gap < 0.1 else 0.5)
    for first in sent:
        window = first + timedelta(seconds=60)
        assert sum(1 for moment in sent if first <= moment < window) <= 18


@given(st.lists(st.integers(min_value=0, max_value=300), max_size=60))
def test_tokens_never_exceed_the_capacity_nor_go_below_zero(seconds: list[int]) -> None:
    state = BucketState()
    for second in sorted(seconds):
        state = take(state, at(second)).state
        assert 0 <= state.tokens(at(second)) <= 18
