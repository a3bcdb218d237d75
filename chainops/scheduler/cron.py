"""Unix (Prefect) cron read as an APScheduler trigger that fires on the same minutes.

Two cron dialects meet here and they disagree, so the translation is explicit:

- **Weekdays.** Unix cron (and Prefect) count Sunday = 0 (and 7), Monday = 1; APScheduler 3
  counts Monday = 0, so ``CronTrigger.from_crontab("30 8 * * 1-5")`` runs Tue–Sat. We expand
  the day-of-week field ourselves and hand APScheduler day *names*, which mean one thing.
- **Day of month and day of week.** Unix cron fires when *either* restricted field matches (OR);
  APScheduler fires when *both* match (AND). Rather than run on different days than Prefect,
  a cron restricting both is refused unless the schedule says ``day_or: false`` (AND in Prefect).
- **Ranges like ``5-5``.** Prefect's croniter reads a range whose ends are equal as ``*`` (every
  value); APScheduler reads it as the one value. Refused, so the two never silently differ.

``ScheduleError`` lives here, at the bottom of the package: reading ``prefect.yaml`` and
running its flows raise it too.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger

DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")  # index = Unix cron number
ALL_DAYS = frozenset(range(7))
UNRESTRICTED = frozenset({"*", "?"})
MACROS = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
}
_RANGE = re.compile(r"(?<![\w/])(\w+)-(\w+)")


class ScheduleError(ValueError):
    """A schedule the embedded scheduler cannot run; the message names the file and deployment."""


def cron_trigger(cron: str, timezone: str, *, day_or: bool = True) -> CronTrigger:
    """An APScheduler trigger firing when the 5-field Unix (Prefect) ``cron`` fires.

    Minute, hour, day and month mean the same in both dialects and pass through; the
    day-of-week field does not (see the module docstring) and is translated to day names.
    """
    zone = _zone(timezone)
    fields = MACROS.get(cron.strip().lower(), cron).split()
    if len(fields) != 5:
        raise ScheduleError(f"cron {cron!r}: expected 5 fields (minute hour day month day-of-week)")
    minute, hour, day, month, weekday = fields
    _refuse_degenerate_ranges(cron, fields)
    days = unix_weekdays(weekday, cron=cron)
    if day_or and day not in UNRESTRICTED and weekday not in UNRESTRICTED:
        raise ScheduleError(
            f"cron {cron!r} restricts both day of month and day of week; cron runs on days "
            "matching either, APScheduler only on days matching both. Use '*' in one of them, "
            "split it into two schedules, or set 'day_or: false' to mean both"
        )
    try:
        return CronTrigger(
            minute=minute,
            hour=hour,
            day=_wildcard(day),
            month=month,
            day_of_week=None if days == ALL_DAYS else ",".join(DAY_NAMES[d] for d in sorted(days)),
            timezone=zone,
        )
    except ValueError as exc:
        raise ScheduleError(f"cron {cron!r}: {exc}") from exc


def _zone(timezone: str) -> ZoneInfo:
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(
            f"unknown time zone {timezone!r} (use an IANA name such as Asia/Shanghai)"
        ) from None


def _wildcard(value: str) -> str:
    # '?' is croniter's (and Quartz's) "no specific value"; APScheduler only knows '*'.
    return "*" if value == "?" else value


def _refuse_degenerate_ranges(cron: str, fields: list[str]) -> None:
    """Refuse ``a-a`` (also ``mon-1``, ``7-0``): Prefect's croniter expands a range whose
    ends are the same value to ``*`` (every value, even with a step), APScheduler to ``a``."""
    for position, text in enumerate(fields):
        for first, last in _RANGE.findall(text):
            if _same_value(first.lower(), last.lower(), weekday=position == 4):
                raise ScheduleError(
                    f"cron {cron!r}: the range {first}-{last} starts and ends on the same value, "
                    f"which Prefect reads as '*' (every value); write the single value instead"
                )


def _same_value(first: str, last: str, *, weekday: bool) -> bool:
    if first.isdigit() and last.isdigit() and int(first) == int(last):
        return True
    if not weekday:
        return first == last
    try:
        a, b = _day_number(first), _day_number(last)
    except ScheduleError:
        return False
    return a % 7 == b % 7 and (a, b) != (0, 7)


def unix_weekdays(text: str, *, cron: str = "") -> frozenset[int]:
    """The days a Unix cron day-of-week field names, as numbers with Sunday = 0.

    Accepts what Prefect accepts: ``*``, ``?``, numbers 0–7 (0 and 7 are Sunday), names
    ``sun``–``sat`` in any case, ranges (``1-5``, ``MON-FRI``; a range may wrap past Saturday,
    ``fri-mon``), steps (``*/2`` = Sun, Tue, Thu, Sat; ``1-5/2``; ``1/2`` = from Monday on) and
    comma lists. ``L`` and ``#`` (last / nth weekday) have no APScheduler equivalent here.
    """
    where = f"cron {cron!r}: day of week {text!r}" if cron else f"day of week {text!r}"
    days: set[int] = set()
    for item in text.split(","):
        try:
            days |= _weekday_item(item.strip().lower())
        except ScheduleError as exc:
            raise ScheduleError(f"{where}: {exc}") from None
    return frozenset(days)


def _weekday_item(item: str) -> set[int]:
    if "#" in item or item == "l" or (item.endswith("l") and item[:-1].isdigit()):
        raise ScheduleError("'L' and '#' (last / nth weekday) are not supported")
    base, slash, step_text = item.partition("/")
    step = _step(step_text) if slash else 1
    if base in UNRESTRICTED:
        return set(range(0, 7, step))
    first_text, dash, last_text = base.partition("-")
    first = _day_number(first_text)
    if not dash:
        return _weekday_from(first, step) if slash else {first % 7}
    last = _day_number(last_text)
    if first <= last:
        return {d % 7 for d in range(first, last + 1, step)}
    if slash:
        raise ScheduleError("a range wrapping past Saturday cannot take a step")
    return set(range(first, 7)) | set(range(0, last + 1))


def _weekday_from(first: int, step: int) -> set[int]:
    """``a/n``: croniter reads it as ``a-6/n``, so ``6/n`` becomes the degenerate ``6-6/n``,
    which it expands like ``*/n`` (see ``_refuse_degenerate_ranges``): refused."""
    start = first % 7
    if start == 6:
        raise ScheduleError(f"Saturday/{step} is read by Prefect as '*/{step}'; write 6 or sat")
    return set(range(start, 7, step))


def _step(text: str) -> int:
    if not text.isdigit() or int(text) == 0:
        raise ScheduleError(f"step {text!r} must be a whole number above 0")
    return int(text)


def _day_number(text: str) -> int:
    if text.isdigit() and int(text) <= 7:
        return int(text)
    if text in DAY_NAMES:
        return DAY_NAMES.index(text)
    raise ScheduleError(f"{text!r} is not a day (0-7 or sun-sat)")


def next_fire_times(trigger: CronTrigger, now: datetime, count: int = 3) -> list[datetime]:
    """The next ``count`` times ``trigger`` fires after ``now``, in the trigger's time zone."""
    times: list[datetime] = []
    previous: datetime | None = None
    for _ in range(count):
        fire = trigger.get_next_fire_time(previous, previous or now)
        if fire is None:
            break
        times.append(fire)
        previous = fire
    return times
