"""The key-project ledger (重点项目台账): list and show (the monthly report: project_reports).

An enterprise's contact (a "firm" actor) sees and reports only its own enterprise's projects;
officials see all, and the chain's working group (工作专班) or the office may report for a
firm. Lights here are computed as of ``today`` by the same rule the daily check stores, so a
list is never a day stale. A refusal raises :class:`ProjectInputError` or
:class:`ProjectAccessDenied` before anything is written.

Rows are plain dicts with stable keys (offices script against ``--json``): add keys, never
rename them.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from mechanism.project_lights import (
    ProjectFacts,
    ProjectRules,
    add_months,
    assess,
    describe_reasons,
    report_due,
)
from mechanism.vocabulary import Light, MilestoneKind, ProjectState
from mechanism.wording import Said
from mechanism.workdays import Workdays
from models import (
    Department,
    FactorRequest,
    KeyProject,
    ProjectMilestone,
    ProjectMonthlyReport,
    ReplacedProjectReport,
)
from services.lookups import NaturalKeys, chain_by_code
from services.people import Actor

Row = dict[str, Any]
MILESTONE = ProjectMilestone.__table__  # type: ignore[attr-defined]
REPORT = ProjectMonthlyReport.__table__  # type: ignore[attr-defined]


class ProjectInputError(ValueError):
    """A submission that cannot be taken; the message names the field and the value."""


class ProjectNotFound(ProjectInputError):
    """No key project with that code."""


class ProjectAccessDenied(PermissionError):
    """The actor may not see or act on that project."""


@dataclass(frozen=True)
class Reported:
    """What a monthly report did: the report as stored and the project's light after it,
    with the chain and enterprise codes a factor request for its problem needs."""

    report: ProjectMonthlyReport
    project: KeyProject
    light: Light
    reasons: tuple[str, ...]
    chain_code: str
    credit_code: str


# --- facts, shared with the daily check ---------------------------------------------------


def load_facts(connection: sa.Connection, projects: Iterable[Any]) -> dict[int, ProjectFacts]:
    """The light's facts for ``projects`` (rows or models with id, year, planned investment,
    state and blocked_since), with their milestones and latest report, in two queries."""
    wanted = {p.id: p for p in projects}
    if not wanted:
        return {}
    ids: sa.BindParameter[int] = sa.bindparam("ids", list(wanted), expanding=True)
    planned: dict[int, dict[MilestoneKind, date]] = {i: {} for i in wanted}
    actual: dict[int, dict[MilestoneKind, date]] = {i: {} for i in wanted}
    for m in connection.execute(sa.select(MILESTONE).where(MILESTONE.c.project_id.in_(ids))):
        kind = MilestoneKind.parse(m.kind)
        if kind is None:
            continue
        if m.planned_date is not None:
            planned[m.project_id][kind] = m.planned_date
        if m.actual_date is not None:
            actual[m.project_id][kind] = m.actual_date
    latest: dict[int, tuple[date, float]] = {}
    reports = (
        sa.select(REPORT.c.project_id, REPORT.c.month, REPORT.c.investment_completed)
        .where(REPORT.c.project_id.in_(ids))
        .order_by(REPORT.c.month)
    )
    for r in connection.execute(reports):
        latest[r.project_id] = (r.month, r.investment_completed)
    facts = {}
    for project_id, p in wanted.items():
        month, completed = latest.get(project_id, (None, None))
        facts[project_id] = ProjectFacts(
            year=p.year,
            year_planned_investment=p.year_planned_investment,
            state=ProjectState.parse(p.state) or ProjectState.ACTIVE,
            planned=planned[project_id],
            actual=actual[project_id],
            last_report_month=month,
            investment_completed=completed,
            blocked_since=p.blocked_since,
        )
    return facts


# --- reading --------------------------------------------------------------------------------


def list_projects(
    *,
    session: Session,
    today: date,
    actor: Actor | None,
    chain: str | None,
    rules: ProjectRules,
    calendar: Workdays,
    locale: str = "zh-CN",
) -> list[Row]:
    """Projects by chain and code, each with its light and the reason for it; a firm sees
    only its own enterprise's projects."""
    query = select(KeyProject).order_by(col(KeyProject.chain_id), col(KeyProject.code))
    chain_id = _chain_id(session, chain)
    if chain_id is not None:
        query = query.where(KeyProject.chain_id == chain_id)
    if actor is not None and actor.enterprise_id is not None:
        query = query.where(KeyProject.enterprise_id == actor.enterprise_id)
    projects = list(session.exec(query))
    facts = load_facts(session.connection(), projects)
    keys = NaturalKeys(session)
    requests = request_codes_of(session, projects)
    return [
        project_row(p, facts[project_id(p)], keys, requests, today, rules, calendar, locale)
        for p in projects
    ]


def show_project(
    *,
    session: Session,
    code: str,
    actor: Actor | None,
    today: date,
    rules: ProjectRules,
    calendar: Workdays,
    locale: str = "zh-CN",
) -> Row:
    """One project with its milestones and monthly reports, oldest first."""
    project = load_project(session, code)
    check_sees(actor, project)
    facts = load_facts(session.connection(), [project])[project_id(project)]
    keys = NaturalKeys(session)
    requests = request_codes_of(session, [project])
    row = project_row(project, facts, keys, requests, today, rules, calendar, locale)
    department = session.get(Department, project.department_id) if project.department_id else None
    row["department"] = department.code if department else None
    row["milestones"] = _milestones(facts)
    reports = session.exec(
        select(ProjectMonthlyReport)
        .where(ProjectMonthlyReport.project_id == project.id)
        .order_by(col(ProjectMonthlyReport.month))
    )
    row["reports"] = [_report_row(r) for r in reports]
    row["replaced_reports"] = _replaced_reports(session, project_id(project))
    # The first month no report covers yet, and its deadline (None once December is in).
    last = facts.last_report_month
    owed = add_months(last, 1) if last else date(project.year, 1, 1)
    in_year = owed.year == project.year
    row["next_report_month"] = owed.strftime("%Y-%m") if in_year else None
    row["next_report_due"] = report_due(owed, rules, calendar) if in_year else None
    return row


def _replaced_reports(session: Session, project: int) -> list[Row]:
    """Reports a later one on the same month replaced (services.projects.history keeps them),
    by month and then in the order they were replaced."""
    rows = session.exec(
        select(ReplacedProjectReport)
        .where(ReplacedProjectReport.project_id == project)
        .order_by(col(ReplacedProjectReport.month), col(ReplacedProjectReport.replaced_at))
    )
    return [
        {**_report_row(r), "replaced_by": r.replaced_by, "replaced_at": r.replaced_at}
        for r in rows
    ]


def _report_row(r: ProjectMonthlyReport | ReplacedProjectReport) -> Row:
    """A monthly report as the ledger shows it, the one in force or one it replaced."""
    return {
        "month": r.month.strftime("%Y-%m"),
        "month_investment": r.month_investment,
        "investment_completed": r.investment_completed,
        "milestone_reached": r.milestone_reached,
        "problems": r.problems,
        "reported_by": r.reported_by,
        "reported_at": r.reported_at,
    }


def wan(value: float) -> str:
    """An amount of 万元 as the pages show it: thousands separated, up to 4 decimals."""
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def project_row(
    p: KeyProject,
    facts: ProjectFacts,
    keys: NaturalKeys,
    requests: Mapping[int, str],
    today: date,
    rules: ProjectRules,
    calendar: Workdays,
    locale: str,
) -> Row:
    found = assess(facts, today=today, rules=rules, calendar=calendar)
    upcoming = next((k for k in MilestoneKind if k not in facts.actual), None)
    return {
        "code": p.code,
        "name": p.name,
        "chain": keys.chain[p.chain_id],
        "enterprise": keys.enterprise_name[p.enterprise_id],
        "credit_code": keys.enterprise[p.enterprise_id],
        "year": p.year,
        "total_investment": p.total_investment,
        "year_planned_investment": p.year_planned_investment,
        "investment_completed": facts.investment_completed,
        "investment_rate": _fraction(found.investment_rate),
        "timing_progress": _fraction(found.timing_progress),
        "as_of_month": found.as_of_month.strftime("%Y-%m") if found.as_of_month else None,
        "state": p.state,
        "light": found.light.value,
        "light_reason": describe_reasons(found.reasons, locale),
        "reasons": list(found.reasons),
        "next_milestone": upcoming.value if upcoming else None,
        "next_milestone_planned": facts.planned.get(upcoming) if upcoming else None,
        "last_report_month": (
            facts.last_report_month.strftime("%Y-%m") if facts.last_report_month else None
        ),
        "months_missing": found.months_missing,
        "blocked_by": requests.get(p.blocked_by_request_id or 0),
    }


def _milestones(facts: ProjectFacts) -> list[Row]:
    return [
        {
            "kind": kind.value,
            "label": kind.zh,
            "planned_date": facts.planned.get(kind),
            "actual_date": facts.actual.get(kind),
        }
        for kind in MilestoneKind
        if kind in facts.planned or kind in facts.actual
    ]


def _fraction(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def request_codes_of(session: Session, projects: list[KeyProject]) -> dict[int, str]:
    ids = [p.blocked_by_request_id for p in projects if p.blocked_by_request_id is not None]
    if not ids:
        return {}
    found = session.exec(select(FactorRequest).where(col(FactorRequest.id).in_(ids)))
    return {r.id: r.code for r in found if r.id is not None}


def _chain_id(session: Session, code: str | None) -> int | None:
    if code is None:
        return None
    return chain_by_code(session, code).id


def project_id(project: KeyProject) -> int:
    assert project.id is not None
    return project.id


def load_project(session: Session, code: str) -> KeyProject:
    project = session.exec(select(KeyProject).where(KeyProject.code == code.strip())).first()
    if project is None:
        raise ProjectNotFound(Said(f"no key project {code!r}", f"没有重点项目 {code!r}"))
    return project


def check_sees(actor: Actor | None, project: KeyProject) -> None:
    if actor is not None and actor.enterprise_id not in (None, project.enterprise_id):
        raise ProjectAccessDenied(
            Said(
                f"{project.code} is not your enterprise's project",
                f"{project.code} 不是本企业的重点项目",
            )
        )


def light_reasons(
    session: Session,
    projects: Iterable[KeyProject],
    *,
    today: date,
    rules: ProjectRules,
    calendar: Workdays,
) -> dict[int, Said]:
    """Why each project's light is what it is today, in both languages (a list's reasons are
    read in the page's language; the stored ``light_reason`` is in the city's)."""
    reasons = {}
    for project_id, facts in load_facts(session.connection(), projects).items():
        found = assess(facts, today=today, rules=rules, calendar=calendar).reasons
        reasons[project_id] = Said(describe_reasons(found, "en"), describe_reasons(found, "zh-CN"))
    return reasons
