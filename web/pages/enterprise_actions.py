"""The forms of an enterprise's page: add a title, move one, complete its dates, enter the
enterprise in the cultivation library and exit a candidacy — each through services.enterprises,
which audits it.

The order of the answers: an enterprise (or a title, a candidacy of it) the viewer may not see
is 404; a form that is not the viewer's is 403 before its fields are read; a refused value
re-renders the page (400) with the form as typed and the reason, and changes nothing.
"""

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from mechanism.designations import DesignationStatus
from services import enterprises as service
from services.people import NotAllowed, Viewer
from web.deps import CheckedForm, CurrentViewer, Db, Locale
from web.flash import confirm
from web.forms import FormRefused, read_form
from web.i18n import translate
from web.pages.enterprise_forms import CandidateForm, DatesForm, ExitForm, MoveForm, TitleForm
from web.pages.enterprises import kinds_of, render_enterprise, said
from web.pages.items import setup

router = APIRouter()

_REFUSED = (FormRefused, service.EnterpriseInputError)


def _rights(request: Request, session: Session, viewer: Viewer, credit_code: str) -> Any:
    by_code = {k.code: k for k in kinds_of(request)}
    return service.enterprise_rights(session, viewer, credit_code, by_code)


def _attempt(
    request: Request,
    session: Session,
    viewer: Viewer,
    locale: str,
    credit_code: str,
    form: dict[str, Any],
    which: str,
    act: Callable[[], str],
) -> Response:
    """Run the change; a refusal re-renders the page with the form, nothing written."""
    try:
        done = act()
    except _REFUSED as exc:
        session.rollback()
        return render_enterprise(
            request, session, viewer, locale, credit_code, form=form,
            error=said(exc, locale), which=which,
        )  # fmt: skip
    except service.EnterpriseNotAllowed as exc:
        session.rollback()
        raise NotAllowed(str(exc)) from exc
    return confirm(request, f"/enterprises/{credit_code.strip().upper()}", done)


@router.post("/enterprises/{credit_code}/titles", response_class=HTMLResponse)
def add_title(
    request: Request,
    credit_code: str,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    rights = _rights(request, session, viewer, credit_code)
    if not (rights["manages"] or viewer.is_office or viewer.team_chains):
        raise NotAllowed(f"{viewer.username} may not change {credit_code}'s titles")
    run = setup(request)

    def act() -> str:
        given = read_form(TitleForm, form)
        row = service.add_designation(
            session=session, viewer=viewer, credit_code=credit_code, kind=given.kind,
            recognized_on=given.recognized_on, batch=given.batch, doc_no=given.doc_no,
            valid_until_on=given.valid_until, review_due=given.review_due,
            data_update_due=given.data_update_due, chain=given.chain,
            candidate=given.candidate, kinds=kinds_of(request), now=run.now, today=run.today,
        )  # fmt: skip
        return translate(locale, "ent.done.added", id=row.id)

    return _attempt(request, session, viewer, locale, credit_code, form, "title", act)


def _title_of(rights: Any, viewer: Viewer, designation_id: int) -> None:
    """404 for a title not this enterprise's, 403 for one not the viewer's to change."""
    if designation_id not in rights["all_titles"]:
        raise LookupError(f"no title {designation_id}")
    if designation_id not in rights["titles"]:
        raise NotAllowed(f"{viewer.username} may not change title {designation_id}")


@router.post(
    "/enterprises/{credit_code}/titles/{designation_id:rowid}/move", response_class=HTMLResponse
)
def move_title(
    request: Request,
    credit_code: str,
    designation_id: int,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    _title_of(_rights(request, session, viewer, credit_code), viewer, designation_id)
    run = setup(request)

    def act() -> str:
        given = read_form(MoveForm, form)
        row = service.move_designation(
            session=session, viewer=viewer, designation_id=designation_id, to=given.to,
            reason=given.reason, recognized_on=given.recognized_on, doc_no=given.doc_no,
            kinds=kinds_of(request), now=run.now, today=run.today,
        )  # fmt: skip
        status = DesignationStatus(row.status)
        label = status.zh if locale == "zh-CN" else status.en.lower()
        return translate(locale, "ent.done.moved", id=row.id, status=label)

    which = f"move-{designation_id}"
    return _attempt(request, session, viewer, locale, credit_code, form, which, act)


@router.post(
    "/enterprises/{credit_code}/titles/{designation_id:rowid}/dates", response_class=HTMLResponse
)
def complete_dates(
    request: Request,
    credit_code: str,
    designation_id: int,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    _title_of(_rights(request, session, viewer, credit_code), viewer, designation_id)
    run = setup(request)

    def act() -> str:
        given = read_form(DatesForm, form)
        row = service.edit_designation(
            session=session, viewer=viewer, designation_id=designation_id,
            recognized_on=given.recognized_on, valid_until_on=given.valid_until,
            review_due=given.review_due, data_update_due=given.data_update_due,
            batch=given.batch, doc_no=given.doc_no, kinds=kinds_of(request), now=run.now,
            today=run.today,
        )  # fmt: skip
        return translate(locale, "ent.done.dates", id=row.id)

    which = f"dates-{designation_id}"
    return _attempt(request, session, viewer, locale, credit_code, form, which, act)


@router.post("/enterprises/{credit_code}/candidates", response_class=HTMLResponse)
def add_candidate(
    request: Request,
    credit_code: str,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    if not _rights(request, session, viewer, credit_code)["library"]:
        raise NotAllowed(f"{viewer.username} may not keep {credit_code}'s candidacies")
    run = setup(request)

    def act() -> str:
        given = read_form(CandidateForm, form)
        row = service.add_candidate(
            session=session, viewer=viewer, credit_code=credit_code,
            target_kind=given.target_kind, entered_on=given.entered_on or run.today,
            cycle_months=given.cycle_months, kinds=kinds_of(request), now=run.now,
        )  # fmt: skip
        return translate(locale, "ent.done.candidate", id=row.id)

    return _attempt(request, session, viewer, locale, credit_code, form, "candidate", act)


@router.post(
    "/enterprises/{credit_code}/candidates/{candidate_id:rowid}/exit", response_class=HTMLResponse
)
def exit_candidate(
    request: Request,
    credit_code: str,
    candidate_id: int,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    rights = _rights(request, session, viewer, credit_code)
    if candidate_id not in rights["open_candidates"]:
        raise LookupError(f"no open candidacy {candidate_id}")
    if candidate_id not in rights["candidates"]:
        raise NotAllowed(f"{viewer.username} may not exit candidacy {candidate_id}")
    run = setup(request)

    def act() -> str:
        given = read_form(ExitForm, form)
        row = service.exit_candidate(
            session=session, viewer=viewer, candidate_id=candidate_id, reason=given.reason,
            left_on=given.left_on or run.today, note=given.note, now=run.now,
        )  # fmt: skip
        return translate(locale, "ent.done.exited", id=row.id)

    which = f"exit-{candidate_id}"
    return _attempt(request, session, viewer, locale, credit_code, form, which, act)
