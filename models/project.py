"""Key projects (重点项目), their milestones and monthly reports (月调度)."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow
from models.sweep import OPEN_PROJECTS, sweep_index


class KeyProject(SQLModel, table=True):
    """A project tracked monthly against its yearly planned investment (万元)."""

    __tablename__ = "key_project"
    __table_args__ = (sweep_index("ix_key_project_sweep", OPEN_PROJECTS),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=48)
    name: str
    chain_id: int = Field(foreign_key="chain.id", index=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    department_id: int | None = Field(default=None, foreign_key="department.id")
    year: int
    total_investment: float
    year_planned_investment: float
    state: str = Field(default="active", max_length=16)
    light: str = Field(default="green", max_length=8)
    light_reason: str | None = None
    ladder_level: int = -1
    next_action_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # No foreign key: requests already point at projects, and a cycle of foreign keys would
    # leave no order to create or empty the two tables in. Services keep it consistent.
    blocked_by_request_id: int | None = Field(default=None, index=True)
    blocked_since: date | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ProjectMilestone(SQLModel, table=True):
    """Approvals → construction start → statistics entry → completion → production."""

    __tablename__ = "project_milestone"
    __table_args__ = (sa.UniqueConstraint("project_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="key_project.id", index=True)
    kind: str = Field(max_length=32)
    planned_date: date | None = None
    actual_date: date | None = None


class ProjectMonthlyReport(SQLModel, table=True):
    """The enterprise's report for one month: investment completed so far, milestone, problems."""

    __tablename__ = "project_monthly_report"
    __table_args__ = (sa.UniqueConstraint("project_id", "month"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="key_project.id", index=True)
    month: date = Field(description="First day of the month reported on")
    month_investment: float = Field(default=0, description="Completed in the month, 万元")
    investment_completed: float = Field(description="Cumulative this year, 万元")
    milestone_reached: str | None = Field(default=None, max_length=32)
    problems: str | None = None
    reported_by: str | None = Field(default=None, max_length=254)
    reported_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ReplacedProjectReport(SQLModel, table=True):
    """A monthly report that a later report on the same month replaced, kept as it was so the
    history shows what was reported first, and who replaced it when (留痕). The month's live
    report stays the one row of ``project_monthly_report``, which every figure reads."""

    __tablename__ = "replaced_project_report"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="key_project.id", index=True)
    month: date = Field(description="First day of the month reported on")
    month_investment: float = Field(description="Completed in the month, 万元")
    investment_completed: float = Field(description="Cumulative this year when replaced, 万元")
    milestone_reached: str | None = Field(default=None, max_length=32)
    problems: str | None = None
    reported_by: str | None = Field(default=None, max_length=254)
    reported_at: datetime = Field(sa_type=UTCDateTime)
    replaced_by: str | None = Field(default=None, max_length=254)
    replaced_at: datetime = Field(sa_type=UTCDateTime)
