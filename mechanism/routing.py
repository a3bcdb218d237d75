"""Which channels a notice goes by, besides email (ladder.yaml ``routes``).

Every notice goes by email: the mail is the record, with its number, its deadline as an .ics
and its acknowledgement link. The top of the ladder also reaches officials where they read:
a coordination or supervision notice goes to its chain's group robots (WeCom, DingTalk) as
one digest per chain per run, and a supervision notice to the chain leader's phone by SMS.
Both only where the office configured the channel and switched it on.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from mechanism.ladder import RecipientRole
from mechanism.vocabulary import NoticeKind


class Route(StrEnum):
    """A way a notice travels besides email."""

    ROBOTS = "robots"  # the chain's group robots
    SMS = "sms"  # a text message to the people of ``sms_roles`` who have a mobile


DEFAULT_ROUTES: Mapping[str, frozenset[Route]] = {
    NoticeKind.COORDINATION.value: frozenset({Route.ROBOTS}),
    NoticeKind.SUPERVISION.value: frozenset({Route.ROBOTS, Route.SMS}),
}


@dataclass(frozen=True)
class Routes:
    """The channels each kind of notice takes; kinds not named go by email alone."""

    by_kind: Mapping[str, frozenset[Route]] = field(default_factory=lambda: dict(DEFAULT_ROUTES))
    # SMS is for the few who must read it today: by default the chain leaders.
    sms_roles: frozenset[RecipientRole] = frozenset({RecipientRole.CHAIN_LEADER})

    def of(self, kind: str) -> frozenset[Route]:
        return self.by_kind.get(kind, frozenset())

    def texts(self, kind: str, roles: Iterable[RecipientRole]) -> bool:
        """Whether a notice of ``kind`` goes by SMS to someone with one of ``roles``."""
        return Route.SMS in self.of(kind) and any(role in self.sms_roles for role in roles)
