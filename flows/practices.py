"""The standing practices' daily step as a Prefect flow: every day at 08:30 in Asia/Shanghai
(prefect.yaml, so the embedded scheduler runs it too). It makes each period's task of every
chain's practices (巡链, 诊链, 问链, 月调度) once (services.practices.make_periods). Like the
sweep it runs every day and returns at once when the office is closed; after downtime each
missed period is made once, on the next working day, and audited as caught up.
"""

from datetime import datetime
from typing import Any

from prefect import flow, get_run_logger, task

from chainops import wiring
from services.database import schema_problem
from services.practices import make_periods


@task(retries=2, retry_delay_seconds=30)
def run_practices(now: datetime) -> dict[str, Any]:
    """The step itself; retried on failure, which is safe: each period is made once."""
    with wiring.session() as session:
        report = make_periods(
            session=session, now=now, rules=wiring.engine_rules(), practices=wiring.practice_rules()
        )
    return report.as_dict()


@flow(name="standing-practices")
def standing_practices(as_of: datetime | None = None) -> dict[str, Any]:
    """Make each period's task of the standing practices, once."""
    logger = get_run_logger()
    now = as_of or wiring.now()
    rules = wiring.engine_rules()
    today = rules.today(now)
    problem = schema_problem(wiring.engine())
    if problem:
        raise RuntimeError(problem)
    wiring.practice_rules()  # a bad mechanism file fails here, not in a retry
    if not rules.calendar.is_workday(today):
        logger.info("%s is not a working day: nothing to do", today)
        return {"today": today.isoformat(), "working_day": False}
    report = run_practices(now)
    logger.info(
        "standing practices of %s: %d period(s) made, %d of them caught up, %d skipped",
        today,
        report["made"],
        report["caught_up"],
        len(report["skipped"]),
    )
    for line in report["skipped"]:
        logger.info("skipped: %s", line)
    return report
