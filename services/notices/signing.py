"""Acknowledging (签收) from the office web app: one's own deliveries of a notice by the button
on its page, or the delivery behind the signed link in the mail — only ever one's own.
Each acknowledgement goes through ``services.notices.acknowledgement`` and so holds the
task's ladder exactly as acknowledging by the CLI does."""

from datetime import date, datetime

from sqlmodel import Session

from models import Notice, OutboxMessage
from notifications.links import AckTokenError, verify_ack
from services.config import EngineRules
from services.notices.acknowledgement import acknowledge_notice
from services.notices.handling import NoticeNotFound
from services.notices.page import is_recipient, own_deliveries, visible_notice
from services.people import NotAllowed, Viewer


def row_id(row: OutboxMessage) -> int:
    if row.id is None:
        raise ValueError("a stored row has an id")
    return row.id


def acknowledge_own(
    *, session: Session, viewer: Viewer, notice_id: int, now: datetime, rules: EngineRules
) -> int:
    """Acknowledge the viewer's own deliveries of a notice they may see; how many were open.

    NoticeNotFound if they may not see it, NotAllowed if none of its deliveries is theirs."""
    visible_notice(session=session, viewer=viewer, notice_id=notice_id)
    mine = own_deliveries(session, viewer, notice_id)
    if not mine:
        raise NotAllowed("only a recipient acknowledges a notice")
    opened = [row for row in mine if row.acknowledged_at is None]
    for row in opened:
        acknowledge_notice(
            session=session, outbox_id=row_id(row), actor=viewer.actor, now=now, rules=rules
        )
    return len(opened)


class AckLinkExpired(AckTokenError):
    """A genuine link past its expiry day."""

    def __init__(self, expires: date) -> None:
        super().__init__(f"this link expired on {expires.isoformat()}")
        self.expires = expires


def delivery_for_link(
    *, session: Session, viewer: Viewer, token: str, secret: str, today: date
) -> tuple[OutboxMessage, Notice]:
    """The delivery a signed acknowledgement link stands for, checked: AckLinkExpired for a
    genuine but expired link, AckTokenError for a malformed or forged one, NoticeNotFound if
    the delivery is gone, NotAllowed if it is somebody else's."""
    try:
        outbox_id = verify_ack(token, secret, today)
    except AckTokenError:
        verify_ack(token, secret, date.min)  # fails again unless the link is genuine
        raise AckLinkExpired(datetime.strptime(token.split(".")[1], "%Y%m%d").date()) from None
    row = session.get(OutboxMessage, outbox_id)
    notice = session.get(Notice, row.notice_id) if row is not None else None
    if row is None or notice is None:
        raise NoticeNotFound(f"the link points at delivery {outbox_id}, which does not exist")
    if not is_recipient(viewer, row):
        raise NotAllowed("this acknowledgement link was sent to somebody else")
    return row, notice


def acknowledge_viewer_link(
    *, session: Session, viewer: Viewer, token: str, secret: str, now: datetime, rules: EngineRules
) -> Notice:
    """Acknowledge the delivery behind a signed link, as its recipient; the notice it was."""
    row, notice = delivery_for_link(
        session=session, viewer=viewer, token=token, secret=secret, today=rules.today(now)
    )
    acknowledge_notice(
        session=session, outbox_id=row_id(row), actor=viewer.actor, now=now, rules=rules
    )
    return notice
