"""Key projects (重点项目): the ledger list, one project's page and its monthly report form.

Lists hold only what the viewer may see (``Viewer.item_filter`` in the query); a project the
viewer may not see is 404. The report form is offered to whom ``services.project_reports``
takes a report from (the enterprise, the chain's working group, the office); anyone else gets
403 on POST. A report may raise its problem as a factor request in the same step, as
``chainops projects report --factor`` does: both happen, or neither.
"""

import math
import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from chainops import wiring
from mechanism.factor_requests import FactorRules
from mechanism.project_lights import ProjectRules, month_of
from mechanism.vocabulary import (
    FactorType,
    Labelled,
    MilestoneKind,
    ProjectState,
    RequestState,
)
from mechanism.wording import Said, in_language
from models import FactorRequest, KeyProject
from services import factor_requests as request_service
from services import project_reports
from services import projects as ledger
from services.access import NotAllowed, Viewer
from services.project_page import (
    may_report,
    project_chains,
    service_department,
    visible_project,
    visible_projects,
)
from services.request_page import department_names, department_of, visible_requests
from services.request_submission import submit_request
from services.rules import EngineRules
from web.deps import CheckedForm, CurrentViewer, Db, Locale
from web.i18n import TEXT, translate
from web.templating import page

router = APIRouter()

_VOCABULARIES: dict[str, type[Labelled]] = {
    "factor": FactorType,
    "milestone": MilestoneKind,
    "project_state": ProjectState,
    "request_state": RequestState,
}


# --- shared with the request pages -----------------------------------------------------------


class FieldError(ValueError):
    """A form value that cannot be read; ``field`` is the form field it came from."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


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


# A page's field refusals name no field themselves: ``field_message`` leads them with the
# field's label, in the page's language.


def read_number(form: dict[str, Any], field: str) -> float:
    text = str(form.get(field, "")).strip()
    try:
        value = float(text)
    except ValueError:
        raise FieldError(field, Said(f"{text!r} is not a number", f"{text!r} 不是数字")) from None
    if math.isinf(value):
        raise FieldError(
            field,
            Said(
                f"{text!r} is too large; write a finite number",
                f"{text!r} 超出数值范围，请填写有限的数字",
            ),
        )
    if math.isnan(value):
        raise FieldError(field, Said(f"{text!r} is not a number", f"{text!r} 不是数字"))
    return value


def read_date(form: dict[str, Any], field: str) -> date:
    text = str(form.get(field, "")).strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise FieldError(field, _no_such_date(text) or _not_a_date(text)) from None


def _not_a_date(text: str) -> Said:
    return Said(f"{text!r} is not a date (YYYY-MM-DD)", f"{text!r} 不是日期（格式为 YYYY-MM-DD）")


def _no_such_date(text: str) -> Said | None:
    """A date written right that the calendar does not have (2027-02-30, 2026-13-01)."""
    found = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if not found:
        return None
    year, month, day = (int(part) for part in found.groups())
    if not 1 <= month <= 12:
        return Said(
            f"{text} does not exist: there is no month {month}",
            f"日期 {text} 不存在：没有 {month} 月",
        )
    days = monthrange(year, month)[1]
    if not 1 <= day <= days:
        return Said(
            f"{text} does not exist: {year}-{month:02d} has {days} days",
            f"日期 {text} 不存在：{year}年{month}月只有 {days} 天",
        )
    return None


def read_text(form: dict[str, Any], field: str) -> str:
    return str(form.get(field, "")).strip()


SESSION_DONE = "item_done"  # what a form just did, shown once on the page it redirects to


def tell_done(request: Request, path: str, *lines: str) -> None:
    """Remember what was done for the page at ``path`` to say once, after the redirect."""
    request.session[SESSION_DONE] = {"path": path, "lines": list(lines)}


def told_done(request: Request) -> list[str]:
    """What the last form did, if it was meant for this page (said once, then forgotten)."""
    done = request.session.pop(SESSION_DONE, None)
    if not isinstance(done, dict) or done.get("path") != request.url.path:
        return []
    return [str(line) for line in done.get("lines", [])]


def routed_to(session: Session, locale: str, created: FactorRequest) -> str:
    """A new request and the department it went to, as the page's confirmation says it."""
    department = department_of(session, created)
    name = "—"
    if department is not None:
        name = department.name_zh if locale == "zh-CN" else department.name_en or department.name_zh
    return translate(locale, "req.raised", code=created.code, department=name)


# --- the ledger --------------------------------------------------------------------------------


@router.get("/projects", response_class=HTMLResponse)
def project_list(
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    chain: str | None = None,
) -> Response:
    run = setup(request)
    rows = visible_projects(
        session=session,
        viewer=viewer,
        today=run.today,
        rules=run.projects(request),
        calendar=run.rules.calendar,
        chain=chain or None,
        locale=locale,
    )
    context = {
        **helpers(viewer, locale, run.zone),
        "rows": rows,
        "chains": project_chains(session=session, viewer=viewer),
        "chain": chain or "",
        "today": run.today,
    }
    return page(request, "projects.html", locale, context)


@router.get("/projects/{code}", response_class=HTMLResponse)
def project_page(
    request: Request, code: str, session: Db, viewer: CurrentViewer, locale: Locale
) -> Response:
    project = visible_project(session, viewer, code)
    return _render(request, session, viewer, locale, project)


@router.post("/projects/{code}/report", response_class=HTMLResponse)
def report(
    request: Request,
    code: str,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    project = visible_project(session, viewer, code)
    if not may_report(session, viewer.actor, project):
        raise NotAllowed(f"{viewer.username} may not report on {project.code}")
    run = setup(request)
    try:
        said = _take_report(request, session, viewer, project, form, run, locale)
    except FieldError as exc:
        session.rollback()
        error = field_message(locale, exc.field, in_language(exc, locale))
        return _render(request, session, viewer, locale, project, form, error, exc.field)
    except (ledger.ProjectInputError, request_service.RequestInputError) as exc:
        session.rollback()
        field = field_of(str(exc))
        if field == "description":
            field = "problems"  # the request's description is the report's problem
        error = field_message(locale, field, in_language(exc, locale))
        return _render(request, session, viewer, locale, project, form, error, field)
    except (ledger.ProjectAccessDenied, request_service.RequestAccessDenied) as exc:
        session.rollback()
        raise NotAllowed(str(exc)) from exc
    path = f"/projects/{project.code}"
    tell_done(request, path, *said)
    return RedirectResponse(path, status_code=303)


def _take_report(
    request: Request,
    session: Session,
    viewer: Viewer,
    project: KeyProject,
    form: dict[str, Any],
    run: Setup,
    locale: str,
) -> list[str]:
    """The report, and the factor request its problem raises if one is asked for; what was
    done, as the page confirms it. A request already pending for the same problem is not
    raised again (the form sent twice): the report is still taken and the page says so."""
    month = _read_month(form)
    investment = read_number(form, "month_investment")
    reached = _read_milestones(form)
    problems = read_text(form, "problems") or None
    wanted = _read_factor_request(form, problems)
    done = project_reports.report_month(
        session=session,
        project_code=project.code,
        actor=viewer.actor,
        month=month,
        month_investment=investment,
        milestones_reached=reached,
        problems=problems,
        now=run.now,
        rules=run.rules,
        projects=run.projects(request),
        locale=run.settings_locale,
    )
    said = [translate(locale, "proj.reported", month=done.report.month.strftime("%Y-%m"))]
    if wanted is None:
        return said
    try:
        created = submit_request(
            session=session,
            actor=viewer.actor,
            chain_code=done.chain_code,
            credit_code=done.credit_code,
            project_code=done.project.code,
            now=run.now,
            rules=run.rules,
            factors=run.factors(request),
            **wanted,
        )
    except request_service.DuplicateRequest as exc:  # refused before it wrote anything
        return [*said, translate(locale, "proj.request_exists", code=exc.existing)]
    return [*said, routed_to(session, locale, created)]


def _read_month(form: dict[str, Any]) -> date:
    text = read_text(form, "month")
    try:
        return month_of(date.fromisoformat(f"{text}-01" if len(text) == 7 else text))
    except ValueError:
        raise FieldError(
            "month",
            Said(
                f"month: {text!r} is not a month like 2026-10",
                f"{text!r} 不是月份，应写作 2026-10 这样的格式",
            ),
        ) from None


def _read_milestones(form: dict[str, Any]) -> dict[MilestoneKind, date]:
    reached = {}
    for kind in MilestoneKind:
        field = f"milestone_{kind.value}"
        if read_text(form, field):
            reached[kind] = read_date(form, field)
    return reached


def _read_factor_request(form: dict[str, Any], problems: str | None) -> dict[str, Any] | None:
    """The factor request the report's problem should become, or None if none is asked for."""
    factor = read_text(form, "factor_type")
    if not factor:
        return None
    if problems is None:
        raise FieldError(
            "problems",
            Said("problems: describe the problem the request is about", "请说明诉求所针对的问题"),
        )
    return {
        "factor_type": factor,
        "quantity": read_number(form, "quantity"),
        "unit": read_text(form, "unit"),
        "needed_by": read_date(form, "needed_by"),
        "description": problems,
    }


def _render(
    request: Request,
    session: Session,
    viewer: Viewer,
    locale: str,
    project: KeyProject,
    form: dict[str, Any] | None = None,
    error: str | None = None,
    error_field: str | None = None,
) -> Response:
    run = setup(request)
    row = ledger.show_project(
        session=session,
        code=project.code,
        actor=viewer.actor,
        today=run.today,
        rules=run.projects(request),
        calendar=run.rules.calendar,
        locale=locale,
    )
    requests = visible_requests(
        session=session,
        viewer=viewer,
        today=run.today,
        rules=run.rules,
        factors=run.factors(request),
        project_id=project.id,
        locale=locale,
    )
    reached = {m["kind"] for m in row["milestones"] if m["actual_date"]}
    values = form or {"month": row["next_report_month"] or _this_month(run.today, project)}
    context = {
        **helpers(viewer, locale, run.zone),
        "p": row,
        "department": service_department(session, project),
        "statistics": next(
            (m for m in row["milestones"] if m["kind"] == MilestoneKind.STATISTICS_ENTRY), None
        ),
        "requests": requests,
        "departments": department_names(session),
        "can_report": may_report(session, viewer.actor, project),
        "open_milestones": [k for k in MilestoneKind if k.value not in reached],
        "factor_types": list(FactorType),
        "form": values,
        "error": error,
        "error_field": error_field,
        "done": [] if error else told_done(request),
        "today": run.today,
    }
    return page(request, "project.html", locale, context, status_code=400 if error else 200)


def _this_month(today: date, project: KeyProject) -> str:
    """The month a report most likely covers: this month, within the ledger's year."""
    month = min(month_of(today), date(project.year, 12, 1))
    return month.strftime("%Y-%m")
