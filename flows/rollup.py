"""Close last month on the first working day of this one (月调度): runs daily, acts once a month.

Cron cannot say "first working day" (a holiday may fill the 1st, and make-up weekends count),
so the flow runs every day at 07:30 and closes the previous month only on the month's first
working day — or on any later day while that month is still open, so a missed run catches up.
"""

from datetime import datetime, timedelta
from typing import Any

from prefect import flow, get_run_logger

from chainops import wiring
from mechanism.rollup import first_working_day
from models.db import session_scope
from services.rollup import close_month, show_month


@flow(name="monthly-rollup")
def monthly_rollup(as_of: datetime | None = None) -> dict[str, Any]:
    """Freeze last month's figures per chain and for the city, once."""
    logger = get_run_logger()
    now = as_of or wiring.now()
    rules = wiring.engine_rules()
    today = rules.today(now)
    this_month = today.replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    if today < first_working_day(this_month, rules.calendar.is_workday):
        logger.info("%s: not yet the first working day of the month", today)
        return {"today": today.isoformat(), "closed": None}
    with session_scope(wiring.engine()) as session:
        if show_month(session=session, month=last_month) is not None:
            return {"today": today.isoformat(), "closed": None, "already": last_month.isoformat()}
        result = close_month(
            session=session,
            month=last_month,
            now=now,
            rules=rules,
            factors=wiring.factor_rules(),
        )
        logger.info("closed %s: %d scopes", last_month.strftime("%Y-%m"), len(result.chains) + 1)
    return {"today": today.isoformat(), "closed": last_month.strftime("%Y-%m")}
