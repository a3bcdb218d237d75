"""Reads the key-project pages need beyond the ledger (``services.projects.ledger``): the
ledger limited to what a viewer may see, the chains to filter it by, and whether the viewer may
report on a project.

The ledger's own reads filter by enterprise only (the CLI's ``--by``); a page must also keep a
department to the projects it serves and a working group to its chains, so the viewer's WHERE
clause (:meth:`services.people.Viewer.item_filter`) goes into the query here, and the rows are
shaped by the ledger's own row builder so the page and the CLI never disagree on a light.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from mechanism.project_lights import ProjectRules
from mechanism.workdays import Workdays
from models import Chain, Department, KeyProject
from services.lookups import NaturalKeys
from services.people import Actor, Viewer
from services.projects.ledger import (
    ProjectAccessDenied,
    load_facts,
    project_id,
    project_row,
    request_codes_of,
)
from services.projects.reports import check_may_report

Row = dict[str, Any]


class ProjectHidden(LookupError):
    """No project with that code that the viewer may see (whether it exists is not said)."""


@dataclass(frozen=True)
class ChainChoice:
    code: str
    name_zh: str
    name_en: str


def visible_projects(
    *,
    session: Session,
    viewer: Viewer,
    today: date,
    rules: ProjectRules,
    calendar: Workdays,
    chain: str | None = None,
    locale: str = "zh-CN",
) -> list[Row]:
    """The ledger rows (as ``services.projects.ledger.list_projects`` shapes them) of the projects
    ``viewer`` may see, on ``chain`` if given (an unknown code simply matches nothing)."""
    query = (
        select(KeyProject)
        .where(viewer.item_filter(KeyProject))
        .order_by(col(KeyProject.chain_id), col(KeyProject.code))
    )
    if chain:
        query = query.join(Chain, col(Chain.id) == KeyProject.chain_id).where(
            Chain.code == chain.strip()
        )
    projects = list(session.exec(query))
    if not projects:
        return []
    facts = load_facts(session.connection(), projects)
    keys = NaturalKeys(session)
    requests = request_codes_of(session, projects)
    return [
        project_row(p, facts[project_id(p)], keys, requests, today, rules, calendar, locale)
        for p in projects
    ]


def project_chains(*, session: Session, viewer: Viewer) -> list[ChainChoice]:
    """The chains of the projects ``viewer`` may see, for the list's filter."""
    seen = select(KeyProject.chain_id).where(viewer.item_filter(KeyProject))
    return chains_among(session, seen)


def chains_among(session: Session, chain_ids: Any) -> list[ChainChoice]:
    """The chains whose ids ``chain_ids`` (a subquery) selects, in the city's order."""
    chains = session.exec(
        select(Chain)
        .where(col(Chain.id).in_(chain_ids))
        .order_by(col(Chain.position), col(Chain.code))
    )
    return [ChainChoice(c.code, c.name_zh, c.name_en) for c in chains]


def visible_project(session: Session, viewer: Viewer, code: str) -> KeyProject:
    """The project ``code`` if ``viewer`` may see it, else :class:`ProjectHidden`."""
    project = session.exec(
        select(KeyProject)
        .where(KeyProject.code == code.strip())
        .where(viewer.item_filter(KeyProject))
    ).first()
    if project is None:
        raise ProjectHidden(f"no key project {code!r}")
    return project


def may_report(session: Session, actor: Actor, project: KeyProject) -> bool:
    """Whether ``actor`` may take the monthly report on ``project``: asked of the report
    service's own rule (the enterprise, the chain's working group, the office), so the page
    offers the form exactly to those whose report would be taken."""
    try:
        check_may_report(session, actor, project)
    except ProjectAccessDenied:
        return False
    return True


def service_department(session: Session, project: KeyProject) -> Department | None:
    """The department that serves the project (服务部门), if one is named."""
    if project.department_id is None:
        return None
    return session.get(Department, project.department_id)
