"""Filing a signed contract (签约项目备案): within the configured working days of the first
signing (5 by default, counted from the day after, 民法典 §201), else the ladder urges it.

On the first signing a task "备案：<project>" falls due on that day for the chain's lead
department, owned by ``services.people.department_owner`` as the matchmaking follow-ups are,
and made through ``assign_task`` as the system so the ladder urges it like every task. It is
made once: the project keeps its ``filing_task_id``, so a retried signing makes nothing.
Recording the filing sets ``filed_on`` and closes the task the way a task closes — its owner
reports it done (报结) and the office signs it off (销号) — both recorded as the system, since
the filing itself is the evidence.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from mechanism.investment import PipelineRules, filing_due
from mechanism.vocabulary import TaskSource
from mechanism.wording import Said
from models import Chain, InvestmentProject, Task
from services.audit import audit
from services.config import EngineRules
from services.investment import projects_checks as check
from services.investment.access import InvestmentRefused
from services.investment.projects import managed_project
from services.people import SYSTEM, Actor, department_owner, lead_department_of
from services.tasks import assign_task, close_as_system

_TITLE_ROOM = 190  # of the task title's 200 characters, what the project's name may take


@dataclass(frozen=True)
class FilingTask:
    """The task made now (None when it was made before), and why none could be made."""

    task: Task | None = None
    missing: Said | None = None


def make_filing_task(
    *,
    session: Session,
    project: InvestmentProject,
    signed_on: date,
    now: datetime,
    rules: EngineRules,
    pipeline: PipelineRules,
) -> FilingTask:
    """The filing task of ``project`` first signed on ``signed_on``, unless it exists."""
    if project.filing_task_id is not None or project.filed_on is not None:
        return FilingTask()
    chain = session.get(Chain, project.chain_id)
    assert chain is not None
    department = lead_department_of(session, project.chain_id)
    if department is None or department.id is None:
        return FilingTask(
            missing=Said(
                f"no filing task: chain {chain.code} has no lead department on its roster",
                f"未生成备案任务：产业链{chain.name_zh}名册中没有牵头部门",
            )
        )
    owner = department_owner(session, department.id)
    if owner is None:
        return FilingTask(
            missing=Said(
                f"no filing task: department {department.code} has nobody to own it",
                f"未生成备案任务：部门{department.name_zh}没有人员可作责任人",
            )
        )
    due = filing_due(signed_on, pipeline, rules.calendar)
    task = assign_task(
        session=session,
        actor=SYSTEM,
        chain_code=chain.code,
        title=f"备案：{project.name[:_TITLE_ROOM]}",
        lead_department=department.code,
        owner_email=owner.email,
        start=signed_on,
        due=due,
        source=TaskSource.INVESTMENT,
        requirements=(
            f"招商项目 {project.code} 于{signed_on}首次签约"
            f"（{project.contract_amount_wan or 0:g}万元），"
            f"请于{pipeline.filing_working_days}个工作日内（{due}前）完成合同备案。"
        ),
        now=now,
        rules=rules,
    )
    project.filing_task_id = task.id
    session.add(project)
    session.flush()
    return FilingTask(task=task)


def file_project(
    *,
    session: Session,
    actor: Actor,
    project_id: int,
    on: date,
    now: datetime,
    rules: EngineRules,
) -> InvestmentProject:
    """Record the contract's filing on ``on`` and close its task; filed once."""
    project = managed_project(session, actor, project_id)
    if project.signed_on is None:
        raise InvestmentRefused(
            Said("on: the project has no signing to file yet", "备案日期：项目尚未签约，无可备案"),
            "on",
        )
    if project.filed_on is not None:
        raise InvestmentRefused(
            Said(
                f"on: the project was filed on {project.filed_on}",
                f"备案日期：项目已于{project.filed_on}备案",
            ),
            "on",
        )
    check.day_not_after("on", on, rules.today(now))
    if on < project.signed_on:
        raise InvestmentRefused(
            Said(
                f"on: the filing cannot come before the signing on {project.signed_on}",
                f"备案日期：不能早于签约日期 {project.signed_on}",
            ),
            "on",
        )
    project.filed_on = on
    project.updated_at = now
    session.add(project)
    audit(
        session,
        actor=actor,
        entity_type="investment_project",
        entity_id=project.id,
        action="filed",
        now=now,
        after=on.isoformat(),
    )
    if project.filing_task_id is not None:
        close_as_system(session, project.filing_task_id, note="合同已备案", now=now, rules=rules)
    session.flush()
    return project
