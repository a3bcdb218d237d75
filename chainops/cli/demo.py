"""``chainops demo``: a fresh demo city in its own database, printed, then served.

Building and replaying the city is ``chainops.demo``'s; this module parses the options,
prints what came out and starts the web app on it. The demo shows its last day: the web app
it serves runs on that day's clock (``CHAINOPS_CLOCK``), the links in its mails point where it
is served, and it prints the one ``export`` line that makes the README's commands see the same
city on the same day.
"""

import shutil
import socket
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from chainops.cli.common import JsonOption, fail
from chainops.cli.output import console, print_json, print_rows
from chainops.cli.overview import print_notices, print_overview, print_projects_and_requests
from chainops.cli.web import serve_app
from chainops.demo import DemoResult, run_demo
from chainops.settings import Settings, get_settings


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
        port: Annotated[
            int, typer.Option("--port", min=1, max=65535, help="Where to serve it.")
        ] = 8000,
    ) -> None:
        """A fresh demo city in its own database (var/demo.db), its overview, then the web app
        on it (127.0.0.1:8000) with a sign-in per persona, unless --no-serve."""
        settings = get_settings()
        if settings.environment != "development":
            raise fail(
                "the demo shows its last day on a fixed clock (CHAINOPS_CLOCK), which only "
                f"CHAINOPS_ENVIRONMENT=development allows (it is {settings.environment!r})",
                2,
            )
        base_url = _served_at(settings, host, port)
        result = run_demo(
            database,
            outbox or settings.outbox_dir / "demo",
            reports or settings.reports_dir,
            base_url=base_url,
        )
        demo_settings = Settings(
            **(
                settings.model_dump()
                | {
                    "database_url": _database_url(database),
                    "clock": result.clock,
                    "base_url": base_url,
                }
            )
        )
        if as_json:
            print_json(
                {
                    "today": result.city.today,
                    "clock": result.clock,
                    "totals": result.city.totals,
                    "chains": [asdict(c) for c in result.city.chains],
                    "notices": result.notices,
                    "projects": result.projects,
                    "requests": result.requests,
                    "emails": result.emails,
                    "outbox": str(result.outbox),
                    "bulletins": [b.as_dict() for b in result.bulletins],
                    "logins": [asdict(login) for login in result.logins],
                    "environment": _environment(demo_settings),
                }
            )
        else:
            _print_demo(result, database)
            print_rows("Demo sign-ins", [asdict(login) for login in result.logins],
                       ["persona", "username", "password"])  # fmt: skip
            _print_how_to_use(demo_settings, port, serving=serve)
        if serve:
            serve_app(demo_settings, host, port)


def _served_at(settings: Settings, host: str, port: int) -> str:
    """Where the demo's mails link to: where it is served, unless CHAINOPS_BASE_URL was set
    on purpose (a proxy in front of it)."""
    if "base_url" in settings.model_fields_set:
        return settings.base_url
    if host in ("", "0.0.0.0", "::"):  # every interface: the name others reach it by
        host = socket.gethostname()
    return f"http://{f'[{host}]' if ':' in host else host}:{port}"


def _database_url(database: Path) -> str:
    # Absolute, so the printed line still finds the demo from another directory.
    return f"sqlite:///{database.resolve()}"


def _environment(demo: Settings) -> dict[str, str]:
    """The settings that make a command see the demo city as the web app shows it."""
    assert demo.clock is not None
    return {
        "CHAINOPS_DATABASE_URL": demo.database_url,
        "CHAINOPS_CLOCK": demo.clock.strftime("%Y-%m-%dT%H:%M"),
        "CHAINOPS_BASE_URL": demo.base_url,
    }


def _command_dir() -> Path | None:
    """The folder of this ``chainops`` command (the virtualenv's bin/), when a shell would
    not find it by name: README's commands are written ``chainops …``."""
    here = Path(sys.executable).parent
    if not (here / "chainops").exists():
        return None
    found = shutil.which("chainops")
    if found and Path(found).parent.resolve() == here.resolve():
        return None
    return here.absolute()


def _print_how_to_use(demo: Settings, port: int, *, serving: bool) -> None:
    english = get_settings().locale == "en"
    variables = " ".join(f"{name}={value}" for name, value in _environment(demo).items())
    folder = _command_dir()
    path = f"PATH={folder}:$PATH " if folder else ""
    shown = _environment(demo)["CHAINOPS_CLOCK"].replace("T", " ")
    if english:
        console.print(
            f"\nThe demo city is shown as on {shown}. To run the README's commands on it "
            "(the same database, day and links as the web app), in this shell:",
            highlight=False,
        )
    else:
        console.print(
            f"\n示范城市按 {shown} 展示。要在本终端用 README 中的命令操作它"
            "（与网页相同的数据库、日期和链接），先执行：",
            highlight=False,
        )
    console.print(f"  export {path}{variables}", highlight=False, soft_wrap=True)
    later = "" if serving else f" · chainops serve --port {port}"
    console.print(f"  chainops tasks list --overdue · chainops overview{later}", highlight=False)


def _print_demo(result: DemoResult, database: Path) -> None:
    print_overview(result.city)
    print_projects_and_requests(result.projects, result.requests)
    print_notices(result.notices, counts=result.city.notices)
    english = get_settings().locale == "en"
    for bulletin in result.bulletins:
        folder = bulletin.files[0].parent
        name = "Monthly bulletin" if english else "月度通报"
        print(f"\n{name} {bulletin.month:%Y-%m}: {folder}/bulletin.zh-CN.html")
    if english:
        print(
            f"\n{result.emails} email(s) delivered as .eml files in {result.outbox}/ "
            f"(one digest per recipient per morning).\nThe demo city is in {database}."
        )
    else:
        print(
            f"\n已投递 {result.emails} 封邮件，存为 {result.outbox}/ 中的 .eml 文件"
            f"（每人每天上午一封汇总）。\n示范城市的数据库：{database}。"
        )
