"""Frozen month-end rollups (月通报), per chain and city-wide."""

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow


class RollupSnapshot(SQLModel, table=True):
    """Figures of one month for one scope, frozen once written.

    ``scope`` is ``city``, a chain code, or ``dept:`` and a department code.
    """

    __tablename__ = "rollup_snapshot"
    __table_args__ = (sa.UniqueConstraint("month", "scope"),)

    id: int | None = Field(default=None, primary_key=True)
    month: date = Field(description="First day of the month")
    scope: str = Field(max_length=48)
    chain_id: int | None = Field(default=None, foreign_key="chain.id")
    department_id: int | None = Field(default=None, foreign_key="department.id")
    frozen_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    data: dict[str, Any] = Field(sa_type=sa.JSON)
