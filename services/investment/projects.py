"""Adding and editing an investment project (招商项目), and finding one a viewer may see.

A project comes from a target (then its chain and map node are the target's) or straight from
a lead. Its code is unique, ``ZS<year>-<CHAIN>-<nn>`` unless one is given. There is no field
for promised subsidies or tax rebates: the fair-competition review forbids them. Each change
is audited; a refusal names the field and changes nothing.
"""

from datetime import datetime

from sqlmodel import Session, col, select

from mechanism.investment import project_code
from mechanism.wording import Said
from models import Chain, InvestmentProject, InvestmentTarget
from services.audit import audit
from services.investment import projects_checks as check
from services.investment.access import (
    InvestmentHidden,
    InvestmentRefused,
    manages,
    reads_chain_investment,
)
from services.people import Actor, Viewer

_EDITABLE = (
    "name",
    "investor_name",
    "investor_credit_code",
    "investor_rank",
    "county",
    "planned_investment_wan",
    "sponsor_leader_id",
    "service_officer_id",
    "map_node_id",
)


def sees_project(session: Session, viewer: Viewer | None, project: InvestmentProject) -> bool:
    """The chain's readers see it; a firm only when it is the project's local company."""
    if viewer is None:
        return True
    if viewer.enterprise_id is not None:
        return project.enterprise_id == viewer.enterprise_id
    return reads_chain_investment(session, viewer, project.chain_id)


def visible_project(session: Session, viewer: Viewer | None, project_id: int) -> InvestmentProject:
    """The project, or InvestmentHidden when there is none or it is not the viewer's to see."""
    project = session.get(InvestmentProject, project_id)
    if project is None or not sees_project(session, viewer, project):
        raise InvestmentHidden(
            Said(f"no investment project #{project_id}", f"没有招商项目 #{project_id}")
        )
    return project


def managed_project(session: Session, actor: Actor, project_id: int) -> InvestmentProject:
    """The project ``actor`` manages (office or its chain's working group), else a refusal."""
    project = session.get(InvestmentProject, project_id)
    if project is None:
        raise InvestmentHidden(
            Said(f"no investment project #{project_id}", f"没有招商项目 #{project_id}")
        )
    chain = session.get(Chain, project.chain_id)
    assert chain is not None
    manages(session, actor, chain)
    return project


def _target(session: Session, chain: Chain | None, target_id: int) -> InvestmentTarget:
    target = session.get(InvestmentTarget, target_id)
    if target is None or (chain is not None and target.chain_id != chain.id):
        where = f" on chain {chain.code}" if chain is not None else ""
        raise InvestmentRefused(
            Said(
                f"target: no investment target #{target_id}{where}", f"招商目标：没有 #{target_id}"
            ),
            "target",
        )
    return target


def add_project(
    *,
    session: Session,
    actor: Actor,
    name: str,
    investor_name: str,
    chain_code: str | None = None,
    target_id: int | None = None,
    node: str | None = None,
    code: str | None = None,
    investor_credit_code: str | None = None,
    investor_rank: str | None = None,
    county: str | None = None,
    planned_wan: float | None = None,
    sponsor_email: str | None = None,
    officer_email: str | None = None,
    now: datetime,
) -> InvestmentProject:
    """A new project at the lead stage, for ``chain_code`` or for the target's chain."""
    chain = check.chain_named(session, chain_code) if chain_code else None
    target = _target(session, chain, target_id) if target_id is not None else None
    if chain is None:
        if target is None:
            raise InvestmentRefused(
                Said("chain: say the chain (or the target)", "产业链：请填写产业链（或招商目标）"),
                "chain",
            )
        chain = session.get(Chain, target.chain_id)
        assert chain is not None
    manages(session, actor, chain)
    project = InvestmentProject(
        code=check.code_free(session, code)
        if code and code.strip()
        else _next_code(session, chain, now),
        name=check.text("name", name, limit=200, required=True) or "",
        chain_id=chain.id or 0,
        target_id=target.id if target is not None else None,
        map_node_id=target.map_node_id if target is not None else check.node(session, chain, node),
        investor_name=check.text("investor", investor_name, limit=200, required=True) or "",
        investor_credit_code=check.credit_code("investor_credit_code", investor_credit_code),
        investor_rank=check.rank(investor_rank),
        county=check.text("county", county, limit=64),
        planned_investment_wan=check.amount("planned", planned_wan),
        sponsor_leader_id=check.person(session, "sponsor", sponsor_email),
        service_officer_id=check.person(session, "officer", officer_email),
        created_at=now,
        updated_at=now,
    )
    session.add(project)
    session.flush()
    audit(
        session,
        actor=actor,
        entity_type="investment_project",
        entity_id=project.id,
        action="created",
        now=now,
        detail={"code": project.code, "chain": chain.code, "name": project.name},
    )
    return project


def _next_code(session: Session, chain: Chain, now: datetime) -> str:
    prefix = f"ZS{now.year}-{chain.code.upper()}-"
    taken = set(
        session.exec(
            select(InvestmentProject.code).where(col(InvestmentProject.code).startswith(prefix))
        )
    )
    return project_code(chain.code, now.year, taken)


def edit_project(
    *,
    session: Session,
    actor: Actor,
    project_id: int,
    name: str,
    investor_name: str,
    investor_credit_code: str | None,
    investor_rank: str | None,
    county: str | None,
    planned_wan: float | None,
    sponsor_email: str | None,
    officer_email: str | None,
    node: str | None = None,
    now: datetime,
) -> InvestmentProject:
    """Bring the project's particulars up to the values given (a form sends them all); the
    stage, signings and funds change only through their own moves."""
    project = managed_project(session, actor, project_id)
    chain = session.get(Chain, project.chain_id)
    assert chain is not None
    wanted = {
        "name": check.text("name", name, limit=200, required=True),
        "investor_name": check.text("investor", investor_name, limit=200, required=True),
        "investor_credit_code": check.credit_code("investor_credit_code", investor_credit_code),
        "investor_rank": check.rank(investor_rank),
        "county": check.text("county", county, limit=64),
        "planned_investment_wan": check.amount("planned", planned_wan),
        "sponsor_leader_id": check.person(session, "sponsor", sponsor_email),
        "service_officer_id": check.person(session, "officer", officer_email),
        "map_node_id": project.map_node_id
        if project.target_id is not None
        else check.node(session, chain, node),
    }
    changed = {
        key: [getattr(project, key), value]
        for key, value in wanted.items()
        if key in _EDITABLE and getattr(project, key) != value
    }
    for key, (_, value) in changed.items():
        setattr(project, key, value)
    if changed:
        project.updated_at = now
        session.add(project)
        audit(
            session,
            actor=actor,
            entity_type="investment_project",
            entity_id=project.id,
            action="edited",
            now=now,
            detail={k: [str(a), str(b)] for k, (a, b) in changed.items()},
        )
    session.flush()
    return project
