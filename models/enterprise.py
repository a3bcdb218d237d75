"""Enterprises and their memberships in chains."""

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class Enterprise(SQLModel, table=True):
    """An enterprise, identified by its unified social credit code (统一社会信用代码)."""

    __tablename__ = "enterprise"

    id: int | None = Field(default=None, primary_key=True)
    credit_code: str = Field(unique=True, max_length=18)
    name: str
    county: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None


class EnterpriseMembership(SQLModel, table=True):
    """An enterprise's role in one chain: chain master, supporting, specialized SME or target.
    The titles it holds (专精特新 tiers, 链主, …) are designations (``models.cultivation``)."""

    __tablename__ = "enterprise_membership"
    __table_args__ = (sa.UniqueConstraint("chain_id", "enterprise_id"),)

    id: int | None = Field(default=None, primary_key=True)
    chain_id: int = Field(foreign_key="chain.id", index=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    role: str = Field(max_length=32)
