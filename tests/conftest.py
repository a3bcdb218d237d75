"""Shared fixtures: a real database (SQLite by default, PostgreSQL in CI) built by the migrations.

Set ``CHAINOPS_TEST_DATABASE_URL`` to run the database-backed tests against another server
(CI points it at a PostgreSQL it starts). The database is emptied after every test, so never
point it at a database you care about.
"""

import os
import tempfile

# Prefect reads these when first imported: keep its files out of ~/.prefect, its telemetry off
# and its task-log warnings quiet. Set before anything imports prefect.
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="chainops-prefect-"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")
# Monthly bulletins a test writes without saying where must not land in the checkout's var/.
os.environ.setdefault("CHAINOPS_REPORTS_DIR", tempfile.mkdtemp(prefix="chainops-reports-"))

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel

import models
from models.db import make_engine
from models.migrations import upgrade

# A fixed clock for tests: a Friday afternoon in Shanghai, late in 2026.
NOW = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("CHAINOPS_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[sa.Engine]:
    engine = make_engine(database_url)
    _drop_everything(engine)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: sa.Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session
    _empty_tables(engine)


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def demo_yaml() -> Path:
    return Path(__file__).parent.parent / "chainops" / "demo" / "city.yaml"


def _empty_tables(engine: sa.Engine) -> None:
    with engine.begin() as connection:
        for table in reversed(SQLModel.metadata.sorted_tables):
            connection.execute(table.delete())


def _drop_everything(engine: sa.Engine) -> None:
    """Start from an empty database, so the migrations are what builds the schema."""
    assert models  # every table is registered on the metadata
    with engine.begin() as connection:
        SQLModel.metadata.drop_all(connection)
        connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo city replayed once per test session (about 15 s); copy it before changing it."""
    from chainops.demo import run_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    run_demo(path, path.parent / "outbox", path.parent / "reports")
    return path


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say loudly when the browser tests were skipped: a green run has not tried the pages."""
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if str(getattr(report, "nodeid", "")).startswith("tests/browser/")
    ]
    if skipped:
        terminalreporter.section("BROWSER TESTS SKIPPED", sep="!", red=True, bold=True)
        terminalreporter.line(
            f"{len(skipped)} browser test(s) did not run: Debian's chromium is missing "
            "(apt-get install chromium). The pages were not tried in a browser.",
            red=True,
            bold=True,
        )
