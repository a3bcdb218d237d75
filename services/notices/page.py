"""Notices as the office web app shows them: a person's own notices (and, for the office, all
of them and the dead letters), one notice rendered as its recipient read it, who may see it,
and who may see it. Acknowledging (签收) from the pages: ``services.notices.signing``.

Who sees a notice: its recipients (matched by email address), whoever sees its subject (the
task, key project or factor request; a monthly bulletin is circulated to every official), and
the office. Acknowledging is only ever for one's own delivery.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from mechanism.vocabulary import FAILED_OUTBOX_STATES, OutboxState
from models import Chain, FactorRequest, KeyProject, Notice, OutboxMessage, Task
from notifications.render import NoticeContextError, Rendered, render
from services.notices.handling import NoticeNotFound
from services.outbox import Claimed, DispatchRules, notice_context
from services.people import Viewer
from services.projects import ChainChoice
from services.rollup import reads_bulletins

PAGE_SIZE = 50
ROLLUP = "rollup"


def viewer_emails(viewer: Viewer) -> frozenset[str]:
    """The addresses a viewer's mail goes to: the account's, the person's and the shared
    mailboxes they read (their department's)."""
    own = (a.strip().lower() for a in (viewer.username, viewer.actor.label) if "@" in a)
    return frozenset(own) | viewer.mailboxes


def is_recipient(viewer: Viewer, row: OutboxMessage) -> bool:
    return row.recipient_email.strip().lower() in viewer_emails(viewer)


def _addressed_to(viewer: Viewer) -> sa.ColumnElement[bool]:
    return func.lower(OutboxMessage.recipient_email).in_(sorted(viewer_emails(viewer)))


@dataclass(frozen=True)
class NoticeFilter:
    """What the list asks for; ``mine``: only notices addressed to the viewer (the office
    sees every notice unless it asks for its own)."""

    kind: str | None = None
    chain_id: int | None = None
    failed: bool = False
    mine: bool = False
    page: int = 1
    per_page: int = PAGE_SIZE  # the export asks for every notice at once


@dataclass(frozen=True)
class NoticeLine:
    """One notice in a list, with the state of the deliveries the viewer may count."""

    id: int
    kind: str
    number: str | None
    title: str
    chain_code: str | None
    issued_at: datetime
    subject_path: str | None
    states: dict[str, int]
    acknowledged: int
    deliveries: int


@dataclass(frozen=True)
class NoticePage:
    lines: list[NoticeLine]
    total: int
    page: int
    pages: int
    chains: list[ChainChoice] = field(default_factory=list)


def notice_title(kind: str, facts: dict[str, Any]) -> str:
    """What a notice is about, in a few words: the task's title, the project's name, the
    request's code and enterprise, or the bulletin's scope and month."""
    if kind == "monthly_rollup":
        return f"{facts.get('scope_name', '')} {facts.get('month', '')}".strip()
    if kind == "factor_request":
        return " ".join(str(facts[k]) for k in ("code", "enterprise_name") if facts.get(k))
    for key in ("title", "name", "code"):
        if facts.get(key):
            return str(facts[key])
    return ""


def subject_path(notice: Notice) -> str | None:
    """The page of the notice's subject, where the recipient acts on it."""
    if notice.subject_type == "task":
        return f"/tasks/{notice.subject_id}"
    if notice.subject_type == ROLLUP:
        month = str(notice.subject_id)
        return f"/rollups/{month[:4]}-{month[4:]}"
    pages = {"key_project": "projects", "factor_request": "requests"}  # by natural key
    code = notice.facts.get("code")
    if notice.subject_type in pages and code:
        return f"/{pages[notice.subject_type]}/{quote(str(code), safe='')}"
    return None


def list_notices(*, session: Session, viewer: Viewer, chosen: NoticeFilter) -> NoticePage:
    """The notices ``viewer`` may list under ``chosen``, newest first, one page of them.

    Everyone lists the notices addressed to them; the office lists every notice."""
    own = chosen.mine or not viewer.is_office
    deliveries = select(OutboxMessage.notice_id)
    if own:
        deliveries = deliveries.where(_addressed_to(viewer))
    if chosen.failed:
        deliveries = deliveries.where(col(OutboxMessage.state).in_(FAILED_OUTBOX_STATES))
    where: list[sa.ColumnElement[bool]] = []
    if own or chosen.failed:
        where.append(col(Notice.id).in_(deliveries))
    chain_where = list(where)
    if chosen.kind:
        where.append(col(Notice.kind) == chosen.kind)
    if chosen.chain_id is not None:
        where.append(col(Notice.chain_id) == chosen.chain_id)
    total = session.exec(select(func.count()).select_from(Notice).where(*where)).one()
    pages = max(1, math.ceil(total / chosen.per_page))
    page = min(max(1, chosen.page), pages)
    rows = session.exec(
        select(Notice, Chain.code)
        .outerjoin(Chain, col(Chain.id) == Notice.chain_id)
        .where(*where)
        .order_by(col(Notice.issued_at).desc(), col(Notice.id).desc())
        .offset((page - 1) * chosen.per_page)
        .limit(chosen.per_page)
    ).all()
    counts = _delivery_counts(session, [n.id for n, _ in rows if n.id], viewer if own else None)
    lines = [
        NoticeLine(
            id=_id(notice.id),
            kind=notice.kind,
            number=notice.number,
            title=notice_title(notice.kind, notice.facts),
            chain_code=code,
            issued_at=notice.issued_at,
            subject_path=subject_path(notice),
            **counts[_id(notice.id)],
        )
        for notice, code in rows
    ]
    return NoticePage(lines, total, page, pages, _chains(session, chain_where))


def _delivery_counts(
    session: Session, notice_ids: list[int], viewer: Viewer | None
) -> dict[int, dict[str, Any]]:
    """Per notice: deliveries by state, how many acknowledged, how many in all (only the
    viewer's own when ``viewer`` is given)."""
    query = select(
        OutboxMessage.notice_id,
        OutboxMessage.state,
        func.count(),
        func.count(col(OutboxMessage.acknowledged_at)),
    ).where(col(OutboxMessage.notice_id).in_(notice_ids))
    if viewer is not None:
        query = query.where(_addressed_to(viewer))
    counts: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"states": {}, "acknowledged": 0, "deliveries": 0}
    )
    for notice_id, state, number, acknowledged in session.exec(
        query.group_by(col(OutboxMessage.notice_id), col(OutboxMessage.state))
    ).all():
        entry = counts[notice_id]
        entry["states"][state] = number
        entry["acknowledged"] += acknowledged
        entry["deliveries"] += number
    return counts


def _chains(session: Session, where: list[sa.ColumnElement[bool]]) -> list[ChainChoice]:
    """The chains the listed notices belong to, for the chain filter (nothing else)."""
    used = select(Notice.chain_id).where(*where).distinct()
    rows = session.exec(
        select(Chain).where(col(Chain.id).in_(used)).order_by(col(Chain.position), col(Chain.code))
    ).all()
    return [ChainChoice(c.code, c.name_zh, c.name_en or c.name_zh) for c in rows]


def chain_id_of(session: Session, code: str) -> int | None:
    return session.exec(select(Chain.id).where(Chain.code == code.strip().upper())).first()


def may_see(session: Session, viewer: Viewer, notice: Notice) -> bool:
    """The office, a recipient, or an official who sees the notice's subject. An enterprise
    reads only what was sent to it: the notices about its request or project that went to
    departments and leaders are the government's own correspondence."""
    if viewer.is_office or own_deliveries(session, viewer, _id(notice.id)):
        return True
    if viewer.enterprise_id is not None:
        return False
    if notice.subject_type == ROLLUP:
        return reads_bulletins(viewer)
    if notice.subject_type == "task":
        task = session.get(Task, notice.subject_id)
        return task is not None and viewer.sees_task(
            chain_id=task.chain_id,
            lead_department_id=task.lead_department_id,
            owner_id=task.owner_id,
        )
    if notice.subject_type == "key_project":
        project = session.get(KeyProject, notice.subject_id)
        return project is not None and viewer.sees_project(
            chain_id=project.chain_id,
            department_id=project.department_id,
            enterprise_id=project.enterprise_id,
        )
    if notice.subject_type == "factor_request":
        request = session.get(FactorRequest, notice.subject_id)
        return request is not None and viewer.sees_request(
            chain_id=request.chain_id,
            department_id=request.department_id,
            enterprise_id=request.enterprise_id,
        )
    return False


def visible_notice(*, session: Session, viewer: Viewer, notice_id: int) -> Notice:
    """The notice, if ``viewer`` may see it; else NoticeNotFound (never say it exists)."""
    notice = session.get(Notice, notice_id)
    if notice is None or not may_see(session, viewer, notice):
        raise NoticeNotFound(f"no notice {notice_id}")
    return notice


def deliveries(session: Session, notice_id: int) -> list[OutboxMessage]:
    return list(
        session.exec(
            select(OutboxMessage)
            .where(OutboxMessage.notice_id == notice_id)
            .order_by(col(OutboxMessage.id))
        ).all()
    )


def own_deliveries(session: Session, viewer: Viewer, notice_id: int) -> list[OutboxMessage]:
    return [row for row in deliveries(session, notice_id) if is_recipient(viewer, row)]


def as_read(
    notice: Notice,
    delivery: OutboxMessage,
    *,
    locale: str,
    now: datetime,
    rules: DispatchRules,
    own: bool,
) -> Rendered:
    """The notice as ``delivery``'s recipient read it, rendered by the dispatcher's own
    context (the same facts, number, greeting and acknowledgement link as the mail).

    A delivery already sent is rendered as of its sending, so the text (the link's expiry
    among it) is what the recipient got; one not sent yet, as of ``now``. A viewer who is not
    that recipient gets a link to the notice's page instead of the recipient's signed link.
    Raises NoticeContextError when the facts are incomplete."""
    item = Claimed(
        outbox_id=_id(delivery.id),
        attempt_id=0,
        attempts=delivery.attempts,
        email=delivery.recipient_email,
        name=delivery.recipient_name,
        role=delivery.recipient_role,
        notice=notice,
    )
    context = notice_context(item, delivery.sent_at or now, rules)
    if not own:
        context["ack_url"] = f"{rules.base_url.rstrip('/')}/notices/{notice.id}"
    return render(notice.kind, locale, context)


@dataclass(frozen=True)
class NoticeView:
    """One notice for its page: as sent (for the viewer's own delivery, else its first
    recipient's; None with ``render_error`` when its facts no longer fit the template), and
    every delivery with the viewer's own among them."""

    notice: Notice
    title: str
    subject_path: str | None
    deliveries: list[OutboxMessage]
    mine: list[OutboxMessage]
    rendered: Rendered | None
    render_error: str | None

    @property
    def unacknowledged_mine(self) -> list[OutboxMessage]:
        return [row for row in self.mine if row.acknowledged_at is None]

    @property
    def dead(self) -> int:
        return sum(row.state == OutboxState.DEAD.value for row in self.deliveries)


def notice_view(
    *,
    session: Session,
    viewer: Viewer,
    notice_id: int,
    locale: str,
    now: datetime,
    rules: DispatchRules,
) -> NoticeView:
    """The notice ``viewer`` may see (else NoticeNotFound), ready for its page."""
    notice = visible_notice(session=session, viewer=viewer, notice_id=notice_id)
    rows = deliveries(session, notice_id)
    mine = [row for row in rows if is_recipient(viewer, row)]
    shown = mine or rows
    rendered, error = None, None
    if shown:
        try:
            rendered = as_read(
                notice, shown[0], locale=locale, now=now, rules=rules, own=bool(mine)
            )
        except NoticeContextError as exc:
            error = str(exc)
    return NoticeView(
        notice=notice,
        title=notice_title(notice.kind, notice.facts),
        subject_path=subject_path(notice),
        deliveries=rows,
        mine=mine,
        rendered=rendered,
        render_error=error,
    )


def _id(value: int | None) -> int:
    if value is None:
        raise ValueError("a stored row has an id")
    return value
