"""Alembic environment: migrate the engine handed over in ``config.attributes``."""

from typing import Any, Literal

from alembic import context
from sqlmodel import SQLModel

import models  # noqa: F401  (registers every table on the metadata)
from models.base import UTCDateTime
from models.migrations import include_name

config = context.config
target_metadata = SQLModel.metadata


def _render_item(kind: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Render our own column type by its import path; everything else the default way."""
    if kind == "type" and isinstance(obj, UTCDateTime):
        autogen_context.imports.add("import models.base")
        return "models.base.UTCDateTime()"
    return False


def run_migrations() -> None:
    engine = config.attributes["engine"]
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            compare_type=True,
            render_as_batch=connection.dialect.name == "sqlite",
            render_item=_render_item,
            include_name=include_name,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
