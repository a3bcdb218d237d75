"""Done and missed periods: a record held within its period makes it done (one held outside it
does not), a period that ended undone is a gap on the chain page and in the month's bulletin,
and the city counts done, required and chains covered."""

from datetime import date

from sqlmodel import Session, select

from mechanism.practices import PracticeRules
from models import Chain, PracticePeriod, PracticeRecord
from services.practices import bulletin_practices, chain_practices, make_periods
from tests.services.practices.schedule.test_schedule import RULES, at


def _hold(session: Session, period: str, held_on: date) -> None:
    row = session.exec(select(PracticePeriod).where(PracticePeriod.period == period)).one()
    assert row.id is not None
    session.add(
        PracticeRecord(
            period_id=row.id, held_on=held_on, participants="王磊", recorded_by="office@x"
        )
    )


def _setup(city: Session) -> int:
    make_periods(session=city, now=at(date(2026, 8, 3)), rules=RULES, practices=PracticeRules())
    make_periods(session=city, now=at(date(2026, 12, 1)), rules=RULES, practices=PracticeRules())
    _hold(city, "2026-09", date(2026, 9, 18))  # within: done
    _hold(city, "2026-10", date(2026, 11, 5))  # filed for October, held in November: not done
    city.commit()
    chain = city.exec(select(Chain).where(Chain.code == "BEARING")).one()
    assert chain.id is not None
    return chain.id


def test_the_chain_page_shows_this_period_and_the_gaps_newest_first(city: Session) -> None:
    chain_id = _setup(city)
    shown = chain_practices(city, chain_id, date(2026, 12, 2))

    assert [p["practice"] for p in shown] == ["tour", "dispatch"]
    tour, dispatch = shown
    assert tour["name_zh"] == "巡链"
    assert tour["current"]["period"] == "2026-Q4" and tour["current"]["done"] is False
    assert tour["current"]["task_state"] == "assigned"
    assert [g["period"] for g in tour["gaps"]] == ["2026-Q3"]
    assert dispatch["current"]["period"] == "2026-12"
    assert [g["period"] for g in dispatch["gaps"]] == ["2026-11", "2026-10", "2026-08"]
    assert dispatch["gaps"][0]["period_zh"] == "2026年11月"
    assert (dispatch["done_this_year"], dispatch["ended_this_year"]) == (1, 4)


def test_the_bulletin_freezes_the_months_periods_and_the_year_to_date(city: Session) -> None:
    _setup(city)
    frozen = bulletin_practices(city, date(2026, 11, 1))

    bearing = frozen["BEARING"]
    assert [(p["practice"], p["period"], p["done"]) for p in bearing["periods"]] == [
        ("dispatch", "2026-11", False)
    ]
    assert bearing["year_to_date"] == {
        "tour": {"done": 0, "required": 1},
        "dispatch": {"done": 1, "required": 4},
    }
    city_wide = frozen[""]
    assert city_wide["year_to_date"]["dispatch"] == {
        "practice": "dispatch", "name_zh": "月调度", "name_en": "Monthly dispatch meeting",
        "done": 1, "required": 4, "records": 1, "chains_covered": 1,
    }  # fmt: skip
    assert [(g["chain"], g["practice"], g["period"]) for g in city_wide["gaps"]] == [
        ("BEARING", "dispatch", "2026-11"),
        ("BEARING", "dispatch", "2026-10"),
        ("BEARING", "tour", "2026-Q3"),
        ("BEARING", "dispatch", "2026-08"),
    ]
    # September's record was held by the end of September: done in the September bulletin.
    september = bulletin_practices(city, date(2026, 9, 1))
    assert september["BEARING"]["periods"] == [
        {**september["BEARING"]["periods"][0], "practice": "dispatch", "done": True},
        {**september["BEARING"]["periods"][1], "practice": "tour", "done": False},
    ]
