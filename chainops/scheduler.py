"""The embedded scheduler: ``prefect.yaml``'s cron schedules run by APScheduler in-process.

``prefect.yaml`` is the one source of schedules (DESIGN.md, "Scheduling"). On one machine,
``chainops scheduler`` reads it and calls the same flows on the same crons, without a Prefect
server or worker. Two cron dialects meet here and they disagree, so the translation is explicit:

- **Weekdays.** Unix cron (and Prefect) count Sunday = 0 (and 7), Monday = 1; APScheduler 3
  counts Monday = 0, so ``CronTrigger.from_crontab("30 8 * * 1-5")`` runs Tue–Sat. We expand
  the day-of-week field ourselves and hand APScheduler day *names*, which mean one thing.
- **Day of month and day of week.** Unix cron fires when *either* restricted field matches (OR);
  APScheduler fires when *both* match (AND). Rather than run on different days than Prefect,
  a cron restricting both is refused unless the schedule says ``day_or: false`` (AND in Prefect).
- **Ranges like ``5-5``.** Prefect's croniter reads a range whose ends are equal as ``*`` (every
  value); APScheduler reads it as the one value. Refused, so the two never silently differ.

Interval and rrule schedules have no cron to translate; they are refused, not approximated.
"""

from __future__ import annotations

import copy
import importlib
import logging
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from types import FrameType, MappingProxyType
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger

log = logging.getLogger("chainops.scheduler")

SchedulerT = TypeVar("SchedulerT", bound=BaseScheduler)

# Prefect's default when a cron schedule names no time zone.
DEFAULT_TIMEZONE = "UTC"
JOB_DEFAULTS: Mapping[str, Any] = MappingProxyType(
    # A machine asleep at 08:30 runs the sweep once when it wakes (within the hour), never twice,
    # and a slow run is never overlapped by the next one.
    {"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600}
)

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


@dataclass(frozen=True)
class Schedule:
    """One active cron schedule of one deployment in ``prefect.yaml``."""

    deployment: str
    entrypoint: str
    cron: str
    timezone: str
    # The deployment's parameters overlaid with the schedule's own, as Prefect merges them.
    parameters: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), hash=False)
    # Prefect's ``day_or``: False makes a cron restricting both day fields mean AND.
    day_or: bool = True

    def trigger(self) -> CronTrigger:
        return cron_trigger(self.cron, self.timezone, day_or=self.day_or)


# --- prefect.yaml -------------------------------------------------------------------------


def load_schedules(path: Path) -> list[Schedule]:
    """Every active cron schedule in ``path``, checked whole: the first problem raises."""
    document = _read_yaml(path)
    deployments = document.get("deployments") or []
    if not isinstance(deployments, list):
        raise ScheduleError(f"{path}: 'deployments' must be a list")
    schedules: list[Schedule] = []
    for number, deployment in enumerate(deployments, start=1):
        schedules.extend(_deployment_schedules(path, number, deployment))
    return schedules


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScheduleError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise ScheduleError(f"{path}: not valid YAML: {exc}") from exc
    if document is None:
        return {}
    if not isinstance(document, dict):
        raise ScheduleError(f"{path}: expected a mapping with a 'deployments' list")
    return document


def _deployment_schedules(path: Path, number: int, deployment: Any) -> Iterator[Schedule]:
    if not isinstance(deployment, dict) or not isinstance(deployment.get("name"), str):
        raise ScheduleError(f"{path}: deployment #{number} has no name")
    where = f"{path}: deployment {deployment['name']!r}"
    configs = deployment.get("schedules") or []
    if not isinstance(configs, list):
        raise ScheduleError(f"{where}: 'schedules' must be a list")
    # Numbered as written in the file, so an error points at the right entry.
    active = [
        (index, config)
        for index, config in enumerate(configs, start=1)
        if not (isinstance(config, dict) and config.get("active", True) is False)
    ]
    if not active:
        return
    entrypoint = deployment.get("entrypoint")
    if not isinstance(entrypoint, str) or not entrypoint.strip():
        raise ScheduleError(f"{where}: has schedules but no entrypoint (e.g. flows/sweep.py:sweep)")
    parameters = _mapping(deployment.get("parameters"), f"{where}: parameters")
    for index, config in active:
        yield _schedule(
            f"{where}, schedule {index}", deployment["name"], entrypoint, parameters, config
        )


def _schedule(
    where: str, name: str, entrypoint: str, parameters: Mapping[str, Any], config: Any
) -> Schedule:
    if not isinstance(config, dict):
        raise ScheduleError(f"{where}: expected a mapping such as {{cron: '0 8 * * *'}}")
    if not isinstance(config.get("active", True), bool):
        raise ScheduleError(f"{where}: 'active' must be true or false")
    cron = config.get("cron")
    if not cron:
        kind = next((k for k in ("interval", "rrule") if config.get(k)), None)
        if kind:
            raise ScheduleError(
                f"{where}: {kind} schedules are not supported by the embedded scheduler; "
                "use a cron schedule, or run a Prefect worker instead"
            )
        raise ScheduleError(f"{where}: no cron")
    timezone = config.get("timezone") or DEFAULT_TIMEZONE
    day_or = config.get("day_or", True)
    if not isinstance(cron, str) or not isinstance(timezone, str) or not isinstance(day_or, bool):
        raise ScheduleError(f"{where}: cron and timezone must be text, day_or true or false")
    merged = {**parameters, **_mapping(config.get("parameters"), f"{where}: parameters")}
    schedule = Schedule(name, entrypoint, cron, timezone, MappingProxyType(merged), day_or)
    try:
        schedule.trigger()
    except ScheduleError as exc:
        raise ScheduleError(f"{where}: {exc}") from exc
    return schedule


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ScheduleError(f"{where} must be a mapping")
    return dict(value)


# --- cron -----------------------------------------------------------------------------------


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


# --- running ---------------------------------------------------------------------------------


def load_entrypoint(entrypoint: str) -> Callable[..., Any]:
    """``flows/sweep.py:daily_sweep`` → the ``daily_sweep`` object of module ``flows.sweep``.

    The path is read relative to the project root, which must be on ``sys.path`` (installed,
    or put there by the CLI), just as a Prefect worker imports it from its working directory.
    """
    path, colon, attribute = entrypoint.rpartition(":")
    if not colon or not path or not attribute:
        raise ScheduleError(f"entrypoint {entrypoint!r}: expected 'path/to/module.py:function'")
    module_name = _module_name(entrypoint, path)
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:
        raise ScheduleError(
            f"entrypoint {entrypoint!r}: cannot import {module_name}: {exc}"
        ) from exc
    target: Any = module
    for part in attribute.split("."):
        target = getattr(target, part, None)
    if not callable(target):
        raise ScheduleError(f"entrypoint {entrypoint!r}: {module_name} has no function {attribute}")
    return target  # type: ignore[no-any-return]


def _module_name(entrypoint: str, path: str) -> str:
    pure = PurePosixPath(path.replace("\\", "/"))
    parts = [p for p in pure.parts if p != "."]
    if (
        pure.is_absolute()
        or pure.suffix != ".py"
        or not parts
        or not all(p.removesuffix(".py").isidentifier() for p in parts)
    ):
        raise ScheduleError(
            f"entrypoint {entrypoint!r}: expected a .py file relative to the project root"
        )
    parts[-1] = parts[-1].removesuffix(".py")
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def run_deployment_job(
    entrypoint: str, parameters: Mapping[str, Any], deployment: str | None = None
) -> bool:
    """Run one deployment's flow now; True if it finished, False if it raised.

    A failing flow is logged with its traceback and swallowed: one broken deployment must
    not stop the scheduler, and the next fire time tries again. Each run gets its own copy
    of the parameters, so a flow that mutates them cannot change the next run.
    """
    name = deployment or entrypoint
    log.info("deployment %s: starting %s", name, entrypoint)
    started = time.monotonic()
    try:
        load_entrypoint(entrypoint)(**copy.deepcopy(dict(parameters)))
    except Exception:
        log.exception("deployment %s: failed after %.1f s", name, time.monotonic() - started)
        return False
    log.info("deployment %s: finished in %.1f s", name, time.monotonic() - started)
    return True


def build_scheduler(
    schedules: list[Schedule], scheduler_class: type[SchedulerT] = BlockingScheduler
) -> SchedulerT:
    """A scheduler (not started) with one job per schedule, in memory: ``prefect.yaml`` is
    the store, read afresh on every start, so nothing else needs to persist.

    The job id is the deployment name; a deployment's second schedule (or a second
    deployment of the same name under another flow) gets ``name#2``.
    """
    scheduler: SchedulerT = scheduler_class(
        jobstores={"default": MemoryJobStore()},
        executors={"default": ThreadPoolExecutor()},
        job_defaults=dict(JOB_DEFAULTS),
        timezone=DEFAULT_TIMEZONE,
    )
    seen: dict[str, int] = {}
    for schedule in schedules:
        seen[schedule.deployment] = seen.get(schedule.deployment, 0) + 1
        count = seen[schedule.deployment]
        scheduler.add_job(
            run_deployment_job,
            trigger=schedule.trigger(),
            args=[schedule.entrypoint, dict(schedule.parameters)],
            kwargs={"deployment": schedule.deployment},
            id=schedule.deployment if count == 1 else f"{schedule.deployment}#{count}",
            name=schedule.deployment,
            replace_existing=True,
            **JOB_DEFAULTS,
        )
    return scheduler


class _Stop(Exception):
    """Raised in the main thread by SIGINT/SIGTERM to leave the blocking loop."""


def run_until_stopped(scheduler: BlockingScheduler) -> None:
    """Run ``scheduler`` until SIGINT or SIGTERM, then let running flows finish and stop.

    While flows finish, the old signal handlers are back: a second Ctrl-C aborts.
    """

    def stop(signum: int, _frame: FrameType | None) -> None:
        raise _Stop(signal.Signals(signum).name)

    in_main = threading.current_thread() is threading.main_thread()
    previous = (
        {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)} if in_main else {}
    )
    try:
        log.info("scheduler started with %d job(s)", len(scheduler.get_jobs()))
        scheduler.start()
    except _Stop as exc:
        log.info("%s received: stopping, waiting for running flows to finish", exc)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if scheduler.running:
            scheduler.shutdown(wait=True)
    log.info("scheduler stopped")
