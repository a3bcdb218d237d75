"""The benchmarks' SQLite files: the URL of one, and a clean copy of a built one to work on.

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
