"""The enterprise half's cultivation: titles an enterprise holds (designations), the
cultivation library of candidates for the next tier (梯度培育库), and the yearly 一企一策 plans
of chain masters and pilot enterprises, with the reminder and follow-up tasks made for them."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow


class Designation(SQLModel, table=True):
    """A title an enterprise holds: a tier of the 专精特新 ladder, 单项冠军, 瞪羚, or a chain's
    链主 / 领航型 (then ``chain_id`` names the chain and the chain leader approves it).

    ``kind`` is a code of the kinds catalogue (``mechanism.designations``); the dates are as
    the recognising document gives them, ``valid_until`` included. Only a recognised or renewed
    title inside its validity counts (``mechanism.designations.counts``).
    """

    __tablename__ = "designation"
    __table_args__ = (
        sa.Index("ix_designation_kind_status", "kind", "status", "valid_until"),
        sa.Index("ix_designation_enterprise_kind", "enterprise_id", "kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprise.id")
    chain_id: int | None = Field(default=None, foreign_key="chain.id", index=True)
    kind: str = Field(max_length=32)
    level: str = Field(max_length=16)  # city, provincial, national
    batch: str | None = Field(default=None, max_length=64)
    doc_no: str | None = Field(default=None, max_length=100)
    recognized_on: date | None = None
    valid_until: date | None = None
    review_due: date | None = None
    data_update_due: date | None = None
    status: str = Field(max_length=16)
    approved_by_id: int | None = Field(default=None, foreign_key="person.id")
    approved_on: date | None = None
    note: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CultivationCandidate(SQLModel, table=True):
    """An enterprise in the cultivation library as a candidate for ``target_kind``, from
    ``entered_on`` for a cycle of ``cycle_months``; it leaves with a reason (``promoted`` when
    the title is recognised, then ``designation_id`` names it)."""

    __tablename__ = "cultivation_candidate"
    __table_args__ = (sa.Index("ix_cultivation_candidate_kind", "target_kind", "left_on"),)

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    target_kind: str = Field(max_length=32)
    entered_on: date
    cycle_months: int
    left_on: date | None = None
    exit_reason: str | None = Field(default=None, max_length=32)
    exit_note: str | None = Field(default=None, max_length=500)
    designation_id: int | None = Field(default=None, foreign_key="designation.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CultivationPlan(SQLModel, table=True):
    """一企一策: one year's targets for a chain master or pilot enterprise of a chain, the
    department that owns the plan, and the year-end outcome against the targets."""

    __tablename__ = "cultivation_plan"
    __table_args__ = (sa.UniqueConstraint("chain_id", "enterprise_id", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    chain_id: int = Field(foreign_key="chain.id", index=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    year: int
    target_kind: str = Field(max_length=32)  # chain_master or pilot
    owner_department_id: int = Field(foreign_key="department.id", index=True)
    revenue_target_wan: float | None = None
    rd_intensity_target: float | None = None  # R&D spending as a percentage of revenue
    local_suppliers_target: int | None = None
    zjtx_suppliers_target: int | None = None
    projects_target: int | None = None
    revenue_actual_wan: float | None = None
    rd_intensity_actual: float | None = None
    local_suppliers_actual: int | None = None
    zjtx_suppliers_actual: int | None = None
    projects_actual: int | None = None
    outcome: str | None = Field(default=None, max_length=16)  # met, partly, missed
    outcome_note: str | None = Field(default=None, max_length=1000)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CultivationMeasure(SQLModel, table=True):
    """A support measure of a plan, linked to the factor request or key project carrying it."""

    __tablename__ = "cultivation_measure"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="cultivation_plan.id", index=True)
    text: str = Field(max_length=500)
    factor_request_id: int | None = Field(default=None, foreign_key="factor_request.id")
    project_id: int | None = Field(default=None, foreign_key="key_project.id")
    position: int = 0


class DesignationReminder(SQLModel, table=True):
    """The reminder task made once for a designation's review or yearly data update
    (``due_kind``) due on ``due_on``, ``lead_days`` working days ahead (60, then 30)."""

    __tablename__ = "designation_reminder"
    __table_args__ = (sa.UniqueConstraint("designation_id", "due_kind", "due_on", "lead_days"),)

    id: int | None = Field(default=None, primary_key=True)
    designation_id: int = Field(foreign_key="designation.id", index=True)
    due_kind: str = Field(max_length=16)  # review, data_update
    due_on: date
    lead_days: int
    task_id: int = Field(foreign_key="task.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
