"""Notices (通知): the viewer's own (the office: all, and the dead letters), one notice as its
recipient read it, acknowledging it (签收) — on the page or through the signed link in the mail —
and, for the office, sending failed deliveries again."""

from dataclasses import replace
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from chainops import wiring
from notifications.links import AckTokenError
from notifications.render import KINDS, kind_label
from services import notices as notice_service
from services.notices import (
    AckLinkExpired,
    NoticeFilter,
    NoticeView,
    acknowledge_own,
    acknowledge_viewer_link,
    chain_id_of,
    delivery_for_link,
    list_notices,
    notice_view,
    subject_path,
    visible_notice,
)
from services.people import NotAllowed, Viewer
from web.deps import CheckedForm, CurrentViewer, Db, Locale
from web.i18n import translate
from web.pages import export
from web.pages.list_sheets import notice_sheet
from web.templating import page

router = APIRouter()
LISTED_KINDS = tuple(kind for kind in KINDS if kind != "digest")  # a digest is never stored


def _helpers(request: Request, locale: str) -> dict[str, Any]:
    zone = request.app.state.rules.zone

    def local(moment: datetime | None) -> str:
        return "—" if moment is None else f"{moment.astimezone(zone):%Y-%m-%d %H:%M}"

    return {"kind_label": lambda kind: kind_label(kind, locale), "local": local}


@router.get("/notices", response_class=HTMLResponse)
def notices(
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    kind: str = "",
    chain: str = "",
    failed: str = "",
    mine: str = "",
    page_number: Annotated[str, Query(alias="page")] = "1",
    format: str = "",
) -> Response:
    try:
        xlsx = export.wants_xlsx(format)
    except ValueError:
        return export.bad_format(request, viewer, locale, format)
    errors = []
    if kind and kind not in LISTED_KINDS:
        errors.append(translate(locale, "notice.bad_kind", value=kind))
    chain_id = chain_id_of(session, chain) if chain else None
    if chain and chain_id is None:
        errors.append(translate(locale, "notice.bad_chain", value=chain))
    if not page_number.isdigit() or int(page_number) < 1:
        errors.append(translate(locale, "notice.bad_page", value=page_number))
    chosen = NoticeFilter(
        kind=kind or None,
        chain_id=chain_id,
        failed=failed == "1",
        mine=mine == "1",
        page=int(page_number) if not errors else 1,
    )
    if xlsx and not errors:
        return _export(request, session, viewer, locale, chosen)
    listed = list_notices(session=session, viewer=viewer, chosen=chosen)
    context = {
        "viewer": viewer,
        "listed": listed if not errors else None,
        "chains": listed.chains,
        "kinds": LISTED_KINDS,
        "chosen": {"kind": kind, "chain": chain.upper(), "failed": failed == "1"},
        "mine": chosen.mine or not viewer.is_office,
        "errors": errors,
        "previous": _page_link(request, listed.page - 1) if listed.page > 1 else None,
        "next": _page_link(request, listed.page + 1) if listed.page < listed.pages else None,
        "export": export.export_link(request),
        **_helpers(request, locale),
    }
    return page(request, "notices.html", locale, context, status_code=400 if errors else 200)


def _export(
    request: Request, session: Session, viewer: Viewer, locale: str, chosen: NoticeFilter
) -> Response:
    """Every notice the filters keep, newest first, as an .xlsx file."""
    counted = list_notices(session=session, viewer=viewer, chosen=replace(chosen, per_page=1))
    refused = export.too_many(request, viewer, locale, counted.total)
    if refused is not None:
        return refused
    every = replace(chosen, page=1, per_page=max(1, counted.total))
    listed = list_notices(session=session, viewer=viewer, chosen=every)
    zone = request.app.state.rules.zone
    headers, rows, widths = notice_sheet(listed.lines, listed.chains, locale, zone)
    today = request.app.state.rules.today(wiring.now())
    return export.xlsx_response(
        locale=locale, list_key="notices", today=today, headers=headers, rows=rows, widths=widths
    )


def _page_link(request: Request, number: int) -> str:
    query = {k: v for k, v in request.query_params.items() if k != "page"}
    return "/notices?" + urlencode({**query, "page": number})


@router.get("/notices/{notice_id:rowid}", response_class=HTMLResponse)
def notice(
    request: Request, session: Db, viewer: CurrentViewer, locale: Locale, notice_id: int
) -> Response:
    shown = _view(request, session, viewer, locale, notice_id)
    context = {"viewer": viewer, "shown": shown, **_helpers(request, locale)}
    return page(request, "notice.html", locale, context)


def _view(
    request: Request, session: Session, viewer: Viewer, locale: str, notice_id: int
) -> NoticeView:
    return notice_view(
        session=session,
        viewer=viewer,
        notice_id=notice_id,
        locale=locale,
        now=wiring.now(),
        rules=wiring.dispatch_rules(request.app.state.settings),
    )


@router.post("/notices/{notice_id:rowid}/ack")
def acknowledge(
    request: Request, session: Db, viewer: CurrentViewer, form: CheckedForm, notice_id: int
) -> Response:
    """The viewer acknowledges their own delivery of the notice (403 if none is theirs)."""
    acknowledge_own(
        session=session,
        viewer=viewer,
        notice_id=notice_id,
        now=wiring.now(),
        rules=request.app.state.rules,
    )
    return RedirectResponse(f"/notices/{notice_id}", status_code=303)


@router.post("/notices/{notice_id:rowid}/retry")
def retry(session: Db, viewer: CurrentViewer, form: CheckedForm, notice_id: int) -> Response:
    """The office queues a notice's dead letters again (as ``chainops notices retry``)."""
    visible_notice(session=session, viewer=viewer, notice_id=notice_id)
    if not viewer.is_office:
        raise NotAllowed("only the office sends notices again")
    notice_service.retry(session=session, notice_id=notice_id, now=wiring.now())
    return RedirectResponse(f"/notices/{notice_id}", status_code=303)


@router.get("/ack/{token}", response_class=HTMLResponse)
def ack_link(
    request: Request, session: Db, viewer: CurrentViewer, locale: Locale, token: str
) -> Response:
    """Where the link in the mail lands: what is being acknowledged, and a button. Following
    the link changes nothing (mail scanners follow links); the button's POST does."""
    try:
        row, found = delivery_for_link(
            session=session,
            viewer=viewer,
            token=token,
            secret=_secret(request),
            today=request.app.state.rules.today(wiring.now()),
        )
    except AckTokenError as exc:
        return _unusable(request, viewer, locale, exc)
    shown = _view(request, session, viewer, locale, found.id or 0)
    context = {"viewer": viewer, "row": row, "shown": shown, **_helpers(request, locale)}
    return page(request, "ack.html", locale, context)


@router.post("/ack/{token}")
def ack_link_confirm(
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
    token: str,
) -> Response:
    """Acknowledge, then go where the recipient reports progress (the task's page)."""
    try:
        found = acknowledge_viewer_link(
            session=session,
            viewer=viewer,
            token=token,
            secret=_secret(request),
            now=wiring.now(),
            rules=request.app.state.rules,
        )
    except AckTokenError as exc:
        return _unusable(request, viewer, locale, exc)
    return RedirectResponse(subject_path(found) or f"/notices/{found.id}", status_code=303)


def _secret(request: Request) -> str:
    return str(request.app.state.settings.secret_key.get_secret_value())


def _unusable(request: Request, viewer: Viewer, locale: str, error: AckTokenError) -> Response:
    """An expired, malformed or forged link: say which, and where to acknowledge instead."""
    if isinstance(error, AckLinkExpired):
        problem = translate(locale, "ack.expired", date=error.expires.isoformat())
    else:
        problem = translate(locale, "ack.invalid")
    context = {"viewer": viewer, "problem": problem}
    return page(request, "ack.html", locale, context, status_code=400)
