"""Cells as offices type them: every date form, percentages, codes and choices."""

from datetime import date, datetime
from typing import Any

import pytest

from mechanism.vocabulary import ListType, RosterRole
from services.workbook import LIST_ITEMS, PLAN_TASKS, ROSTER, CellError, convert

DUE = PLAN_TASKS.column("due_date")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-31", date(2026, 3, 31)),
        ("2026/3/31", date(2026, 3, 31)),
        ("2026年3月31日", date(2026, 3, 31)),
        (" 2026 年 3 月 31 日 ", date(2026, 3, 31)),
        ("2026-03-31 00:00:00", date(2026, 3, 31)),
        (datetime(2026, 3, 31), date(2026, 3, 31)),  # an Excel date cell
        (date(2026, 3, 31), date(2026, 3, 31)),
        (46112, date(2026, 3, 31)),  # an Excel serial number in a cell not formatted as date
    ],
)
def test_it_reads_a_date_in_every_form_offices_use(value: Any, expected: date) -> None:
    assert convert(DUE, value) == expected


@pytest.mark.parametrize(
    "value",
    ["2026-02-30", "31/03/2026", "下个月", "2026年13月1日", datetime(2026, 3, 31, 9, 30), 1.5],
)
def test_it_refuses_what_is_not_a_date(value: Any) -> None:
    with pytest.raises(CellError):
        convert(DUE, value)


def test_a_bad_date_message_shows_the_forms_that_work() -> None:
    with pytest.raises(CellError, match=r"'下个月' is not a date; write it as 2026-03-31"):
        convert(DUE, "下个月")


@pytest.mark.parametrize(("value", "expected"), [(80, 80), ("80%", 80), ("100", 100), (0, 0)])
def test_progress_is_a_percentage(value: Any, expected: int) -> None:
    assert convert(PLAN_TASKS.column("progress"), value) == expected


@pytest.mark.parametrize("value", [120, "-5", "八十"])
def test_progress_outside_0_to_100_is_refused(value: Any) -> None:
    with pytest.raises(CellError):
        convert(PLAN_TASKS.column("progress"), value)


def test_co_departments_split_on_any_separator_and_drop_repeats() -> None:
    column = PLAN_TASKS.column("co_departments")
    assert convert(column, "FGW、ZRJ，STJ, FGW;KJJ") == ("FGW", "ZRJ", "STJ", "KJJ")


@pytest.mark.parametrize("value", ["链长", "Chain leader", "chain_leader", " CHAIN LEADER "])
def test_a_choice_may_be_written_as_either_label_or_the_code(value: str) -> None:
    assert convert(ROSTER.column("role"), value) is RosterRole.CHAIN_LEADER


def test_an_unknown_choice_lists_the_choices() -> None:
    with pytest.raises(CellError, match=r"'短板' is not one of: 龙头企业 \(lead_enterprises\)"):
        convert(LIST_ITEMS.column("list_type"), "短板")
    assert convert(LIST_ITEMS.column("list_type"), "补短板") is ListType.WEAK_LINKS


def test_a_whole_number_typed_into_a_text_cell_reads_as_text() -> None:
    assert convert(PLAN_TASKS.column("title"), 2026.0) == "2026"
