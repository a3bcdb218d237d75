"""``chainops tasks <action>``: the lifecycle from the command line, acting as ``--by EMAIL``."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Annotated, Any

import typer
from sqlmodel import Session

from chainops import wiring
from chainops.cli.common import fail, open_session
from mechanism.lifecycle import IllegalMove
from mechanism.vocabulary import Light, TaskSource, TaskState
from models import Task
from services import tasks as task_service
from services.config import EngineRules
from services.people import Actor, UnknownPerson, actor_by_email

By = Annotated[str, typer.Option("--by", help="Email of the person acting.")]
TaskId = Annotated[int, typer.Argument(help="The task's id (see `chainops tasks list`).")]
Note = Annotated[str | None, typer.Option(help="A note kept with the record.")]
Reason = Annotated[str, typer.Option(help="Why; kept in the audit trail.")]

_REFUSALS = (
    IllegalMove,
    UnknownPerson,
    task_service.TaskNotFound,
    task_service.BadTaskInput,
    task_service.ExtensionRefused,
    task_service.AssignmentRefused,
)


@contextmanager
def acting(by: str) -> Iterator[tuple[Session, Actor, EngineRules, datetime]]:
    """A session, the actor, the rules and the clock; refusals become clear errors."""
    with open_session() as session:
        try:
            yield session, actor_by_email(session, by), wiring.engine_rules(), wiring.now()
        except _REFUSALS as exc:
            session.rollback()
            raise fail(str(exc)) from exc


def _said(task: Task) -> None:
    state, light = TaskState(task.state), Light(task.light)
    due = task.due_date
    print(f"task {task.id}: {state.zh} ({state.value}), {light.zh} ({light.value}), due {due}")


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise fail(f"{option}: {text!r} is not a date (YYYY-MM-DD)", 2) from None


def register_task_actions(tasks: typer.Typer) -> None:
    simple: dict[str, tuple[Callable[..., Task], str]] = {
        "accept": (task_service.accept_task, "Accept (签收) a task as its owner or department."),
        "start": (task_service.start_task, "Start work on an accepted task."),
        "sign-off": (task_service.sign_off_task, "Sign off (销号) a submitted task: office only."),
        "unblock": (task_service.unblock_task, "End a block; the due date moves by the days lost."),
    }
    for name, (action, help_text) in simple.items():
        _add_simple(tasks, name, action, help_text)

    @tasks.command("assign")
    def assign(
        chain: Annotated[str, typer.Option(help="Chain code.")],
        title: Annotated[str, typer.Option(help="What must be done.")],
        lead_department: Annotated[str, typer.Option(help="Lead department code.")],
        owner: Annotated[str, typer.Option(help="Owner's email.")],
        by: By,
        due: Annotated[str | None, typer.Option(help="Due date, YYYY-MM-DD.")] = None,
        working_days: Annotated[
            int | None, typer.Option(help="Or: due this many working days after the start.")
        ] = None,
        start: Annotated[str | None, typer.Option(help="Start date (default: today).")] = None,
        co: Annotated[str, typer.Option(help="Co-department codes, comma-separated.")] = "",
        source: Annotated[str, typer.Option(help="meeting, leader_instruction, …")] = "meeting",
        requirements: Annotated[
            str | None, typer.Option(help="Work requirements (工作要求), sent with the 交办单.")
        ] = None,
    ) -> None:
        """Assign (交办) a new task."""
        kind = TaskSource.parse(source)
        if kind is None:
            raise fail(f"--source must be one of: {TaskSource.choices()}", 2)
        with acting(by) as (session, actor, rules, now):
            task = task_service.assign_task(
                session=session,
                actor=actor,
                chain_code=chain,
                title=title,
                lead_department=lead_department,
                owner_email=owner,
                start=_day(start, "--start") if start else rules.today(now),
                due=_day(due, "--due") if due else None,
                working_days=working_days,
                co_departments=tuple(c.strip() for c in co.split(",") if c.strip()),
                source=kind,
                requirements=requirements,
                now=now,
                rules=rules,
            )
            _said(task)

    @tasks.command("progress")
    def progress(
        task_id: TaskId,
        percent: Annotated[int, typer.Argument(help="Progress, 0–100.")],
        by: By,
        note: Note = None,
    ) -> None:
        """Report progress (once: the report is the record)."""
        with acting(by) as (session, actor, rules, now):
            _said(
                task_service.report_progress(
                    session=session,
                    task_id=task_id,
                    actor=actor,
                    progress=percent,
                    note=note,
                    now=now,
                    rules=rules,
                )
            )

    @tasks.command("submit")
    def submit(task_id: TaskId, by: By, note: Note = None) -> None:
        """Report the task done (报结); it waits for the office's sign-off."""
        with acting(by) as (session, actor, rules, now):
            _said(
                task_service.submit_task(
                    session=session, task_id=task_id, actor=actor, note=note, now=now, rules=rules
                )
            )

    for name, action, help_text in (
        ("return", task_service.return_task, "Send a submitted task back (退回): office only."),
        ("cancel", task_service.cancel_task, "Cancel a task: office only."),
    ):
        _add_with_reason(tasks, name, action, help_text)

    @tasks.command("block")
    def block(
        task_id: TaskId,
        reason: Reason,
        by: By,
        request: Annotated[
            str,
            typer.Option(
                help="The factor request it waits on (code); answering it ends the block."
            ),
        ],
    ) -> None:
        """Block a task on a factor request: its clock stops until the request is answered."""
        with acting(by) as (session, actor, rules, now):
            _said(
                task_service.block_task(
                    session=session,
                    task_id=task_id,
                    actor=actor,
                    reason=reason,
                    request_code=request,
                    now=now,
                    rules=rules,
                )
            )

    @tasks.command("extend")
    def extend(
        task_id: TaskId,
        to: Annotated[str, typer.Option("--to", help="The new due date asked for.")],
        reason: Reason,
        by: By,
    ) -> None:
        """Request an extension (延期申请), by the due date at the latest."""
        with acting(by) as (session, actor, rules, now):
            request = task_service.request_extension(
                session=session,
                task_id=task_id,
                actor=actor,
                proposed_due=_day(to, "--to"),
                reason=reason,
                now=now,
                rules=rules,
            )
            print(
                f"extension request {request.id}: {request.current_due_date} → "
                f"{request.proposed_due_date}, waiting for the office"
            )

    @tasks.command("decide-extension")
    def decide_extension(
        request_id: Annotated[int, typer.Argument(help="The extension request's id.")],
        by: By,
        approve: Annotated[bool, typer.Option("--approve/--deny", help="The decision.")],
        note: Note = None,
    ) -> None:
        """Approve or deny an extension request: office only."""
        with acting(by) as (session, actor, rules, now):
            request = task_service.decide_extension(
                session=session,
                request_id=request_id,
                actor=actor,
                approve=approve,
                note=note,
                now=now,
                rules=rules,
            )
            print(f"extension request {request.id}: {request.state}")


def _add_simple(tasks: typer.Typer, name: str, action: Callable[..., Task], help_text: str) -> None:
    def command(task_id: TaskId, by: By) -> None:
        with acting(by) as (session, actor, rules, now):
            _said(action(session=session, task_id=task_id, actor=actor, now=now, rules=rules))

    command.__doc__ = help_text
    tasks.command(name)(command)


def _add_with_reason(
    tasks: typer.Typer, name: str, action: Callable[..., Task], help_text: str
) -> None:
    def command(task_id: TaskId, reason: Reason, by: By) -> None:
        with acting(by) as (session, actor, rules, now):
            kwargs: dict[str, Any] = {"reason": reason}
            _said(
                action(
                    session=session, task_id=task_id, actor=actor, now=now, rules=rules, **kwargs
                )
            )

    command.__doc__ = help_text
    tasks.command(name)(command)
