"""The enterprise half's daily step as a Prefect flow: every day at 08:30 in Asia/Shanghai
(prefect.yaml). It marks lapsed titles expired and makes the review and yearly data-update
reminder tasks due 60 and 30 working days ahead (services.enterprises.remind). Like the sweep
it runs every day and returns at once when the office is closed; a reminder missed while it
was down is made, once, on the next working day.
"""

from datetime import datetime
from typing import Any

from prefect import flow, get_run_logger, task

from chainops import wiring
from services.database import schema_problem
from services.enterprises import remind


@task(retries=2, retry_delay_seconds=30)
def run_reminders(now: datetime) -> dict[str, Any]:
    """The step itself; retried on failure, which is safe: each reminder is made once."""
    with wiring.session() as session:
        report = remind(
            session=session, now=now, rules=wiring.engine_rules(), kinds=wiring.designation_kinds()
        )
    return report.as_dict()


@flow(name="enterprise-reminders")
def enterprise_reminders(as_of: datetime | None = None) -> dict[str, Any]:
    """Expire lapsed titles; remind the lead departments of reviews and data updates."""
    logger = get_run_logger()
    now = as_of or wiring.now()
    rules = wiring.engine_rules()
    today = rules.today(now)
    problem = schema_problem(wiring.engine())
    if problem:
        raise RuntimeError(problem)
    wiring.designation_kinds()  # a bad designations file fails here, not in a retry
    if not rules.calendar.is_workday(today):
        logger.info("%s is not a working day: nothing to do", today)
        return {"today": today.isoformat(), "working_day": False}
    report = run_reminders(now)
    logger.info(
        "enterprise reminders of %s: %d title(s) expired, %d task(s) for %d reminder(s), "
        "%d skipped",
        today,
        report["expired"],
        report["tasks"],
        report["reminders"],
        len(report["skipped"]),
    )
    return report
