"""The benchmarks' SQLite files: the URL of one, a clean copy of a built one to work on, and
the secondary structures a bulk load sets aside and rebuilds once at the end.

``bench/sweep.py`` and ``bench/rollup.py`` build a city once and measure on fresh copies, so a
measured run never sees what an earlier one wrote.
"""

import shutil
import sqlite3
from pathlib import Path


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def copy_db(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)


def set_aside(raw: sqlite3.Connection, tables: tuple[str, ...]) -> list[str]:
    """Drop the indexes and triggers of ``tables`` before a bulk load; their SQL, to restore.

    A million single-row index and trigger updates (the task title search's triggers among
    them) cost far more than building each once after the load."""
    marks = ", ".join(f"'{t}'" for t in tables)
    found = raw.execute(
        f"SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger')"
        f" AND tbl_name IN ({marks}) AND sql IS NOT NULL"
    ).fetchall()
    for kind, name, _ in found:
        raw.execute(f'DROP {kind.upper()} "{name}"')
    return [sql for _, _, sql in found]


def restore(raw: sqlite3.Connection, saved: list[str]) -> None:
    """Recreate what :func:`set_aside` dropped, and index every task title for text search."""
    for sql in saved:
        raw.execute(sql)
    has_search = raw.execute("SELECT 1 FROM sqlite_master WHERE name = 'task_title'").fetchone()
    if has_search:
        raw.execute("INSERT INTO task_title(task_title) VALUES ('rebuild')")
