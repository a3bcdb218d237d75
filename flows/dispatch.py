"""Deliver the outbox every few minutes (see prefect.yaml); outside working hours it waits."""

from datetime import datetime
from typing import Any

from prefect import flow, get_run_logger, task

from chainops import wiring
from services.outbox import dispatch


@task(retries=2, retry_delay_seconds=20)
def deliver(now: datetime) -> dict[str, Any]:
    """One dispatch run; safe to retry: rows are leased, attempts recorded, sends deduplicated."""
    transport, channels = wiring.transport(), wiring.channels()
    try:
        report = dispatch(
            engine=wiring.engine(),
            now=now,
            transport=transport,
            rules=wiring.dispatch_rules(),
            channels=channels,
        )
    finally:
        transport.close()
        channels.close()
    return report.as_dict()


@flow(name="dispatch-notices")
def dispatch_notices(as_of: datetime | None = None) -> dict[str, Any]:
    """Send what the outbox holds for now: one digest per recipient, retries with backoff."""
    logger = get_run_logger()
    report = deliver(as_of or wiring.now())
    if not report["open"]:
        logger.info("outside the sending window: notices wait for the next working morning")
    else:
        logger.info(
            "%d email(s) for %d notice delivery(ies); %d to retry, %d dead",
            report["emails"], report["sent"], report["retrying"], report["dead"],
        )
    return report
