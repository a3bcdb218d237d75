"""Factor-supply requests (要素保障诉求)."""

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow
from models.sweep import OPEN_REQUESTS, open_index, sweep_index


class FactorRequest(SQLModel, table=True):
    """An enterprise's request for land, energy, power, funds, labour, capacity or approvals.

    Service levels (acknowledge / plan / close, in working days) run from ``submitted_at``;
    the timestamps record when each was met; ``stage_due`` is the deadline of the stage the
    request is in, which the service-level ladder escalates against.
    """

    __tablename__ = "factor_request"
    __table_args__ = (
        sweep_index("ix_factor_request_sweep", OPEN_REQUESTS),
        # Open requests per chain, from the index alone (the overview's count).
        open_index("ix_factor_request_open", OPEN_REQUESTS, "chain_id", "state"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=48)
    chain_id: int = Field(foreign_key="chain.id", index=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    project_id: int | None = Field(default=None, foreign_key="key_project.id")
    factor_type: str = Field(max_length=16)
    quantity: float
    unit: str = Field(max_length=16)
    needed_by: date
    description: str
    department_id: int = Field(foreign_key="department.id", index=True)
    state: str = Field(default="submitted", max_length=16)
    submitted_by: str | None = Field(default=None, max_length=254)
    submitted_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    accepted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    planned_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    confirmed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    stage_due: date | None = Field(default=None, description="The current service-level deadline")
    reply: str | None = None
    reject_reason: str | None = None
    satisfaction: int | None = Field(default=None, description="1 (unsatisfied) to 5")
    reopened: int = 0
    light: str = Field(default="green", max_length=8)
    light_reason: str | None = None
    ladder_level: int = -1
    next_action_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
