"""Matchmaking (融通对接) between a chain's masters and specialised SMEs: events, the chain
masters' demand lists and the SMEs' capability lists, the matches made between them and the
follow-up tasks of each intention."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow


class MatchmakingEvent(SQLModel, table=True):
    """An event of a chain: 供需对接, 产需对接, 发榜揭榜, 路演 or 链主企业行, hosted by a
    department with a platform partner, moving planned → collecting → matched → held →
    following up → reported."""

    __tablename__ = "matchmaking_event"

    id: int | None = Field(default=None, primary_key=True)
    chain_id: int = Field(foreign_key="chain.id", index=True)
    title: str = Field(max_length=200)
    kind: str = Field(max_length=32)
    host_department_id: int = Field(foreign_key="department.id", index=True)
    platform_partner: str | None = Field(default=None, max_length=200)
    held_on: date
    place: str | None = Field(default=None, max_length=200)
    online: bool = False
    state: str = Field(default="planned", max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class EventParticipant(SQLModel, table=True):
    """An enterprise at an event: a chain master or an SME invited."""

    __tablename__ = "event_participant"
    __table_args__ = (sa.UniqueConstraint("event_id", "enterprise_id"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="matchmaking_event.id", index=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    role: str = Field(max_length=16)  # chain_master, sme


class DemandItem(SQLModel, table=True):
    """One line of a chain master's demand list (需求清单)."""

    __tablename__ = "demand_item"
    __table_args__ = (sa.Index("ix_demand_item_chain_status", "chain_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    chain_id: int = Field(foreign_key="chain.id")
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    event_id: int | None = Field(default=None, foreign_key="matchmaking_event.id", index=True)
    item: str = Field(max_length=200)
    map_node_id: int | None = Field(default=None, foreign_key="map_node.id", index=True)
    specification: str | None = Field(default=None, max_length=1000)
    amount_wan: float | None = None
    needed_by: date | None = None
    status: str = Field(default="open", max_length=16)  # open, matched, fulfilled, withdrawn
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CapabilityItem(SQLModel, table=True):
    """One line of an SME's product and capability list (产品/能力清单)."""

    __tablename__ = "capability_item"
    __table_args__ = (sa.Index("ix_capability_item_node", "map_node_id", "enterprise_id"),)

    id: int | None = Field(default=None, primary_key=True)
    chain_id: int = Field(foreign_key="chain.id", index=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    product: str = Field(max_length=200)
    map_node_id: int | None = Field(default=None, foreign_key="map_node.id")
    certifications: str | None = Field(default=None, max_length=500)
    capacity: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Match(SQLModel, table=True):
    """A supplier proposed for a demand, moving proposed → introduced → intention → signed →
    delivering → done, or lost (with its reason); ``why`` keeps the shortlist's explanation."""

    __tablename__ = "supply_match"
    __table_args__ = (sa.UniqueConstraint("demand_id", "capability_id"),)

    id: int | None = Field(default=None, primary_key=True)
    demand_id: int = Field(foreign_key="demand_item.id", index=True)
    capability_id: int = Field(foreign_key="capability_item.id", index=True)
    event_id: int | None = Field(default=None, foreign_key="matchmaking_event.id", index=True)
    stage: str = Field(default="proposed", max_length=16)
    why: str | None = Field(default=None, max_length=1000)
    intention_wan: float | None = None
    contract_wan: float | None = None
    realised_wan: float | None = None
    lost_reason: str | None = Field(default=None, max_length=500)
    intention_on: date | None = None
    signed_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class MatchFollowUp(SQLModel, table=True):
    """The follow-up task made once for a match's intention, ``after_days`` working days on."""

    __tablename__ = "match_follow_up"
    __table_args__ = (sa.UniqueConstraint("match_id", "after_days"),)

    id: int | None = Field(default=None, primary_key=True)
    match_id: int = Field(foreign_key="supply_match.id", index=True)
    after_days: int
    task_id: int = Field(foreign_key="task.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
