"""The factor-request check as a Prefect flow: every day at 08:45 in Asia/Shanghai (prefect.yaml).

Like the daily sweep it runs every day and returns at once when the office is closed.
"""

from datetime import datetime
from typing import Any

from prefect import flow, get_run_logger, task

from chainops import wiring
from chainops.settings import get_settings
from services.config import cached_factor_rules
from services.database import schema_problem
from services.requests import check_requests


@task(retries=2, retry_delay_seconds=30)
def run_request_check(now: datetime) -> dict[str, Any]:
    """The check itself; retried on failure, which is safe: a check may always run twice."""
    report = check_requests(
        engine=wiring.engine(),
        now=now,
        rules=wiring.engine_rules(),
        factors=cached_factor_rules(str(get_settings().factors_file)),
    )
    return report.as_dict()


@flow(name="factor-request-check")
def factor_request_check(as_of: datetime | None = None) -> dict[str, Any]:
    """Lights and service-level escalations of factor-supply requests; queues the notices."""
    logger = get_run_logger()
    now = as_of or wiring.now()
    today = wiring.engine_rules().today(now)
    problem = schema_problem(wiring.engine())
    if problem:
        raise RuntimeError(problem)
    if not wiring.engine_rules().calendar.is_workday(today):
        logger.info("%s is not a working day: nothing to do", today)
        return {"today": today.isoformat(), "working_day": False}
    report = run_request_check(now)
    logger.info(
        "request check of %s: %d request(s) looked at, %d notice(s) to %d recipient(s) queued %s",
        today, report["examined"], report["notices"], report["outbox_rows"], report["by_level"],
    )
    return report
