"""The gap rule of the gap list (差距清单): which way is better, ties, ordering."""

from datetime import date

import pytest

from mechanism.benchmarks import (
    DEFAULT_INDICATORS,
    Direction,
    by_shortfall,
    counted_on,
    gap,
)


@pytest.mark.parametrize(
    ("direction", "ours", "theirs", "difference"),
    [
        (Direction.HIGHER, 8.0, 10.0, 2.0),  # output: they make more
        (Direction.HIGHER, 10.0, 8.0, None),  # we lead
        (Direction.HIGHER, 10.0, 10.0, None),  # a tie is no gap
        (Direction.LOWER, 0.5, 0.3, 0.2),  # energy per unit: they use less
        (Direction.LOWER, 0.3, 0.5, None),
        (Direction.LOWER, 0.4, 0.4, None),
    ],
)
def test_we_trail_only_when_the_peer_is_better_in_the_indicators_direction(
    direction: Direction, ours: float, theirs: float, difference: float | None
) -> None:
    found = gap(direction, ours, theirs)
    if difference is None:
        assert found is None
    else:
        assert found is not None
        assert found.difference == pytest.approx(difference)
        assert found.ratio == pytest.approx(ours / theirs)


def test_a_peer_at_zero_gives_no_ratio() -> None:
    found = gap(Direction.LOWER, 1.0, 0.0)
    assert found is not None and found.ratio is None and found.difference == 1.0


def test_the_gap_list_puts_the_furthest_behind_first_across_units() -> None:
    small = gap(Direction.HIGHER, 90.0, 100.0)  # 10 % behind
    large = gap(Direction.HIGHER, 1.0, 4.0)  # 75 % behind
    lower = gap(Direction.LOWER, 0.6, 0.4)  # 50 % above
    assert small and large and lower
    ordered = by_shortfall([("small", small), ("large", large), ("lower", lower)])
    assert [name for name, _ in ordered] == ["large", "lower", "small"]


def test_a_running_year_is_counted_today_a_past_one_on_its_last_day() -> None:
    assert counted_on(2025, date(2026, 11, 27)) == date(2025, 12, 31)
    assert counted_on(2026, date(2026, 11, 27)) == date(2026, 11, 27)


def test_the_default_indicators_have_both_languages_and_energy_is_lower_is_better() -> None:
    codes = [i.code for i in DEFAULT_INDICATORS]
    assert len(codes) == len(set(codes)) == 13
    assert all(i.name_zh and i.name_en and i.unit and i.definition_zh for i in DEFAULT_INDICATORS)
    lower = [i.code for i in DEFAULT_INDICATORS if i.direction is Direction.LOWER]
    assert lower == ["energy_per_output"]
    counted = {i.code: i.counted_from for i in DEFAULT_INDICATORS if i.counted_from}
    assert counted == {
        "chain_masters": "chain_master",
        "little_giants": "little_giant",
        "single_champions": "single_champion_national",
        "specialised_smes": "specialised",
    }
    assert Direction.parse("越低越好") is Direction.LOWER
