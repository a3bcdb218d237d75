"""The demo's investment pipeline (招商项目), replayed through services/investment/ as a working
group would: ``investment_sign`` records a signing (the first makes the filing task),
``investment_file`` files the signed contract (closing that task), ``investment_move`` moves a
project (registered names its local company, started the existing key project it continues
as, terminated its reason) and ``investment_funds`` reports a month's funds arrived. Each
happens on its event's day; projects are named by code, the projects themselves come from
the demo city's 招商项目 sheet."""

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from chainops import wiring
from models import InvestmentProject
from services import investment
from services.config import EngineRules
from services.people import Actor

ACTIONS = frozenset({"investment_sign", "investment_file", "investment_move", "investment_funds"})


def happen(
    session: Session, event: dict[str, Any], *, actor: Actor, now: datetime, rules: EngineRules
) -> None:
    """One scripted pipeline event (``event["do"]`` is one of :data:`ACTIONS`)."""
    action = event["do"]
    project_id = _project_id(session, event["project"])
    on = date.fromisoformat(str(event["day"]))
    common: dict[str, Any] = {"session": session, "actor": actor, "project_id": project_id}
    if action == "investment_sign":
        investment.record_signing(
            kind=event["kind"],
            on=on,
            amount_wan=float(event["amount"]),
            note=event.get("note"),
            now=now,
            rules=rules,
            pipeline=wiring.pipeline_rules(),
            **common,
        )
    elif action == "investment_file":
        investment.file_project(on=on, now=now, rules=rules, **common)
    elif action == "investment_move":
        investment.move_project(
            to=event["to"],
            on=on,
            reason=event.get("reason"),
            key_project_code=event.get("key_project"),
            company_code=event.get("company"),
            company_name=event.get("company_name"),
            now=now,
            rules=rules,
            **common,
        )
    elif action == "investment_funds":
        investment.report_funds(
            month=str(event["month"]), amount_wan=float(event["amount"]), now=now, rules=rules,
            **common,
        )  # fmt: skip
    else:
        raise ValueError(f"unknown pipeline event {action!r}")


def _project_id(session: Session, code: str) -> int:
    found = session.exec(select(InvestmentProject.id).where(InvestmentProject.code == code)).first()
    if found is None:
        raise ValueError(f"replay: no investment project {code!r}")
    return found
