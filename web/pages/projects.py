"""Key projects (重点项目): the ledger list, one project's page and its monthly report form.

Lists hold only what the viewer may see (``Viewer.item_filter`` in the query); a project the
viewer may not see is 404. The report form is offered to whom ``services.projects.reports``
takes a report from (the enterprise, the chain's working group, the office); anyone else gets
403 on POST. A report may raise its problem as a factor request in the same step, as
``chainops projects report --factor`` does: both happen, or neither. A month already reported
differently gets a confirm step (409) showing the existing figures; confirmed, the new report
replaces it and the old one stays in the history. The report is read through
``web.pages.item_forms`` and confirmed once on the project's page (``web.flash``).
"""

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from mechanism.project_lights import month_of
from mechanism.vocabulary import FactorType, MilestoneKind
from mechanism.wording import in_language
from models import KeyProject
from services import projects as project_service
from services import requests as request_service
from services.people import NotAllowed, Viewer
from services.projects import (
    ExistingReport,
    may_report,
    project_chains,
    service_department,
    visible_project,
    visible_projects,
)
from services.requests import department_names, submit_request, visible_requests
from web.deps import CheckedForm, CurrentViewer, Db, Locale
from web.flash import confirm, confirmation
from web.forms import FormRefused, read_form
from web.i18n import translate
from web.pages import export
from web.pages.item_forms import RaisedRequest, ReportForm
from web.pages.items import Setup, field_message, field_of, helpers, routed_to, setup
from web.pages.list_sheets import project_sheet
from web.templating import page

router = APIRouter()


# --- the ledger --------------------------------------------------------------------------------


@router.get("/projects", response_class=HTMLResponse)
def project_list(
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    chain: str | None = None,
    format: str = "",
) -> Response:
    try:
        xlsx = export.wants_xlsx(format)
    except ValueError:
        return export.bad_format(request, viewer, locale, format)
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
    chains = project_chains(session=session, viewer=viewer)
    if xlsx:
        headers, lines, widths = project_sheet(rows, chains, locale)
        refused = export.too_many(request, viewer, locale, len(rows))
        return refused or export.xlsx_response(
            locale=locale,
            list_key="projects",
            today=run.today,
            headers=headers,
            rows=lines,
            widths=widths,
        )
    context = {
        **helpers(viewer, locale, run.zone),
        "rows": rows,
        "chains": chains,
        "chain": chain or "",
        "today": run.today,
        "export": export.export_link(request),
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
    except project_service.ReportExists as exc:  # the confirm step: the existing figures
        session.rollback()
        return _render(request, session, viewer, locale, project, form, replacing=exc.existing)
    except FormRefused as exc:
        session.rollback()
        error = field_message(locale, exc.field, in_language(exc, locale))
        return _render(request, session, viewer, locale, project, form, error, exc.field)
    except (project_service.ProjectInputError, request_service.RequestInputError) as exc:
        session.rollback()
        field = field_of(str(exc))
        if field == "description":
            field = "problems"  # the request's description is the report's problem
        error = field_message(locale, field, in_language(exc, locale))
        return _render(request, session, viewer, locale, project, form, error, field)
    except (project_service.ProjectAccessDenied, request_service.RequestAccessDenied) as exc:
        session.rollback()
        raise NotAllowed(str(exc)) from exc
    return confirm(request, _path(project), *said)


def _path(project: KeyProject) -> str:
    """The project's page: where its report goes back to, and its confirmation waits."""
    return f"/projects/{project.code}"


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
    report = read_form(ReportForm, form)
    raised = read_form(RaisedRequest, form) if report.factor_type else None
    done = project_service.report_month(
        session=session,
        project_code=project.code,
        actor=viewer.actor,
        month=report.month,
        month_investment=report.month_investment,
        milestones_reached=report.reached(),
        problems=report.problems,
        now=run.now,
        rules=run.rules,
        projects=run.projects(request),
        locale=run.settings_locale,
        replace=report.replaces,
    )
    month = done.report.month.strftime("%Y-%m")
    said = [
        translate(
            locale, "proj.replaced_month" if report.replaces else "proj.reported", month=month
        )
    ]
    if raised is None:
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
            factor_type=raised.factor_type,
            quantity=raised.quantity,
            unit=raised.unit,
            needed_by=raised.needed_by,
            description=report.problems or "",  # never blank: the report form requires it
        )
    except request_service.DuplicateRequest as exc:  # refused before it wrote anything
        return [*said, translate(locale, "proj.request_exists", code=exc.existing)]
    return [*said, routed_to(session, locale, created)]


def _render(
    request: Request,
    session: Session,
    viewer: Viewer,
    locale: str,
    project: KeyProject,
    form: dict[str, Any] | None = None,
    error: str | None = None,
    error_field: str | None = None,
    replacing: ExistingReport | None = None,
) -> Response:
    run = setup(request)
    row = project_service.show_project(
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
        "done": [] if error or replacing else confirmation(request, _path(project)),
        "replacing": replacing,
        "today": run.today,
    }
    status = 400 if error else 409 if replacing else 200
    return page(request, "project.html", locale, context, status_code=status)


def _this_month(today: date, project: KeyProject) -> str:
    """The month a report most likely covers: this month, within the ledger's year."""
    month = min(month_of(today), date(project.year, 12, 1))
    return month.strftime("%Y-%m")
