"""The demo's enterprise events: titles entered from the paper records (the old tiers with
their real dates and documents, and the titles the office adds), the BEARING chain leader's
approval of a chain master, candidates in the cultivation library — each through the service
a person would use — and the daily reminder step of the day loop."""

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from chainops import wiring
from models import Chain, Designation, Enterprise
from models.db import session_scope
from services import enterprises
from services.config import EngineRules
from services.people import viewer_by_email

ENTERPRISE_ACTIONS = frozenset({"designation", "approve_designation", "candidate"})


def _day(event: dict[str, Any], key: str) -> date | None:
    value = event.get(key)
    return date.fromisoformat(str(value)) if value else None


def happen(session: Session, event: dict[str, Any], *, now: datetime, rules: EngineRules) -> None:
    """One scripted enterprise event, as the person named by ``by`` would do it."""
    viewer = viewer_by_email(session, event["by"])
    today, kinds = rules.today(now), wiring.designation_kinds()
    action = event["do"]
    if action == "designation":
        enterprises.add_designation(
            session=session, viewer=viewer, credit_code=str(event["credit_code"]),
            kind=event["kind"], recognized_on=_day(event, "recognized_on"),
            batch=event.get("batch"), doc_no=event.get("doc_no"),
            review_due=_day(event, "review_due"), data_update_due=_day(event, "data_update_due"),
            chain=event.get("chain"), kinds=kinds, now=now, today=today,
        )  # fmt: skip
    elif action == "approve_designation":
        enterprises.approve_designation(
            session=session, viewer=viewer, designation_id=_proposal(session, event),
            kinds=kinds, now=now, today=today,
        )  # fmt: skip
    elif action == "candidate":
        enterprises.add_candidate(
            session=session, viewer=viewer, credit_code=str(event["credit_code"]),
            target_kind=event["target"], entered_on=_day(event, "entered_on") or today,
            kinds=kinds, now=now,
        )  # fmt: skip


def _proposal(session: Session, event: dict[str, Any]) -> int:
    found = session.exec(
        select(Designation.id)
        .join(Enterprise, sa.literal_column("enterprise.id") == Designation.enterprise_id)
        .join(Chain, sa.literal_column("chain.id") == Designation.chain_id)
        .where(
            Enterprise.credit_code == str(event["credit_code"]),
            Chain.code == event["chain"],
            Designation.kind == event["kind"],
        )
    ).first()
    assert found is not None, f"no proposal for {event}"
    return found


def remind_day(engine: sa.Engine, *, now: datetime, rules: EngineRules) -> None:
    """The enterprise-reminders flow's step, on working days as the flow runs it."""
    if rules.calendar.is_workday(rules.today(now)):
        with session_scope(engine) as session:
            enterprises.remind(
                session=session, now=now, rules=rules, kinds=wiring.designation_kinds()
            )
