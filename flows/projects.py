"""The key-project check as a Prefect flow: every day at 09:00 in Asia/Shanghai (prefect.yaml).

It stores each active project's light and, from the monthly report deadline on (the Nth
working day, chainops/config/projects.yaml), urges the reports still missing. Like the sweep
it runs every day and returns at once when the office is closed.
"""

from datetime import datetime
from typing import Any

from prefect import flow, get_run_logger, task

from chainops import wiring
from chainops.settings import get_settings
from services.config import load_project_rules
from services.database import schema_problem
from services.projects import check_projects


@task(retries=2, retry_delay_seconds=30)
def run_check(now: datetime) -> dict[str, Any]:
    """The check itself; retried on failure, which is safe: it may always run twice."""
    settings = get_settings()
    report = check_projects(
        engine=wiring.engine(),
        now=now,
        rules=wiring.engine_rules(),
        projects=load_project_rules(settings.projects_file),
        locale=settings.locale,
    )
    return report.as_dict()


@flow(name="key-project-check")
def key_project_check(as_of: datetime | None = None) -> dict[str, Any]:
    """Project lights, and urgings for the monthly reports missing after their deadline."""
    logger = get_run_logger()
    now = as_of or wiring.now()
    rules = wiring.engine_rules()
    today = rules.today(now)
    problem = schema_problem(wiring.engine())
    if problem:
        raise RuntimeError(problem)
    load_project_rules(get_settings().projects_file)  # a bad file fails here, not in a retry
    if not rules.calendar.is_workday(today):
        logger.info("%s is not a working day: nothing to do", today)
        return {"today": today.isoformat(), "working_day": False}
    report = run_check(now)
    logger.info(
        "key-project check of %s: %d project(s), %d light(s) changed %s, "
        "%d report(s) urged with %d notice(s) to %d recipient(s)",
        today,
        report["examined"],
        report["lights_changed"],
        report["changed_to"],
        report["stale"],
        report["notices"],
        report["outbox_rows"],
    )
    return report
