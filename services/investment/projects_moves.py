"""What happens to a project: its stage moves (forward, or terminated with a reason), its
signings (the first counts the project, a re-signing replaces the contracted total, a capital
increase adds its increment) and the funds arrived each month (one figure per month, a second
report replaces the first). Each is audited; a refusal names the field and changes nothing.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from mechanism.investment import (
    PipelineRules,
    ProjectStage,
    SigningCount,
    SigningKind,
    count_signing,
    move_problem,
    reached,
)
from mechanism.wording import Said
from models import FundsArrival, InvestmentMove, InvestmentProject, InvestmentSigning
from services.audit import audit
from services.config import EngineRules
from services.investment import projects_checks as check
from services.investment.access import InvestmentRefused
from services.investment.filing import FilingTask, make_filing_task
from services.investment.handover import hand_over, register_company
from services.investment.projects import managed_project
from services.people import Actor


def _moved(
    session: Session,
    actor: Actor,
    project: InvestmentProject,
    to: ProjectStage,
    on: date,
    note: str | None,
    now: datetime,
) -> None:
    session.add(
        InvestmentMove(
            project_id=project.id or 0,
            from_stage=project.stage,
            to_stage=to.value,
            moved_on=on,
            note=note,
            created_by=actor.label,
            created_at=now,
        )
    )
    audit(
        session,
        actor=actor,
        entity_type="investment_project",
        entity_id=project.id,
        action="moved",
        now=now,
        before=project.stage,
        after=to.value,
        detail={"on": on.isoformat(), "note": note},
    )
    project.stage = to.value
    project.updated_at = now
    session.add(project)


def move_project(
    *,
    session: Session,
    actor: Actor,
    project_id: int,
    to: str,
    on: date,
    reason: str | None = None,
    key_project_code: str | None = None,
    company_code: str | None = None,
    company_name: str | None = None,
    now: datetime,
    rules: EngineRules,
) -> InvestmentProject:
    """Move the project to ``to`` on ``on``: forward (stages may be skipped when recorded
    late), or terminated with ``reason``. Reaching registered sets the local company; reaching
    started hands the project over to its key project."""
    project = managed_project(session, actor, project_id)
    target = check.stage(to)
    problem = move_problem(project.stage, target.value, reason)
    if problem is not None:
        raise InvestmentRefused(problem, "reason" if problem.startswith("reason") else "stage")
    check.day_not_after("on", on, rules.today(now))
    if target is not ProjectStage.TERMINATED:
        _forward(session, project, target, on, key_project_code, company_code, company_name)
    else:
        project.terminated_reason = (reason or "").strip()
    _moved(session, actor, project, target, on, (reason or "").strip() or None, now)
    session.flush()
    return project


def _forward(
    session: Session,
    project: InvestmentProject,
    target: ProjectStage,
    on: date,
    key_project_code: str | None,
    company_code: str | None,
    company_name: str | None,
) -> None:
    if reached(target.value, ProjectStage.SIGNED) and project.signed_on is None:
        raise InvestmentRefused(
            Said(
                "stage: record the project's first signing (sign) before moving it past "
                "negotiating",
                "阶段：请先记录项目的首次签约，再推进到签约及以后阶段",
            ),
            "stage",
        )
    if project.signed_on is not None and on < project.signed_on:
        raise InvestmentRefused(
            Said(
                f"on: {on} is before the first signing on {project.signed_on}",
                f"日期：{on} 早于首次签约日期 {project.signed_on}",
            ),
            "on",
        )
    if reached(target.value, ProjectStage.REGISTERED):
        register_company(session, project, credit_code=company_code, company_name=company_name)
    if reached(target.value, ProjectStage.STARTED) and project.key_project_id is None:
        key = hand_over(session, project, key_project_code=key_project_code, on=on)
        project.key_project_id = key.id
        project.started_on = on


@dataclass(frozen=True)
class Signed:
    """The signing recorded, and the filing task its first signing made (if any)."""

    signing: InvestmentSigning
    filing: FilingTask


def record_signing(
    *,
    session: Session,
    actor: Actor,
    project_id: int,
    kind: str,
    on: date,
    amount_wan: float,
    note: str | None = None,
    now: datetime,
    rules: EngineRules,
    pipeline: PipelineRules,
) -> Signed:
    """Record a signing of the project. The first moves a lead or negotiating project to
    signed, sets ``signed_on`` and makes the filing task."""
    project = managed_project(session, actor, project_id)
    found = SigningKind.parse(kind)
    if found is None:
        raise InvestmentRefused(
            Said(
                f"kind: unknown signing kind {kind!r}; known: {SigningKind.choices()}",
                f"签约类型：没有 {kind!r}；可选：{SigningKind.choices()}",
            ),
            "kind",
        )
    if project.stage == ProjectStage.TERMINATED.value:
        raise InvestmentRefused(
            Said("kind: the project is terminated", "签约类型：项目已终止，不能再签约"), "kind"
        )
    check.day_not_after("on", on, rules.today(now))
    counted = count_signing(
        found,
        amount_wan,
        contracted=project.contract_amount_wan,
        has_first=project.signed_on is not None,
    )
    if not isinstance(counted, SigningCount):
        raise InvestmentRefused(counted, "amount" if counted.startswith("amount") else "kind")
    if project.signed_on is not None and on < project.signed_on:
        raise InvestmentRefused(
            Said(
                f"on: {on} is before the first signing on {project.signed_on}",
                f"签约日期：{on} 早于首次签约日期 {project.signed_on}",
            ),
            "on",
        )
    signing = InvestmentSigning(
        project_id=project.id or 0,
        kind=found.value,
        signed_on=on,
        amount_wan=amount_wan,
        counted_wan=round(counted.counted, 2),
        note=check.text("note", note, limit=500),
        created_by=actor.label,
        created_at=now,
    )
    session.add(signing)
    project.contract_amount_wan = round(counted.total, 2)
    project.updated_at = now
    filing = FilingTask()
    if found is SigningKind.FIRST:
        project.signed_on = on
        if not reached(project.stage, ProjectStage.SIGNED):
            _moved(session, actor, project, ProjectStage.SIGNED, on, "首次签约", now)
        filing = make_filing_task(
            session=session, project=project, signed_on=on, now=now, rules=rules, pipeline=pipeline
        )
    session.add(project)
    session.flush()
    audit(
        session,
        actor=actor,
        entity_type="investment_signing",
        entity_id=signing.id,
        action="created",
        now=now,
        detail={"project": project.code, "kind": found.value, "amount_wan": amount_wan},
    )
    return Signed(signing=signing, filing=filing)


def _month_of(text: str) -> date:
    try:
        year, month = (int(part) for part in text.strip().split("-"))
        return date(year, month, 1)
    except ValueError as exc:
        raise InvestmentRefused(
            Said(
                f"month: write it like 2026-10, not {text!r}",
                f"月份：请写成 2026-10 的形式，不能是 {text!r}",
            ),
            "month",
        ) from exc


def report_funds(
    *,
    session: Session,
    actor: Actor,
    project_id: int,
    month: str,
    amount_wan: float,
    now: datetime,
    rules: EngineRules,
) -> FundsArrival:
    """The funds that arrived for the project in ``month`` (like ``2026-10``); a second
    report of the same month replaces the figure."""
    project = managed_project(session, actor, project_id)
    first = _month_of(month)
    today = rules.today(now)
    if first > today.replace(day=1):
        raise InvestmentRefused(
            Said(f"month: {month} has not begun", f"月份：{month} 尚未开始"), "month"
        )
    if project.signed_on is None or first < project.signed_on.replace(day=1):
        raise InvestmentRefused(
            Said(
                "month: funds arrive for a signed project, from its signing month on",
                "月份：资金到位须在项目签约当月及以后",
            ),
            "month",
        )
    figure = check.amount("amount", amount_wan)
    assert figure is not None
    row = session.exec(
        select(FundsArrival).where(
            FundsArrival.project_id == project.id, FundsArrival.month == first
        )
    ).first()
    before = None if row is None else f"{row.amount_wan:g}"
    if row is None:
        row = FundsArrival(
            project_id=project.id or 0, month=first, amount_wan=figure, created_by=actor.label
        )
    row.amount_wan = figure
    row.created_by = actor.label
    row.created_at = now
    session.add(row)
    session.flush()
    audit(
        session,
        actor=actor,
        entity_type="investment_project",
        entity_id=project.id,
        action="funds",
        now=now,
        before=before,
        after=f"{figure:g}",
        detail={"month": first.isoformat()[:7]},
    )
    return row
