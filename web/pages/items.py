"""What the key-project and factor-request pages share: the clock and rules they run with
(``Setup``), how they format numbers, times and labels, how a refusal is led by its field's
name in the page's language, and how a new request's confirmation names where it went."""

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from sqlmodel import Session

from chainops import wiring
from mechanism.factor_requests import FactorRules
from mechanism.project_lights import ProjectRules
from mechanism.vocabulary import (
    FactorType,
    Labelled,
    MilestoneKind,
    ProjectState,
    RequestState,
)
from models import FactorRequest
from services.config import EngineRules
from services.people import Viewer
from services.requests import department_of
from web.i18n import TEXT, translate

_VOCABULARIES: dict[str, type[Labelled]] = {
    "factor": FactorType,
    "milestone": MilestoneKind,
    "project_state": ProjectState,
    "request_state": RequestState,
}


@dataclass(frozen=True)
class Setup:
    """What the item pages run with: the clock, the engine's rules and the item rules."""

    now: datetime
    today: date
    rules: EngineRules
    settings_locale: str
    zone: ZoneInfo

    def projects(self, request: Request) -> ProjectRules:
        return wiring.project_rules(request.app.state.settings)

    def factors(self, request: Request) -> FactorRules:
        return wiring.factor_rules(request.app.state.settings)


def setup(request: Request) -> Setup:
    settings = request.app.state.settings
    rules: EngineRules = request.app.state.rules
    now = wiring.now()
    return Setup(now, rules.today(now), rules, str(settings.locale), settings.zone)


def helpers(viewer: Viewer, locale: str, zone: ZoneInfo) -> dict[str, Any]:
    """Formatting every item page uses: numbers (万元), percentages, local times, labels."""

    def label(kind: str, value: str | None) -> str:
        if not value:
            return "—"
        member = _VOCABULARIES[kind].parse(value)
        if member is None:
            return value
        return member.zh if locale == "zh-CN" else member.en

    def when(value: datetime | None) -> str:
        if value is None:
            return "—"
        return value.astimezone(zone).strftime("%Y-%m-%d %H:%M")

    return {"viewer": viewer, "num": number, "pct": percent, "when": when, "label": label}


def number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def field_message(locale: str, field: str | None, message: str) -> str:
    """The service's message (already in the page's language: ``in_language``), led by the
    field's name in the page's language."""
    key = f"item.field.{field}" if field else ""
    if key not in TEXT:
        return message
    return translate(locale, "item.check_field", field=translate(locale, key), message=message)


_PREFIXES: tuple[tuple[str, str], ...] = (
    ("month_investment", "month_investment"),
    ("month ", "month"),
    ("quantity", "quantity"),
    ("unit", "unit"),
    ("needed by", "needed_by"),
    ("description", "description"),
    ("factor type", "factor_type"),
    ("project", "project"),
    ("credit code", "credit_code"),
    ("chain", "chain"),
    ("satisfaction", "satisfaction"),
)


def field_of(message: str) -> str | None:
    """Which form field a service's refusal is about (its messages begin with the field)."""
    found = re.match(r"milestone (\w+)", message)
    if found and MilestoneKind.parse(found.group(1)):
        return f"milestone_{found.group(1)}"
    for prefix, field in _PREFIXES:
        if message.startswith(prefix):
            return field
    return None


def routed_to(session: Session, locale: str, created: FactorRequest) -> str:
    """A new request and the department it went to, as the page's confirmation says it."""
    department = department_of(session, created)
    name = "—"
    if department is not None:
        name = department.name_zh if locale == "zh-CN" else department.name_en or department.name_zh
    return translate(locale, "req.raised", code=created.code, department=name)
