"""The bounds of a task's particulars, the same on every path: no start before 2000, no
deadline more than five years ahead, no working-day count past about five years."""

from datetime import date

import pytest

from mechanism.wording import zh
from services.tasks import (
    due_problem,
    latest_due,
    start_problem,
    title_problem,
    working_days_problem,
)

TODAY = date(2026, 12, 1)


def test_the_latest_due_date_is_five_years_on_and_29_february_falls_on_the_28th() -> None:
    assert latest_due(TODAY) == date(2031, 12, 1)
    assert latest_due(date(2028, 2, 29)) == date(2033, 2, 28)


@pytest.mark.parametrize(
    ("problem", "english", "chinese"),
    [
        (start_problem(date(1999, 12, 31)), "start: 1999-12-31 is before 2000", "早于 2000 年"),
        (
            due_problem(date(9999, 12, 31), TODAY),
            "due: 9999-12-31 is more than 5 years ahead (latest 2031-12-01)",
            "超过 5 年以后",
        ),
        (working_days_problem(1301), "working days: at most 1300", "最多 1300 个"),
    ],
)
def test_what_no_office_means_is_refused_in_both_languages(
    problem: object, english: str, chinese: str
) -> None:
    assert problem is not None
    assert str(problem).startswith(english)
    assert chinese in zh(problem)


def test_what_an_office_can_mean_passes() -> None:
    assert start_problem(date(2000, 1, 1)) is None
    assert due_problem(date(2031, 12, 1), TODAY) is None
    assert working_days_problem(1300) is None


def test_a_title_is_named_work_not_a_wall_of_text() -> None:
    assert title_problem("组织轴承产业对接会") is None
    assert title_problem("要" * 200) is None
    long = title_problem("要" * 201)
    assert long is not None and str(long) == "title: at most 200 characters, not 201"
    assert "最多 200 个字" in zh(long)
    assert str(title_problem("  ")) == "title: must not be empty"
