"""The matchmaking lists on the pages: a chain's demand list (``/chains/{code}/demands``) and
capability list (``/chains/{code}/capabilities``) with their add forms, a demand's page
(``/demands/{id}``) with its edit form and its shortlist, where the chain master chooses, and a
capability item's page (``/capabilities/{id}``).

Who sees and changes what is ``services.matchmaking`` (the office and the chain's working group
every item of the chain; a firm its own; leaders and the lead department read). A list or item
the viewer may not see is 404, a change that is not theirs 403, a bad field re-renders the form
(400) with the field named, nothing changed.
"""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import Field
from sqlmodel import Session

from chainops import wiring
from mechanism.supply_lists import DemandStatus
from mechanism.wording import in_language
from services import matchmaking
from services.lookups import UnknownChain
from services.matchmaking import SupplyInputError
from services.people import NotAllowed, Viewer
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
    Worded(lambda text: said("supply.bad_amount", text=text)),
]
NeededBy = Annotated[date | None, Day, Worded(lambda text: said("supply.bad_date", text=text))]


class DemandForm(PageForm):
    credit_code: OptionalText = None
    item: OptionalText = None
    node: OptionalText = None
    specification: OptionalText = None
    amount_wan: Amount = None
    needed_by: NeededBy = None
    status: str = DemandStatus.OPEN.value


class CapabilityForm(PageForm):
    credit_code: OptionalText = None
    product: OptionalText = None
    node: OptionalText = None
    certifications: OptionalText = None
    capacity: OptionalText = None


class ChoiceForm(PageForm):
    capability_id: Annotated[int, Worded(lambda _text: said("supply.bad_choice"))]
    # the event the choice is made at (blank: the demand's own, if any)
    event_id: Annotated[
        int | None, WholeNumber, Worded(lambda _text: said("supply.bad_choice"))
    ] = None


_REFUSED = (SupplyInputError, FormRefused, UnknownChain)


def _today(request: Request) -> date:
    return request.app.state.rules.today(wiring.now())  # type: ignore[no-any-return]


def _context(viewer: Viewer, locale: str) -> dict[str, Any]:
    def status_label(code: str) -> str:
        member = DemandStatus.parse(code)
        return (member.zh if locale == "zh-CN" else member.en) if member else code

    return {"viewer": viewer, "statuses": list(DemandStatus), "status_label": status_label}


def _list_page(
    request: Request,
    session: Session,
    viewer: Viewer,
    locale: str,
    code: str,
    which: str,
    *,
    error: str | None = None,
    error_field: str | None = None,
    form: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    shown = matchmaking.supply_page(session=session, viewer=viewer, chain_code=code, which=which)
    context = {
        **_context(viewer, locale),
        "view": shown,
        "which": which,
        "error": error,
        "error_field": error_field,
        "form": form or {},
        "done": confirmation(request, f"/chains/{code}/{which}"),
    }
    return page(request, "supply_list.html", locale, context, status_code=status_code)


@router.get("/supply", response_class=HTMLResponse)
def supply_home(request: Request, session: Db, viewer: CurrentViewer, locale: Locale) -> Response:
    """Where a viewer's matchmaking lists are: one line per chain it may open them on (a firm
    has no chain page to reach them from)."""
    chains = matchmaking.supply_chains(session=session, viewer=viewer)
    return page(request, "supply_home.html", locale, {"viewer": viewer, "chains": chains})


@router.get("/chains/{code}/demands", response_class=HTMLResponse)
def demand_list(
    code: str, request: Request, session: Db, viewer: CurrentViewer, locale: Locale
) -> Response:
    return _list_page(request, session, viewer, locale, code, "demands")


@router.get("/chains/{code}/capabilities", response_class=HTMLResponse)
def capability_list(
    code: str, request: Request, session: Db, viewer: CurrentViewer, locale: Locale
) -> Response:
    return _list_page(request, session, viewer, locale, code, "capabilities")


@router.post("/chains/{code}/demands")
def add_demand(
    code: str,
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    """A new line on a demand list: the firm for itself, the team or office for any firm."""
    shown = matchmaking.supply_page(
        session=session, viewer=viewer, chain_code=code, which="demands"
    )
    if not shown.may_add:
        raise NotAllowed("only the enterprise, the chain's working group or the office")
    try:
        given = read_form(DemandForm, form)
        made = matchmaking.add_demand(
            session=session,
            actor=viewer.actor,
            chain_code=code,
            credit_code=given.credit_code,
            item=given.item or "",
            node=given.node,
            specification=given.specification,
            amount_wan=given.amount_wan,
            needed_by=given.needed_by,
            now=wiring.now(),
        )
    except _REFUSED as refusal:
        session.rollback()
        return _refused(request, session, viewer, locale, code, "demands", refusal, form)
    path = f"/chains/{code}/demands"
    return confirm(request, path, translate(locale, "supply.added", what=made.item))


@router.post("/chains/{code}/capabilities")
def add_capability(
    code: str,
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    shown = matchmaking.supply_page(
        session=session, viewer=viewer, chain_code=code, which="capabilities"
    )
    if not shown.may_add:
        raise NotAllowed("only the enterprise, the chain's working group or the office")
    try:
        given = read_form(CapabilityForm, form)
        made = matchmaking.add_capability(
            session=session,
            actor=viewer.actor,
            chain_code=code,
            credit_code=given.credit_code,
            product=given.product or "",
            node=given.node,
            certifications=given.certifications,
            capacity=given.capacity,
            now=wiring.now(),
        )
    except _REFUSED as refusal:
        session.rollback()
        return _refused(request, session, viewer, locale, code, "capabilities", refusal, form)
    path = f"/chains/{code}/capabilities"
    return confirm(request, path, translate(locale, "supply.added", what=made.product))


def _refused(
    request: Request,
    session: Session,
    viewer: Viewer,
    locale: str,
    code: str,
    which: str,
    refusal: Exception,
    form: dict[str, Any],
) -> Response:
    return _list_page(
        request,
        session,
        viewer,
        locale,
        code,
        which,
        error=in_language(refusal, locale),
        error_field=getattr(refusal, "field", None),
        form=form,
        status_code=400,
    )


# --- one item --------------------------------------------------------------------------------


def _item_page(
    request: Request,
    session: Session,
    viewer: Viewer,
    locale: str,
    which: str,
    item_id: int,
    *,
    error: str | None = None,
    error_field: str | None = None,
    form: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    if which == "demands":
        shown = matchmaking.demand_page(
            session=session, viewer=viewer, demand_id=item_id, today=_today(request)
        )
    else:
        shown = matchmaking.capability_page(session=session, viewer=viewer, capability_id=item_id)
    context = {
        **_context(viewer, locale),
        "view": shown,
        "row": shown.row,
        "which": which,
        "error": error,
        "error_field": error_field,
        "form": form or shown.row,
        "done": confirmation(request, f"/{which}/{item_id}"),
        "why": lambda message: in_language(message, locale),
    }
    return page(request, "supply_item.html", locale, context, status_code=status_code)


@router.get("/demands/{demand_id:rowid}", response_class=HTMLResponse)
def demand_item(
    demand_id: int, request: Request, session: Db, viewer: CurrentViewer, locale: Locale
) -> Response:
    return _item_page(request, session, viewer, locale, "demands", demand_id)


@router.get("/capabilities/{capability_id:rowid}", response_class=HTMLResponse)
def capability_item(
    capability_id: int, request: Request, session: Db, viewer: CurrentViewer, locale: Locale
) -> Response:
    return _item_page(request, session, viewer, locale, "capabilities", capability_id)


@router.post("/demands/{demand_id:rowid}")
def edit_demand(
    demand_id: int,
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    matchmaking.visible_demand(session, viewer, demand_id)  # 404 before anything else
    try:
        given = read_form(DemandForm, form)
        matchmaking.edit_demand(
            session=session,
            actor=viewer.actor,
            viewer=viewer,
            demand_id=demand_id,
            item=given.item or "",
            node=given.node,
            specification=given.specification,
            amount_wan=given.amount_wan,
            needed_by=given.needed_by,
            status=given.status,
            now=wiring.now(),
        )
    except _REFUSED as refusal:
        session.rollback()
        return _item_refused(request, session, viewer, locale, "demands", demand_id, refusal, form)
    return confirm(request, f"/demands/{demand_id}", translate(locale, "supply.saved"))


@router.post("/capabilities/{capability_id:rowid}")
def edit_capability(
    capability_id: int,
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    matchmaking.visible_capability(session, viewer, capability_id)
    try:
        given = read_form(CapabilityForm, form)
        matchmaking.edit_capability(
            session=session,
            actor=viewer.actor,
            viewer=viewer,
            capability_id=capability_id,
            product=given.product or "",
            node=given.node,
            certifications=given.certifications,
            capacity=given.capacity,
            now=wiring.now(),
        )
    except _REFUSED as refusal:
        session.rollback()
        return _item_refused(
            request, session, viewer, locale, "capabilities", capability_id, refusal, form
        )
    return confirm(request, f"/capabilities/{capability_id}", translate(locale, "supply.saved"))


@router.post("/demands/{demand_id:rowid}/choose")
def choose(
    demand_id: int,
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    """The chain master (or the team, the office) chooses a line: a proposed match."""
    matchmaking.visible_demand(session, viewer, demand_id)
    try:
        given = read_form(ChoiceForm, form)
        chosen = matchmaking.choose(
            session=session,
            viewer=viewer,
            demand_id=demand_id,
            capability_id=given.capability_id,
            today=_today(request),
            now=wiring.now(),
            event_id=given.event_id,
        )
    except _REFUSED as refusal:
        session.rollback()
        return _item_refused(request, session, viewer, locale, "demands", demand_id, refusal, form)
    line = translate(locale, "supply.chosen", enterprise=chosen.line.offer.enterprise_name)
    return confirm(request, f"/demands/{demand_id}", line)


def _item_refused(
    request: Request,
    session: Session,
    viewer: Viewer,
    locale: str,
    which: str,
    item_id: int,
    refusal: Exception,
    form: dict[str, Any],
) -> Response:
    return _item_page(
        request,
        session,
        viewer,
        locale,
        which,
        item_id,
        error=in_language(refusal, locale),
        error_field=getattr(refusal, "field", None),
        form=form,
        status_code=400,
    )
