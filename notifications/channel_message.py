"""What goes to a group robot (WeCom, DingTalk) or a phone (SMS), and the transports for them.

Email is ``notifications.message.OutgoingEmail`` through ``notifications.transports.Transport``;
the channels officials read in their work groups and on their phones carry less, so they have
messages of their own. Every transport raises ``notifications.transports.TransportError`` on a
failure (``permanent``, ``retry_after``, ``unknown`` as it documents) and returns on success.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class RobotMessage:
    """One markdown message to a group robot: a digest of the notices for one chain."""

    title: str  # the headline (DingTalk shows it in the chat list; WeCom puts it first)
    markdown: str  # the body, in the markdown both vendors render
    mentions: tuple[str, ...] = ()  # mainland mobile numbers to @-mention
    link: str | None = None  # the page with the full text, for a body trimmed to the limit
    outbox_ids: tuple[int, ...] = ()  # the outbox rows it delivers


@dataclass(frozen=True)
class SmsMessage:
    """One text message from an approved template (≤ 70 characters once filled in)."""

    phone: str  # 11-digit mainland mobile number
    template_code: str  # e.g. SMS_123456789, approved by the vendor
    params: Mapping[str, str] = field(default_factory=dict)  # the template's ${name} values
    out_id: str = ""  # our outbox id, so the vendor's receipts name it


class RobotTransport(Protocol):
    def send(self, message: RobotMessage) -> None:
        """Post one message to the robot's group, or raise ``TransportError``."""

    def posts_for(self, message: RobotMessage) -> int:
        """How many posts ``send`` makes for ``message`` (what the rate limit counts)."""

    def close(self) -> None:
        """Release the connection, if any."""


class SmsTransport(Protocol):
    def send(self, message: SmsMessage) -> None:
        """Submit one text message, or raise ``TransportError`` (``unknown`` when the
        submission's answer was lost)."""
