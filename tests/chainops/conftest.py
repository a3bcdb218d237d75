"""Fixtures for the command-line tests: a demo city built once, copied per test."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from chainops import wiring
from chainops.settings import get_settings
from tests.notifications.conftest import make_smtp_server, smtp_server

__all__ = ["make_smtp_server", "smtp_server"]  # the real SMTP server, for `notices send`


@pytest.fixture
def on_demo(demo_db: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """A private copy of the demo database, configured as CHAINOPS_DATABASE_URL."""
    copy = tmp_path / "demo.db"
    copy.write_bytes(demo_db.read_bytes())
    monkeypatch.setenv("CHAINOPS_DATABASE_URL", f"sqlite:///{copy}")
    monkeypatch.setenv("CHAINOPS_LOCALE", "en")
    monkeypatch.setenv("CHAINOPS_REPORTS_DIR", str(tmp_path / "reports"))
    get_settings.cache_clear()
    wiring.engine_for.cache_clear()
    yield copy
    get_settings.cache_clear()
    wiring.engine_for.cache_clear()


@pytest.fixture
def chainops(
    database_url: str, session: Session, monkeypatch: pytest.MonkeyPatch
) -> Iterator[CliRunner]:
    """Run commands against the test database (emptied after each test by ``session``)."""
    monkeypatch.setenv("CHAINOPS_DATABASE_URL", database_url)
    monkeypatch.setenv("CHAINOPS_LOCALE", "en")
    get_settings.cache_clear()
    wiring.engine_for.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()
    wiring.engine_for.cache_clear()
