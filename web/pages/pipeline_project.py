"""A project of the investment pipeline on its page (``/investment/{id}``): its stages so far,
signings, funds by month, filing task and key project, and the forms its managers use to edit,
move, sign, file and report funds — each refusal re-rendering the page (400) with the field
named and nothing changed; what the viewer may not see is 404, a change not theirs 403.
"""

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from chainops import wiring
from mechanism.wording import in_language
from services import investment
from services.people import Viewer
from web.deps import CheckedForm, CurrentViewer, Db, Locale
from web.flash import confirm, confirmation
from web.forms import FormRefused, read_form
from web.i18n import said, translate
from web.pages.pipeline import (
    REFUSED,
    FileForm,
    FundsForm,
    MoveForm,
    ProjectForm,
    SignForm,
    pipeline_of,
    today_of,
    words,
)
from web.templating import page

router = APIRouter()
_today, _pipeline, _words, _REFUSED = today_of, pipeline_of, words, REFUSED


def _project_page(
    request: Request,
    session: Session,
    viewer: Viewer,
    locale: str,
    project_id: int,
    *,
    error: str | None = None,
    error_field: str | None = None,
    error_form: str | None = None,
    form: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    rules = request.app.state.rules
    view = investment.project_view(
        session=session,
        viewer=viewer,
        project_id=project_id,
        today=_today(request),
        pipeline=_pipeline(request),
        calendar=rules.calendar,
    )
    context = {
        **_words(locale),
        "viewer": viewer,
        "view": view,
        "row": view.row,
        "error": error,
        "error_field": error_field,
        "error_form": error_form,
        "form": form if form is not None else {},
        "edit": form if error_form == "edit" and form is not None else view.row,
        "today": _today(request).isoformat(),
        "done": confirmation(request, f"/investment/{project_id}"),
    }
    return page(request, "pipeline_project.html", locale, context, status_code=status_code)


@router.get("/investment/{project_id:rowid}", response_class=HTMLResponse)
def project_page(
    project_id: int, request: Request, session: Db, viewer: CurrentViewer, locale: Locale
) -> Response:
    return _project_page(request, session, viewer, locale, project_id)


def _act(
    request: Request,
    session: Session,
    viewer: Viewer,
    locale: str,
    project_id: int,
    which: str,
    form: dict[str, Any],
    act: Callable[[], str],
) -> Response:
    """Run one change of the project: 404 if unseen, 403 if not the viewer's, 400 naming the
    field on a refusal (nothing kept), else back to the project with what was done."""
    investment.visible_project(session, viewer, project_id)
    investment.managed_project(session, viewer.actor, project_id)
    try:
        line = act()
    except _REFUSED as refusal:
        session.rollback()
        return _project_page(
            request,
            session,
            viewer,
            locale,
            project_id,
            error=in_language(refusal, locale),
            error_field=getattr(refusal, "field", None),
            error_form=which,
            form=form,
            status_code=400,
        )
    return confirm(request, f"/investment/{project_id}", line)


@router.post("/investment/{project_id:rowid}")
def edit_project(
    project_id: int,
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    def act() -> str:
        given = read_form(ProjectForm, form)
        investment.edit_project(
            session=session,
            actor=viewer.actor,
            project_id=project_id,
            name=given.name or "",
            investor_name=given.investor or "",
            investor_credit_code=given.investor_credit_code,
            investor_rank=given.rank,
            county=given.county,
            planned_wan=given.planned,
            sponsor_email=given.sponsor,
            officer_email=given.officer,
            node=given.node,
            now=wiring.now(),
        )
        return translate(locale, "pipeline.saved")

    return _act(request, session, viewer, locale, project_id, "edit", form, act)


@router.post("/investment/{project_id:rowid}/move")
def move_project(
    project_id: int,
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    def act() -> str:
        given = read_form(MoveForm, form)
        moved = investment.move_project(
            session=session,
            actor=viewer.actor,
            project_id=project_id,
            to=given.to or "",
            on=given.on or _today(request),
            reason=given.reason,
            key_project_code=given.key_project,
            company_code=given.company_code,
            company_name=given.company_name,
            now=wiring.now(),
            rules=request.app.state.rules,
        )
        stage = _words(locale)["stage_label"](moved.stage)
        return translate(locale, "pipeline.moved", stage=stage)

    return _act(request, session, viewer, locale, project_id, "move", form, act)


@router.post("/investment/{project_id:rowid}/signings")
def sign_project(
    project_id: int,
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    def act() -> str:
        given = read_form(SignForm, form)
        if given.amount is None:
            raise FormRefused("amount", said("pipeline.bad_amount", text=""))
        investment.record_signing(
            session=session,
            actor=viewer.actor,
            project_id=project_id,
            kind=given.kind or "",
            on=given.on or _today(request),
            amount_wan=given.amount,
            now=wiring.now(),
            rules=request.app.state.rules,
            pipeline=_pipeline(request),
        )
        return translate(locale, "pipeline.signed")

    return _act(request, session, viewer, locale, project_id, "sign", form, act)


@router.post("/investment/{project_id:rowid}/filing")
def file_project(
    project_id: int,
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    def act() -> str:
        given = read_form(FileForm, form)
        investment.file_project(
            session=session,
            actor=viewer.actor,
            project_id=project_id,
            on=given.on or _today(request),
            now=wiring.now(),
            rules=request.app.state.rules,
        )
        return translate(locale, "pipeline.filed")

    return _act(request, session, viewer, locale, project_id, "file", form, act)


@router.post("/investment/{project_id:rowid}/funds")
def report_funds(
    project_id: int,
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    def act() -> str:
        given = read_form(FundsForm, form)
        if given.amount is None:
            raise FormRefused("amount", said("pipeline.bad_amount", text=""))
        investment.report_funds(
            session=session,
            actor=viewer.actor,
            project_id=project_id,
            month=given.month or "",
            amount_wan=given.amount,
            now=wiring.now(),
            rules=request.app.state.rules,
        )
        return translate(locale, "pipeline.funds_saved", month=given.month)

    return _act(request, session, viewer, locale, project_id, "funds", form, act)
