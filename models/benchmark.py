"""Benchmarking (对标) against peer regions: the peers, the indicators compared, the yearly
values for us and for them, and which gap (差距) already spawned a task or a target.

The rules (directions, the default indicators, when we trail) are in ``mechanism.benchmarks``;
here are only the rows. A value's ``chain_id`` and ``peer_id`` may both be NULL (the city
itself), which a unique constraint cannot guard (NULLs are never equal), so the services keep
one value per indicator, chain, peer and year.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow


class BenchmarkPeer(SQLModel, table=True):
    """A region we compare ourselves with: a city as a whole (``kind`` region, ``chain_id``
    NULL) or the same chain elsewhere (``kind`` chain, with the chain it is compared to)."""

    __tablename__ = "benchmark_peer"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=100)
    kind: str = Field(max_length=16)  # region, chain
    chain_id: int | None = Field(default=None, foreign_key="chain.id", index=True)
    region: str | None = Field(default=None, max_length=100)
    note: str | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class BenchmarkIndicator(SQLModel, table=True):
    """A figure compared: unit, which way is better, a one-line definition. ``counted_from``
    names a designation kind (e.g. ``little_giant``): our own value is then counted from the
    designations held, not entered."""

    __tablename__ = "benchmark_indicator"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=48)
    name_zh: str = Field(max_length=100)
    name_en: str = Field(max_length=100)
    unit: str = Field(max_length=32)
    direction: str = Field(max_length=8)  # higher, lower
    definition: str | None = None
    counted_from: str | None = Field(default=None, max_length=32)
    position: int = 0


class BenchmarkValue(SQLModel, table=True):
    """One year's figure of one indicator, for us (``peer_id`` NULL) or a peer, for a chain or
    the city (``chain_id`` NULL), with where it comes from (a text or a URL: always said)."""

    __tablename__ = "benchmark_value"
    __table_args__ = (
        sa.Index("ix_benchmark_value_key", "indicator_id", "chain_id", "peer_id", "year"),
    )

    id: int | None = Field(default=None, primary_key=True)
    indicator_id: int = Field(foreign_key="benchmark_indicator.id")
    chain_id: int | None = Field(default=None, foreign_key="chain.id", index=True)
    peer_id: int | None = Field(default=None, foreign_key="benchmark_peer.id", index=True)
    year: int
    value: float
    source: str = Field(max_length=500)
    entered_by: str = Field(max_length=128)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class BenchmarkGapAction(SQLModel, table=True):
    """Work a gap spawned: a task (``task_id``) or an investment target (``target_id``), by
    whom and when — so each gap spawns its kind of work once."""

    __tablename__ = "benchmark_gap_action"

    id: int | None = Field(default=None, primary_key=True)
    indicator_id: int = Field(foreign_key="benchmark_indicator.id", index=True)
    chain_id: int | None = Field(default=None, foreign_key="chain.id", index=True)
    peer_id: int = Field(foreign_key="benchmark_peer.id", index=True)
    year: int
    task_id: int | None = Field(default=None, foreign_key="task.id")
    target_id: int | None = Field(default=None, foreign_key="investment_target.id")
    created_by: str = Field(max_length=128)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
