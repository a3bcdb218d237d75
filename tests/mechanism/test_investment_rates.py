"""The three rates against Xuchang 2017's figures (mission-next.md b3) and small hand cases;
funds against the target and 序时进度; the signed-but-not-started light."""

from datetime import date

import pytest

from mechanism.investment import PipelineRules, not_started_light
from mechanism.investment_rates import (
    funds_progress,
    months_waiting,
    rate,
    rates,
    size_amount,
    stage_tally,
)


def test_xuchang_2017() -> None:
    # 247 signed, 244 honoured, 222 started; ¥107.7bn contracted, ¥37bn arrived (in 万元).
    found = rates(
        signed=247, honoured=244, started=222, contracted_wan=10_770_000, arrived_wan=3_700_000
    )
    assert found == {"honoured_rate": 0.9879, "started_rate": 0.8988, "funds_rate": 0.3435}
    assert f"{found['honoured_rate']:.1%}" == "98.8%"
    assert f"{found['started_rate']:.0%}" == "90%"
    assert f"{found['funds_rate']:.0%}" == "34%"


def test_nothing_signed_is_no_rate_not_zero() -> None:
    assert rates(signed=0, honoured=0, started=0, contracted_wan=0, arrived_wan=0) == {
        "honoured_rate": None,
        "started_rate": None,
        "funds_rate": None,
    }
    assert rate(0, 5) == 0.0


def test_stages_honoured_and_started() -> None:
    by_stage = {"signed": 2, "registered": 1, "started": 1, "at_capacity": 1, "terminated": 3}
    # A terminated project was signed (its signing happened) but is neither honoured nor started.
    assert stage_tally(by_stage) == {"signed": 8, "honoured": 3, "started": 2}


def test_funds_against_the_target_and_timing_progress() -> None:
    found = funds_progress(arrived_ytd_wan=4500, target_wan=20000, month_end=date(2026, 10, 31))
    assert found == {
        "funds_target_wan": 20000,
        "funds_progress": 0.225,
        "timing_progress": 0.8329,  # 304/365, the key projects' 序时进度
        "against_timing": -0.6079,
    }
    none = funds_progress(arrived_ytd_wan=10, target_wan=None, month_end=date(2026, 1, 31))
    assert none["funds_progress"] is None and none["against_timing"] is None


@pytest.mark.parametrize(
    ("signed_on", "months", "light"),
    [
        (date(2026, 10, 1), 0, "green"),
        (date(2026, 8, 1), 2, "green"),
        (date(2026, 7, 31), 3, "yellow"),
        (date(2026, 6, 30), 4, "yellow"),
        (date(2026, 4, 30), 6, "red"),
        (date(2025, 3, 1), 19, "red"),
    ],
)
def test_signed_not_started_light(signed_on: date, months: int, light: str) -> None:
    # The months the rollup shows beside the light, and the pipeline's one rule for the light.
    assert months_waiting(signed_on, date(2026, 10, 31)) == months
    found = not_started_light("signed", signed_on, date(2026, 10, 31), PipelineRules())
    assert found is not None and found.value == light


def test_the_light_months_are_parameters() -> None:
    rules = PipelineRules(not_started_yellow_months=2, not_started_red_months=4)
    light = not_started_light("registered", date(2026, 8, 31), date(2026, 10, 31), rules)
    assert light is not None and light.value == "yellow"
    light = not_started_light("registered", date(2026, 6, 30), date(2026, 10, 31), rules)
    assert light is not None and light.value == "red"


def test_size_reads_the_contract_else_the_plan() -> None:
    assert size_amount(25_000, 1) == 25_000
    assert size_amount(None, 9_000) == 9_000
    assert size_amount(None, None) == 0.0
