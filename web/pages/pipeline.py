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


REFUSED = (InvestmentRefused, FormRefused)


def today_of(request: Request) -> date:
    return request.app.state.rules.today(wiring.now())  # type: ignore[no-any-return]


def pipeline_of(request: Request) -> Any:
    return wiring.pipeline_rules(request.app.state.settings)


def words(locale: str) -> dict[str, Any]:
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
        today=today_of(request),
        pipeline=pipeline_of(request),
        node=request.query_params.get("node"),
    )
    context = {
        **words(locale),
        "viewer": viewer,
        "view": view,
        "error": error,
        "error_field": error_field,
        # ?target=ID (the target page's "add a project" link) fills in the form's target
        "form": form or {"target": request.query_params.get("target")},
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
        today=today_of(request),
        pipeline=pipeline_of(request),
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
    except REFUSED as refusal:
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
        session=session, viewer=viewer, today=today_of(request), pipeline=pipeline_of(request)
    )
    context = {**words(locale), "viewer": viewer, "view": view}
    return page(request, "pipeline_city.html", locale, context)
