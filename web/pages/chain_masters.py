"""A chain's 链主 and 领航型 lists (``/chains/{code}/chain-masters``): the proposals waiting for
the chain leader and the titles held; the office or the chain's working group proposes, the
chain's leader approves or refuses with a reason (services.enterprises audits both). The
office may not approve for the leader: the page says so, and its POST is 403.

Whoever reads the chain sees the page; anyone else gets the chain's 404.
"""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from services import enterprises as service
from services.city import readable_chain
from services.people import NotAllowed, Viewer
from web.deps import CheckedForm, CurrentViewer, Db, Locale
from web.flash import confirm, confirmation
from web.forms import FormRefused, read_form
from web.i18n import translate
from web.pages.enterprise_forms import ProposeForm, RefuseForm
from web.pages.enterprises import kinds_of, said, words
from web.pages.items import helpers, setup
from web.templating import page

router = APIRouter()


@router.get("/chains/{code}/chain-masters", response_class=HTMLResponse)
def chain_masters(
    request: Request, code: str, session: Db, viewer: CurrentViewer, locale: Locale
) -> Response:
    return _render(request, session, viewer, locale, code)


@router.post("/chains/{code}/chain-masters", response_class=HTMLResponse)
def propose(
    request: Request,
    code: str,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    chain = readable_chain(session=session, code=code, viewer=viewer)
    if not viewer.runs_chain(chain.id or 0):
        raise NotAllowed(f"{viewer.username} may not propose {code}'s chain masters")
    run = setup(request)
    try:
        given = read_form(ProposeForm, form)
        row = service.add_designation(
            session=session, viewer=viewer, credit_code=given.credit_code, kind=given.kind,
            chain=chain.code, candidate=True, kinds=kinds_of(request), now=run.now,
            today=run.today,
        )  # fmt: skip
    except (FormRefused, service.EnterpriseInputError, service.EnterpriseNotFound) as exc:
        session.rollback()
        return _render(request, session, viewer, locale, code, form, said(exc, locale))
    except service.EnterpriseNotAllowed as exc:
        session.rollback()
        raise NotAllowed(str(exc)) from exc
    said_done = translate(locale, "ent.masters.done.proposed", id=row.id)
    return confirm(request, _path(chain.code), said_done)


@router.post(
    "/chains/{code}/chain-masters/{designation_id:rowid}/{decision}", response_class=HTMLResponse
)
def decide(
    request: Request,
    code: str,
    designation_id: int,
    decision: str,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    form: CheckedForm,
) -> Response:
    chain = readable_chain(session=session, code=code, viewer=viewer)
    run = setup(request)
    lists = service.chain_master_lists(
        session, chain_id=chain.id or 0, today=run.today, kinds=kinds_of(request)
    )
    if decision not in ("approve", "refuse") or designation_id not in {
        p["id"] for p in lists["pending"]
    }:
        raise LookupError(f"no proposal {designation_id} on {code}")
    if (chain.id or 0) not in viewer.leader_chains:
        raise NotAllowed(f"{viewer.username} is not {code}'s chain leader")
    try:
        if decision == "approve":
            service.approve_designation(
                session=session, viewer=viewer, designation_id=designation_id,
                kinds=kinds_of(request), now=run.now, today=run.today,
            )  # fmt: skip
        else:
            given = read_form(RefuseForm, form)
            service.refuse_designation(
                session=session, viewer=viewer, designation_id=designation_id,
                reason=given.reason, kinds=kinds_of(request), now=run.now,
            )  # fmt: skip
    except (FormRefused, service.EnterpriseInputError) as exc:
        session.rollback()
        return _render(request, session, viewer, locale, code, form, said(exc, locale))
    except service.EnterpriseNotAllowed as exc:
        session.rollback()
        raise NotAllowed(str(exc)) from exc
    key = "ent.masters.done.approved" if decision == "approve" else "ent.masters.done.refused"
    return confirm(request, _path(chain.code), translate(locale, key, id=designation_id))


def _path(code: str) -> str:
    return f"/chains/{code}/chain-masters"


def _render(
    request: Request,
    session: Session,
    viewer: Viewer,
    locale: str,
    code: str,
    form: dict[str, Any] | None = None,
    error: str | None = None,
) -> Response:
    chain = readable_chain(session=session, code=code, viewer=viewer)
    run = setup(request)
    kinds = kinds_of(request)
    runs = viewer.runs_chain(chain.id or 0)
    members: list[dict[str, Any]] = []
    if runs:
        members, _ = service.list_enterprises(
            session=session, viewer=viewer, today=run.today, calendar=run.rules.calendar,
            chain=chain.code, per_page=200, kinds=kinds,
        )  # fmt: skip
    context = {
        **helpers(viewer, locale, run.zone),
        **words(locale, kinds),
        "chain": chain,
        "lists": service.chain_master_lists(
            session, chain_id=chain.id or 0, today=run.today, kinds=kinds
        ),
        "runs": runs,
        "leads": (chain.id or 0) in viewer.leader_chains,
        "members": members,
        "scoped": [k for k in kinds if k.chain_scoped],
        "form": form or {},
        "error": error,
        "done": [] if error else confirmation(request, _path(chain.code)),
    }
    return page(
        request, "enterprise_chain_masters.html", locale, context, status_code=400 if error else 200
    )
