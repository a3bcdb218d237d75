"""A second monthly report on a month already reported: said, confirmed, and kept.

A report replaces the month's earlier one only when the reporter says so (``replace``): the
page shows the existing figures and asks, the API and the CLI refuse naming the report that
exists. The replaced report is copied to :class:`models.ReplacedProjectReport` before it is
overwritten, so the project's history shows both (留痕: nothing reported is lost). The same
report sent again — the form submitted twice — replaces nothing, so it needs no confirming.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from mechanism.vocabulary import MilestoneKind
from mechanism.wording import Said
from models import ProjectMilestone, ProjectMonthlyReport, ReplacedProjectReport
from services.people import Actor
from services.projects.ledger import ProjectInputError, wan


@dataclass(frozen=True)
class ExistingReport:
    """The month's report as it stands, for the confirm step to show."""

    month: str  # 2026-10
    month_investment: float
    investment_completed: float
    milestone_reached: str | None
    problems: str | None
    reported_by: str | None
    reported_at: datetime


class ReportExists(ProjectInputError):
    """The month already has a different report; send it again with ``replace`` to take it
    in the earlier one's place. ``existing`` holds the earlier report's figures."""

    def __init__(self, message: Said, existing: ExistingReport) -> None:
        super().__init__(message)
        self.existing = existing


def report_on(session: Session, project_id: int, month: date) -> ProjectMonthlyReport | None:
    return session.exec(
        select(ProjectMonthlyReport).where(
            ProjectMonthlyReport.project_id == project_id, ProjectMonthlyReport.month == month
        )
    ).first()


def same_report(
    report: ProjectMonthlyReport,
    month_investment: float,
    problems: str | None,
    reached: Mapping[MilestoneKind, date],
    milestones: Mapping[str, ProjectMilestone],
) -> bool:
    """Whether the new report says exactly what the stored one (and its milestones) say."""
    return (
        round(report.month_investment, 4) == round(month_investment, 4)
        and report.problems == problems
        and all(
            kind.value in milestones and milestones[kind.value].actual_date == day
            for kind, day in reached.items()
        )
    )


def refuse_unconfirmed(code: str, report: ProjectMonthlyReport, zone: ZoneInfo) -> ReportExists:
    """The refusal that names the report a new one would replace, in both languages."""
    existing = ExistingReport(
        month=report.month.strftime("%Y-%m"),
        month_investment=report.month_investment,
        investment_completed=report.investment_completed,
        milestone_reached=report.milestone_reached,
        problems=report.problems,
        reported_by=report.reported_by,
        reported_at=report.reported_at,
    )
    at = report.reported_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    by = report.reported_by or "—"
    amount, total = wan(report.month_investment), wan(report.investment_completed)
    return ReportExists(
        Said(
            f"{code} already has a report on {existing.month}: {amount} 万元 invested that "
            f"month ({total} 万元 this year), reported by {by} at {at}; a new report replaces "
            "it (the earlier one stays in the history, marked replaced)",
            f"{code} 已有 {existing.month} 月报：当月完成投资 {amount} 万元（年度累计 {total} "
            f"万元），由 {by} 于 {at} 报送；再次报送将替换该月报（原月报保留在报送记录中，"
            "标注为已替换）",
        ),
        existing,
    )


def keep_replaced(
    session: Session, report: ProjectMonthlyReport, *, actor: Actor, now: datetime
) -> None:
    """Copy the report about to be overwritten into the history, with who replaced it."""
    session.add(
        ReplacedProjectReport(
            project_id=report.project_id,
            month=report.month,
            month_investment=report.month_investment,
            investment_completed=report.investment_completed,
            milestone_reached=report.milestone_reached,
            problems=report.problems,
            reported_by=report.reported_by,
            reported_at=report.reported_at,
            replaced_by=actor.label,
            replaced_at=now,
        )
    )
