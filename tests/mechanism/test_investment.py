"""The pipeline's rules: moves forward only (skips allowed), terminated with a reason; what a
signing counts; size bands at their edges; the not-started light at 3 and 6 months; and the
filing deadline counted in working days over a holiday."""

from datetime import date

import pytest

from mechanism.calendar import WorkingCalendar
from mechanism.investment import (
    NotStartedLight,
    PipelineRules,
    SigningCount,
    SigningKind,
    SizeBand,
    count_signing,
    filing_due,
    honoured,
    months_after,
    move_problem,
    not_started_light,
    project_code,
    size_band,
    started,
)

RULES = PipelineRules()


@pytest.mark.parametrize(
    ("current", "to"),
    [
        ("lead", "negotiating"),
        ("negotiating", "signed"),
        ("signed", "started"),  # recorded late: registered skipped
        ("building", "at_capacity"),
    ],
)
def test_a_project_moves_forward_and_may_skip_stages(current: str, to: str) -> None:
    assert move_problem(current, to, None) is None


@pytest.mark.parametrize(("current", "to"), [("signed", "lead"), ("started", "started")])
def test_a_project_never_moves_backwards_or_stays(current: str, to: str) -> None:
    problem = move_problem(current, to, None)
    assert problem is not None and problem.startswith("stage:")
    assert "只能向前" in problem.zh


def test_terminating_needs_a_reason_and_is_refused_at_capacity() -> None:
    assert str(move_problem("signed", "terminated", " ")).startswith("reason:")
    assert move_problem("signed", "terminated", "investor withdrew") is None
    assert move_problem("at_capacity", "terminated", "x") is not None
    assert move_problem("terminated", "lead", None) is not None


def test_an_unknown_stage_is_named() -> None:
    assert "unknown stage 'done'" in str(move_problem("lead", "done", None))


def test_the_first_signing_counts_its_amount_once() -> None:
    assert count_signing(SigningKind.FIRST, 5000, contracted=None, has_first=False) == SigningCount(
        5000, 5000
    )
    second = count_signing(SigningKind.FIRST, 5000, contracted=5000, has_first=True)
    assert isinstance(second, str) and "re_signing" in second


def test_a_re_signing_replaces_the_total_and_counts_the_difference() -> None:
    assert count_signing(
        SigningKind.RE_SIGNING, 8000, contracted=5000, has_first=True
    ) == SigningCount(3000, 8000)
    assert count_signing(
        SigningKind.RE_SIGNING, 4000, contracted=5000, has_first=True
    ) == SigningCount(-1000, 4000)


def test_a_capital_increase_counts_only_the_increment() -> None:
    assert count_signing(
        SigningKind.CAPITAL_INCREASE, 2000, contracted=5000, has_first=True
    ) == SigningCount(2000, 7000)


def test_no_re_signing_before_the_first_and_no_empty_amount() -> None:
    assert isinstance(
        count_signing(SigningKind.RE_SIGNING, 1, contracted=None, has_first=False), str
    )
    assert str(count_signing(SigningKind.FIRST, 0, contracted=None, has_first=False)).startswith(
        "amount:"
    )


@pytest.mark.parametrize(
    ("amount", "band"),
    [
        (9_999.99, SizeBand.UNDER_1),
        (10_000, SizeBand.FROM_1_TO_10),
        (99_999, SizeBand.FROM_1_TO_10),
        (100_000, SizeBand.FROM_10_TO_50),
        (499_999, SizeBand.FROM_10_TO_50),
        (500_000, SizeBand.FROM_50),
    ],
)
def test_size_bands_at_their_edges(amount: float, band: SizeBand) -> None:
    assert size_band(amount, None) is band


def test_the_contract_amount_decides_the_band_before_the_plan() -> None:
    assert size_band(5_000, 600_000) is SizeBand.UNDER_1
    assert size_band(None, 600_000) is SizeBand.FROM_50
    assert size_band(None, None) is None


def test_the_not_started_light_turns_yellow_at_3_months_and_red_at_6() -> None:
    signed = date(2026, 8, 31)
    assert months_after(signed, 3) == date(2026, 11, 30)
    light = [
        not_started_light("signed", signed, day, RULES)
        for day in (date(2026, 11, 29), date(2026, 11, 30), date(2027, 2, 27), date(2027, 2, 28))
    ]
    assert light == [
        NotStartedLight.GREEN,
        NotStartedLight.YELLOW,
        NotStartedLight.YELLOW,
        NotStartedLight.RED,
    ]


def test_only_signed_not_started_projects_have_the_light() -> None:
    day = date(2027, 6, 1)
    assert not_started_light("registered", date(2026, 1, 5), day, RULES) is NotStartedLight.RED
    assert not_started_light("started", date(2026, 1, 5), day, RULES) is None
    assert not_started_light("negotiating", None, day, RULES) is None
    assert not_started_light("terminated", date(2026, 1, 5), day, RULES) is None


def test_the_filing_deadline_counts_working_days_from_the_next_day_over_national_day() -> None:
    # Signed Tuesday 29 September 2026: 30 Sep, then 8, 9, 10 (the make-up Saturday) and
    # 12 October — 1–7 October are the holiday.
    assert filing_due(date(2026, 9, 29), RULES, WorkingCalendar()) == date(2026, 10, 12)
    # An ordinary week: signed Monday 9 November, due Monday 16 November.
    assert filing_due(date(2026, 11, 9), RULES, WorkingCalendar()) == date(2026, 11, 16)


def test_honoured_and_started_follow_the_contract() -> None:
    assert not honoured("signed") and honoured("registered") and honoured("at_capacity")
    assert not started("registered") and started("started")
    assert not honoured("terminated") and not started("terminated")


def test_codes_are_numbered_per_chain_and_year() -> None:
    assert project_code("bearing", 2026, set()) == "ZS2026-BEARING-01"
    assert project_code("BEARING", 2026, {"ZS2026-BEARING-01"}) == "ZS2026-BEARING-02"
