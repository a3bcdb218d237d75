"""Periods counted in working days, the way the law counts them (民法典 第二百零一条, 第二百零三条).

Article 201: a period counted in days starts on the day after the event; the day of the event
is not counted (开始的当日，不计入，自下一日开始计算). Article 203: a period whose last day
is a statutory holiday ends on the day after the holiday, and its last day lasts until 24:00.
Counted in working days both follow from ``Workdays.add``, which never counts the day it starts
from and always lands on a working day: a period of ``n`` working days opened on day A covers
the next ``n`` working days, A+1 … A+n, through A+n itself, and what it holds back goes on on
A+n+1.

A period is not an offset. "The coordination notice three working days after the due date"
names one day, ``calendar.add(due, 3)``, and stays that; "an acknowledgement holds the ladder
for three working days" names three days, and the rung it holds fires on the fourth at the
earliest. Every period of the engine is computed here, so the rule is stated once.
"""

from datetime import date

from mechanism.workdays import Workdays


def period_end(event: date, days: int, calendar: Workdays) -> date:
    """The last day of a period of ``days`` working days that an event on ``event`` opens.

    Counted from the day after the event (民法典 §201): acknowledging on Friday 2026-09-25
    with ``days=3`` gives Wednesday 2026-09-30, the ladder held on 09-28, 09-29 and 09-30;
    over National Day the same hold from 2026-09-30 runs through 2026-10-10 (10-08, 10-09 and
    the make-up Saturday 10-10). The day is part of the period (§203: until 24:00).
    """
    if days < 1:
        raise ValueError(f"a period lasts at least one working day, not {days}")
    return calendar.add(event, days)


def within_period(day: date, end: date) -> bool:
    """Whether ``day`` is still inside a period whose last day is ``end`` (``end`` included)."""
    return day <= end


def after_period(end: date, calendar: Workdays) -> date:
    """The first working day after a period whose last day is ``end``: when what the period
    held back may go on."""
    return calendar.add(end, 1)
