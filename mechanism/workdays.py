"""What the rules need of a working-day calendar (``mechanism.calendar.WorkingCalendar``).

Rules depend on this protocol rather than on the calendar class, so they can be read, and
tested, without knowing where holidays come from.
"""

from datetime import date
from typing import Protocol


class Workdays(Protocol):
    def is_workday(self, day: date) -> bool:
        """Whether offices work on ``day`` (make-up weekend days 调休 included)."""
        ...

    def add(self, day: date, n: int) -> date:
        """The n-th working day after ``day`` (before, for negative n); ``day`` is not counted."""
        ...

    def between(self, start: date, end: date) -> int:
        """Working days d with start < d <= end (negative when end is before start)."""
        ...
