"""一企一策's pure rules: the outcome against the targets, local and 专精特新 suppliers."""

from datetime import date

import pytest

from mechanism.cultivation import (
    Figures,
    PlanOutcome,
    figure_problem,
    held_on,
    judge,
    plan_kind_problem,
    reached,
    same_city,
    specialised_codes,
)
from mechanism.designations import kinds_by_code

TARGETS = Figures(
    revenue=500_000, rd_intensity=3.5, local_suppliers=5, zjtx_suppliers=2, projects=1
)


@pytest.mark.parametrize(
    ("actuals", "outcome"),
    [
        (Figures(500_000, 3.5, 5, 2, 1), PlanOutcome.MET),  # exactly the targets: reached
        (Figures(600_000, 4.0, 9, 3, 2), PlanOutcome.MET),
        (Figures(600_000, 3.4, 9, 3, 2), PlanOutcome.PARTLY),
        (Figures(499_999.99, 3.49, 4, 1, 0), PlanOutcome.MISSED),
    ],
)
def test_every_set_target_reached_is_met_some_partly_none_missed(
    actuals: Figures, outcome: PlanOutcome
) -> None:
    judged = judge(TARGETS, actuals)
    assert judged.outcome is outcome
    assert judged.waiting == ()
    assert [line.target for line in judged.lines] == [
        "revenue",
        "rd_intensity",
        "local_suppliers",
        "zjtx_suppliers",
        "projects",
    ]


def test_a_target_left_blank_is_not_part_of_the_plan() -> None:
    targets = Figures(revenue=100.0, projects=2)
    judged = judge(targets, Figures(revenue=120.0, rd_intensity=0.1, local_suppliers=0, projects=2))
    assert judged.outcome is PlanOutcome.MET
    assert [line.target for line in judged.lines] == ["revenue", "projects"]


def test_no_outcome_while_a_set_target_waits_for_its_actual_or_nothing_is_set() -> None:
    judged = judge(TARGETS, Figures(600_000, None, 9, 3, None))
    assert judged.outcome is None
    assert judged.waiting == ("rd_intensity", "projects")
    assert judge(Figures(), Figures(1.0, 1.0, 1, 1, 1)).outcome is None


def test_rd_intensity_and_revenue_compare_at_two_decimals_counts_as_whole_numbers() -> None:
    assert reached("rd_intensity", 3.0, 2.9999999)  # a float's last bit is not a miss
    assert not reached("rd_intensity", 3.0, 2.99)
    assert reached("revenue", 0.1 + 0.2, 0.3)
    assert not reached("local_suppliers", 5, 4)
    assert reached("projects", 0, 0)  # a target of none is reached by none


@pytest.mark.parametrize(
    ("target", "value", "wrong"),
    [
        ("revenue", -1.0, "negative"),
        ("revenue", float("nan"), "finite"),
        ("revenue", 2e9, "at most"),
        ("rd_intensity", 101.0, "percentage"),
        ("local_suppliers", 2.5, "whole"),
        ("projects", -1, "between"),
    ],
)
def test_a_figure_out_of_bounds_says_why_in_both_languages(
    target: str, value: float, wrong: str
) -> None:
    problem = figure_problem(target, value)
    assert problem is not None and wrong in problem
    assert problem.zh and problem.zh != str(problem)


def test_figures_in_bounds_and_blanks_pass() -> None:
    assert figure_problem("rd_intensity", 3.5) is None
    assert figure_problem("projects", None) is None
    assert figure_problem("local_suppliers", 3.0) is None


def test_a_plan_is_for_a_chain_master_or_a_pilot() -> None:
    assert plan_kind_problem("chain_master") is None
    assert plan_kind_problem("pilot") is None
    assert plan_kind_problem("little_giant") is not None


def test_local_is_the_same_prefecture_of_the_credit_code() -> None:
    liaocheng = "913715818438126800"
    assert same_city(liaocheng, "91371502240975896H")  # 3715: the same city
    assert not same_city(liaocheng, "91370100MA3C4K7P2D")  # 3701: Jinan
    assert not same_city("91370000MA3C4K7P2D", "91370000MA3C4K7P80")  # provincial: no city
    assert not same_city(liaocheng, "9137")


def test_a_title_is_held_on_a_day_inside_its_validity() -> None:
    start, end = date(2024, 6, 1), date(2027, 6, 1)
    assert held_on("recognized", start, end, date(2026, 5, 1))
    assert not held_on("recognized", start, end, date(2024, 5, 31))  # before recognition
    assert not held_on("recognized", start, end, date(2027, 6, 2))  # past validity: never
    assert held_on("expired", start, end, date(2026, 5, 1))  # it was held then
    assert not held_on("expired", start, end, date(2027, 6, 2))
    assert not held_on("revoked", start, end, date(2026, 5, 1))
    assert not held_on("candidate", None, None, date(2026, 5, 1))


def test_specialised_titles_are_the_zjtx_tiers() -> None:
    assert specialised_codes(kinds_by_code()) == {
        "zjtx_provincial",
        "little_giant",
        "key_little_giant",
    }


def test_outcomes_parse_from_code_or_label() -> None:
    assert PlanOutcome.parse("部分完成") is PlanOutcome.PARTLY
    assert PlanOutcome.parse("Met") is PlanOutcome.MET
    assert PlanOutcome.parse("done") is None
