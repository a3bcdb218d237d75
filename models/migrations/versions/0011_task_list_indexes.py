"""indexes for the task list across chains: by due date, and text search in titles

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 09:00:00

``/tasks`` lists every task the viewer sees, by due date, 50 a page: ``ix_task_due`` pages all
of them, ``ix_task_open_due`` the open ones (overdue, due within N working days),
``ix_task_lit_due`` the red or yellow ones — each counted and paged from its index, not by
reading a million rows. The lit index is partial (red and yellow only): a full index on light
and due date is what SQLite, without statistics, would walk for the overview's "open, red,
owned by this person" lists instead of the owner's index, 30–100 times slower.

``/tasks?q=…`` finds tasks by any part of their title, across every chain. A LIKE '%…%' reads
every title (about 0.7 s at a million tasks), so titles get a trigram index: on SQLite an FTS5
table with the trigram tokenizer over ``task.title`` (external content: it stores only the
index), kept current by triggers on insert, delete and a change of title; on PostgreSQL a
pg_trgm GIN index, which ILIKE uses as it is. The models cannot describe either, so Alembic's
comparison leaves them out (``models.migrations.include_name``).

A later migration that rebuilds the task table on SQLite (batch mode's copy and rename) drops
these triggers and must create them again; tests/services/tasks/test_search.py notices.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE = (
    # Trigrams of every title; case-insensitive. "rebuild" indexes the tasks already there.
    "CREATE VIRTUAL TABLE IF NOT EXISTS task_title USING fts5("
    "title, content='task', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER task_title_insert AFTER INSERT ON task BEGIN"
    " INSERT INTO task_title(rowid, title) VALUES (new.id, new.title); END",
    "CREATE TRIGGER task_title_delete AFTER DELETE ON task BEGIN"
    " INSERT INTO task_title(task_title, rowid, title) VALUES ('delete', old.id, old.title); END",
    "CREATE TRIGGER task_title_update AFTER UPDATE OF title ON task BEGIN"
    " INSERT INTO task_title(task_title, rowid, title) VALUES ('delete', old.id, old.title);"
    " INSERT INTO task_title(rowid, title) VALUES (new.id, new.title); END",
    "INSERT INTO task_title(task_title) VALUES ('rebuild')",
)


OPEN = sa.text("state IN ('accepted', 'assigned', 'blocked', 'in_progress', 'submitted')")
LIT = sa.text("light IN ('red', 'yellow')")


def upgrade() -> None:
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.create_index('ix_task_due', ['due_date', 'id'], unique=False)
        batch_op.create_index(
            'ix_task_open_due',
            ['due_date', 'id'],
            unique=False,
            sqlite_where=OPEN,
            postgresql_where=OPEN,
        )
        batch_op.create_index(
            'ix_task_lit_due',
            ['light', 'due_date', 'id'],
            unique=False,
            sqlite_where=LIT,
            postgresql_where=LIT,
        )
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        for statement in SQLITE:
            op.execute(statement)
    elif bind.dialect.name == 'postgresql':
        # pg_trgm ships with PostgreSQL and is a trusted extension (any database owner may
        # create it); if this role still may not, search works without the index, slower.
        try:
            with bind.begin_nested():
                bind.execute(sa.text('CREATE EXTENSION IF NOT EXISTS pg_trgm'))
        except sa.exc.DBAPIError:
            print('pg_trgm is not available: task title search will scan every title')
            return
        op.execute(
            'CREATE INDEX IF NOT EXISTS ix_task_title_trgm ON task USING gin (title gin_trgm_ops)'
        )


def downgrade() -> None:
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_index('ix_task_open_due', sqlite_where=OPEN, postgresql_where=OPEN)
        batch_op.drop_index('ix_task_lit_due', sqlite_where=LIT, postgresql_where=LIT)
        batch_op.drop_index('ix_task_due')
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        for trigger in ('task_title_insert', 'task_title_delete', 'task_title_update'):
            op.execute(f'DROP TRIGGER IF EXISTS {trigger}')
        op.execute('DROP TABLE IF EXISTS task_title')
    elif bind.dialect.name == 'postgresql':
        op.execute('DROP INDEX IF EXISTS ix_task_title_trgm')
