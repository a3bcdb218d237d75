"""The calendar override file: what it accepts, and errors that name the file, year and entry."""

from datetime import date, timedelta
from pathlib import Path

import pytest

from mechanism.calendar import DaySource, WorkingCalendar, YearOverride
from services.config import CalendarFileError, load_overrides

SHIPPED = Path(__file__).parents[3] / "chainops" / "config" / "calendar.yaml"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "calendar.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_it_reads_single_days_inclusive_ranges_and_make_up_workdays(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        2027:
          holidays: ["2027-01-01", "2027-02-05..2027-02-11"]
          workdays: ["2027-02-14"]
        """.replace("        ", ""),
    )
    spring = {date(2027, 2, 5) + timedelta(days=k) for k in range(7)}
    assert load_overrides(path) == {
        2027: YearOverride(
            2027, frozenset({date(2027, 1, 1), *spring}), frozenset({date(2027, 2, 14)})
        )
    }


def test_unquoted_dates_and_quoted_years_are_read_the_same(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '"2027":\n  holidays: [2027-01-01, 2027-10-01 .. 2027-10-03]\n  workdays:\n',
    )
    override = load_overrides(path)[2027]
    assert override.holidays == {date(2027, 1, 1), *(date(2027, 10, d) for d in (1, 2, 3))}
    assert override.workdays == frozenset()


@pytest.mark.parametrize("text", ["", "\n\n", "# nothing yet\n# 2027:\n#   holidays: []\n"])
def test_an_empty_or_comment_only_file_overrides_nothing(tmp_path: Path, text: str) -> None:
    assert load_overrides(write(tmp_path, text)) == {}


def test_a_missing_file_overrides_nothing(tmp_path: Path) -> None:
    assert load_overrides(tmp_path / "nowhere.yaml") == {}


def test_the_shipped_file_invents_no_year() -> None:
    assert load_overrides(SHIPPED) == {}
    assert "国务院办公厅关于" in SHIPPED.read_text(encoding="utf-8")


def test_a_loaded_year_is_used_by_the_calendar(tmp_path: Path) -> None:
    path = write(tmp_path, '2027:\n  holidays: ["2027-01-01"]\n  workdays: ["2027-02-20"]\n')
    calendar = WorkingCalendar(load_overrides(path))
    assert calendar.check(date(2027, 1, 1)).source is DaySource.OVERRIDE
    assert not calendar.is_workday(date(2027, 1, 1))
    assert calendar.is_workday(date(2027, 2, 20))
    assert calendar.add(date(2026, 12, 31), 1) == date(2027, 1, 4)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '2027:\n  holidays: ["2027-01-01", "2027-02-30"]\n',
            "calendar.yaml, year 2027, holidays[1]: '2027-02-30' is not a date",
        ),
        (
            "2027:\n  holidays: [2027-02-30]\n",
            "calendar.yaml, year 2027, holidays[0]: '2027-02-30' is not a date",
        ),
        (
            '2027:\n  holidays: ["2027-01-01"]\n  workdays: ["20270214"]\n',
            "calendar.yaml, year 2027, workdays[0]: '20270214' is not a date",
        ),
        (
            '2027:\n  holidays: ["2027-02-05..2027-02-31"]\n',
            "calendar.yaml, year 2027, holidays[0]: '2027-02-31' in "
            "'2027-02-05..2027-02-31' is not a date",
        ),
        (
            '2027:\n  holidays: ["2027-02-11..2027-02-05"]\n',
            "calendar.yaml, year 2027, holidays[0]: '2027-02-11..2027-02-05' ends before it starts",
        ),
        (
            '2027:\n  holidays: ["2027-01-01", "2028-01-01"]\n',
            "calendar.yaml, year 2027, holidays[1]: 2028-01-01 is not in 2027",
        ),
        (
            '2027:\n  holidays: ["2026-12-31..2027-01-02"]\n',
            "calendar.yaml, year 2027, holidays[0]: 2026-12-31 is not in 2027",
        ),
        (
            '2027:\n  holidays: ["2027-01-01", "2027-02-05..2027-02-11"]\n'
            '  workdays: ["2027-02-14", "2027-02-07"]\n',
            "calendar.yaml, year 2027: 2027-02-07 is both a holiday (holidays[1]) "
            "and a working day (workdays[1])",
        ),
        (
            '2027:\n  holidays: ["2027-01-01"]\n  make_up: ["2027-02-14"]\n',
            "calendar.yaml, year 2027: unknown key(s) ['make_up']; known: ['holidays', 'workdays']",
        ),
        ('2027:\n  workdays: ["2027-02-14"]\n', "calendar.yaml, year 2027: no holidays listed"),
        ("2027:\n", "calendar.yaml, year 2027: expected holidays: [...] and workdays: [...]"),
        (
            '2027:\n  holidays: "2027-01-01"\n',
            "calendar.yaml, year 2027, holidays: expected a list",
        ),
        (
            "2027:\n  holidays: [20270101]\n",
            "calendar.yaml, year 2027, holidays[0]: 20270101 is not a date",
        ),
        ('next:\n  holidays: ["2027-01-01"]\n', "calendar.yaml: 'next' is not a year"),
        ('2027.5:\n  holidays: ["2027-01-01"]\n', "calendar.yaml: 2027.5 is not a year"),
        ('true:\n  holidays: ["2027-01-01"]\n', "calendar.yaml: True is not a year"),
        ("- 2027-01-01\n", "calendar.yaml: expected years as keys (e.g. 2027:)"),
        (
            '2027:\n  holidays: ["2027-01-01"]\n"2027":\n  holidays: ["2027-01-01"]\n',
            "calendar.yaml: year 2027 is written twice",
        ),
        (
            '2027:\n  holidays: ["2027-01-01"]\n2027:\n  holidays: ["2027-01-02"]\n',
            "calendar.yaml: not valid YAML: 2027 is written twice",
        ),
        ('2027:\n  holidays: ["2027-01-01"\n', "calendar.yaml: not valid YAML"),
    ],
)
def test_every_problem_names_the_file_the_year_and_the_entry(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(CalendarFileError) as raised:
        load_overrides(write(tmp_path, text))
    assert str(raised.value).startswith(message)


def test_a_file_that_is_not_utf8_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "calendar.yaml"
    path.write_bytes('2027:\n  holidays: ["2027-01-01"]  # 元旦\n'.encode("gb18030"))
    with pytest.raises(CalendarFileError, match=r"^calendar\.yaml: not valid YAML: .*utf-8"):
        load_overrides(path)


def test_a_calendar_file_error_is_a_value_error() -> None:
    assert issubclass(CalendarFileError, ValueError)
