"""The migrations build exactly the schema the models describe."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import Session, SQLModel

from models import Chain
from models.migrations import current_revision, include_name


def test_autogenerate_finds_no_difference_between_migrations_and_models(engine: sa.Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": include_name}
        )
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def test_the_database_is_at_the_newest_revision(engine: sa.Engine) -> None:
    assert current_revision(engine) is not None


def test_timestamps_come_back_in_utc_whatever_the_database(session: Session) -> None:
    chain = Chain(code="T", name_zh="测试", name_en="Test")
    session.add(chain)
    session.commit()
    session.expire_all()
    loaded = session.get(Chain, chain.id)
    assert loaded is not None
    assert loaded.created_at.utcoffset() is not None
    assert loaded.created_at.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
