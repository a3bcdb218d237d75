"""The points mode of the ranking: a hand-worked month, groups, ties and the guard rail."""

from typing import Any

import pytest

from mechanism.points import (
    CHAINS_GROUP,
    COUNTED,
    PointsRuleError,
    PointsRules,
    rank_points,
    score_points,
)

RULES = PointsRules(
    base=100,
    per_item={"closed_late": -1, "returned": -2, "closed_early": 0.5},
    groups={"counties": ("D-DC", "D-GX")},
)


def month(**counts: int) -> dict[str, Any]:
    """One scope's figures with only the supervision counts the points read (the contract)."""
    window = {name: 0 for name in COUNTED} | counts
    return {"supervision": {"month": window, "year_to_date": dict(window)}}


# A hand-worked month: (counts, score = 100 − late×1 − returned×2 + early×0.5).
@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({}, 100.0),
        ({"closed_late": 3, "returned": 1, "closed_early": 2}, 96.0),  # 100 − 3 − 2 + 1
        ({"closed_late": 1, "closed_early": 1}, 99.5),
        ({"returned": 4, "urgings": 9}, 92.0),  # urgings carry no points in these rules
        ({"closed_early": 10}, 105.0),
    ],
)
def test_a_score_is_the_base_plus_the_points_of_each_item(
    counts: dict[str, int], expected: float
) -> None:
    assert score_points(month(**counts), RULES)[0] == expected


def test_the_build_shows_every_configured_item_even_a_count_of_zero() -> None:
    _, built = score_points(month(closed_late=3, closed_early=2), RULES)
    assert built == [
        {"item": "closed_late", "count": 3, "points": -1.0, "total": -3.0},
        {"item": "returned", "count": 0, "points": -2.0, "total": 0.0},
        {"item": "closed_early", "count": 2, "points": 0.5, "total": 1.0},
    ]


def test_floor_and_cap_hold_a_score_within_them() -> None:
    bounded = PointsRules(
        base=80, per_item={"closed_late": -1, "closed_early": 1}, floor=60, cap=90
    )
    assert score_points(month(closed_late=30), bounded)[0] == 60
    assert score_points(month(closed_early=30), bounded)[0] == 90
    assert score_points(month(closed_late=5), bounded)[0] == 75


def test_a_scope_without_supervision_figures_has_no_score() -> None:
    assert score_points({"tasks": {}}, RULES) == (None, [])


def test_departments_are_ranked_within_their_group_and_ties_share_a_rank() -> None:
    scopes = {
        "D-FGW": month(closed_late=2),  # 98
        "D-DC": month(returned=1),  # 98, counties
        "D-GXJ": month(closed_early=4),  # 102
        "D-GX": month(closed_late=1, returned=1),  # 97, counties
        "D-SWJ": month(closed_late=2),  # 98, ties D-FGW
        "D-OLD": {},  # no figures: unranked, last of its group
    }
    ranked = rank_points(scopes, RULES, RULES.group_of)
    assert [(p.code, p.group, p.score, p.rank) for p in ranked] == [
        ("D-GXJ", "departments", 102.0, 1),
        ("D-FGW", "departments", 98.0, 2),
        ("D-SWJ", "departments", 98.0, 2),
        ("D-OLD", "departments", None, None),
        ("D-DC", "counties", 98.0, 1),
        ("D-GX", "counties", 97.0, 2),
    ]


def test_chains_are_ranked_as_one_group() -> None:
    scopes = {"C1": month(returned=1), "C2": month(), "C3": month(returned=1)}
    ranked = rank_points(scopes, RULES, lambda _code: CHAINS_GROUP)
    assert [(p.code, p.rank) for p in ranked] == [("C2", 1), ("C1", 2), ("C3", 2)]


@pytest.mark.parametrize("activity", ["logins", "clicks", "acknowledged", "online_minutes"])
def test_activity_never_carries_points(activity: str) -> None:
    with pytest.raises(PointsRuleError, match=r"基层减负.*logins, clicks, acknowledgements"):
        PointsRules(per_item={activity: 1})


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"base": 0}, "base must be above 0"),
        ({"base": -80}, "base must be above 0"),
        ({"groups": {"a": ("D1",), "b": ("D1",)}}, "groups.b: department D1 is already in group a"),
        ({"groups": {"chains": ()}}, "groups.chains"),
        ({"floor": 90, "cap": 80}, "floor 90 is above cap 80"),
    ],
)
def test_unusable_rules_are_refused_naming_the_key(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(PointsRuleError, match=message):
        PointsRules(**kwargs)


def test_the_frozen_table_says_the_mode_and_every_rule() -> None:
    assert RULES.as_dict() == {
        "mode": "points",
        "base": 100.0,
        "per_item": {"closed_late": -1.0, "returned": -2.0, "closed_early": 0.5},
        "groups": {"counties": ["D-DC", "D-GX"]},
        "default_group": "departments",
        "floor": None,
        "cap": None,
    }
