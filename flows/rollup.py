"""Close last month on the first working day of this one (月调度): runs daily, acts once a month.

Cron cannot say "first working day" (a holiday may fill the 1st, and make-up weekends count),
so the flow runs every day at 07:30 and closes the previous month only on the month's first
working day — or on any later day while that month is still open, so a missed run catches up.
"""

from datetime import datetime, timedelta
from typing import Any

from prefect import flow, get_run_logger

from chainops import wiring
from chainops.settings import get_settings
from mechanism.rollup import first_working_day
from models.db import session_scope
from services.rollup import close_month, is_published, publish_month


@flow(name="monthly-rollup")
def monthly_rollup(as_of: datetime | None = None) -> dict[str, Any]:
    """Freeze last month's figures per chain, department and the city, once; then write its
    bulletin and queue its mail (again only if a run stopped halfway)."""
    logger = get_run_logger()
    settings = get_settings()
    now = as_of or wiring.now()
    rules = wiring.engine_rules(settings)
    today = rules.today(now)
    this_month = today.replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    if today < first_working_day(this_month, rules.calendar.is_workday):
        logger.info("%s: not yet the first working day of the month", today)
        return {"today": today.isoformat(), "closed": None}
    with session_scope(wiring.engine(settings)) as session:
        if is_published(session=session, month=last_month, reports_dir=settings.reports_dir):
            return {"today": today.isoformat(), "closed": None, "already": last_month.isoformat()}
        result = close_month(
            session=session,
            month=last_month,
            now=now,
            rules=rules,
            factors=wiring.factor_rules(settings),
            weights=wiring.ranking_weights(settings),
            pipeline=wiring.pipeline_rules(settings),
            benchmark_gaps=wiring.bulletin_gaps(settings),
            points=wiring.ranking_points(settings),
            projects=wiring.project_rules(settings),
            practices=wiring.bulletin_practices(settings),
        )
        published = publish_month(
            session=session,
            month=last_month,
            reports_dir=settings.reports_dir,
            rules=rules,
            office_name=settings.office_name,
            base_url=settings.base_url,
            locale=settings.locale,
        )
        logger.info(
            "%s %s: %d scopes; bulletin in %s; %d mails queued",
            "closed" if result.newly_closed else "published",
            last_month.strftime("%Y-%m"),
            len(result.chains) + len(result.departments) + 1,
            published.files[0].parent,
            published.mails,
        )
    return {
        "today": today.isoformat(),
        "closed": last_month.strftime("%Y-%m") if result.newly_closed else None,
        "published": published.as_dict(),
    }
