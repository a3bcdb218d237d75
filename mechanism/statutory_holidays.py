"""The statutory public holidays of 《全国年节及纪念日放假办法》, for a year with no schedule.

Article 2 of the measures, as amended by the State Council in 2024 (in force 2025-01-01), gives
every citizen these days off:

- New Year's Day (元旦), 1 day: 1 January;
- Spring Festival (春节), 4 days: New Year's Eve (除夕, the last day of the twelfth lunar
  month) and the first to third days of the first lunar month;
- Qingming (清明节), 1 day: the day of the solar term 清明 (4 or 5 April);
- Labour Day (劳动节), 2 days: 1 and 2 May;
- Dragon Boat Festival (端午节), 1 day: the fifth day of the fifth lunar month;
- Mid-Autumn Festival (中秋节), 1 day: the fifteenth day of the eighth lunar month;
- National Day (国庆节), 3 days: 1 to 3 October.

Each year the State Council publishes how these are joined to weekends (调休: weekend days
worked to lengthen a holiday); that schedule is what ``chinesecalendar`` or the office's
override file hold. For a year that has neither, these days are what is certain whatever the
notice will say: holidays on the days the law names, no make-up days, no extra days when a
festival falls on a weekend or on another festival (the notice usually adds some).

The calendar applies them from 2025, the year the amended measures took effect, to 2100, the
last year of the lunar tables (``covers``): earlier years had other rules (and official
schedules, which the package holds from 2004), later ones have no lunar dates here. The lunar
dates and the solar term come from ``borax`` (tables of the Hong Kong Observatory's data, lunar
years 1900–2100).
"""

from collections.abc import Mapping
from datetime import date, timedelta
from functools import cache
from types import MappingProxyType

from borax.calendars.lunardate import MAX_LUNAR_YEAR, MIN_LUNAR_YEAR, LunarDate, TermUtils
from chinese_calendar import Holiday

# The names ``chinesecalendar`` gives the same festivals, so a day reads alike in any year.
NEW_YEARS_DAY = Holiday.new_years_day.value
SPRING_FESTIVAL = Holiday.spring_festival.value
QINGMING = Holiday.tomb_sweeping_day.value
LABOUR_DAY = Holiday.labour_day.value
DRAGON_BOAT = Holiday.dragon_boat_festival.value
MID_AUTUMN = Holiday.mid_autumn_festival.value
NATIONAL_DAY = Holiday.national_day.value

# The measures as amended by the State Council's decree No. 795 are in force from 2025-01-01.
FIRST_YEAR, LAST_YEAR = 2025, int(MAX_LUNAR_YEAR)


def covers(year: int) -> bool:
    """Whether the calendar's fallback keeps the statutory holidays of ``year`` (2025–2100)."""
    return FIRST_YEAR <= year <= LAST_YEAR


def _lunar(year: int, month: int, day: int) -> date:
    solar: date = LunarDate(year, month, day).to_solar_date()
    return solar


@cache
def statutory_holidays(year: int) -> Mapping[date, str]:
    """The days the amended measures give ``year`` off, each with its festival's name, for any
    year of the lunar tables (the calendar uses them only where :func:`covers` says; earlier
    years serve to check the lunar dates against official schedules); empty outside the
    tables. A day two festivals share (Mid-Autumn on 1–3 October) is one day off, named after
    both."""
    if not int(MIN_LUNAR_YEAR) <= year <= LAST_YEAR:
        return MappingProxyType({})
    # Solar year Y's festivals are those of lunar year Y (its New Year falls in late January
    # or in February), and its New Year's Eve is the day before, also in solar year Y.
    new_year = _lunar(year, 1, 1)
    qingming: date = TermUtils.nth_term_day(year, term_name="清明")
    festivals = [
        (NEW_YEARS_DAY, [date(year, 1, 1)]),
        (SPRING_FESTIVAL, [new_year + timedelta(days=k) for k in range(-1, 3)]),
        (QINGMING, [qingming]),
        (LABOUR_DAY, [date(year, 5, 1), date(year, 5, 2)]),
        (DRAGON_BOAT, [_lunar(year, 5, 5)]),
        (MID_AUTUMN, [_lunar(year, 8, 15)]),
        (NATIONAL_DAY, [date(year, 10, d) for d in (1, 2, 3)]),
    ]
    days: dict[date, str] = {}
    for name, festival_days in festivals:
        for day in festival_days:
            days[day] = f"{days[day]} and {name}" if day in days else name
    return MappingProxyType(dict(sorted(days.items())))
