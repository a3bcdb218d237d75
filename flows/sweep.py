"""The daily sweep as a Prefect flow: every day at 08:30 in Asia/Shanghai (see prefect.yaml).

Cron cannot say "working days" in China (make-up weekends), so the flow runs every day and
returns at once when the calendar says the office is closed.
"""

from datetime import datetime
from typing import Any

from prefect import flow, get_run_logger, task

from chainops import wiring
from chainops.calendar_setup import fallback_warning, working_calendar
from chainops.settings import get_settings
from services.database import schema_problem
from services.tasks import sweep


@task(retries=2, retry_delay_seconds=30)
def run_sweep(now: datetime, chunk_size: int) -> dict[str, Any]:
    """The sweep itself; retried on failure, which is safe: a sweep may always run twice."""
    report = sweep(
        engine=wiring.engine(), now=now, rules=wiring.engine_rules(), chunk_size=chunk_size
    )
    return report.as_dict()


@flow(name="daily-sweep")
def daily_sweep(as_of: datetime | None = None, chunk_size: int = 500) -> dict[str, Any]:
    """Decide lights and escalations for every task whose time has come; queue the notices.

    ``chunk_size``: tasks claimed (and committed) at a time; workers running at once share the
    due tasks chunk by chunk."""
    logger = get_run_logger()
    now = as_of or wiring.now()
    rules = wiring.engine_rules()
    today = rules.today(now)
    problem = schema_problem(wiring.engine())
    if problem:
        raise RuntimeError(problem)
    calendar = working_calendar()
    fallback = calendar.fallback_years(today, today)
    if fallback:
        logger.warning(fallback_warning(calendar, fallback, get_settings().calendar_file))
    if not rules.calendar.is_workday(today):
        logger.info("%s is not a working day: nothing to do", today)
        return {"today": today.isoformat(), "working_day": False}
    report = run_sweep(now, chunk_size)
    logger.info(
        "sweep of %s: %d task(s) looked at, %d notice(s) to %d recipient(s) queued %s",
        today, report["examined"], report["notices"], report["outbox_rows"], report["by_kind"],
    )
    return report
