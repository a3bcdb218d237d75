"""The confirmation or refusal a reply gets, as an email in the writer's language.

What an answer says is decided when the reply is handled and kept with it (``ReplyMessage.
answer``), so an answer that could not be sent goes out unchanged on a later run. Its
Message-ID is made from the ledger row, so a resend repeats it, and it threads under the reply.
"""

from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from models import Person, RecipientPreference
from notifications.links import feedback_url
from notifications.message import OutgoingEmail
from notifications.render import LOCALES, render_answer
from services.outbox import DispatchRules


def locale_of(session: Session, email: str, default: str) -> str:
    """The language ``email`` reads its notices in (``notices prefer``), else the default."""
    chosen = session.exec(
        select(RecipientPreference.locale).where(RecipientPreference.email == email)
    ).first()
    return chosen if chosen in LOCALES else default


def name_of(session: Session, email: str) -> str | None:
    return session.exec(select(Person.name).where(Person.email == email)).first()


def planned_answer(
    *,
    template: str,
    to: str,
    to_name: str | None,
    in_reply_to: str,
    locale: str,
    context: dict[str, Any],
) -> dict[str, Any]:
    """What to send, as JSON for the ledger."""
    return {
        "template": template,
        "to": to,
        "to_name": to_name,
        "in_reply_to": in_reply_to,
        "locale": locale,
        "context": context,
    }


def answer_email(
    answer: dict[str, Any], ledger_id: int, now: datetime, rules: DispatchRules
) -> OutgoingEmail:
    """The planned ``answer`` as an email; ``ValueError`` if it cannot be one (a bad address)."""
    context = {
        **answer["context"],
        "recipient_name": answer["to_name"],
        "office_name": rules.office_name,
        # Every mail we send says where to give feedback or complain, answers too.
        "feedback_url": feedback_url(rules.base_url),
    }
    rendered = render_answer(answer["template"], answer["locale"], context)
    domain = rules.sender.rpartition("@")[2] or "chainops.invalid"
    headers = {}
    replied = str(answer["in_reply_to"])
    if replied.startswith("<"):  # a mail without a Message-ID has nothing to thread under
        headers = {"In-Reply-To": replied, "References": replied}
    return OutgoingEmail(
        sender=rules.sender,
        sender_name=rules.sender_name,
        to=answer["to"],
        to_name=answer["to_name"],
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        message_id=f"<chainops.reply.{ledger_id}@{domain}>",
        headers=headers,
        date=now,
    )
