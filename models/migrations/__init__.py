"""Alembic migrations of the chainops schema (``chainops db upgrade``)."""

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from models.task import TITLE_SEARCH, TITLE_TRIGRAMS

HERE = Path(__file__).parent


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's filter of what it compares: everything but the title search index, which the
    models cannot describe (an FTS5 table and its shadow tables, a GIN index)."""
    if name is None:
        return True
    if type_ == "table":
        return name != TITLE_SEARCH and not name.startswith(f"{TITLE_SEARCH}_")
    return not (type_ == "index" and name == TITLE_TRIGRAMS)


def alembic_config(engine: sa.Engine) -> Config:
    """An Alembic config that runs against ``engine`` — no alembic.ini needed."""
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    command.upgrade(alembic_config(engine), revision)


def current_revision(engine: sa.Engine) -> str | None:
    """The revision the database is at; None for a database chainops has never touched."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The newest revision the code knows."""
    return ScriptDirectory(str(HERE)).get_current_head()
