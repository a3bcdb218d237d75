"""Notice deliveries for the JSON API: the viewer's own, newest first (the office sees every
one), a page at a time, one row per delivery (who it went to, whether it arrived, whether it
was acknowledged). Addresses match as ``services.notices.page`` matches them, ignoring case.
"""

from typing import Any

from sqlmodel import Session, col, func, select

from models import Chain, Notice, OutboxMessage
from services.notices.page import is_recipient, notice_title, viewer_emails
from services.paging import check_page
from services.people import NotAllowed, NotVisible, Viewer

Row = dict[str, Any]


def delivery_page(
    *, session: Session, viewer: Viewer, page: int = 1, per_page: int = 50
) -> tuple[list[Row], int]:
    """One page of deliveries, newest first, and how many there are in all."""
    check_page(page, per_page)
    query = select(OutboxMessage, Notice).join(Notice, col(Notice.id) == OutboxMessage.notice_id)
    count = select(func.count()).select_from(OutboxMessage)
    if not viewer.is_office:
        mine = func.lower(OutboxMessage.recipient_email).in_(sorted(viewer_emails(viewer)))
        query, count = query.where(mine), count.where(mine)
    total = session.exec(count).one()
    rows = session.exec(
        query.order_by(col(Notice.issued_at).desc(), col(OutboxMessage.id).desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    chains = dict(session.exec(select(Chain.id, Chain.code)).all())
    return [delivery_row(row, notice, chains.get(notice.chain_id)) for row, notice in rows], total


def delivery(*, session: Session, row: OutboxMessage) -> Row:
    notice = session.get(Notice, row.notice_id)
    assert notice is not None  # an outbox row belongs to a notice (foreign key)
    chain = session.get(Chain, notice.chain_id) if notice.chain_id else None
    return delivery_row(row, notice, chain.code if chain else None)


def delivery_row(row: OutboxMessage, notice: Notice, chain: str | None) -> Row:
    return {
        "outbox_id": row.id,
        "notice_id": notice.id,
        "number": notice.number,
        "kind": notice.kind,
        "level": notice.level,
        "chain": chain,
        "subject": f"{notice.subject_type} {notice.subject_id}",
        "title": notice_title(notice.kind, notice.facts),
        "reason": notice.facts.get("reason"),
        "issued_at": notice.issued_at,
        "recipient_email": row.recipient_email,
        "recipient_name": row.recipient_name,
        "recipient_role": row.recipient_role,
        "state": row.state,
        "sent_at": row.sent_at,
        "acknowledged_at": row.acknowledged_at,
    }


def visible_delivery(session: Session, viewer: Viewer, outbox_id: int) -> OutboxMessage:
    """One delivery of a notice: the recipient's own; the office sees every one."""
    row = session.get(OutboxMessage, outbox_id)
    if row is None or not (viewer.is_office or is_recipient(viewer, row)):
        raise NotVisible(f"no notice delivery {outbox_id}")
    return row


def check_own_delivery(viewer: Viewer, row: OutboxMessage) -> None:
    """Acknowledging says "I have read it": only the recipient can say that."""
    if not is_recipient(viewer, row):
        raise NotAllowed(
            f"notice delivery {row.id} is addressed to {row.recipient_email}: "
            "only its recipient may acknowledge it"
        )
