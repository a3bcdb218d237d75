"""Everything the engine's rules are configured with, handed to services in one value."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from mechanism.ladder import LadderConfig
from mechanism.lights import LightRules
from mechanism.numbering import DEFAULT_NUMBER_TEMPLATE
from mechanism.routing import Routes
from mechanism.workdays import Workdays


@dataclass(frozen=True)
class EngineRules:
    calendar: Workdays
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))
    ladders: LadderConfig = field(default_factory=LadderConfig)
    lights: LightRules = field(default_factory=LightRules)
    office_mailbox: str | None = None  # last resort when a rung finds nobody to tell
    notice_prefix: str = "聊链"
    number_template: str = DEFAULT_NUMBER_TEMPLATE
    routes: Routes = field(default_factory=Routes)
    # The group robots configured (and switched on) for each chain, by chain code, and whether
    # SMS is: what ``routes`` may use. Empty: email only, as before channels existed.
    robots: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # The same for departments, by department code: a notice addressed to a department's
    # mailbox also reaches that department's group robots, where its route says "robots".
    department_robots: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sms: bool = False

    def today(self, now: datetime) -> date:
        """The office's date at ``now`` (a UTC instant)."""
        return now.astimezone(self.zone).date()

    def start_of(self, day: date) -> datetime:
        """Midnight of ``day`` in the city, as a UTC instant: when a day's work becomes due."""
        return datetime.combine(day, time(0), self.zone).astimezone(UTC)
