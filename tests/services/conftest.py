"""Fixtures for the service tests that run on the demo city."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session

from models.db import make_engine


@pytest.fixture(scope="module")
def demo_city(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    """A session on this module's own copy of the demo city (tests that refuse change nothing,
    so a module shares one)."""
    copy = tmp_path_factory.mktemp("city") / "city.db"
    copy.write_bytes(demo_db.read_bytes())
    engine = make_engine(f"sqlite:///{copy}")
    with Session(engine) as session:
        yield session
    engine.dispose()
