"""The N lists of a chain and its yearly action plan (一链一策)."""

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class ListItem(SQLModel, table=True):
    """An entry of one of the chain's typed lists; any item can spawn tasks."""

    __tablename__ = "list_item"
    __table_args__ = (sa.UniqueConstraint("chain_id", "list_type", "title"),)

    id: int | None = Field(default=None, primary_key=True)
    chain_id: int = Field(foreign_key="chain.id", index=True)
    list_type: str = Field(max_length=32)
    title: str
    detail: str | None = None
    enterprise_id: int | None = Field(default=None, foreign_key="enterprise.id")


class ActionPlan(SQLModel, table=True):
    __tablename__ = "action_plan"
    __table_args__ = (sa.UniqueConstraint("chain_id", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    chain_id: int = Field(foreign_key="chain.id", index=True)
    year: int
    title: str


class ActionPlanItem(SQLModel, table=True):
    """A numbered item of an action plan; importing it creates (or updates) its task."""

    __tablename__ = "action_plan_item"
    __table_args__ = (sa.UniqueConstraint("plan_id", "item_no"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="action_plan.id", index=True)
    item_no: int
    title: str
