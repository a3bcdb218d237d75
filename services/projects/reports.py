"""Monthly project reports (月调度): taken once a month per project, by its enterprise or the team.

A second, different report on a month is taken only with ``replace``, and the first is kept in
the history (services.projects.history). The cumulative figure of every report of the year is
the sum of its months, so a late report on an earlier month corrects the later ones.
Everything is checked before anything is written.
"""

from collections.abc import Mapping
from datetime import date, datetime

from sqlmodel import Session, col, select

from mechanism.lifecycle import Role
from mechanism.project_lights import (
    ProjectRules,
    assess,
    describe_reasons,
    month_of,
)
from mechanism.vocabulary import MilestoneKind, ProjectState
from mechanism.wording import Said
from models import (
    AuditEvent,
    Chain,
    Enterprise,
    KeyProject,
    ProjectMilestone,
    ProjectMonthlyReport,
)
from services.config import EngineRules
from services.people import Actor, Directory
from services.projects.amounts import amount_problem
from services.projects.history import (
    keep_replaced,
    refuse_unconfirmed,
    report_on,
    same_report,
)
from services.projects.ledger import (
    ProjectAccessDenied,
    ProjectInputError,
    Reported,
    check_sees,
    load_facts,
    load_project,
    project_id,
    wan,
)

REPORT = ProjectMonthlyReport.__table__  # type: ignore[attr-defined]


def report_month(
    *,
    session: Session,
    project_code: str,
    actor: Actor,
    month: date,
    month_investment: float,
    milestones_reached: Mapping[MilestoneKind, date],
    problems: str | None,
    now: datetime,
    rules: EngineRules,
    projects: ProjectRules,
    locale: str = "zh-CN",
    replace: bool = False,
) -> Reported:
    """Take the report on ``month``. A month already reported differently is refused with
    :class:`~services.projects.history.ReportExists`, naming the report there, unless
    ``replace``: then the new one takes its place and the old one stays in the history.

    The cumulative figure of every report of the year is the sum of its months, so a late
    report on an earlier month corrects the later ones. Milestones reached get their actual
    dates; reaching production (投产) ends the tracking. The light is recomputed at once and
    the change is audited. Everything is checked before anything is written.
    """
    today = rules.today(now)
    project = load_project(session, project_code)
    check_may_report(session, actor, project)
    month = month_of(month)
    _check_month(project, month, today)
    _check_amount(month_investment)
    _check_within_total(session, project, month, month_investment)
    milestones = {m.kind: m for m in _milestone_rows(session, project)}
    _check_milestones(project, milestones, milestones_reached, today)
    text = (problems or "").strip() or None

    report = report_on(session, project_id(project), month)
    before_total = report.investment_completed if report else None
    if report is None or not same_report(
        report, month_investment, text, milestones_reached, milestones
    ):
        if report is not None:
            if not replace:
                raise refuse_unconfirmed(project.code, report, rules.zone)
            keep_replaced(session, report, actor=actor, now=now)
        else:
            report = ProjectMonthlyReport(
                project_id=project_id(project), month=month, investment_completed=0
            )
        reached = max(milestones_reached, key=list(MilestoneKind).index, default=None)
        report.month_investment = float(month_investment)
        report.milestone_reached = reached.value if reached else None
        report.problems = text
        report.reported_by = actor.label
        report.reported_at = now
        session.add(report)
    for kind, day in milestones_reached.items():
        row = milestones.get(kind.value) or ProjectMilestone(
            project_id=project_id(project), kind=kind.value
        )
        row.actual_date = day
        session.add(row)
    state_before = project.state
    if MilestoneKind.PRODUCTION in milestones_reached:
        project.state = ProjectState.PRODUCING.value
    session.flush()
    _recount_year(session, project)

    light_before = project.light
    facts = load_facts(session.connection(), [project])[project_id(project)]
    found = assess(facts, today=today, rules=projects, calendar=rules.calendar)
    project.light = found.light.value
    project.light_reason = describe_reasons(found.reasons, locale)
    session.add(project)
    session.add(
        AuditEvent(
            at=now,
            actor=actor.label,
            entity_type="key_project",
            entity_id=project_id(project),
            action="monthly_report",
            from_value=None if before_total is None else str(before_total),
            to_value=str(report.investment_completed),
            detail={
                "month": month.strftime("%Y-%m"),
                "month_investment": report.month_investment,
                "investment_completed": report.investment_completed,
                "milestones": {k.value: d.isoformat() for k, d in milestones_reached.items()},
                "problems": text,
                "state": [state_before, project.state],
                "light": [light_before, project.light],
                "reasons": list(found.reasons),
            },
        )
    )
    session.flush()
    chain, firm = (
        session.get(Chain, project.chain_id),
        session.get(Enterprise, project.enterprise_id),
    )
    assert chain is not None and firm is not None
    return Reported(report, project, found.light, found.reasons, chain.code, firm.credit_code)


def check_may_report(session: Session, actor: Actor, project: KeyProject) -> None:
    """The firm reports its own; officials may report for it if they are the chain's working
    group (工作专班) or the office."""
    if actor.is_system or actor.is_office:
        return
    if actor.enterprise_id is not None:
        check_sees(actor, project)
        return
    directory = Directory(session.connection())
    roles = directory.roles_of(
        actor.person_id,
        is_office=False,
        chain_id=project.chain_id,
        owner_id=-1,
        lead_department_id=-1,
    )
    if Role.TEAM not in roles:
        raise ProjectAccessDenied(
            Said(
                f"{actor.label} may not report on {project.code}: only the enterprise's contact, "
                "the chain's working group or the office may",
                f"{actor.label} 不能报送 {project.code} 的月度进展：只有该企业联系人、"
                "产业链工作专班或市链长制办公室可以报送",
            )
        )


def _check_month(project: KeyProject, month: date, today: date) -> None:
    shown = month.strftime("%Y-%m")
    if month.year != project.year:
        raise ProjectInputError(
            Said(
                f"month {shown} is outside the ledger year of {project.code} ({project.year})",
                f"报送月份 {shown} 不在 {project.code} 的台账年度（{project.year}）内",
            )
        )
    if month > month_of(today):
        raise ProjectInputError(
            Said(
                f"month {shown} is in the future (today is {today})",
                f"报送月份 {shown} 尚未到来（今天是 {today}）",
            )
        )


def _check_amount(value: float) -> None:
    problem = amount_problem(value, ("month_investment", "本月完成投资"))
    if problem is not None:
        raise ProjectInputError(problem)


def _check_within_total(
    session: Session, project: KeyProject, month: date, month_investment: float
) -> None:
    """No cumulative of the year may exceed the project's total investment (总投资).

    Months are never negative, so the largest cumulative is the last month's: the other
    months as stored plus this one (which replaces its month's earlier report, if any). That
    one check holds for every later month a late report on an earlier month corrects."""
    months = session.exec(
        select(col(ProjectMonthlyReport.month), col(ProjectMonthlyReport.month_investment)).where(
            ProjectMonthlyReport.project_id == project.id, ProjectMonthlyReport.month != month
        )
    ).all()
    year_total = round(sum(amount for _, amount in months) + month_investment, 4)
    if year_total <= round(project.total_investment, 4):
        return
    through = max([month, *(m for m, _ in months)]).strftime("%Y-%m")
    amount, total, cap = wan(month_investment), wan(year_total), wan(project.total_investment)
    raise ProjectInputError(
        Said(
            f"month_investment {amount} 万元 would bring the year's cumulative investment to "
            f"{total} 万元 (through {through}), more than the total investment of "
            f"{project.code}, {cap} 万元; if the total has changed, the office must correct "
            "the ledger first",
            f"本月完成投资 {amount} 万元将使年度累计完成投资达到 {total} 万元（截至 {through}），"
            f"超过项目 {project.code} 的总投资 {cap} 万元；如总投资已调整，"
            "请市链长制办公室先更正项目台账",
        )
    )


def _milestone_rows(session: Session, project: KeyProject) -> list[ProjectMilestone]:
    return list(
        session.exec(select(ProjectMilestone).where(ProjectMilestone.project_id == project.id))
    )


def _check_milestones(
    project: KeyProject,
    rows: Mapping[str, ProjectMilestone],
    reached: Mapping[MilestoneKind, date],
    today: date,
) -> None:
    """Each date must fall in the project's life so far and keep the milestones in order
    (前期手续 → 开工 → 纳统入库 → 竣工 → 投产)."""
    began = date(project.year, 1, 1)
    dates = {MilestoneKind(k): r.actual_date for k, r in rows.items() if r.actual_date}
    dates.update(reached)
    order = list(MilestoneKind)
    for kind, day in sorted(reached.items(), key=lambda item: order.index(item[0])):
        name = f"milestone {kind.value} ({kind.zh}) on {day}"
        name_zh = f"{kind.zh}日期 {day}"
        if day < began:
            raise ProjectInputError(
                Said(
                    f"{name} is before the project's year began ({began})",
                    f"{name_zh} 早于项目台账年度的开始（{began}）",
                )
            )
        if day > today:
            raise ProjectInputError(
                Said(
                    f"{name} is in the future (today is {today})",
                    f"{name_zh} 尚未到来（今天是 {today}）",
                )
            )
        for other, when in dates.items():
            earlier = order.index(other) < order.index(kind)
            if (earlier and when > day) or (not earlier and other != kind and when < day):
                relation, relation_zh = ("before", "早于") if earlier else ("after", "晚于")
                raise ProjectInputError(
                    Said(
                        f"{name} is {relation} {other.value} ({other.zh}) on {when}",
                        f"{name_zh} {relation_zh}{other.zh}日期 {when}；"
                        "节点须依次为前期手续、开工、纳统入库、竣工、投产",
                    )
                )


def _recount_year(session: Session, project: KeyProject) -> None:
    """Cumulative = the months of the year so far, in month order (万元, to 0.0001)."""
    total = 0.0
    for report in session.exec(
        select(ProjectMonthlyReport)
        .where(ProjectMonthlyReport.project_id == project.id)
        .order_by(col(ProjectMonthlyReport.month))
    ):
        total += report.month_investment
        if report.investment_completed != round(total, 4):
            report.investment_completed = round(total, 4)
            session.add(report)
    session.flush()
