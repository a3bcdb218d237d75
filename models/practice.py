"""Standing practices (巡链, 诊链, 问链, 月调度): each period's task, its records and the
problems a record found (问题清单), each turned into tracked work.

The practices themselves, their cadences and owners are rules (``mechanism.practices``,
``chainops/config/mechanism.yaml``); here are only the rows.
"""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow


class PracticePeriod(SQLModel, table=True):
    """One period of one chain's practice (``2026-Q4`` of the bearing chain's 巡链) and the
    task made for it. (chain, practice, period) is unique: the daily flow makes each once,
    however often it runs and however long it was down. ``caught_up`` marks a period made
    only after it had ended (the flow was down through it)."""

    __tablename__ = "practice_period"
    __table_args__ = (sa.UniqueConstraint("chain_id", "practice", "period"),)

    id: int | None = Field(default=None, primary_key=True)
    chain_id: int = Field(foreign_key="chain.id", index=True)
    practice: str = Field(max_length=32)
    period: str = Field(max_length=8)
    starts_on: date
    ends_on: date
    due_on: date  # the period's last working day
    task_id: int | None = Field(default=None, foreign_key="task.id")
    caught_up: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class PracticeRecord(SQLModel, table=True):
    """What happened when a practice was held: the day, who took part, where they went and
    what they found. A period is done when it has a record held within it."""

    __tablename__ = "practice_record"

    id: int | None = Field(default=None, primary_key=True)
    period_id: int = Field(foreign_key="practice_period.id", index=True)
    held_on: date
    participants: str = Field(sa_type=sa.Text)
    places: str | None = Field(default=None, sa_type=sa.Text)  # places and enterprises visited
    summary: str | None = Field(default=None, sa_type=sa.Text)
    recorded_by: str = Field(max_length=254)
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class PracticeProblem(SQLModel, table=True):
    """A problem a record found (问题清单), and the task or factor request it became."""

    __tablename__ = "practice_problem"

    id: int | None = Field(default=None, primary_key=True)
    record_id: int = Field(foreign_key="practice_record.id", index=True)
    position: int = 0
    description: str = Field(sa_type=sa.Text)
    enterprise_id: int | None = Field(default=None, foreign_key="enterprise.id")
    task_id: int | None = Field(default=None, foreign_key="task.id", unique=True)
    request_id: int | None = Field(default=None, foreign_key="factor_request.id", unique=True)
