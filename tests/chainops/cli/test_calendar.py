"""``chainops calendar`` as offices and scripts use it: dates on stdout, warnings on stderr."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from chainops.calendar_setup import calendar_for, working_calendar, year_ranges
from chainops.cli import app
from chainops.settings import Settings, get_settings

OVERRIDE_2027 = """\
# invented for the test: the real 2027 schedule is not published yet
2027:
  holidays: ["2027-01-01", "2027-02-05..2027-02-11"]
  workdays: ["2027-02-14"]
"""


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[CliRunner]:
    """The shipped override file (no 2027), fresh settings and calendar for every test."""
    monkeypatch.delenv("CHAINOPS_CALENDAR_FILE", raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env
    get_settings.cache_clear()
    calendar_for.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()
    calendar_for.cache_clear()


@pytest.fixture
def override_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    path = tmp_path / "city-calendar.yaml"
    path.write_text(OVERRIDE_2027, encoding="utf-8")
    monkeypatch.setenv("CHAINOPS_CALENDAR_FILE", str(path))
    return path


def run(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(app, ["calendar", *args], catch_exceptions=False)


def test_add_prints_the_date_alone_so_scripts_can_use_it(runner: CliRunner) -> None:
    result = run(runner, "add", "2026-09-28", "5")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "2026-10-10\n"
    assert result.stderr == ""


@pytest.mark.parametrize("args", [("2026-10-12", "-3"), ("2026-10-12", "--", "-3")])
def test_add_counts_back_with_a_negative_n(runner: CliRunner, args: tuple[str, ...]) -> None:
    result = run(runner, "add", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "2026-10-08\n"


def test_add_into_2027_warns_that_it_counted_the_statutory_holidays_only(
    runner: CliRunner,
) -> None:
    result = run(runner, "add", "2026-12-28", "5")
    assert result.exit_code == 0
    assert result.stdout == "2027-01-05\n"  # 2027-01-01 is New Year's Day whatever the notice
    assert "warning: 2027 has no official calendar data (chinesecalendar covers 2004–" in (
        result.stderr
    )
    stderr = " ".join(result.stderr.split())
    assert "calendar.yaml; counted with the statutory public holidays and weekends, " in stderr
    assert "no make-up days" in stderr


def test_past_the_lunar_tables_the_warning_says_monday_to_friday(runner: CliRunner) -> None:
    result = run(runner, "add", "2100-12-28", "5")
    assert result.stdout == "2101-01-04\n"
    stderr = " ".join(result.stderr.split())
    assert "warning: 2100–2101 have no official calendar data" in stderr
    assert "; 2100 counted with the statutory public holidays and weekends, no make-up" in stderr
    assert "; 2101 counted Monday–Friday" in stderr


def test_an_override_file_for_2027_silences_the_warning_and_its_holidays_count(
    runner: CliRunner, override_file: Path
) -> None:
    result = run(runner, "add", "2026-12-28", "5")
    assert result.exit_code == 0
    assert result.stdout == "2027-01-05\n"  # 2027-01-01 is a holiday in the override
    assert result.stderr == ""
    assert run(runner, "add", "2027-02-04", "1").stdout == "2027-02-12\n"


def test_a_span_over_several_years_without_data_names_them_all_once(runner: CliRunner) -> None:
    result = run(runner, "add", "2026-12-28", "600")
    assert result.stdout == "2029-05-18\n"
    assert result.stderr.count("warning:") == 1
    assert "warning: 2027–2029 have no official calendar data" in result.stderr
    assert "and are not in" in result.stderr.replace("\n", "")


def test_add_as_json_carries_the_warnings(runner: CliRunner) -> None:
    result = run(runner, "add", "2026-12-28", "5", "--json")
    data = json.loads(result.stdout)
    assert data["date"] == "2026-12-28"
    assert data["n"] == 5
    assert data["result"] == "2027-01-05"
    assert len(data["warnings"]) == 1
    assert data["warnings"][0].startswith("2027 has no official calendar data")


@pytest.mark.parametrize(
    ("day", "line"),
    [
        ("2026-10-10", "2026-10-10 working day (package: make-up workday, National Day)"),
        ("2026-10-01", "2026-10-01 holiday (package: National Day)"),
        ("2026-03-02", "2026-03-02 working day (package)"),
        ("2026-03-07", "2026-03-07 weekend (package)"),
        ("2027-03-01", "2027-03-01 working day (statutory fallback; no official data for 2027)"),
        (
            "2027-01-01",
            "2027-01-01 holiday (statutory fallback: New Year's Day; no official data for 2027)",
        ),
        (
            "2027-02-07",  # a Sunday of the Spring Festival: a holiday, not just a weekend
            "2027-02-07 holiday (statutory fallback: Spring Festival; no official data for 2027)",
        ),
        ("2027-02-13", "2027-02-13 weekend (statutory fallback; no official data for 2027)"),
        (
            "2101-03-01",
            "2101-03-01 working day (fallback: Monday–Friday; no official data for 2101)",
        ),
    ],
)
def test_check_says_what_the_day_is_and_which_source_says_so(
    runner: CliRunner, day: str, line: str
) -> None:
    result = run(runner, "check", day)
    assert result.exit_code == 0
    assert result.stdout == line + "\n"
    assert ("warning: 2027" in result.stderr) == day.startswith("2027")
    assert ("warning: 2101" in result.stderr) == day.startswith("2101")


def test_check_shows_an_override_day_as_override(runner: CliRunner, override_file: Path) -> None:
    assert run(runner, "check", "2027-01-01").stdout == "2027-01-01 holiday (override)\n"
    result = run(runner, "check", "2027-02-14")
    assert result.stdout == "2027-02-14 working day (override: make-up workday)\n"
    assert result.stderr == ""


def test_check_as_json(runner: CliRunner) -> None:
    result = run(runner, "check", "2027-01-01", "--json")
    data = json.loads(result.stdout)
    assert {k: v for k, v in data.items() if k != "warnings"} == {
        "date": "2027-01-01",
        "workday": False,
        "result": "holiday",
        "source": "statutory fallback",
        "name": "New Year's Day",
    }
    assert data["warnings"][0].startswith("2027 has no official calendar data")


@pytest.mark.parametrize("text", ["2026-02-30", "28.09.2026", "20260928", "tomorrow"])
def test_a_bad_date_is_a_usage_error(runner: CliRunner, text: str) -> None:
    for args in (("add", text, "1"), ("check", text)):
        result = run(runner, *args)
        assert result.exit_code == 2
        assert f"'{text}' is not a date; write YYYY-MM-DD" in result.stderr
        assert result.stdout == ""


def test_counting_past_year_9999_is_a_usage_error(runner: CliRunner) -> None:
    result = run(runner, "add", "9999-12-30", "5")
    assert result.exit_code == 2
    assert "5 working days from 9999-12-30" in result.stderr


def test_a_broken_override_file_is_named_and_exits_1(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text('2027:\n  holidays: ["2027-01-01", "2027-02-30"]\n', encoding="utf-8")
    monkeypatch.setenv("CHAINOPS_CALENDAR_FILE", str(broken))
    for args in (("add", "2026-09-28", "5"), ("check", "2026-10-01")):
        result = run(runner, *args)
        assert result.exit_code == 1
        message = result.stderr.replace("\n", "")
        assert "broken.yaml, year 2027, holidays[1]: '2027-02-30' is not a date" in message
        assert result.stdout == ""


def test_the_calendar_is_built_once_per_override_file(
    runner: CliRunner, override_file: Path
) -> None:
    settings = Settings()  # the fixture runs in an empty directory: no .env
    assert settings.calendar_file == override_file
    assert working_calendar(settings) is working_calendar(settings)
    assert working_calendar(settings).override_years == {2027}


def test_the_default_override_file_is_the_shipped_one(runner: CliRunner) -> None:
    settings = Settings()  # the fixture runs in an empty directory: no .env
    assert settings.calendar_file.parts[-3:] == ("chainops", "config", "calendar.yaml")
    assert settings.calendar_file.is_file()


def test_year_lists_are_shortened_to_ranges() -> None:
    assert year_ranges([2031, 2027, 2028, 2029]) == "2027–2029, 2031"
    assert year_ranges([2027]) == "2027"
