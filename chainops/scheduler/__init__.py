"""The embedded scheduler: ``prefect.yaml``'s cron schedules run by APScheduler in-process.

``prefect.yaml`` is the one source of schedules (DESIGN.md, "Scheduling"). On one machine,
``chainops scheduler`` reads it and calls the same flows on the same crons, without a Prefect
server or worker.

- ``cron``: Unix (Prefect) cron translated to APScheduler triggers, and ``ScheduleError``;
- ``prefect_file``: reading the schedules of ``prefect.yaml`` (``Schedule``, ``load_schedules``);
- ``running``: importing the flows and running them until stopped.
"""

from chainops.scheduler.cron import ScheduleError, cron_trigger, next_fire_times, unix_weekdays
from chainops.scheduler.prefect_file import DEFAULT_TIMEZONE, Schedule, load_schedules
from chainops.scheduler.running import (
    JOB_DEFAULTS,
    build_scheduler,
    load_entrypoint,
    run_deployment_job,
    run_until_stopped,
)

__all__ = [
    "DEFAULT_TIMEZONE",
    "JOB_DEFAULTS",
    "Schedule",
    "ScheduleError",
    "build_scheduler",
    "cron_trigger",
    "load_entrypoint",
    "load_schedules",
    "next_fire_times",
    "run_deployment_job",
    "run_until_stopped",
    "unix_weekdays",
]
