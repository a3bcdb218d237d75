"""Departments, the people in them, and users who sign in with per-chain roles."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow


class Department(SQLModel, table=True):
    __tablename__ = "department"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=32)
    name_zh: str
    name_en: str | None = None
    email: str | None = None


class Person(SQLModel, table=True):
    """An official or contact who can own tasks and receive notices, identified by email."""

    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(unique=True, max_length=254)
    name: str
    department_id: int | None = Field(default=None, foreign_key="department.id", index=True)
    title: str | None = None
    phone: str | None = None  # as written: a landline, an extension, anything
    # 11 digits (mechanism.mobile): for SMS and for @-mentions in the chains' group robots
    mobile: str | None = Field(default=None, max_length=11)


class User(SQLModel, table=True):
    """A sign-in account. ``is_office`` grants the city chain office's rights on every chain."""

    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, max_length=64)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    enterprise_id: int | None = Field(default=None, foreign_key="enterprise.id")
    password_hash: str | None = None
    is_office: bool = False
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Each session cookie carries the generation it was issued in; signing out or a new
    # password moves it on, so every cookie issued before stops working.
    session_generation: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class UserChainRole(SQLModel, table=True):
    """What a user may do for one chain: team, dept, leader or firm."""

    __tablename__ = "user_chain_role"
    __table_args__ = (sa.UniqueConstraint("user_id", "chain_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    chain_id: int = Field(foreign_key="chain.id", index=True)
    role: str = Field(max_length=16)


class ApiToken(SQLModel, table=True):
    """A bearer token for the JSON API, acting as its user. Only a hash is kept: the token is
    shown once, when it is made (``chainops users token``)."""

    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    name: str = Field(max_length=64)
    token_hash: str = Field(unique=True, max_length=64)  # sha256, hex
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    revoked: bool = False


class SignInFailure(SQLModel, table=True):
    """A failed sign-in, kept while the throttle's window lasts. In the database, not in one
    process's memory, so every web process behind the same address counts the same failures."""

    __tablename__ = "sign_in_failure"
    __table_args__ = (sa.Index("ix_sign_in_failure_key_failed_at", "key", "failed_at"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=300)  # "account:<username>" or "address:<client address>"
    failed_at: datetime = Field(sa_type=UTCDateTime, index=True)
