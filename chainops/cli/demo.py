"""``chainops demo``: a fresh demo city in its own database, printed, then served.

Building and replaying the city is ``chainops.demo``'s; this module parses the options,
prints what came out and starts the web app on it.
"""

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from chainops.cli.common import JsonOption
from chainops.cli.output import console, print_json, print_rows
from chainops.cli.overview import print_notices, print_overview, print_projects_and_requests
from chainops.cli.web import serve_app
from chainops.demo import DemoResult, run_demo
from chainops.settings import get_settings


def register_demo(app: typer.Typer) -> None:
    """Add the ``demo`` command to ``app``."""

    @app.command("demo")
    def demo(
        as_json: JsonOption = False,
        database: Annotated[
            Path, typer.Option(help="The demo's own SQLite file, recreated on every run.")
        ] = Path("var/demo.db"),
        outbox: Annotated[
            Path | None,
            typer.Option(
                help="Where the demo's notices go as .eml files (default: <outbox>/demo)."
            ),
        ] = None,
        reports: Annotated[
            Path | None,
            typer.Option(
                help="Where the bulletins of the months it closes go (default: reports dir)."
            ),
        ] = None,
        serve: Annotated[
            bool,
            typer.Option("--serve/--no-serve", help="Serve the demo city in the web app after."),
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
                    f"To serve it later: CHAINOPS_DATABASE_URL=sqlite:///{database} chainops "
                    "serve (with the same CHAINOPS_SECRET_KEY and CHAINOPS_BASE_URL, or the "
                    "links in the demo's mails will not open)."
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
