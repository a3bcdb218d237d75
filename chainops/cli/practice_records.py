"""``chainops practices record|show|problem-task|problem-request``: a practice's record
(巡链/诊链/问链/月调度记录) filed from the command line, shown with its problems, and a problem
turned into a task or a factor request in one step (``chainops.cli.practices`` adds these
commands to its group).

``--by EMAIL`` says who is acting, as on the pages: the office, the chain's working group or
the owner of the period's task files a record; the office or the working group turns a
problem into work. Without ``--by``, ``show`` reads as the office. A refusal names the field
and exits 1, nothing kept. ``--json`` prints the keys the README lists.
"""

from contextlib import AbstractContextManager
from datetime import date
from typing import Annotated, Any

import typer
from sqlmodel import Session

from chainops import wiring
from chainops.cli.asking import asking as cli_asking
from chainops.cli.common import JsonOption, fail
from chainops.cli.output import print_json
from services import practices
from services.people import Viewer

By = Annotated[str, typer.Option("--by", help="Email of the person acting.")]
ByOptional = Annotated[str | None, typer.Option("--by", help="Email of who is asking.")]
Problem = Annotated[int, typer.Option("--problem", help="The problem's id (from `show`).")]

records_app = typer.Typer(
    help="A practice's records and their problems turned into work (问题清单 → 任务).",
    no_args_is_help=True,
)


def asking(by: str | None) -> AbstractContextManager[tuple[Session, Viewer]]:
    """A session and who is asking; the practices' refusals become clear errors (exit 1)."""
    return cli_asking(by, (practices.PracticeRefused,))


def _day(option: str, text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise fail(f"{option}: {text!r} is not a date (YYYY-MM-DD)", 2) from None


def _show_record(view: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(practices.as_json(view))
        return
    record, period = view["record"], view["period"]
    typer.echo(
        f"record {record['id']}: {view['chain']['code']} {period['practice_zh']} "
        f"{period['period']} held {record['held_on']}"
    )
    typer.echo(f"  participants: {record['participants']}")
    if record["places"]:
        typer.echo(f"  places: {record['places']}")
    for problem in view["problems"]:
        became = (
            f"task {problem['task_id']}"
            if problem["task_id"]
            else f"request {problem['request_code']}"
            if problem["request_id"]
            else "not yet turned into work"
        )
        line = f"{problem['position']}. {problem['description']} → {became}"
        typer.echo(f"  [{problem['id']}] {line}")


def _show_period(view: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(practices.as_json(view))
        return
    period = view["period"]
    state = "done" if period["done"] else "gap" if period["gap"] else "open"
    typer.echo(
        f"period {period['id']}: {view['chain']['code']} {period['practice_zh']} "
        f"{period['period']} ({period['starts_on']} – {period['ends_on']}, due "
        f"{period['due_on']}): {state}"
    )
    if view["task"]:
        typer.echo(f"  task {view['task']['id']} ({view['task']['state']})")
    for record in view["records"]:
        typer.echo(
            f"  record {record['id']} held {record['held_on']}: {record['problems']} problems"
        )


@records_app.command("record")
def record(
    period: Annotated[int, typer.Option("--period", help="The period's id.")],
    held_on: Annotated[str, typer.Option("--held-on", help="The day it was held (YYYY-MM-DD).")],
    participants: Annotated[str, typer.Option(help="Who took part.")],
    by: By,
    places: Annotated[str | None, typer.Option(help="Places and enterprises visited.")] = None,
    summary: Annotated[str | None, typer.Option(help="What was done and found.")] = None,
    problem: Annotated[
        list[str] | None, typer.Option("--problem", help="A problem found (repeat for more).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """File the record of a practice held; closes the period's task if still open."""
    day = _day("--held-on", held_on)
    assert day is not None
    with asking(by) as (session, viewer):
        made = practices.file_record(
            session=session,
            actor=viewer.actor,
            period_id=period,
            held_on=day,
            participants=participants,
            places=places,
            summary=summary,
            problems=problem or [],
            now=wiring.now(),
            rules=wiring.engine_rules(),
        )
        view = practices.record_view(session, viewer, made.id or 0, wiring.today())
    _show_record(view, as_json)


@records_app.command("show")
def show(
    period: Annotated[int | None, typer.Option("--period", help="A period's id.")] = None,
    record_id: Annotated[int | None, typer.Option("--record", help="A record's id.")] = None,
    by: ByOptional = None,
    as_json: JsonOption = False,
) -> None:
    """A period with its task and records, or a record with its problems and their work."""
    if (period is None) == (record_id is None):
        raise fail("give either --period or --record", 2)
    with asking(by) as (session, viewer):
        if record_id is not None:
            _show_record(practices.record_view(session, viewer, record_id, wiring.today()), as_json)
        else:
            assert period is not None
            _show_period(practices.period_view(session, viewer, period, wiring.today()), as_json)


@records_app.command("problem-task")
def problem_task(
    problem: Problem,
    department: Annotated[str, typer.Option("--department", help="The lead department's code.")],
    owner: Annotated[str, typer.Option("--owner", help="The owner's email.")],
    by: By,
    due: Annotated[str | None, typer.Option("--due", help="Due date (YYYY-MM-DD).")] = None,
    working_days: Annotated[
        int | None, typer.Option("--working-days", help="Or due this many working days on.")
    ] = None,
    co: Annotated[
        list[str] | None, typer.Option("--co", help="A co-department's code (repeat).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Turn a record's problem into a task (督办事项)."""
    with asking(by) as (session, viewer):
        task = practices.problem_to_task(
            session=session,
            actor=viewer.actor,
            problem_id=problem,
            lead_department=department,
            owner_email=owner,
            due=_day("--due", due),
            working_days=working_days,
            co_departments=tuple(co or ()),
            now=wiring.now(),
            rules=wiring.engine_rules(),
        )
        made = {"problem_id": problem, "task_id": task.id, "due_date": task.due_date}
    if as_json:
        print_json(made)
    else:
        typer.echo(f"problem {problem} → task {task.id}, due {task.due_date}")


@records_app.command("problem-request")
def problem_request(
    problem: Problem,
    enterprise: Annotated[str, typer.Option("--enterprise", help="The enterprise's credit code.")],
    factor_type: Annotated[str, typer.Option("--factor-type", help="land, energy, power, …")],
    quantity: Annotated[float, typer.Option(help="How much is needed.")],
    unit: Annotated[str, typer.Option(help="亩, kVA, 万元, 人, …")],
    needed_by: Annotated[str, typer.Option("--needed-by", help="Needed by (YYYY-MM-DD).")],
    by: By,
    as_json: JsonOption = False,
) -> None:
    """Turn a record's problem into a factor request (要素诉求) of an enterprise on the chain."""
    needed = _day("--needed-by", needed_by)
    assert needed is not None
    with asking(by) as (session, viewer):
        request = practices.problem_to_request(
            session=session,
            actor=viewer.actor,
            problem_id=problem,
            credit_code=enterprise,
            factor_type=factor_type,
            quantity=quantity,
            unit=unit,
            needed_by=needed,
            now=wiring.now(),
            rules=wiring.engine_rules(),
            factors=wiring.factor_rules(),
        )
        made = {"problem_id": problem, "request_id": request.id, "request_code": request.code}
    if as_json:
        print_json(made)
    else:
        typer.echo(f"problem {problem} → factor request {request.code}")
