"""The engine and sessions. SQLite gets WAL, foreign keys and a busy timeout on every connection."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlmodel import Session


def make_engine(url: str, **kwargs: Any) -> sa.Engine:
    """An engine for ``url``; for a SQLite file, its folder is created first."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return sa.create_engine(url, pool_pre_ping=True, **kwargs)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
    sa.event.listen(engine, "connect", _sqlite_pragmas)
    sa.event.listen(engine, "begin", _sqlite_begin)
    return engine


IMMEDIATE = {"sqlite_immediate": True}
"""Execution options for a transaction that writes from its first statement (a sweep's claim):
on SQLite it takes the write lock at BEGIN, so a second sweep waits instead of reading rows the
first is about to change; other databases ignore it (PostgreSQL sweeps lock rows instead)."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets the web app read while a sweep writes; foreign keys are off by default in
    # SQLite; the busy timeout makes a second writer wait instead of failing at once.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()
    # pysqlite's own transaction handling begins late and never for SELECT; we emit BEGIN
    # ourselves (SQLAlchemy's documented recipe) so transactions mean what they say.
    dbapi_connection.isolation_level = None


def _sqlite_begin(connection: sa.Connection) -> None:
    immediate = connection.get_execution_options().get("sqlite_immediate", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def session_scope(engine: sa.Engine, *, writes: bool = True) -> Iterator[Session]:
    """A session that commits when the block ends normally and rolls back otherwise.

    A session that ``writes`` takes SQLite's write lock when it begins: a transaction that
    read first and wrote later would fail at once (not wait) if another writer had committed
    in between, which a sweep running beside a command makes likely.
    """
    bind = engine.execution_options(**IMMEDIATE) if writes else engine
    with Session(bind, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
