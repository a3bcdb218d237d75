"""The investment pipeline on the pages: a chain's pipeline (``/chains/{code}/pipeline``) by
stage with its add form, the city's (``/investment``) with the signed-but-not-started list,
and a project's page (``/investment/{id}``) with its forms to edit, move, sign, file and report
funds.

Who sees and changes what is ``services.investment`` (the office and the chain's working group
manage; leaders and the lead department read; a firm sees only the project it is the local
company of). What the viewer may not see is 404, a change not theirs 403, a bad field
re-renders the page (400) with the field named and nothing changed.
"""

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import Field
from sqlmodel import Session

from chainops import wiring
from mechanism.investment import InvestorRank, ProjectStage, SigningKind
from mechanism.wording import in_language
from services import investment
from services.investment import InvestmentRefused
from services.people import Viewer
from web.deps import CheckedForm, CurrentViewer, Db, Locale
from web.flash import confirm, confirmation
from web.forms import (
    Day,
    FormRefused,
    Given,
    OptionalText,
    PageForm,
    WholeNumber,
    Worded,
    read_form,
)
from web.i18n import said, translate
from web.templating import page

router = APIRouter()

Amount = Annotated[
    float | None,
    Field(allow_inf_nan=False),
    Given,
    Worded(lambda text: said("pipeline.bad_amount", text=text)),
]
OnDay = Annotated[date | None, Day, Worded(lambda text: said("pipeline.bad_date", text=text))]


class ProjectForm(PageForm):
    name: OptionalText = None
    investor: OptionalText = None
    code: OptionalText = None
    target: Annotated[
        int | None, WholeNumber, Worded(lambda text: said("pipeline.bad_target", text=text))
    ] = None
    node: OptionalText = None
    investor_credit_code: OptionalText = None
    rank: OptionalText = None
    county: OptionalText = None
    planned: Amount = None
    sponsor: OptionalText = None
    officer: OptionalText = None


class MoveForm(PageForm):
    to: OptionalText = None
    on: OnDay = None
    reason: OptionalText = None
    key_project: OptionalText = None
    company_code: OptionalText = None
    company_name: OptionalText = None


class SignForm(PageForm):
    kind: OptionalText = None
    on: OnDay = None
    amount: Amount = None


class FileForm(PageForm):
    on: OnDay = None


class FundsForm(PageForm):
    month: OptionalText = None
    amount: Amount = None


_REFUSED = (InvestmentRefused, FormRefused)


def _today(request: Request) -> date:
    return request.app.state.rules.today(wiring.now())  # type: ignore[no-any-return]


def _pipeline(request: Request) -> Any:
    return wiring.pipeline_rules(request.app.state.settings)


def _words(locale: str) -> dict[str, Any]:
    def label(vocabulary: Any) -> Callable[[str | None], str]:
        def say(code: str | None) -> str:
            member = vocabulary.parse(code) if code else None
            if member is None:
                return code or "—"
            return str(member.zh if locale == "zh-CN" else member.en)

        return say

    return {
        "stage_label": label(ProjectStage),
        "rank_label": label(InvestorRank),
        "kind_label": label(SigningKind),
        "stages": list(ProjectStage),
        "ranks": list(InvestorRank),
        "kinds": list(SigningKind),
    }


def _chain_page(
    request: Request,
    session: Session,
    viewer: Viewer,
    locale: str,
    code: str,
    *,
    error: str | None = None,
    error_field: str | None = None,
    form: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    view = investment.chain_pipeline(
        session=session,
        viewer=viewer,
        chain_code=code,
        today=_today(request),
        pipeline=_pipeline(request),
    )
    context = {
        **_words(locale),
        "viewer": viewer,
        "view": view,
        "error": error,
        "error_field": error_field,
        "form": form or {},
        "done": confirmation(request, f"/chains/{code}/pipeline"),
    }
    return page(request, "pipeline_chain.html", locale, context, status_code=status_code)


@router.get("/chains/{code}/pipeline", response_class=HTMLResponse)
def chain_pipeline(
    code: str, request: Request, session: Db, viewer: CurrentViewer, locale: Locale
) -> Response:
    return _chain_page(request, session, viewer, locale, code)


@router.post("/chains/{code}/pipeline")
def add_project(
    code: str,
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    view = investment.chain_pipeline(
        session=session,
        viewer=viewer,
        chain_code=code,
        today=_today(request),
        pipeline=_pipeline(request),
    )
    if not view.may_manage:
        investment.manages(session, viewer.actor, view.chain)  # raises: 403 with the reason
    try:
        given = read_form(ProjectForm, form)
        made = investment.add_project(
            session=session,
            actor=viewer.actor,
            name=given.name or "",
            investor_name=given.investor or "",
            chain_code=code,
            target_id=given.target,
            node=given.node,
            code=given.code,
            investor_credit_code=given.investor_credit_code,
            investor_rank=given.rank,
            county=given.county,
            planned_wan=given.planned,
            sponsor_email=given.sponsor,
            officer_email=given.officer,
            now=wiring.now(),
        )
    except _REFUSED as refusal:
        session.rollback()
        return _chain_page(
            request,
            session,
            viewer,
            locale,
            code,
            error=in_language(refusal, locale),
            error_field=getattr(refusal, "field", None),
            form=form,
            status_code=400,
        )
    line = translate(locale, "pipeline.added", code=made.code)
    return confirm(request, f"/investment/{made.id}", line)


@router.get("/investment", response_class=HTMLResponse)
def city_pipeline(request: Request, session: Db, viewer: CurrentViewer, locale: Locale) -> Response:
    view = investment.city_pipeline(
        session=session, viewer=viewer, today=_today(request), pipeline=_pipeline(request)
    )
    context = {**_words(locale), "viewer": viewer, "view": view}
    return page(request, "pipeline_city.html", locale, context)


# --- one project -----------------------------------------------------------------------------


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
