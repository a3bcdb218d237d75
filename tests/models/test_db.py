"""The engine's promises: SQLite in WAL mode, and sweep queries served by partial indexes."""

from pathlib import Path

import sqlalchemy as sa

from models.db import make_engine


def test_a_sqlite_file_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'sub' / 'x.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_the_sweep_indexes_hold_only_open_items(engine: sa.Engine) -> None:
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            definitions = dict(
                connection.exec_driver_sql(
                    "SELECT name, sql FROM sqlite_master WHERE name LIKE '%_sweep'"
                ).all()
            )
        else:
            definitions = dict(
                connection.execute(
                    sa.text("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE :p"),
                    {"p": "%_sweep"},
                ).all()
            )
    assert set(definitions) == {"ix_task_sweep", "ix_key_project_sweep", "ix_factor_request_sweep"}
    assert "signed_off" not in definitions["ix_task_sweep"]
    assert "in_progress" in definitions["ix_task_sweep"]
    assert all("WHERE" in sql.upper() for sql in definitions.values())


def test_sqlite_uses_the_partial_index_for_the_sweep_query(engine: sa.Engine) -> None:
    if engine.dialect.name != "sqlite":
        return
    query = (
        "EXPLAIN QUERY PLAN SELECT id FROM task WHERE state IN "
        "('accepted', 'assigned', 'blocked', 'in_progress', 'submitted') "
        "AND next_action_at <= '2026-11-27'"
    )
    with engine.connect() as connection:
        plan = " ".join(row[-1] for row in connection.exec_driver_sql(query).all())
    assert "ix_task_sweep" in plan
