"""The standing practices in the demo: the daily ``standing-practices`` step on every working
day of the replay, as the flow runs it, and before the replay one run on 1 July 2026 for the
bearing chain's 巡链 only (the pilot: the practice ran there first), so its 2026-Q3 period
exists and, never recorded, shows as a gap on the chain page and in the bulletin."""

from datetime import UTC, date, datetime, time

import sqlalchemy as sa

from chainops import wiring
from mechanism.practices import PracticeRules
from models.db import session_scope
from services.config import EngineRules
from services.practices import make_periods

PILOT_DAY = date(2026, 7, 1)
PILOT_CHAIN = "BEARING"
PILOT_PRACTICE = "tour"


def practices_pilot(engine: sa.Engine, *, rules: EngineRules) -> None:
    """The bearing chain's 2026-Q3 巡链, made on 1 July as the pilot's first run made it."""
    tour = wiring.practice_rules().by_code(PILOT_PRACTICE)
    if tour is None:  # a mechanism file without the tour: no pilot to show
        return
    now = datetime.combine(PILOT_DAY, time(8, 30), rules.zone).astimezone(UTC)
    with session_scope(engine) as session:
        make_periods(
            session=session, now=now, rules=rules, practices=PracticeRules((tour,)),
            chains=frozenset({PILOT_CHAIN}),
        )  # fmt: skip


def practices_day(engine: sa.Engine, *, now: datetime, rules: EngineRules) -> None:
    """The standing-practices flow's step, on working days as the flow runs it."""
    if rules.calendar.is_workday(rules.today(now)):
        with session_scope(engine) as session:
            make_periods(session=session, now=now, rules=rules, practices=wiring.practice_rules())
