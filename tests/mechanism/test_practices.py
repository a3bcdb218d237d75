"""The standing practices' rules: periods of each cadence, their due days on the official
calendar, and which practices a chain has once its checklist and overrides are applied."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mechanism.calendar import WorkingCalendar
from mechanism.practices import (
    DEFAULT_PRACTICES,
    Cadence,
    Override,
    Period,
    PracticeRules,
    following,
    period_of,
    periods_between,
)
from mechanism.vocabulary import RosterRole

CALENDAR = WorkingCalendar()
ALL_ELEMENTS = frozenset(
    {"chain_leader", "lead_department", "map_and_lists", "action_plan", "chain_master_and_experts"}
)


@pytest.mark.parametrize(
    ("cadence", "day", "name", "starts", "ends"),
    [
        (Cadence.MONTHLY, date(2026, 12, 1), "2026-12", date(2026, 12, 1), date(2026, 12, 31)),
        (Cadence.MONTHLY, date(2026, 2, 28), "2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        (Cadence.MONTHLY, date(2028, 2, 29), "2028-02", date(2028, 2, 1), date(2028, 2, 29)),
        (Cadence.QUARTERLY, date(2026, 12, 1), "2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
        (Cadence.QUARTERLY, date(2026, 4, 1), "2026-Q2", date(2026, 4, 1), date(2026, 6, 30)),
        (Cadence.QUARTERLY, date(2026, 3, 31), "2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        (Cadence.HALF_YEARLY, date(2026, 6, 30), "2026-H1", date(2026, 1, 1), date(2026, 6, 30)),
        (Cadence.HALF_YEARLY, date(2026, 7, 1), "2026-H2", date(2026, 7, 1), date(2026, 12, 31)),
        (Cadence.YEARLY, date(2026, 5, 5), "2026", date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_a_day_falls_in_one_named_period(
    cadence: Cadence, day: date, name: str, starts: date, ends: date
) -> None:
    assert period_of(cadence, day) == Period(starts, ends, name)


@pytest.mark.parametrize(
    ("cadence", "day", "due"),
    [
        # 2026-Q4 ends on Thursday 31 December, a working day.
        (Cadence.QUARTERLY, date(2026, 11, 2), date(2026, 12, 31)),
        # 2026-Q3 ends on Wednesday 30 September, the day before National Day.
        (Cadence.QUARTERLY, date(2026, 8, 1), date(2026, 9, 30)),
        # October 2026 ends on a Saturday: due on Friday the 30th.
        (Cadence.MONTHLY, date(2026, 10, 9), date(2026, 10, 30)),
        # January 2026 ends on a Saturday; the 30th is a Friday.
        (Cadence.MONTHLY, date(2026, 1, 5), date(2026, 1, 30)),
    ],
)
def test_a_period_is_due_on_its_last_working_day(cadence: Cadence, day: date, due: date) -> None:
    period = period_of(cadence, day)
    assert period.due(CALENDAR) == due
    assert CALENDAR.is_workday(due)


def test_periods_follow_each_other_across_the_year_end() -> None:
    q4 = period_of(Cadence.QUARTERLY, date(2026, 12, 31))
    assert following(Cadence.QUARTERLY, q4).name == "2027-Q1"
    names = [
        p.name for p in periods_between(Cadence.HALF_YEARLY, date(2025, 8, 1), date(2027, 1, 1))
    ]
    assert names == ["2025-H2", "2026-H1", "2026-H2", "2027-H1"]
    assert [
        p.name for p in periods_between(Cadence.YEARLY, date(2026, 3, 1), date(2026, 9, 1))
    ] == ["2026"]


@given(st.sampled_from(list(Cadence)), st.dates(date(2000, 1, 1), date(2090, 12, 31)))
def test_periods_tile_the_calendar(cadence: Cadence, day: date) -> None:
    period = period_of(cadence, day)
    assert period.contains(day)
    after = following(cadence, period)
    assert after.starts_on.toordinal() == period.ends_on.toordinal() + 1
    assert after.name != period.name


def test_the_defaults_are_liaocheng_s_four_practices() -> None:
    by_code = {p.code: p for p in DEFAULT_PRACTICES}
    assert (by_code["tour"].name_zh, by_code["tour"].cadence, by_code["tour"].owner) == (
        "巡链",
        Cadence.QUARTERLY,
        RosterRole.CHAIN_LEADER,
    )
    assert by_code["diagnosis"].cadence is Cadence.HALF_YEARLY
    assert by_code["diagnosis"].owner is RosterRole.EXPERT
    assert by_code["inquiry"].cadence is Cadence.YEARLY
    assert by_code["inquiry"].owner is RosterRole.CHIEF_CHAIN_LEADER
    assert by_code["dispatch"].cadence is Cadence.MONTHLY
    assert by_code["dispatch"].owner is RosterRole.WORKING_GROUP
    assert by_code["tour"].title_zh == "巡链（每季度）"


def test_a_chain_has_the_practices_of_the_elements_its_checklist_holds() -> None:
    rules = PracticeRules()
    assert [p.code for p in rules.for_chain("BEARING", ALL_ELEMENTS)] == [
        "tour",
        "diagnosis",
        "inquiry",
        "dispatch",
    ]
    assert [p.code for p in rules.for_chain("BEARING", frozenset({"lead_department"}))] == [
        "dispatch"
    ]
    assert rules.for_chain("BEARING", frozenset()) == ()


def test_overrides_change_one_chain_only() -> None:
    rules = PracticeRules(
        overrides={
            "BEARING": {
                "tour": Override(cadence=Cadence.MONTHLY),
                "inquiry": Override(off=True),
                "dispatch": Override(owner=RosterRole.LEAD_DEPARTMENT),
            }
        }
    )
    bearing = {p.code: p for p in rules.for_chain("BEARING", ALL_ELEMENTS)}
    assert set(bearing) == {"tour", "diagnosis", "dispatch"}
    assert bearing["tour"].cadence is Cadence.MONTHLY
    assert bearing["dispatch"].owner is RosterRole.LEAD_DEPARTMENT
    other = {p.code: p for p in rules.for_chain("HCHEM", ALL_ELEMENTS)}
    assert other["tour"].cadence is Cadence.QUARTERLY and "inquiry" in other


def test_an_override_of_an_unknown_practice_is_refused_naming_it() -> None:
    with pytest.raises(ValueError, match=r"chains\.BEARING\.patrol: no practice 'patrol'"):
        PracticeRules(overrides={"BEARING": {"patrol": Override(off=True)}})
    with pytest.raises(ValueError, match="unique"):
        PracticeRules(practices=DEFAULT_PRACTICES + DEFAULT_PRACTICES[:1])
