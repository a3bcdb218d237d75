"""One collecting run: every mail waiting in the progress mailbox read, matched to its task,
applied once as a progress report (exactly the task page's ``report_progress``), answered, and
filed into the done folder.

Each mail is handled in a transaction of its own that also writes its ``ReplyMessage``; a mail
whose Message-ID is already there was handled before (its filing failed, or another run took
it) and is only filed, its answer sent if that had failed. So no reply is applied twice. A mail
whose answer could not be sent stays in the folder until a run sends it.
"""

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from mechanism.lifecycle import IllegalMove
from mechanism.vocabulary import OPEN_TASK_STATES, TaskState
from mechanism.wording import zh
from models import ReplyMessage, Task
from notifications.transports import Transport, TransportError
from services.config import EngineRules
from services.outbox import DispatchRules
from services.people import UnknownPerson, actor_by_email
from services.replies.answers import answer_email, locale_of, name_of, planned_answer
from services.replies.figures import NoFigure, read_figure
from services.replies.mailbox import Mailbox, MailboxConfig
from services.replies.matching import Unmatched, match_reply
from services.replies.reading import Reply, read_reply
from services.tasks import BadTaskInput, accept_task, report_progress

# Refusals that must not tell the writer anything about the task: they may not be its owner.
_BLIND = frozenset({"not_yours", "bad_token", "unknown_task", "ambiguous"})


@dataclass
class CollectReport:
    read: int = 0
    applied: int = 0
    refused: dict[str, int] = field(default_factory=dict)
    ignored: int = 0  # auto-replies, bounces
    already_handled: int = 0
    answered: int = 0
    answers_failed: int = 0
    filed: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def collect_replies(
    *,
    engine: sa.Engine,
    mailbox: MailboxConfig,
    transport: Transport,
    now: datetime,
    rules: EngineRules,
    mail: DispatchRules,
) -> CollectReport:
    """Read, apply, answer and file everything waiting in ``mailbox``'s folder."""
    report = CollectReport()
    with Mailbox(mailbox) as box:
        handled: list[int] = []
        for uid, raw in box.fetch(box.waiting()):
            report.read += 1
            if _collect_one(engine, read_reply(raw), transport, now, rules, mail, report):
                handled.append(uid)
            if len(handled) >= 100:
                box.file(handled)
                report.filed += len(handled)
                handled = []
        box.file(handled)
        report.filed += len(handled)
    transport.close()
    return report


def _collect_one(
    engine: sa.Engine,
    reply: Reply,
    transport: Transport,
    now: datetime,
    rules: EngineRules,
    mail: DispatchRules,
    report: CollectReport,
) -> bool:
    """Handle one mail; False when its answer could not be sent: it stays in the folder, so
    the next run finds it handled and sends the answer then."""
    with Session(engine, expire_on_commit=False) as session:
        ledger = session.exec(
            select(ReplyMessage).where(ReplyMessage.message_id == reply.message_id)
        ).first()
        if ledger is not None:
            report.already_handled += 1
        else:
            ledger = _handle(session, reply, now, rules, mail)
            session.add(ledger)
            try:
                session.commit()
            except sa.exc.IntegrityError:  # another run handled it meanwhile
                session.rollback()
                report.already_handled += 1
                return True
            _count(ledger, report)
        if ledger.answer is None or ledger.answered_at is not None:
            return True
        try:
            email = answer_email(ledger.answer, ledger.id or 0, now, mail)
        except ValueError:  # an address no mail can go to: there is nobody to answer
            return True
        try:
            transport.send(email)
        except TransportError:
            report.answers_failed += 1
            return False
        ledger.answered_at = now
        session.add(ledger)
        session.commit()
        report.answered += 1
        return True


def _count(ledger: ReplyMessage, report: CollectReport) -> None:
    if ledger.outcome == "applied":
        report.applied += 1
    elif ledger.outcome == "ignored":
        report.ignored += 1
    else:
        reason = ledger.reason or "refused"
        report.refused[reason] = report.refused.get(reason, 0) + 1


def _handle(
    session: Session, reply: Reply, now: datetime, rules: EngineRules, mail: DispatchRules
) -> ReplyMessage:
    """What becomes of ``reply``: applied (the progress report made in ``session``), refused
    with the answer saying why, or ignored (a machine wrote it)."""
    ledger = ReplyMessage(
        message_id=reply.message_id, from_email=reply.from_email[:254], received_at=now,
        outcome="ignored", reason="automatic",
    )  # fmt: skip
    if reply.automatic:
        return ledger
    locale = locale_of(session, reply.from_email, mail.default_locale)
    name = name_of(session, reply.from_email) or reply.from_name

    def refuse(reason: str, task: Task | None = None, **context: Any) -> ReplyMessage:
        ledger.outcome, ledger.reason = "refused", reason
        shown = task if reason not in _BLIND else None
        ledger.task_id = task.id if task is not None else None
        ledger.answer = planned_answer(
            template="reply_refused", to=reply.from_email, to_name=name,
            in_reply_to=reply.message_id, locale=locale,
            context={
                "reason": reason, "from_email": reply.from_email, "figure": None,
                "state": None, "detail": None,
                "title": shown.title if shown else None,
                "task_url": _task_url(mail, shown.id) if shown and shown.id else None,
                **context,
            },
        )  # fmt: skip
        return ledger

    try:
        matched = match_reply(session, reply, mail.secret)
    except Unmatched as unmatched:
        return refuse(unmatched.reason)
    ledger.outbox_id = matched.outbox.id
    task = session.get(Task, matched.task_id)
    if task is None or task.id is None:
        return refuse("unknown_task")
    state = TaskState(task.state)
    if state not in OPEN_TASK_STATES:
        return refuse("task_closed", task, state=state.zh if locale == "zh-CN" else state.en)
    try:
        figure = read_figure(reply.text)
    except NoFigure as missing:
        return refuse(missing.reason, task, figure=missing.figure)
    try:
        actor = actor_by_email(session, reply.from_email)
    except UnknownPerson:
        return refuse("not_yours")
    title, task_id, before = task.title, task.id, task.progress
    try:
        if state is TaskState.ASSIGNED:
            # A figure in reply says the owner has the task in hand: it is accepted first, as
            # its page would ask them to, so one reply is all it takes (report once).
            accept_task(session=session, task_id=task_id, actor=actor, now=now, rules=rules)
        report_progress(
            session=session, task_id=task_id, actor=actor, progress=figure.progress,
            note=figure.note, now=now, rules=rules,
        )  # fmt: skip
    except (IllegalMove, BadTaskInput) as refusal:
        session.rollback()  # nothing of the move stays; the ledger row is added after this
        again = session.get(Task, task_id)
        detail = zh(refusal) if locale == "zh-CN" else str(refusal)
        return refuse("not_allowed", again, detail=detail)
    ledger.outcome, ledger.reason = "applied", None
    ledger.task_id, ledger.progress = task_id, figure.progress
    ledger.answer = planned_answer(
        template="reply_accepted", to=reply.from_email, to_name=name,
        in_reply_to=reply.message_id, locale=locale,
        context={
            "title": title, "task_url": _task_url(mail, task_id), "progress": figure.progress,
            "previous_progress": before, "note": figure.note,
            "reported_on": rules.today(now).isoformat(),
        },
    )  # fmt: skip
    return ledger


def _task_url(mail: DispatchRules, task_id: int) -> str:
    return f"{mail.base_url.rstrip('/')}/tasks/{task_id}"
