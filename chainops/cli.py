"""The ``chainops`` command: parse, call one service, print. No queries here."""

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from chainops import wiring
from chainops.cli_calendar import register_calendar
from chainops.cli_common import JsonOption, fail, open_session
from chainops.cli_engine import register_engine
from chainops.cli_lists import register_lists
from chainops.cli_projects import register_project_commands
from chainops.cli_requests import register_request_commands
from chainops.cli_rollup import register_rollup
from chainops.cli_scheduler import register_scheduler
from chainops.cli_tasks import register_task_actions
from chainops.cli_users import register_users
from chainops.cli_web import register_web, serve_app
from chainops.demo_command import DemoResult, run_demo
from chainops.output import console, errors, print_json, print_rows
from chainops.overview_view import (
    print_dead_letters,
    print_notices,
    print_overview,
    print_projects_and_requests,
)
from chainops.settings import get_settings
from services.database import upgrade_schema
from services.overview import CityOverview, city_overview
from services.workbook.errors import WorkbookInvalid
from services.workbook.exporting import export_workbook, write_template
from services.workbook.importing import import_workbook
from services.workbook.reading import read_workbook

app = typer.Typer(
    help="chainops: the chain-chief system's tasks, deadlines, notices and rollups.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="The database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")

groups = register_lists(app)
register_task_actions(groups["tasks"])
register_request_commands(groups["requests"], groups["projects"])
register_project_commands(groups["projects"])
register_engine(app)
register_rollup(app)
register_calendar(app)
register_scheduler(app)
register_users(app)
register_web(app)


@app.callback()
def _check_settings() -> None:
    """Refuse to run with settings that are wrong, before touching anything."""
    try:
        get_settings()
    except ValidationError as exc:
        problems = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
        raise fail(f"settings: {problems}", 2) from exc


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create the schema, or bring it up to date."""
    before, after = upgrade_schema(engine=wiring.engine())
    if before == after:
        print(f"schema already at revision {after}")
    else:
        print(f"schema upgraded from {before or 'nothing'} to revision {after}")


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="An .xlsx workbook (or its .yaml twin).")],
    dry_run: Annotated[bool, typer.Option(help="Validate and report, write nothing.")] = False,
) -> None:
    """Import a workbook. It is checked whole first: one bad row and nothing is written."""
    if not file.is_file():
        raise fail(f"{file}: no such file")
    try:
        with open_session() as session:
            summary = import_workbook(
                session=session,
                workbook=read_workbook(file),
                actor=f"import:{file.name}",
                now=wiring.now(),
                routing={kind.value: code for kind, code in wiring.factor_rules().routing.items()},
            )
            if dry_run:
                session.rollback()
    except WorkbookInvalid as exc:
        for error in exc.errors:
            errors.print(str(error), highlight=False, markup=False)
        raise fail(f"{file}: {len(exc.errors)} problem(s); nothing was imported") from exc
    rows = [{"sheet": key, **asdict(counts)} for key, counts in summary.sheets.items()]
    title = f"{file.name}: " + ("checked, nothing written (dry run)" if dry_run else "imported")
    print_rows(title, rows, ["sheet", "created", "updated", "unchanged"])


@app.command("export")
def export(
    file: Annotated[Path, typer.Argument(help="The .xlsx file to write.")],
    template: Annotated[
        bool, typer.Option("--template", help="Write an empty, documented workbook.")
    ] = False,
    locale: Annotated[
        str | None, typer.Option(help="Header language: zh-CN or en (default: CHAINOPS_LOCALE).")
    ] = None,
) -> None:
    """Export everything in the import format (or an empty template).

    Every task is in it: action-plan items in the plan tasks sheet, all others (meeting
    decisions, leader instructions, …) in the assigned tasks sheet."""
    chosen = locale or get_settings().locale
    if chosen not in ("zh-CN", "en"):
        raise fail(f"--locale must be zh-CN or en, not {chosen!r}", 2)
    if file.suffix.lower() != ".xlsx":
        raise fail(f"{file}: the export is an .xlsx workbook; name the file *.xlsx", 2)
    if template:
        write_template(path=file, locale=chosen)
        print(f"template written to {file}")
        return
    with open_session() as session:
        counts = export_workbook(session=session, path=file, locale=chosen)
    print(f"exported {sum(counts.values())} rows to {file}")


@app.command("overview")
def overview(as_json: JsonOption = False) -> None:
    """The city at a glance: chains, leaders, missing mechanism elements, lists, open tasks."""
    with open_session() as session:
        city = city_overview(session=session, today=wiring.today())
    show_overview(city, as_json=as_json)


def show_overview(city: CityOverview, *, as_json: bool) -> None:
    if as_json:
        chains = [asdict(c) for c in city.chains]
        print_json({"today": city.today, "totals": city.totals, "chains": chains})
    else:
        print_overview(city)
        print_dead_letters(city)


@app.command("demo")
def demo(
    as_json: JsonOption = False,
    database: Annotated[
        Path, typer.Option(help="The demo's own SQLite file, recreated on every run.")
    ] = Path("var/demo.db"),
    outbox: Annotated[
        Path | None,
        typer.Option(help="Where the demo's notices go as .eml files (default: <outbox>/demo)."),
    ] = None,
    reports: Annotated[
        Path | None,
        typer.Option(help="Where the bulletins of the months it closes go (default: reports dir)."),
    ] = None,
    serve: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve the demo city in the web app after.")
    ] = True,
    host: Annotated[str, typer.Option("--host", help="Where to serve it.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Where to serve it.")] = 8000,
) -> None:
    """A fresh demo city in its own database (var/demo.db), its overview, then the web app
    on it (127.0.0.1:8000) with a sign-in per persona, unless --no-serve."""
    settings = get_settings()
    result = run_demo(
        database, outbox or settings.outbox_dir / "demo", reports or settings.reports_dir
    )
    if as_json:
        print_json(
            {
                "today": result.city.today,
                "totals": result.city.totals,
                "chains": [asdict(c) for c in result.city.chains],
                "notices": result.notices,
                "projects": result.projects,
                "requests": result.requests,
                "emails": result.emails,
                "outbox": str(result.outbox),
                "bulletins": [b.as_dict() for b in result.bulletins],
                "logins": [asdict(login) for login in result.logins],
            }
        )
    else:
        _print_demo(result, database)
        print_rows("Demo sign-ins", [asdict(login) for login in result.logins],
                   ["persona", "username", "password"])  # fmt: skip
        if not serve:
            # the links in the demo's mails are signed with this secret key and base URL
            console.print(
                f"To serve it later: CHAINOPS_DATABASE_URL=sqlite:///{database} chainops serve "
                "(with the same CHAINOPS_SECRET_KEY and CHAINOPS_BASE_URL, or the links in the "
                "demo's mails will not open)."
            )
    if serve:
        demo_settings = settings.model_copy(update={"database_url": f"sqlite:///{database}"})
        serve_app(demo_settings, host, port)


def _print_demo(result: DemoResult, database: Path) -> None:
    print_overview(result.city)
    print_projects_and_requests(result.projects, result.requests)
    print_notices(result.notices, counts=result.city.notices)
    for bulletin in result.bulletins:
        folder = bulletin.files[0].parent
        print(f"\nMonthly bulletin {bulletin.month:%Y-%m}: {folder}/bulletin.zh-CN.html")
    print(
        f"\n{result.emails} email(s) delivered as .eml files in {result.outbox}/ "
        "(one digest per recipient per morning)."
        f"\nThe demo city is in {database}. Explore it, e.g.:\n"
        f"  CHAINOPS_DATABASE_URL=sqlite:///{database} chainops tasks list --overdue"
    )
