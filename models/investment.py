"""Targeted investment attraction (精准招商): target firms from the chain map and the pipeline of
investment projects from lead to production, with their signings and the funds arrived.

The vocabularies (purposes, sources, statuses, stages, investor ranks) and the rules (filing
days, the signed-but-not-started lights, how a signing counts) are in ``mechanism``; here are
only the rows. There is no column for promised subsidies or tax rebates on purpose: the fair
competition review (《公平竞争审查条例》) forbids them, so the system gives them no place.
"""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow


class InvestmentTarget(SQLModel, table=True):
    """A firm the chain means to attract, for one node of its map (补链 / 延链 / 强链).

    ``credit_code`` only when known (and then valid); ``owner_group`` names who works the
    target (a chain's 招商专班 or one of its groups). ``dropped_reason`` is said when the status
    is dropped.
    """

    __tablename__ = "investment_target"
    __table_args__ = (sa.UniqueConstraint("chain_id", "company_name"),)

    id: int | None = Field(default=None, primary_key=True)
    chain_id: int = Field(foreign_key="chain.id", index=True)
    map_node_id: int | None = Field(default=None, foreign_key="map_node.id", index=True)
    company_name: str = Field(max_length=200)
    credit_code: str | None = Field(default=None, max_length=18)
    hq_region: str | None = Field(default=None, max_length=100)
    source: str = Field(max_length=24)
    purpose: str = Field(max_length=16)
    priority: int = 2  # 1 high, 2 normal, 3 low
    owner_group: str | None = Field(default=None, max_length=100)
    status: str = Field(default="listed", max_length=16)
    dropped_reason: str | None = None
    note: str | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class InvestmentProject(SQLModel, table=True):
    """A project in the pipeline: lead → negotiating → signed → registered → started →
    building → producing → at capacity, or terminated.

    ``contract_amount_wan`` is the contracted total after every signing (a re-signing replaces
    it, a capital increase adds to it); the signings themselves are ``InvestmentSigning`` rows,
    the first of which is when the project counts. ``enterprise_id`` is the local company once
    registered; ``key_project_id`` the key project it continues as once started, so monthly
    reports, lights and factor requests carry on there. ``filing_task_id`` is the task that
    urges the contract's filing within the configured working days of the first signing.
    """

    __tablename__ = "investment_project"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=48)
    name: str = Field(max_length=200)
    chain_id: int = Field(foreign_key="chain.id", index=True)
    target_id: int | None = Field(default=None, foreign_key="investment_target.id", index=True)
    map_node_id: int | None = Field(default=None, foreign_key="map_node.id", index=True)
    investor_name: str = Field(max_length=200)
    investor_credit_code: str | None = Field(default=None, max_length=18)
    investor_rank: str | None = Field(default=None, max_length=24)
    county: str | None = Field(default=None, max_length=64)  # where the project lands
    stage: str = Field(default="lead", max_length=16, index=True)
    terminated_reason: str | None = None
    planned_investment_wan: float | None = None
    contract_amount_wan: float | None = None
    sponsor_leader_id: int | None = Field(default=None, foreign_key="person.id")  # 包保领导
    service_officer_id: int | None = Field(default=None, foreign_key="person.id")  # 首席服务员
    signed_on: date | None = None  # the first signing: when the project counts
    filed_on: date | None = None
    started_on: date | None = None
    enterprise_id: int | None = Field(default=None, foreign_key="enterprise.id")
    key_project_id: int | None = Field(default=None, foreign_key="key_project.id")
    filing_task_id: int | None = Field(default=None, foreign_key="task.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class InvestmentSigning(SQLModel, table=True):
    """One signing of a project: the first (the project counts, once), a re-signing (only the
    amounts change) or a capital increase (only the increment counts).

    ``amount_wan`` is what the agreement says (the new total for a re-signing, the increment
    for a capital increase); ``counted_wan`` is what it adds to the contracted total, so the
    month's signed amount is the sum of ``counted_wan`` and nothing is counted twice.
    """

    __tablename__ = "investment_signing"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="investment_project.id", index=True)
    kind: str = Field(max_length=24)
    signed_on: date
    amount_wan: float
    counted_wan: float
    note: str | None = None
    created_by: str = Field(max_length=128)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class InvestmentMove(SQLModel, table=True):
    """A project's move from one stage to the next, on the day it happened."""

    __tablename__ = "investment_move"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="investment_project.id", index=True)
    from_stage: str = Field(max_length=16)
    to_stage: str = Field(max_length=16)
    moved_on: date
    note: str | None = None
    created_by: str = Field(max_length=128)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class FundsArrival(SQLModel, table=True):
    """The funds that arrived for a project in one month (万元; 资金到位), reported once: a
    second report of the same month replaces the figure."""

    __tablename__ = "funds_arrival"
    __table_args__ = (sa.UniqueConstraint("project_id", "month"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="investment_project.id", index=True)
    month: date  # the month's first day
    amount_wan: float
    created_by: str = Field(max_length=128)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class InvestmentYearTarget(SQLModel, table=True):
    """A chain's yearly funds-arrived target (万元), against which the rollup reads 序时进度."""

    __tablename__ = "investment_year_target"
    __table_args__ = (sa.UniqueConstraint("chain_id", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    chain_id: int = Field(foreign_key="chain.id", index=True)
    year: int
    funds_target_wan: float
