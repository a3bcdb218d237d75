"""The investment targets' words, the status moves and the gap rule."""

import pytest

from mechanism.investment_targets import (
    NodeTargets,
    TargetPriority,
    TargetPurpose,
    TargetSource,
    TargetStatus,
    move_problem,
    priority_of,
    target_gaps,
)

L, C, V, D = (
    TargetStatus.LISTED,
    TargetStatus.CONTACTED,
    TargetStatus.VISITED,
    TargetStatus.DROPPED,
)


def test_the_vocabularies_carry_the_offices_words_in_both_languages() -> None:
    assert [p.zh for p in TargetPurpose] == ["补链", "延链", "强链"]
    assert [s.value for s in TargetSource] == [
        "chain_map",
        "chain_master",
        "investor_referral",
        "chamber",
        "fair",
    ]
    assert TargetSource.INVESTOR_REFERRAL.zh == "以商招商"
    assert [s.zh for s in TargetStatus] == ["已列入", "已对接", "已拜访", "已放弃"]
    assert TargetStatus.parse("已拜访") is V and TargetStatus.parse("Dropped") is D
    assert [(p.value, p.zh, p.en) for p in TargetPriority] == [
        ("1", "重点", "High"),
        ("2", "一般", "Normal"),
        ("3", "储备", "Low"),
    ]
    assert priority_of(1) is TargetPriority.HIGH and priority_of(4) is None


@pytest.mark.parametrize(
    ("current", "to"),
    [(L, C), (C, V), (L, D), (C, D), (V, D), (D, L)],
)
def test_work_moves_one_step_at_a_time_and_any_live_target_may_be_dropped(
    current: TargetStatus, to: TargetStatus
) -> None:
    assert move_problem(current, to, "投资意向转向外省") is None


@pytest.mark.parametrize(
    ("current", "to", "allowed"),
    [
        (L, V, "contacted or dropped"),
        (L, L, "contacted or dropped"),
        (C, L, "visited or dropped"),
        (V, C, "it may move to dropped"),
        (D, C, "it may move to listed"),
        (D, D, "it may move to listed"),
    ],
)
def test_a_refused_move_says_which_moves_the_target_may_make(
    current: TargetStatus, to: TargetStatus, allowed: str
) -> None:
    problem = move_problem(current, to, "reason")
    assert problem is not None and allowed in problem
    assert current.zh in problem.zh and "只能改为" in problem.zh


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_dropping_a_target_needs_a_reason(reason: str | None) -> None:
    problem = move_problem(C, D, reason)
    assert problem is not None and problem.startswith("reason:")
    assert "放弃原因" in problem.zh


def test_a_weak_or_missing_node_with_no_live_target_is_a_gap_in_map_order() -> None:
    nodes = [
        NodeTargets(1, "丙烯", "weak", 0),
        NodeTargets(2, "煤制合成气", "strong", 0),
        NodeTargets(3, "纯苯", "missing", 1),
        NodeTargets(4, "己二腈", "missing", 0),
        NodeTargets(5, "电子化学品", "weak", 2),
    ]
    assert [g.name for g in target_gaps(nodes)] == ["丙烯", "己二腈"]


def test_a_map_with_every_gap_worked_on_has_none() -> None:
    assert target_gaps([NodeTargets(1, "纯苯", "missing", 1)]) == []
    assert target_gaps([]) == []
