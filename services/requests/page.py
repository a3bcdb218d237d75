"""Reads the factor-request pages need beyond ``services.requests.reads``: the list limited to
what a viewer may see, the moves a viewer may make on a request now, its service levels with
their deadlines, and what a viewer may submit a request for.

Who may make which move is the lifecycle table's (``mechanism.factor_requests.REQUEST_MOVES``)
and how a person stands to a request is ``services.requests.moves.roles_on_request``; this
module only asks them, so the page offers exactly the moves ``update_request`` would take.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from mechanism.factor_requests import FactorRules, RequestStage, stage_deadline, stage_of
from mechanism.request_lifecycle import REQUEST_MOVES, RequestAction
from mechanism.vocabulary import FactorType, RequestState
from models import (
    Chain,
    Department,
    Enterprise,
    EnterpriseMembership,
    FactorRequest,
    KeyProject,
)
from services.config import EngineRules
from services.people import Actor, Viewer
from services.projects import ChainChoice, chains_among
from services.requests.moves import last_reopened, roles_on_request
from services.requests.reads import request_names, request_row
from services.requests.service_level import blocked_by

Row = dict[str, Any]


class RequestHidden(LookupError):
    """No request with that code that the viewer may see (whether it exists is not said)."""


def visible_requests(
    *,
    session: Session,
    viewer: Viewer,
    today: date,
    rules: EngineRules,
    factors: FactorRules,
    chain: str | None = None,
    state: str | None = None,
    project_id: int | None = None,
    locale: str = "zh-CN",
) -> list[Row]:
    """The list rows (as ``services.requests.reads.list_requests`` shapes them, light computed
    as of ``today``) of the requests ``viewer`` may see, narrowed by chain, state or project."""
    query = (
        select(FactorRequest)
        .where(viewer.item_filter(FactorRequest))
        .order_by(col(FactorRequest.chain_id), col(FactorRequest.code))
    )
    if chain:
        query = query.join(Chain, col(Chain.id) == FactorRequest.chain_id).where(
            Chain.code == chain.strip()
        )
    if state:
        query = query.where(FactorRequest.state == state)
    if project_id is not None:
        query = query.where(FactorRequest.project_id == project_id)
    requests = list(session.exec(query))
    if not requests:
        return []
    blocks = blocked_by(session.connection(), [r.id for r in requests if r.id is not None])
    names = request_names(session)
    return [
        request_row(r, names, blocks.get(r.id or 0, []), today, rules, factors, locale)
        for r in requests
    ]


def request_chains(*, session: Session, viewer: Viewer) -> list[ChainChoice]:
    """The chains of the requests ``viewer`` may see, for the list's filter."""
    seen = select(FactorRequest.chain_id).where(viewer.item_filter(FactorRequest))
    return chains_among(session, seen)


def visible_request(session: Session, viewer: Viewer, code: str) -> FactorRequest:
    """The request ``code`` if ``viewer`` may see it, else :class:`RequestHidden`."""
    request = session.exec(
        select(FactorRequest)
        .where(FactorRequest.code == code.strip())
        .where(viewer.item_filter(FactorRequest))
        .execution_options(populate_existing=True)
    ).first()
    if request is None:
        raise RequestHidden(f"no factor request {code!r}")
    return request


def holds_role_for(
    session: Session, actor: Actor, request: FactorRequest, action: RequestAction
) -> bool:
    """Whether ``actor`` is one of those who may make ``action`` on ``request`` at all (in
    some state): if not, the move is not theirs (403); if so, the state and the inputs are
    left to ``update_request``, which explains what is wrong."""
    return bool(roles_on_request(session, actor, request) & REQUEST_MOVES[action].roles)


def moves_now(session: Session, actor: Actor, request: FactorRequest) -> list[RequestAction]:
    """The moves ``actor`` may make on ``request`` in its present state, in lifecycle order."""
    roles = roles_on_request(session, actor, request)
    state = RequestState(request.state)
    return [
        action
        for action, move in REQUEST_MOVES.items()
        if state in move.sources and roles & move.roles
    ]


@dataclass(frozen=True)
class StageLevel:
    """One service level of a request: its working days, its deadline as things stand (None:
    it cannot be known yet, e.g. the plan before acceptance), when it was met, and whether it
    is the stage the request is held to now."""

    stage: RequestStage
    working_days: int
    due: date | None
    met_at: datetime | None
    current: bool


def service_levels(
    *, session: Session, request: FactorRequest, rules: EngineRules, factors: FactorRules
) -> list[StageLevel]:
    """The acknowledge, plan and close levels of ``request`` with their deadlines, each
    computed by ``mechanism.factor_requests.stage_deadline`` as the request's check does."""
    levels = factors.levels[FactorType(request.factor_type)]
    submitted_on = rules.today(request.submitted_at)
    accepted_on = rules.today(request.accepted_at) if request.accepted_at else None
    reopened_on = last_reopened(session, request, rules)
    current = stage_of(RequestState(request.state))

    def due(state: RequestState) -> date | None:
        return stage_deadline(
            state,
            submitted_on=submitted_on,
            accepted_on=accepted_on,
            reopened_on=reopened_on,
            levels=levels,
            calendar=rules.calendar,
        )

    plan_known = accepted_on is not None or current == RequestStage.PLAN
    return [
        StageLevel(
            RequestStage.ACKNOWLEDGE,
            levels.acknowledge,
            due(RequestState.SUBMITTED),
            request.accepted_at,
            current == RequestStage.ACKNOWLEDGE,
        ),
        StageLevel(
            RequestStage.PLAN,
            levels.plan,
            due(RequestState.ACCEPTED) if plan_known else None,
            request.planned_at,
            current == RequestStage.PLAN,
        ),
        StageLevel(
            RequestStage.CLOSE,
            levels.close,
            due(RequestState.IN_PROGRESS),
            request.resolved_at,
            current == RequestStage.CLOSE,
        ),
    ]


def department_of(session: Session, request: FactorRequest) -> Department | None:
    return session.get(Department, request.department_id)


def department_names(session: Session) -> dict[str, tuple[str, str]]:
    """Department code → (name_zh, name_en), to show who handles a request by name."""
    return {d.code: (d.name_zh, d.name_en or d.name_zh) for d in session.exec(select(Department))}


# --- what a viewer may submit a request for ---------------------------------------------------


@dataclass(frozen=True)
class SubmitChoices:
    """The chains, enterprises and projects a submitter may name, for the form's choices.

    ``fixed_enterprise``: a firm submits for itself only, so its enterprise is not asked.
    """

    chains: list[tuple[str, str, str]]  # code, name_zh, name_en
    enterprises: list[tuple[str, str]]  # credit code, name
    projects: list[tuple[str, str, str]]  # code, name, chain code
    fixed_enterprise: tuple[str, str] | None = None

    @property
    def any(self) -> bool:
        return bool(self.chains)


def submit_choices(*, session: Session, viewer: Viewer) -> SubmitChoices:
    """What ``viewer`` may submit for: a firm, its own enterprise on the chains it is listed
    on or has projects on; the office, every chain; a working group, its chains. Others may
    not submit (no chains). The service decides on the submission itself."""
    if viewer.enterprise_id is not None:
        return _firm_choices(session, viewer.enterprise_id)
    if viewer.is_office:
        ids = [c for c in session.exec(select(Chain.id)).all() if c is not None]
    else:
        ids = sorted(viewer.team_chains)
    if not ids:
        return SubmitChoices([], [], [])
    chains = _chains(session, ids)
    members = select(EnterpriseMembership.enterprise_id).where(
        col(EnterpriseMembership.chain_id).in_(ids)
    )
    owners = select(KeyProject.enterprise_id).where(col(KeyProject.chain_id).in_(ids))
    enterprises = session.exec(
        select(Enterprise.credit_code, Enterprise.name)
        .where(col(Enterprise.id).in_(members.union(owners)))
        .order_by(col(Enterprise.name))
    ).all()
    projects = _projects(session, col(KeyProject.chain_id).in_(ids))
    return SubmitChoices(chains, [(c, n) for c, n in enterprises], projects)


def _firm_choices(session: Session, enterprise_id: int) -> SubmitChoices:
    firm = session.get(Enterprise, enterprise_id)
    if firm is None:
        return SubmitChoices([], [], [])
    listed = select(EnterpriseMembership.chain_id).where(
        EnterpriseMembership.enterprise_id == enterprise_id
    )
    owned = select(KeyProject.chain_id).where(KeyProject.enterprise_id == enterprise_id)
    ids = list(session.exec(select(Chain.id).where(col(Chain.id).in_(listed.union(owned)))))
    chains = _chains(session, [i for i in ids if i is not None])
    projects = _projects(session, KeyProject.enterprise_id == enterprise_id)
    me = (firm.credit_code, firm.name)
    return SubmitChoices(chains, [me], projects, fixed_enterprise=me)


def _chains(session: Session, ids: list[int]) -> list[tuple[str, str, str]]:
    rows = session.exec(
        select(Chain.code, Chain.name_zh, Chain.name_en)
        .where(col(Chain.id).in_(ids))
        .order_by(col(Chain.position), col(Chain.code))
    ).all()
    return [(code, zh, en) for code, zh, en in rows]


def _projects(session: Session, where: Any) -> list[tuple[str, str, str]]:
    rows = session.exec(
        select(KeyProject.code, KeyProject.name, Chain.code)
        .join(Chain, col(Chain.id) == KeyProject.chain_id)
        .where(where)
        .order_by(col(KeyProject.code))
    ).all()
    return [(code, name, chain) for code, name, chain in rows]
