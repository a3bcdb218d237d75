"""Standing practices on the pages: a chain's periods (``/chains/{code}/practices``, newest
first: the practice, the period, its due date, the task's state, done or a gap) and one period
(``/practices/{period_id}``: its task, its records, and the record form for those who may —
the office, the chain's working group, the owner of the period's task).

Who reads and records what is ``services.practices``: a period the viewer may not see is 404,
a record that is not theirs to file 403, a bad field re-renders the page (400) with the field
named, nothing changed. A record's own page is ``web.pages.practice_records``.
"""

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from mechanism.vocabulary import TaskState
from mechanism.wording import Said, in_language
from services import practices
from services.people import Viewer
from web.deps import CheckedForm, CurrentViewer, Db, Locale
from web.flash import confirm, confirmation
from web.forms import FormRefused, read_form
from web.i18n import translate
from web.pages.items import setup
from web.pages.practice_forms import RecordForm
from web.templating import page

router = APIRouter()

_REFUSED = (practices.PracticeRefused, FormRefused)


def state_word(locale: str) -> Callable[[str | None], str]:
    """A task's state as the page's language says it (no task: a dash)."""

    def word(code: str | None) -> str:
        member = TaskState.parse(code) if code else None
        if member is None:
            return code or "—"
        return member.zh if locale == "zh-CN" else member.en

    return word


@router.get("/chains/{code}/practices", response_class=HTMLResponse)
def chain_practices(
    code: str, request: Request, session: Db, viewer: CurrentViewer, locale: Locale
) -> Response:
    view = practices.chain_periods(session, viewer, code, setup(request).today)
    context = {"viewer": viewer, "view": view, "chain": view["chain"], "state": state_word(locale)}
    return page(request, "practice_periods.html", locale, context)


def _period_page(
    request: Request,
    session: Session,
    viewer: Viewer,
    locale: str,
    period_id: int,
    *,
    error: Exception | None = None,
    form: dict[str, Any] | None = None,
) -> Response:
    view = practices.period_view(session, viewer, period_id, setup(request).today)
    context = {
        "viewer": viewer,
        "view": view,
        "chain": view["chain"],
        "state": state_word(locale),
        "error": in_language(error, locale) if error else None,
        "error_field": getattr(error, "field", None),
        "form": form or {},
        "done": confirmation(request, f"/practices/{period_id}"),
    }
    status = 400 if error else 200
    return page(request, "practice_period.html", locale, context, status_code=status)


@router.get("/practices/{period_id:rowid}", response_class=HTMLResponse)
def period(
    period_id: int, request: Request, session: Db, viewer: CurrentViewer, locale: Locale
) -> Response:
    return _period_page(request, session, viewer, locale, period_id)


@router.post("/practices/{period_id:rowid}/records")
def file_record(
    period_id: int,
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    """A record of the practice held; 404 for a period not seen, 403 for one not recorded."""
    run = setup(request)
    shown = practices.period_view(session, viewer, period_id, run.today)  # 404 first
    if not shown["may_record"]:  # 403 before any field is read
        raise practices.PracticeNotAllowed(translate(locale, "prec.not_recorder"))
    try:
        given = read_form(RecordForm, form)
        if given.held_on is None:
            raise FormRefused(
                "held_on", Said("held on: required (a date like 2026-11-20)", "开展日期：必须填写")
            )
        record = practices.file_record(
            session=session,
            actor=viewer.actor,
            period_id=period_id,
            held_on=given.held_on,
            participants=given.participants,
            places=given.places,
            summary=given.summary,
            problems=given.problem_lines,
            now=run.now,
            rules=run.rules,
        )
    except _REFUSED as refusal:
        session.rollback()
        return _period_page(request, session, viewer, locale, period_id, error=refusal, form=form)
    line = translate(locale, "prec.filed", day=record.held_on)
    return confirm(request, f"/practice-records/{record.id}", line)
