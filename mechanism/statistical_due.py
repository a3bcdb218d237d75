"""The one date statistics judge a task against (统计时限): its original due date, moved by the
working days it was blocked.

Two things move a task's *current* due date, and statistics treat them differently:

- an approved extension (延期) is the owner's delay, granted or not: it does not move the
  statistical date, so a task extended past its original deadline and finished inside the
  extension is still late, and it is due in the month of its original deadline;
- a block — the task waiting on a factor request (要素保障诉求), the city's own part of the work —
  is not the owner's delay: its clock pauses, and the statistical date moves by the working days
  the block lasted, exactly as the current due date does when the block ends
  (:func:`mechanism.lifecycle.due_after_unblock`).

So "on time" means: the owner used no more of their own working days than the original deadline
gave them, wherever in the task's life the blocks fell. The monthly rollup's "due this month",
"done on time" and "done late" all count against this date (``mechanism.rollup``).

A block is a pair (first day, last day): ``since`` is the day it began, ``until`` the day it ended
(None while it lasts). The days lost are the working days d with since < d <= until — the day
a block begins is still the owner's (the same count the due date moves by).
"""

from collections.abc import Iterable
from datetime import date

from mechanism.workdays import Workdays

Block = tuple[date, date | None]
"""A period a task was blocked: (the day it began, the day it ended, or None while it lasts)."""


def lost_workdays(since: date, until: date, calendar: Workdays) -> int:
    """The working days a block from ``since`` to ``until`` took from the task's clock."""
    return max(0, calendar.between(since, until))


def blocked_workdays(blocks: Iterable[Block], *, as_of: date, calendar: Workdays) -> int:
    """The working days the task had been blocked by the end of ``as_of``.

    A block still running, or one that ended after ``as_of``, counts up to ``as_of``: a month's
    figures see the pauses of that month and before, not the ones that came later, so they are
    the same whenever the month is closed.
    """
    total = 0
    for since, until in blocks:
        end = as_of if until is None or until > as_of else until
        total += lost_workdays(since, end, calendar)
    return total


def statistical_due(original_due: date, blocked_workdays: int, calendar: Workdays) -> date:
    """The original due date moved by ``blocked_workdays`` working days (unmoved when none)."""
    return calendar.add(original_due, blocked_workdays) if blocked_workdays > 0 else original_due
