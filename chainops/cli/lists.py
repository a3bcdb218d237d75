"""``chainops <things> list``: every list command prints a table, or JSON with ``--json``."""

from collections.abc import Callable
from typing import Annotated, Any

import typer

from chainops import wiring
from chainops.cli.common import ChainOption, JsonOption, fail, open_session
from chainops.cli.output import Labels, labels_of, print_json, print_rows
from chainops.settings import get_settings
from mechanism.vocabulary import Light, RequestState, TaskState
from services import city
from services.city import city_overview
from services.lookups import UnknownChain
from services.tasks import MAX_DUE_WITHIN, OPEN, BadFilter, TaskFilters, list_row, search_tasks

# ``tasks list --json``: the keys scripts read, kept exactly (the API's rows have more).
TASK_KEYS = (
    "id",
    "chain",
    "title",
    "state",
    "lead_department",
    "owner",
    "start_date",
    "original_due_date",
    "due_date",
    "progress",
    "light",
    "ladder_level",
    "overdue",
)


def _show(
    title: str,
    rows: list[dict[str, Any]],
    columns: list[str],
    as_json: bool,
    *,
    labels: Labels | None = None,
) -> None:
    if as_json:
        print_json(rows)
    else:
        print_rows(title, rows, columns, labels=labels)


def _rows(load: Callable[..., list[dict[str, Any]]], **kwargs: Any) -> list[dict[str, Any]]:
    with open_session() as session:
        try:
            return load(session=session, **kwargs)
        except UnknownChain as exc:
            raise fail(str(exc)) from exc


def _light(value: str | None) -> str | None:
    if value is None:
        return None
    member = Light.parse(value)
    if member is None:
        raise fail(f"--light must be one of: {Light.choices()}", 2)
    return member.value


def _state(value: str | None, vocabulary: type[TaskState] | type[RequestState]) -> str | None:
    if value is None:
        return None
    member = vocabulary.parse(value)
    if member is None:
        raise fail(f"--state must be one of: {vocabulary.choices()}", 2)
    return member.value


def register_lists(app: typer.Typer) -> dict[str, typer.Typer]:
    """Add a ``list`` command for each kind of thing to ``app``; returns the groups by name, so
    other commands about the same things (``tasks accept``) join them."""

    def group(name: str, help_text: str) -> typer.Typer:
        sub = typer.Typer(help=help_text, no_args_is_help=True)
        app.add_typer(sub, name=name)
        return sub

    chains = group("chains", "Key industrial chains.")
    departments = group("departments", "Responsible departments.")
    people = group("people", "Officials and contacts.")
    enterprises = group("enterprises", "Enterprises and their chain roles.")
    tasks = group("tasks", "Supervised tasks.")
    projects = group("projects", "Key projects.")
    requests = group("requests", "Factor-supply requests.")

    @chains.command("list")
    def list_chains(as_json: JsonOption = False) -> None:
        """Chains with leaders, lead departments and missing mechanism elements."""
        with open_session() as session:
            overview = city_overview(session=session, today=wiring.today())
        english = get_settings().locale == "en"
        rows = [
            {
                "code": c.code,
                "name_zh": c.name_zh,
                "name_en": c.name_en,
                "chain_leaders": c.chain_leaders,
                "lead_departments": c.lead_departments,
                "missing_elements": [m.code for m in c.missing],
            }
            for c in overview.chains
        ]
        if not as_json:  # a person reads what is missing by its name
            for row, c in zip(rows, overview.chains, strict=True):
                row["missing_elements"] = [m.name_en if english else m.name_zh for m in c.missing]
        _show(
            "Chains",
            rows,
            ["code", "name_zh", "name_en", "chain_leaders", "lead_departments", "missing_elements"],
            as_json,
        )

    @departments.command("list")
    def list_departments(as_json: JsonOption = False) -> None:
        """Departments by code."""
        rows = _rows(city.list_departments)
        _show("Departments", rows, ["code", "name_zh", "name_en", "email"], as_json)

    @people.command("list")
    def list_people(as_json: JsonOption = False) -> None:
        """People by email."""
        rows = _rows(city.list_people)
        _show("People", rows, ["email", "name", "department", "title", "mobile"], as_json)

    @enterprises.command("list")
    def list_enterprises(chain: ChainOption = None, as_json: JsonOption = False) -> None:
        """Enterprises with their chain memberships."""
        rows = _rows(city.list_enterprises, chain=chain)
        _show("Enterprises", rows, ["credit_code", "name", "county", "memberships"], as_json)

    @tasks.command("list")
    def list_tasks(
        chain: ChainOption = None,
        state: Annotated[
            str | None, typer.Option(help="Only tasks in this state (or open: every open one).")
        ] = None,
        overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue tasks.")] = False,
        department: Annotated[
            str | None, typer.Option(help="Only tasks this department leads (its code).")
        ] = None,
        owner: Annotated[
            str | None, typer.Option(help="Only tasks this person owns (email).")
        ] = None,
        light: Annotated[str | None, typer.Option(help="Only tasks of this light.")] = None,
        due_within: Annotated[
            int | None,
            typer.Option(
                "--due-within",
                min=0,
                max=MAX_DUE_WITHIN,
                help="Only open tasks due within N working days (overdue ones too).",
            ),
        ] = None,
        search: Annotated[
            str | None, typer.Option("--search", help="Only tasks with this text in the title.")
        ] = None,
        as_json: JsonOption = False,
    ) -> None:
        """Tasks by chain and due date."""
        filters = TaskFilters(
            chain=chain,
            department=department,
            owner=owner,
            light=_light(light),
            state=OPEN if (state or "").strip().lower() == OPEN else _state(state, TaskState),
            overdue=overdue,
            due_within=due_within,
            q=search,
        )
        with open_session() as session:
            try:
                found = search_tasks(
                    session=session,
                    viewer=None,  # the command line reads the whole database
                    today=wiring.today(),
                    filters=filters,
                    rules=wiring.engine_rules(),
                    sort="chain",
                    per_page=None,
                )
            except BadFilter as exc:
                raise fail(str(exc)) from exc
        rows = [{k: list_row(r)[k] for k in TASK_KEYS} for r in found.rows]
        _show(
            "Tasks",
            rows,
            ["id", "chain", "title", "owner", "due_date", "progress", "state", "light", "overdue"],
            as_json,
            labels={"state": labels_of(TaskState)},
        )

    return {
        "chains": chains,
        "departments": departments,
        "people": people,
        "enterprises": enterprises,
        "tasks": tasks,
        "projects": projects,
        "requests": requests,
    }
