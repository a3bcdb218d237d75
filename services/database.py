"""Create or update the schema, and tell whether a database is ready to use."""

import sqlalchemy as sa

from models.migrations import current_revision, head_revision, upgrade


def upgrade_schema(*, engine: sa.Engine) -> tuple[str | None, str | None]:
    """Bring the schema to the newest revision; returns (revision before, revision after)."""
    before = current_revision(engine)
    upgrade(engine)
    return before, current_revision(engine)


def schema_problem(engine: sa.Engine) -> str | None:
    """Why the database cannot be used yet, or None when its schema is current."""
    current = current_revision(engine)
    if current is None:
        return f"{engine.url.render_as_string()} has no chainops schema; run `chainops db upgrade`"
    if current != head_revision():
        return (
            f"the database schema is at revision {current}, the code expects "
            f"{head_revision()}; run `chainops db upgrade`"
        )
    return None
