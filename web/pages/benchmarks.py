"""Benchmarking on the pages: ``/benchmarks`` (peers, indicators, one year's figures, and the
forms to add a peer and enter a figure for those who may) and ``/chains/{code}/benchmarks``
(that chain against each peer per indicator, and the gap list with a "make a task" button per
gap, posting to ``/benchmarks/gaps/task``, and beside it a small form making the gap's
investment target, posting to ``/benchmarks/gaps/target``; once made, the row links it).

Who reads and changes what is ``services.benchmarks`` (the office everything; a chain's working
group its chain's figures and gaps; leaders and the lead department read; a firm nothing: 404).
A bad field re-renders the page (400) with the field named, nothing changed; the targets'
own refusals (a blank company, a node not on the map) read the same, and one not allowed to
manage the chain's targets gets the 403 page.
"""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from chainops import wiring
from mechanism.wording import in_language
from services import benchmarks
from services.benchmarks import BenchmarkRefused
from services.investment import InvestmentRefused
from services.people import Viewer
from web.deps import CheckedForm, CurrentViewer, Db, Locale
from web.flash import confirm, confirmation
from web.forms import FormRefused, OptionalText, PageForm, read_form
from web.i18n import translate
from web.templating import page

router = APIRouter()

_REFUSED = (BenchmarkRefused, FormRefused)
_TARGET_REFUSED = (BenchmarkRefused, InvestmentRefused, FormRefused)


class PeerForm(PageForm):
    name: OptionalText = None
    kind: OptionalText = None
    chain: OptionalText = None
    region: OptionalText = None
    note: OptionalText = None


class ValueForm(PageForm):
    indicator: OptionalText = None
    chain: OptionalText = None
    peer: OptionalText = None
    year: OptionalText = None
    value: OptionalText = None
    source: OptionalText = None


class GapForm(PageForm):
    indicator: OptionalText = None
    chain: OptionalText = None
    peer: OptionalText = None
    year: OptionalText = None


class GapTargetForm(GapForm):
    company: OptionalText = None
    node: OptionalText = None


def _year(text: str | None) -> int | None:
    """The ``?year=`` asked for; anything that is not a year shows the default year."""
    return int(text) if text and text.isdigit() and 2000 <= int(text) <= 2100 else None


def _home(
    request: Request,
    session: Session,
    viewer: Viewer,
    locale: str,
    year: int | None,
    *,
    error: Exception | None = None,
    form: dict[str, Any] | None = None,
    which: str | None = None,
) -> Response:
    view = benchmarks.benchmarks_page(
        session,
        viewer=viewer,
        year=year,
        today=wiring.today(),
        catalogue=wiring.benchmark_indicators(),
    )
    context = {
        "viewer": viewer,
        "view": view,
        "error": in_language(error, locale) if error else None,
        "error_field": getattr(error, "field", None),
        "which": which,
        "form": form or {},
        "done": confirmation(request, f"/benchmarks?year={view.year}"),
    }
    return page(request, "benchmarks.html", locale, context, status_code=400 if error else 200)


@router.get("/benchmarks", response_class=HTMLResponse)
def benchmarks_home(
    request: Request, session: Db, viewer: CurrentViewer, locale: Locale, year: str | None = None
) -> Response:
    return _home(request, session, viewer, locale, _year(year))


@router.post("/benchmarks/peers")
def add_peer(
    request: Request, session: Db, viewer: CurrentViewer, locale: Locale, form: CheckedForm
) -> Response:
    try:
        given = read_form(PeerForm, form)
        peer = benchmarks.add_peer(
            session=session,
            actor=viewer.actor,
            name=given.name or "",
            kind=given.kind or "region",
            chain_code=given.chain,
            region=given.region,
            note=given.note,
            now=wiring.now(),
        )
    except _REFUSED as refusal:
        session.rollback()
        return _home(request, session, viewer, locale, None, error=refusal, form=form, which="peer")
    view = benchmarks.benchmarks_page(
        session,
        viewer=viewer,
        year=None,
        today=wiring.today(),
        catalogue=wiring.benchmark_indicators(),
    )
    line = translate(locale, "bench.peer_added", name=peer.name)
    return confirm(request, f"/benchmarks?year={view.year}", line)


@router.post("/benchmarks/values")
def enter_value(
    request: Request, session: Db, viewer: CurrentViewer, locale: Locale, form: CheckedForm
) -> Response:
    try:
        given = read_form(ValueForm, form)
        result = benchmarks.set_value(
            session=session,
            actor=viewer.actor,
            indicator=given.indicator or "",
            year=given.year or "",
            value=given.value or "",
            source=given.source,
            chain_code=given.chain,
            peer_name=given.peer,
            catalogue=wiring.benchmark_indicators(),
            now=wiring.now(),
        )
    except _REFUSED as refusal:
        session.rollback()
        return _home(
            request,
            session,
            viewer,
            locale,
            _year(form.get("year")),
            error=refusal,
            form=form,
            which="value",
        )
    row = result.value
    values = {"indicator": given.indicator, "year": row.year, "value": f"{row.value:g}"}
    line = (
        translate(locale, "bench.value_replaced", was=f"{result.replaced:g}", **values)
        if result.replaced is not None
        else translate(locale, "bench.value_saved", **values)
    )
    return confirm(request, f"/benchmarks?year={row.year}", line)


def _chain_page(
    request: Request,
    session: Session,
    viewer: Viewer,
    locale: str,
    code: str,
    year: int | None,
    *,
    error: Exception | None = None,
    form: dict[str, Any] | None = None,
) -> Response:
    view = benchmarks.chain_benchmarks_page(
        session,
        viewer=viewer,
        chain_code=code,
        year=year,
        today=wiring.today(),
        catalogue=wiring.benchmark_indicators(),
        kinds=wiring.designation_kinds(),
    )
    comparison = view.comparison
    path = f"/chains/{code}/benchmarks?year={comparison.year}"
    context = {
        "viewer": viewer,
        "view": view,
        "c": comparison,
        "chain": comparison.chain,
        "error": in_language(error, locale) if error else None,
        "error_field": getattr(error, "field", None),
        "form": form or {},
        "done": confirmation(request, path),
    }
    return page(request, "benchmark_chain.html", locale, context, status_code=400 if error else 200)


@router.get("/chains/{code}/benchmarks", response_class=HTMLResponse)
def chain_benchmarks(
    code: str,
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    year: str | None = None,
) -> Response:
    return _chain_page(request, session, viewer, locale, code, _year(year))


def _readable(session: Session, viewer: Viewer, code: str) -> None:
    """A chain the viewer does not read is a missing page, before anything else is said."""
    benchmarks.chain_benchmarks_page(
        session,
        viewer=viewer,
        chain_code=code,
        year=None,
        today=wiring.today(),
        catalogue=wiring.benchmark_indicators(),
        kinds=wiring.designation_kinds(),
    )


@router.post("/benchmarks/gaps/task")
def gap_task(
    request: Request, session: Db, viewer: CurrentViewer, locale: Locale, form: CheckedForm
) -> Response:
    """One step from a gap to a task for the chain's lead department (made once)."""
    given = read_form(GapForm, form)
    code = given.chain or ""
    _readable(session, viewer, code)
    try:
        made = benchmarks.gap_to_task(
            session=session,
            actor=viewer.actor,
            indicator=given.indicator or "",
            chain_code=code,
            peer_name=given.peer or "",
            year=given.year or "",
            today=wiring.today(),
            now=wiring.now(),
            rules=request.app.state.rules,
            catalogue=wiring.benchmark_indicators(),
            kinds=wiring.designation_kinds(),
        )
    except _REFUSED as refusal:
        session.rollback()
        return _chain_page(request, session, viewer, locale, code, _year(given.year), error=refusal)
    task = made.task
    key = "bench.task_made" if made.made else "bench.task_exists"
    line = translate(locale, key, id=task.id, title=task.title, due=task.due_date)
    return confirm(request, f"/chains/{code}/benchmarks?year={given.year}", line)


@router.post("/benchmarks/gaps/target")
def gap_target(
    request: Request, session: Db, viewer: CurrentViewer, locale: Locale, form: CheckedForm
) -> Response:
    """One step from a gap to an investment target of the chain (made once)."""
    given = read_form(GapTargetForm, form)
    code = given.chain or ""
    _readable(session, viewer, code)
    try:
        made = benchmarks.gap_to_target(
            session=session,
            actor=viewer.actor,
            indicator=given.indicator or "",
            chain_code=code,
            peer_name=given.peer or "",
            year=given.year or "",
            company_name=given.company or "",
            node=given.node,
            today=wiring.today(),
            now=wiring.now(),
            catalogue=wiring.benchmark_indicators(),
            kinds=wiring.designation_kinds(),
        )
    except _TARGET_REFUSED as refusal:
        session.rollback()
        return _chain_page(
            request, session, viewer, locale, code, _year(given.year), error=refusal, form=form
        )
    target = made.target
    key = "bench.target_made" if made.made else "bench.target_exists"
    line = translate(locale, key, id=target.id, company=target.company_name)
    return confirm(request, f"/chains/{code}/benchmarks?year={given.year}", line)
