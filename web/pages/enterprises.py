"""Enterprise pages (issue 16): the enterprises a viewer sees with their titles (``/enterprises``,
filtered by chain, kind, status and deadlines within N working days, a page at a time), and one
enterprise (``/enterprises/{credit_code}``): its titles with their dates and reminders, what
comes next, its candidacies in the cultivation library (梯度培育库), its chains, and the forms of
whoever may change them (``web.pages.enterprise_actions``).

Who sees what is services.enterprises': the office, the chief and a chain's team, leaders and
lead department see their chains' enterprises, a firm only its own. An enterprise the viewer
may not see is 404, like one that does not exist.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, col, select

from chainops import wiring
from mechanism.designations import DesignationLevel, DesignationStatus, DueKind, ExitReason, Kind
from mechanism.vocabulary import Labelled
from mechanism.wording import in_language
from models import Chain
from services import enterprises as service
from services.paging import BadListInput
from services.people import Viewer
from web.deps import CurrentViewer, Db, Locale
from web.flash import confirmation
from web.forms import FormRefused
from web.i18n import TEXT, translate
from web.pages.items import helpers, setup
from web.templating import page

router = APIRouter()

PER_PAGE = 50
MOVES_OFFERED = (
    DesignationStatus.UNDER_REVIEW,
    DesignationStatus.RENEWED,
    DesignationStatus.EXPIRED,
    DesignationStatus.REVOKED,
)
EXITS_OFFERED = (ExitReason.CYCLE_ENDED, ExitReason.WITHDRAWN, ExitReason.NOT_ELIGIBLE)


def kinds_of(request: Request) -> tuple[Kind, ...]:
    return wiring.designation_kinds(request.app.state.settings)


def words(locale: str, kinds: tuple[Kind, ...]) -> dict[str, Any]:
    """Codes as the page's language says them: kinds, statuses, levels, deadlines, exits."""
    names = {k.code: (k.name_zh if locale == "zh-CN" else k.name_en) for k in kinds}

    def word(vocabulary: type[Labelled], code: str | None) -> str:
        member = vocabulary.parse(code or "")
        if member is None:
            return code or "—"
        return member.zh if locale == "zh-CN" else member.en

    return {
        "kind_name": lambda code: names.get(code, code),
        "status_label": lambda code: word(DesignationStatus, code),
        "level_label": lambda code: word(DesignationLevel, code),
        "due_label": lambda code: (
            translate(locale, f"ent.due.{code}")
            if code in ("review", "data_update", "valid_until")
            else word(DueKind, code)
        ),
        "exit_label": lambda code: word(ExitReason, code),
        "day": lambda value: value.isoformat() if value else "—",
        "kinds": kinds,
    }


def said(exc: Exception, locale: str) -> str:
    """A refusal in the page's language, led by the form field's name when a form refused it
    (the services' own messages already name their field)."""
    message = in_language(exc, locale)
    field = exc.field if isinstance(exc, FormRefused) else None
    if field and f"ent.field.{field}" in TEXT:
        name = translate(locale, f"ent.field.{field}")
        return translate(locale, "ent.check_field", field=name, message=message)
    return translate(locale, "ent.check", message=message)


def _chains(session: Session, viewer: Viewer) -> list[Chain]:
    """The chains whose enterprises the viewer reads (the chain filter's choices)."""
    if viewer.enterprise_id is not None:
        return []
    readable = service.readable_chains(session, viewer)
    query = select(Chain).order_by(col(Chain.position), col(Chain.code))
    if readable is not None:
        query = query.where(col(Chain.id).in_(sorted(readable)))
    return list(session.exec(query))


@router.get("/enterprises", response_class=HTMLResponse)
def enterprise_list(
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    chain: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    due: str | None = None,
    page_number: Annotated[str | None, Query(alias="page")] = None,
) -> Response:
    run = setup(request)
    kinds = kinds_of(request)
    filters = {"chain": chain or None, "kind": kind or None, "status": status or None}
    number = max(int(page_number), 1) if page_number and page_number.isdigit() else 1
    error = None
    within: int | None = None
    if due and due.strip():
        if due.strip().isdigit() and int(due.strip()) <= 1000:
            within = int(due.strip())
        else:
            error = translate(locale, "ent.bad_due", value=due.strip())
    chains = _chains(session, viewer)
    # A firm has no chain filter (it sees its one enterprise); for others a chain not theirs
    # is named, not silently shown as an empty list.
    known = {c.code for c in chains}
    if filters["chain"] and filters["chain"] not in known and viewer.enterprise_id is None:
        error = translate(locale, "ent.bad_chain", value=filters["chain"])
    rows: list[dict[str, Any]] = []
    total = 0
    if error is None:
        try:
            rows, total = service.list_enterprises(
                session=session, viewer=viewer, today=run.today, calendar=run.rules.calendar,
                due_within=within, page=number, per_page=PER_PAGE, kinds=kinds,
                **filters,
            )  # fmt: skip
        except BadListInput as exc:
            error = translate(locale, "ent.bad_filter", message=in_language(exc, locale))
    pages = max(1, -(-total // PER_PAGE))
    context = {
        **helpers(viewer, locale, run.zone),
        **words(locale, kinds),
        "rows": rows,
        "total": total,
        "number": number,
        "pages": pages,
        "filters": {**filters, "due": due or ""},
        "query": {k: v for k, v in {**filters, "due": due}.items() if v},
        "chains": chains,
        "statuses": list(DesignationStatus),
        "error": error,
        "today": run.today,
    }
    return page(request, "enterprises.html", locale, context, status_code=400 if error else 200)


@router.get("/enterprises/{credit_code}", response_class=HTMLResponse)
def enterprise_view(
    request: Request, credit_code: str, session: Db, viewer: CurrentViewer, locale: Locale
) -> Response:
    return render_enterprise(request, session, viewer, locale, credit_code)


def render_enterprise(
    request: Request,
    session: Session,
    viewer: Viewer,
    locale: str,
    credit_code: str,
    *,
    form: dict[str, Any] | None = None,
    error: str | None = None,
    which: str | None = None,
) -> Response:
    """The enterprise's page; after a refused form, that form (``which``: "title",
    "move-ID", "dates-ID", "candidate", "exit-ID") again with what was typed and why not."""
    run = setup(request)
    kinds = kinds_of(request)
    by_code = {k.code: k for k in kinds}
    rights = service.enterprise_rights(session, viewer, credit_code, by_code)
    firm = service.enterprise_page(
        session=session, viewer=viewer, credit_code=credit_code, today=run.today,
        calendar=run.rules.calendar, kinds=kinds,
    )  # fmt: skip
    tasks = service.reminder_tasks(session, [t["id"] for t in firm["titles"]])
    ahead = [t for t in firm["titles"] if t["counts"] and t["next_deadline"] is not None]
    path = f"/enterprises/{firm['credit_code']}"
    context = {
        **helpers(viewer, locale, run.zone),
        **words(locale, kinds),
        "e": firm,
        "rights": rights,
        "tasks": tasks,
        "next": min(ahead, key=lambda t: t["next_deadline"]) if ahead else None,
        "chain_reads": {
            c.code: viewer.reads_chain(c.id or 0) for c in _chains_named(session, firm["chains"])
        },
        "library_kinds": [k for k in kinds if not k.chain_scoped],
        "moves": MOVES_OFFERED,
        "exits": EXITS_OFFERED,
        "form": form or {},
        "which": which,
        "error": error,
        "path": path,
        "today": run.today,
        "done": [] if error else confirmation(request, path),
    }
    return page(request, "enterprise.html", locale, context, status_code=400 if error else 200)


def _chains_named(session: Session, codes: list[str]) -> list[Chain]:
    if not codes:
        return []
    return list(session.exec(select(Chain).where(col(Chain.code).in_(codes))))


def enterprise_ladder(request: Request, session: Session, chain_id: int, locale: str) -> Any:
    """What the chain page's ladder include (``_enterprise_ladder.html``) shows."""
    run = setup(request)
    kinds = kinds_of(request)
    return {
        "ladder": service.chain_ladder(
            session=session,
            chain_id=chain_id,
            today=run.today,
            calendar=run.rules.calendar,
            kinds=kinds,
        ),
        "ladder_names": {k.code: k.name_zh if locale == "zh-CN" else k.name_en for k in kinds},
    }
