"""The pure rules of titles: validity, moves refused with reasons, reminder days, cycles and
the next tier."""

from datetime import date

import pytest

from mechanism.calendar import WorkingCalendar
from mechanism.designations import (
    DEFAULT_KINDS,
    candidate_overdue,
    cycle_ends,
    kinds_by_code,
    move_refusal,
    next_data_update,
    next_tier,
    reminder_day,
    reminders_due,
    valid_until,
)

CALENDAR = WorkingCalendar()
KINDS = kinds_by_code()


@pytest.mark.parametrize(
    ("recognized", "years", "last_day"),
    [
        (date(2024, 12, 1), 3, date(2027, 12, 1)),
        (date(2024, 2, 29), 3, date(2027, 2, 28)),
        (date(2024, 2, 29), 4, date(2028, 2, 29)),
    ],
)
def test_validity_ends_on_the_corresponding_day(
    recognized: date, years: int, last_day: date
) -> None:
    assert valid_until(recognized, years) == last_day


@pytest.mark.parametrize(
    ("current", "target", "refused"),
    [
        ("recognized", "under_review", None),
        ("under_review", "renewed", None),
        ("recognized", "renewed", "cannot become renewed"),
        ("expired", "recognized", "is final"),
        ("revoked", "renewed", "is final"),
        ("candidate", "recognized", None),
    ],
)
def test_moves(current: str, target: str, refused: str | None) -> None:
    said = move_refusal(current, target)
    assert (said is None) if refused is None else (said is not None and refused in said)
    if said is not None:
        assert said.zh != str(said)


def test_a_chain_master_is_recognised_only_by_approval() -> None:
    said = move_refusal("candidate", "recognized", chain_scoped=True)
    assert said is not None and "chain leader" in said


def test_reminders_are_due_60_and_30_working_days_ahead_and_never_after_the_deadline() -> None:
    due = date(2027, 1, 18)
    sixty, thirty = reminder_day(due, 60, CALENDAR), reminder_day(due, 30, CALENDAR)
    assert CALENDAR.between(sixty, due) == 60 and CALENDAR.between(thirty, due) == 30
    assert reminders_due(due, CALENDAR.add(sixty, -1), CALENDAR) == []
    assert reminders_due(due, sixty, CALENDAR) == [60]
    assert reminders_due(due, thirty, CALENDAR) == [60, 30]  # after a downtime: both, once
    assert reminders_due(due, date(2027, 1, 19), CALENDAR) == []


def test_yearly_data_update_and_cultivation_cycle() -> None:
    assert next_data_update(date(2026, 7, 15), (6, 30)) == date(2027, 6, 30)
    assert next_data_update(date(2026, 6, 29), (6, 30)) == date(2026, 6, 30)
    assert cycle_ends(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert not candidate_overdue(date(2025, 6, 1), 12, date(2026, 6, 1))
    assert candidate_overdue(date(2025, 6, 1), 12, date(2026, 6, 2))


def test_the_next_tier_up_the_ladder() -> None:
    assert next_tier([]) == KINDS["tech_innovative"]
    assert (
        next_tier([KINDS["zjtx_provincial"], KINDS["chain_master"]])
        == KINDS["single_champion_provincial"]
    )
    assert next_tier([KINDS["single_champion_national"]]) is None
    assert all(k.validity_years == 3 for k in DEFAULT_KINDS if k.specialised)
