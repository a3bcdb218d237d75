"""A chain (产业链), its map (segments and nodes), roster and working-mechanism checklist."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow


class Chain(SQLModel, table=True):
    __tablename__ = "chain"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=32)
    name_zh: str
    name_en: str
    position: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class MapSegment(SQLModel, table=True):
    """A segment of the chain map within one stage (up-, mid- or downstream)."""

    __tablename__ = "map_segment"
    __table_args__ = (sa.UniqueConstraint("chain_id", "stage", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    chain_id: int = Field(foreign_key="chain.id", index=True)
    stage: str = Field(max_length=16)
    name: str
    position: int = 0


class MapNode(SQLModel, table=True):
    """A node of the map, marked strong, weak or missing (what to forge, reinforce or attract)."""

    __tablename__ = "map_node"
    __table_args__ = (sa.UniqueConstraint("segment_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    segment_id: int = Field(foreign_key="map_segment.id", index=True)
    name: str
    status: str = Field(max_length=16)
    note: str | None = None


class RosterEntry(SQLModel, table=True):
    """Someone holding a standing role of a chain: a person, or for the lead role a department."""

    __tablename__ = "roster_entry"
    __table_args__ = (sa.UniqueConstraint("chain_id", "role", "person_id", "department_id"),)

    id: int | None = Field(default=None, primary_key=True)
    chain_id: int = Field(foreign_key="chain.id", index=True)
    role: str = Field(max_length=32)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    department_id: int | None = Field(default=None, foreign_key="department.id")


class MechanismItem(SQLModel, table=True):
    """One element of a chain's working-mechanism checklist, kept as data so offices can edit it.

    ``requires`` holds requirement strings of ``mechanism.working_mechanism`` separated by
    spaces (``role:chain_leader map``).
    """

    __tablename__ = "mechanism_item"
    __table_args__ = (sa.UniqueConstraint("chain_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    chain_id: int = Field(foreign_key="chain.id", index=True)
    code: str = Field(max_length=48)
    name_zh: str
    name_en: str
    requires: str
    position: int = 0
