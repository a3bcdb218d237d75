"""Collecting progress replies as a Prefect flow: every 15 minutes (prefect.yaml), doing
nothing on a day off or when no mailbox is configured."""

from datetime import datetime
from typing import Any

from prefect import flow, get_run_logger, task

from chainops import wiring
from services.database import schema_problem
from services.replies import collect_replies


@task(retries=2, retry_delay_seconds=30)
def run_collect(now: datetime) -> dict[str, Any]:
    """One run; retried on failure, which is safe: a reply is applied once by its Message-ID.
    The mailbox is read from the settings here, so its password is never a task parameter."""
    mailbox = wiring.mailbox()
    if mailbox is None:
        raise RuntimeError("CHAINOPS_IMAP_HOST is not set")
    report = collect_replies(
        engine=wiring.engine(),
        mailbox=mailbox,
        transport=wiring.transport(),
        now=now,
        rules=wiring.engine_rules(),
        mail=wiring.dispatch_rules(),
    )
    return report.as_dict()


@flow(name="collect-replies")
def collect_replies_flow(as_of: datetime | None = None) -> dict[str, Any]:
    """Apply, answer and file the replies waiting in the progress mailbox."""
    logger = get_run_logger()
    now = as_of or wiring.now()
    rules = wiring.engine_rules()
    today = rules.today(now)
    problem = schema_problem(wiring.engine())
    if problem:
        raise RuntimeError(problem)
    if not rules.calendar.is_workday(today):
        logger.info("%s is not a working day: replies wait for the next one", today)
        return {"today": today.isoformat(), "working_day": False}
    if wiring.mailbox() is None:
        logger.info("CHAINOPS_IMAP_HOST is not set: no mailbox to collect replies from")
        return {"today": today.isoformat(), "working_day": True, "mailbox": None}
    report = run_collect(now)
    logger.info(
        "replies: %d read, %d applied, %s refused, %d ignored, %d answered, %d filed",
        report["read"], report["applied"], report["refused"], report["ignored"],
        report["answered"], report["filed"],
    )  # fmt: skip
    return {"today": today.isoformat(), "working_day": True, **report}
