"""The daily key-project check: store every active project's light, urge missing reports.

On each working day it reads the active projects in chunks, each chunk in one transaction
(BEGIN IMMEDIATE on SQLite, FOR UPDATE SKIP LOCKED on PostgreSQL, as the sweep does), and

- stores the light and its reason where either changed, with a conditional update that acts
  only if the row still holds what was read (a report taken meanwhile wins);
- from a month's report deadline on, while the report is missing, queues a "project_stale"
  notice (催报) to the enterprise's contact and the chain's working group: on the deadline
  and then every few working days (``ProjectRules.reminder_every_working_days``). The notice
  key names the project, the month and the reminder round, so two checks at once, or one run
  twice, never queue it twice.

A crash rolls back the chunk; the next run finds the same projects and finishes the work.
"""

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from mechanism.ladder import RecipientRole
from mechanism.project_lights import (
    ProjectFacts,
    ProjectRules,
    StaleReport,
    assess,
    describe_reasons,
    stale_report,
)
from mechanism.vocabulary import ProjectState
from models import Enterprise, KeyProject
from models.db import IMMEDIATE
from services.config import EngineRules
from services.outbox import NewNotice, issue_notices
from services.people import Directory, Recipient
from services.projects.ledger import load_facts

PROJECT = KeyProject.__table__  # type: ignore[attr-defined]
ENTERPRISE = Enterprise.__table__  # type: ignore[attr-defined]


@dataclass
class ProjectCheckReport:
    as_of: datetime
    today: date
    working_day: bool
    examined: int = 0
    lights_changed: int = 0
    changed_to: dict[str, int] = field(default_factory=dict)  # new light → projects
    lost_claims: int = 0  # rows changed by someone else between read and write
    stale: int = 0  # projects whose report is being urged today
    notices: int = 0
    outbox_rows: int = 0

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat()
        data["today"] = self.today.isoformat()
        return data


def check_projects(
    *,
    engine: sa.Engine,
    now: datetime,
    rules: EngineRules,
    projects: ProjectRules,
    locale: str = "zh-CN",
    chunk_size: int = 200,
) -> ProjectCheckReport:
    """Check every active project as of ``now``; on a non-working day, do nothing."""
    today = rules.today(now)
    report = ProjectCheckReport(now, today, rules.calendar.is_workday(today))
    if not report.working_day:
        return report
    with engine.connect() as connection:
        directory = Directory(connection, office_mailbox=rules.office_mailbox)
    after = 0
    while True:
        last = _check_chunk(
            engine, after, chunk_size, now, today, rules, projects, locale, directory, report
        )
        if last is None:
            return report
        after = last


def active_projects_query(dialect: str, after: int, limit: int) -> sa.Select[Any]:
    """Active projects with ids above ``after``, with their enterprise's contact."""
    query = (
        sa.select(
            PROJECT.c.id,
            PROJECT.c.code,
            PROJECT.c.name,
            PROJECT.c.chain_id,
            PROJECT.c.department_id,
            PROJECT.c.year,
            PROJECT.c.year_planned_investment,
            PROJECT.c.state,
            PROJECT.c.blocked_since,
            PROJECT.c.light,
            PROJECT.c.light_reason,
            ENTERPRISE.c.name.label("enterprise_name"),
            ENTERPRISE.c.contact_name,
            ENTERPRISE.c.contact_email,
        )
        .join(ENTERPRISE, ENTERPRISE.c.id == PROJECT.c.enterprise_id)
        .where(PROJECT.c.state == ProjectState.ACTIVE.value, PROJECT.c.id > after)
        .order_by(PROJECT.c.id)
        .limit(limit)
    )
    if dialect == "postgresql":
        query = query.with_for_update(skip_locked=True, of=PROJECT)
    return query


def _check_chunk(
    engine: sa.Engine,
    after: int,
    limit: int,
    now: datetime,
    today: date,
    rules: EngineRules,
    projects: ProjectRules,
    locale: str,
    directory: Directory,
    report: ProjectCheckReport,
) -> int | None:
    """One chunk, one transaction; the last id seen, or None when nothing was left."""
    with engine.connect().execution_options(**IMMEDIATE) as connection, connection.begin():
        query = active_projects_query(connection.dialect.name, after, limit)
        rows = list(connection.execute(query))
        if not rows:
            return None
        facts = load_facts(connection, rows)
        report.examined += len(rows)
        _store_lights(connection, rows, facts, today, rules, projects, locale, report)
        notices = []
        for row in rows:
            stale = stale_report(
                facts[row.id], today=today, rules=projects, calendar=rules.calendar
            )
            if stale is not None:
                notices.append(_notice(row, facts[row.id], stale, today, directory))
        report.stale += len(notices)
        issued = issue_notices(connection, notices, now=now, directory=directory, rules=rules)
        report.notices += issued.notices
        report.outbox_rows += issued.outbox_rows
        return int(rows[-1].id)


_STORE = (
    PROJECT.update()
    .where(
        PROJECT.c.id == sa.bindparam("b_id"),
        PROJECT.c.light == sa.bindparam("b_light"),
        PROJECT.c.light_reason.is_not_distinct_from(sa.bindparam("b_reason")),
    )
    .values(light=sa.bindparam("light"), light_reason=sa.bindparam("light_reason"))
)


def _store_lights(
    connection: sa.Connection,
    rows: list[Any],
    facts: dict[int, ProjectFacts],
    today: date,
    rules: EngineRules,
    projects: ProjectRules,
    locale: str,
    report: ProjectCheckReport,
) -> None:
    """Write the light and reason of each project whose light or reason changed, only where
    the row still holds what was read."""
    for row in rows:
        found = assess(facts[row.id], today=today, rules=projects, calendar=rules.calendar)
        reason = describe_reasons(found.reasons, locale)
        if (row.light, row.light_reason) == (found.light.value, reason):
            continue
        params = {
            "b_id": row.id,
            "b_light": row.light,
            "b_reason": row.light_reason,
            "light": found.light.value,
            "light_reason": reason,
        }
        if connection.execute(_STORE, params).rowcount != 1:
            report.lost_claims += 1
            continue
        report.lights_changed += 1
        report.changed_to[found.light.value] = report.changed_to.get(found.light.value, 0) + 1


def _notice(
    row: Any, facts: ProjectFacts, stale: StaleReport, today: date, directory: Directory
) -> NewNotice:
    """The urging of one project's missing report; facts as the project_stale templates
    need them (notifications.examples.EXAMPLE_CONTEXTS), frozen now."""
    last = facts.last_report_month
    return NewNotice(
        key=f"key_project:{row.id}:stale:{stale.month:%Y-%m}:r{stale.round}",
        kind="project_stale",
        level=0,
        chain_id=row.chain_id,
        subject_type="key_project",
        subject_id=row.id,
        year=today.year,
        facts={
            "code": row.code,
            "name": row.name,
            "chain_name": directory.chain_names[row.chain_id],
            "enterprise_name": row.enterprise_name,
            "department_name": directory.departments.get(row.department_id, (None, ""))[1],
            "last_report_month": last.strftime("%Y-%m") if last else None,
            "months_missing": stale.months_missing,
            "issued_on": today.isoformat(),
        },
        recipients=_recipients(row, directory),
    )


def _recipients(row: Any, directory: Directory) -> list[Recipient]:
    """The enterprise's contact, if it has one, and the chain's working group (the office
    when the chain has none: nobody urged is nobody told)."""
    found: dict[str, Recipient] = {}
    email = (row.contact_email or "").strip().lower()
    if email:
        name = row.contact_name or row.enterprise_name
        found[email] = Recipient(email, name, RecipientRole.ENTERPRISE)
    for recipient in directory.recipients(
        (RecipientRole.WORKING_GROUP,), chain_id=row.chain_id, owner_id=-1, lead_department_id=-1
    ):
        found.setdefault(recipient.email, recipient)
    return list(found.values())
