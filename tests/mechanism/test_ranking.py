"""Scores and ranks of the monthly bulletin: the documented formula, ties and empty scopes."""

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mechanism.ranking import Weights, parts, rank, score


def figures(
    *,
    on_time: int = 0,
    late: int = 0,
    lights: tuple[int, int, int] = (0, 0, 0),
    planned: float = 0,
    completed: float = 0,
    timing: float = 0.5,
    closed: int = 0,
    within: int = 0,
) -> dict[str, Any]:
    green, yellow, red = lights
    signed = on_time + late
    return {
        "tasks": {
            "done_on_time": on_time,
            "done_late": late,
            "open_by_light": {"green": green, "yellow": yellow, "red": red},
            "on_time_rate": round(on_time / signed, 4) if signed else None,
        },
        "projects": {
            "completion_rate": round(completed / planned, 4) if planned else None,
            "timing_progress": timing,
        },
        "requests": {"closed": closed, "closed_within_level": within},
    }


def test_parts_are_shares_taken_from_the_figures() -> None:
    assert parts(
        figures(on_time=3, late=1, lights=(5, 3, 2), planned=100, completed=40, closed=4, within=3)
    ) == {
        "tasks_on_time": 0.75,
        "tasks_not_red": 0.8,
        "investment_on_timing": 0.8,  # 40% invested against 50% of the year gone
        "requests_within_level": 0.75,
    }


def test_investment_ahead_of_timing_earns_the_whole_part_and_no_more() -> None:
    assert parts(figures(planned=100, completed=90))["investment_on_timing"] == 1.0


def test_a_scope_with_nothing_to_measure_has_no_parts_and_no_score() -> None:
    assert set(parts(figures()).values()) == {None}
    assert score(parts(figures()), Weights()) is None


def test_the_score_is_the_weighted_mean_of_the_parts_that_have_a_value() -> None:
    given_parts = {
        "tasks_on_time": 0.5,
        "tasks_not_red": 1.0,
        "investment_on_timing": None,
        "requests_within_level": None,
    }
    # (35 × 0.5 + 25 × 1) / (35 + 25) = 42.5 / 60
    assert score(given_parts, Weights()) == 70.8
    assert score(given_parts, Weights(tasks_on_time=1, tasks_not_red=0)) == 50.0


def test_ranks_put_the_best_first_share_ties_and_leave_unscored_scopes_last() -> None:
    ranked = rank(
        {
            "EMPTY": figures(),
            "SLOW": figures(on_time=1, late=1),
            "GOOD": figures(on_time=2),
            "ALSO_GOOD": figures(on_time=5),
            "MIDDLE": figures(on_time=3, late=1),
        },
        Weights(),
    )
    assert [(s.code, s.score, s.rank) for s in ranked] == [
        ("GOOD", 100.0, 1),
        ("ALSO_GOOD", 100.0, 1),
        ("MIDDLE", 75.0, 3),
        ("SLOW", 50.0, 4),
        ("EMPTY", None, None),
    ]


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"tasks_on_time": -1}, "tasks_on_time must not be negative"),
        (
            {
                "tasks_on_time": 0,
                "tasks_not_red": 0,
                "investment_on_timing": 0,
                "requests_within_level": 0,
            },
            "at least one weight",
        ),
    ],
)
def test_weights_that_cannot_rank_are_refused(weights: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Weights(**weights)


shares = st.none() | st.floats(min_value=0, max_value=1)


@given(st.fixed_dictionaries({name: shares for name in Weights().as_dict()}))
def test_a_score_lies_between_the_worst_and_the_best_part(given_parts: dict[str, Any]) -> None:
    values = [v for v in given_parts.values() if v is not None]
    result = score(given_parts, Weights())
    if not values:
        assert result is None
    else:
        assert result is not None
        assert round(100 * min(values), 1) - 0.05 <= result <= round(100 * max(values), 1) + 0.05
