"""Supervised tasks (督办事项), their progress reports and extension requests."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow
from models.sweep import OPEN_TASKS, SUBMITTED, open_index, sweep_index

# Text search in titles (the task list's ``q``) has an index the models cannot describe
# (migration 0011): on SQLite an FTS5 trigram table over ``task.title``, kept by triggers;
# on PostgreSQL a pg_trgm GIN index. A substring LIKE reads all million titles (about 0.7 s);
# the trigram index finds a few hundred in milliseconds.
TITLE_SEARCH = "task_title"
TITLE_TRIGRAMS = "ix_task_title_trgm"
LIT = sa.text("light IN ('red', 'yellow')")  # the lights that need someone's attention


class Task(SQLModel, table=True):
    """A tracked piece of work with an owner, a working-day deadline and an escalation state.

    ``original_due_date`` never moves after assignment (statistics count against it, moved
    only by the working days blocked: ``mechanism.statistical_due``);
    ``signed_off_on`` is a date because "done on time" compares days, not instants;
    ``due_date`` moves only through an approved extension or the end of a block.
    ``ladder_level`` is the highest rung sent for the current due date (-1: none).
    ``next_action_at`` is when the sweep must next look at the task (UTC); it is NULL while
    nothing can happen without a person acting.
    """

    __tablename__ = "task"
    __table_args__ = (
        sweep_index("ix_task_sweep", OPEN_TASKS),
        # A chain's task list, a page at a time, in due-date order (web chain page).
        sa.Index("ix_task_chain_due", "chain_id", "due_date", "id"),
        # Open tasks by light: the overview's counts and its red and yellow lists, read from
        # the index alone (state too, or SQLite reads every row to check it). ``id`` before
        # ``state`` so one chain's lit tasks come out in the lists' order (due date, id):
        # otherwise SQLite prefers ix_task_chain_due and walks the whole chain.
        open_index(
            "ix_task_open_light", OPEN_TASKS, "light", "chain_id", "due_date", "id", "state"
        ),
        # The to-do home: a department's or an owner's open tasks, one light at a time in
        # due-date order, and the office's tasks waiting for sign-off — each read from an
        # index range, never by sorting tens of thousands of a department's rows.
        open_index(
            "ix_task_open_department",
            OPEN_TASKS,
            "lead_department_id",
            "light",
            "due_date",
            "id",
            "state",
        ),
        open_index(
            "ix_task_open_owner", OPEN_TASKS, "owner_id", "light", "due_date", "id", "state"
        ),
        # A chain page's lights chart: its open tasks counted by lead department and light
        # from the index alone (140,000 rows of a chain read whole took 650 ms).
        open_index(
            "ix_task_open_chain_department",
            OPEN_TASKS,
            "chain_id",
            "lead_department_id",
            "light",
            "state",
        ),
        # Only 'submitted' (a state-first index on every open task would lure the sweep off
        # ix_task_sweep).
        sa.Index(
            "ix_task_submitted",
            "due_date",
            "id",
            sqlite_where=SUBMITTED,
            postgresql_where=SUBMITTED,
        ),
        # The task list across chains (/tasks), by due date: all tasks, the open ones (overdue,
        # due within N working days) and the red or yellow ones, counted and paged from an
        # index. The lit index is partial so that it is no candidate for the overview's
        # "open, this light, this owner" queries, which SQLite would walk it for instead.
        sa.Index("ix_task_due", "due_date", "id"),
        open_index("ix_task_open_due", OPEN_TASKS, "due_date", "id"),
        sa.Index(
            "ix_task_lit_due", "light", "due_date", "id", sqlite_where=LIT, postgresql_where=LIT
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    chain_id: int = Field(foreign_key="chain.id", index=True)
    title: str
    # 工作要求: what the assigning office asks beyond the title; carried by the 交办单.
    requirements: str | None = Field(default=None, sa_type=sa.Text)
    source: str = Field(max_length=32)
    plan_item_id: int | None = Field(default=None, foreign_key="action_plan_item.id", unique=True)
    list_item_id: int | None = Field(default=None, foreign_key="list_item.id")
    lead_department_id: int = Field(foreign_key="department.id", index=True)
    owner_id: int = Field(foreign_key="person.id", index=True)
    start_date: date
    original_due_date: date
    due_date: date
    progress: int = 0
    state: str = Field(default="assigned", max_length=16)
    light: str = Field(default="green", max_length=8)
    ladder_level: int = -1
    next_action_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    blocked_by_request_id: int | None = Field(default=None, foreign_key="factor_request.id")
    blocked_since: date | None = None
    state_before_block: str | None = Field(default=None, max_length=16)
    hold_until: date | None = Field(
        default=None, description="Last day an acknowledgement holds the ladder (included)"
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    submitted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    signed_off_on: date | None = Field(
        default=None, description="The day the office signed it off (销号)"
    )


class TaskCoDepartment(SQLModel, table=True):
    """A department that co-handles (协办) a task besides the lead department."""

    __tablename__ = "task_co_department"

    task_id: int = Field(foreign_key="task.id", primary_key=True)
    department_id: int = Field(foreign_key="department.id", primary_key=True)


class ProgressReport(SQLModel, table=True):
    """What an owner reported, once; the task's progress is the latest report."""

    __tablename__ = "progress_report"

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", index=True)
    reported_by_id: int | None = Field(default=None, foreign_key="person.id")
    reported_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    progress: int
    note: str | None = None


class ExtensionRequest(SQLModel, table=True):
    """A request, filed before the due date, to move it; approved or rejected by the office."""

    __tablename__ = "extension_request"

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", index=True)
    requested_by_id: int | None = Field(default=None, foreign_key="person.id")
    requested_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    current_due_date: date
    proposed_due_date: date
    reason: str
    state: str = Field(default="pending", max_length=16)
    decided_by_id: int | None = Field(default=None, foreign_key="person.id")
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decision_note: str | None = None


class TaskBlock(SQLModel, table=True):
    """A block a task came out of (受阻记录): it waited on a factor request from ``blocked_since``
    to ``unblocked_on``. Written when the block ends; a block still running is the task's own
    ``blocked_since``.

    The statistical due date (``mechanism.statistical_due``) moves by the working days of these
    periods, counted with the calendar when a figure is made, so a month's rollup sees exactly
    the pauses up to its month end.
    """

    __tablename__ = "task_block"

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", index=True)
    request_id: int | None = Field(default=None, foreign_key="factor_request.id")
    blocked_since: date
    unblocked_on: date
