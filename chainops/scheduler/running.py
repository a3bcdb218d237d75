"""Running the schedules: importing each deployment's flow and calling it on its crons.

One APScheduler job per schedule, kept in memory, run in a thread pool until SIGINT or
SIGTERM; a failing flow is logged and the scheduler carries on.
"""

from __future__ import annotations

import copy
import importlib
import logging
import signal
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import PurePosixPath
from types import FrameType, MappingProxyType
from typing import Any, TypeVar

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

from chainops.scheduler.cron import ScheduleError
from chainops.scheduler.prefect_file import DEFAULT_TIMEZONE, Schedule

# The package's name, not this module's: operators filter the scheduler's log by it.
log = logging.getLogger("chainops.scheduler")

SchedulerT = TypeVar("SchedulerT", bound=BaseScheduler)

JOB_DEFAULTS: Mapping[str, Any] = MappingProxyType(
    # A machine asleep at 08:30 runs the sweep once when it wakes (within the hour), never twice,
    # and a slow run is never overlapped by the next one.
    {"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600}
)


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
