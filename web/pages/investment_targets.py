"""The investment targets on the pages: a chain's targets (``/chains/{code}/targets``) with its
gap nodes at the top, filters by status and node and the add form; one target
(``/targets/{id}``) with its edit form and its status move (``/targets/{id}/status``); and the
short list of gaps the chain page shows (``chain_gaps``).

Who sees and changes what is ``services.investment`` (the office and the chain's working group
manage; the chain's leaders and lead department read; a firm sees nothing). A list or target
the viewer may not see is 404, a change that is not theirs 403, a bad field re-renders the form
(400) with the field named, nothing changed.
"""

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from chainops import wiring
from mechanism.investment import ProjectStage
from mechanism.investment_targets import (
    TargetPriority,
    TargetPurpose,
    TargetSource,
    TargetStatus,
)
from mechanism.vocabulary import Labelled
from mechanism.wording import in_language
from models import Chain
from services import investment
from services.investment import InvestmentRefused
from services.lookups import UnknownChain
from services.people import NotAllowed, Viewer
from web.deps import CheckedForm, CurrentViewer, Db, Locale
from web.flash import confirm, confirmation
from web.forms import FormRefused, OptionalText, PageForm, read_form
from web.i18n import translate
from web.templating import page

router = APIRouter()

_VOCABULARIES: dict[str, type[Labelled]] = {
    "source": TargetSource,
    "purpose": TargetPurpose,
    "status": TargetStatus,
    "priority": TargetPriority,
    "stage": ProjectStage,  # of the projects made from a target
}
_REFUSED = (InvestmentRefused, FormRefused, UnknownChain)


class TargetForm(PageForm):
    company_name: OptionalText = None
    credit_code: OptionalText = None
    hq_region: OptionalText = None
    source: OptionalText = None
    purpose: OptionalText = None
    node: OptionalText = None
    priority: OptionalText = None
    owner_group: OptionalText = None
    note: OptionalText = None


class MoveForm(PageForm):
    to: OptionalText = None
    reason: OptionalText = None


def _word(locale: str) -> Callable[[str, Any], str]:
    """``word("status", "listed")``: a code of one of the targets' vocabularies as the page's
    language says it (an unknown code as it is)."""

    def word(vocabulary: str, code: Any) -> str:
        member = _VOCABULARIES[vocabulary].parse(str(code)) if code is not None else None
        if member is None:
            return "—" if code is None else str(code)
        return member.zh if locale == "zh-CN" else member.en

    return word


def _context(viewer: Viewer, locale: str) -> dict[str, Any]:
    return {
        "viewer": viewer,
        "word": _word(locale),
        "sources": list(TargetSource),
        "purposes": list(TargetPurpose),
        "statuses": list(TargetStatus),
        "priorities": list(TargetPriority),
    }


def chain_gaps(session: Session, viewer: Viewer, chain: Chain) -> dict[str, Any]:
    """What the chain page adds for the targets: its gap nodes (None when the viewer does not
    read the chain's targets, so the page says nothing of them)."""
    return {"target_gaps": investment.chain_page_gaps(session=session, viewer=viewer, chain=chain)}


def _list_page(
    request: Request,
    session: Session,
    viewer: Viewer,
    locale: str,
    code: str,
    *,
    filters: dict[str, str | None] | None = None,
    error: str | None = None,
    error_field: str | None = None,
    form: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    chosen = filters or {"status": None, "node": None}
    try:
        shown = investment.targets_page(session=session, viewer=viewer, chain_code=code, **chosen)
    except InvestmentRefused as bad:  # a bad filter: the whole list, and which filter was wrong
        shown = investment.targets_page(session=session, viewer=viewer, chain_code=code)
        error, error_field, status_code = in_language(bad.message, locale), bad.field, 400
        chosen = {"status": None, "node": None}
    context = {
        **_context(viewer, locale),
        "view": shown,
        "filters": chosen,
        "error": error,
        "error_field": error_field,
        "form": form or {"node": request.query_params.get("for_node", "")},
        "done": confirmation(request, f"/chains/{code}/targets"),
    }
    return page(request, "investment_targets.html", locale, context, status_code=status_code)


@router.get("/chains/{code}/targets", response_class=HTMLResponse)
def target_list(
    code: str,
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    status: str | None = None,
    node: str | None = None,
) -> Response:
    filters = {"status": status or None, "node": node or None}
    return _list_page(request, session, viewer, locale, code, filters=filters)


@router.post("/chains/{code}/targets")
def add_target(
    code: str,
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    """A new target for the chain: the office or the chain's working group."""
    shown = investment.targets_page(session=session, viewer=viewer, chain_code=code)
    if not shown.may_manage:
        raise NotAllowed("only the chain's working group or the office")
    try:
        given = read_form(TargetForm, form)
        made = investment.add_target(
            session=session,
            actor=viewer.actor,
            chain_code=code,
            company_name=given.company_name or "",
            node=given.node,
            credit_code=given.credit_code,
            hq_region=given.hq_region,
            source=given.source or TargetSource.CHAIN_MAP.value,
            purpose=given.purpose or TargetPurpose.FILL.value,
            priority=given.priority or TargetPriority.NORMAL.value,
            owner_group=given.owner_group,
            note=given.note,
            now=wiring.now(),
        )
    except _REFUSED as refusal:
        session.rollback()
        return _list_page(
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
    line = translate(locale, "inv.added", what=made.company_name)
    return confirm(request, f"/chains/{code}/targets", line)


# --- one target ------------------------------------------------------------------------------


def _target_page(
    request: Request,
    session: Session,
    viewer: Viewer,
    locale: str,
    target_id: int,
    *,
    error: str | None = None,
    error_field: str | None = None,
    form: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    shown = investment.target_page(session=session, viewer=viewer, target_id=target_id)
    values = {**shown.row, "company_name": shown.row["company"]}
    context = {
        **_context(viewer, locale),
        "view": shown,
        "row": shown.row,
        "error": error,
        "error_field": error_field,
        "form": {**values, **(form or {})},
        "done": confirmation(request, f"/targets/{target_id}"),
    }
    return page(request, "investment_target.html", locale, context, status_code=status_code)


@router.get("/targets/{target_id:rowid}", response_class=HTMLResponse)
def target(
    target_id: int, request: Request, session: Db, viewer: CurrentViewer, locale: Locale
) -> Response:
    return _target_page(request, session, viewer, locale, target_id)


@router.post("/targets/{target_id:rowid}")
def edit_target(
    target_id: int,
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    """The edit form sends every field; the service records what changed."""
    investment.visible_target(session, viewer, target_id)  # 404 before anything else
    try:
        given = read_form(TargetForm, form)
        changes = given.model_dump()
        changes["source"] = changes["source"] or TargetSource.CHAIN_MAP.value
        changes["purpose"] = changes["purpose"] or TargetPurpose.FILL.value
        changes["priority"] = changes["priority"] or TargetPriority.NORMAL.value
        investment.edit_target(
            session=session, viewer=viewer, target_id=target_id, changes=changes, now=wiring.now()
        )
    except _REFUSED as refusal:
        session.rollback()
        return _refused(request, session, viewer, locale, target_id, refusal, form)
    return confirm(request, f"/targets/{target_id}", translate(locale, "inv.saved"))


@router.post("/targets/{target_id:rowid}/status")
def move_target(
    target_id: int,
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    """listed → contacted → visited; dropped with a reason; a dropped target reopened."""
    investment.visible_target(session, viewer, target_id)
    try:
        given = read_form(MoveForm, form)
        moved = investment.move_target(
            session=session,
            viewer=viewer,
            target_id=target_id,
            to=given.to or "",
            reason=given.reason,
            now=wiring.now(),
        )
    except _REFUSED as refusal:
        session.rollback()
        return _refused(request, session, viewer, locale, target_id, refusal, form)
    to = _word(locale)("status", moved.status)
    return confirm(request, f"/targets/{target_id}", translate(locale, "inv.moved", to=to))


def _refused(
    request: Request,
    session: Session,
    viewer: Viewer,
    locale: str,
    target_id: int,
    refusal: Exception,
    form: dict[str, Any],
) -> Response:
    return _target_page(
        request,
        session,
        viewer,
        locale,
        target_id,
        error=in_language(refusal, locale),
        error_field=getattr(refusal, "field", None),
        form=form,
        status_code=400,
    )
