"""``chainops scheduler``: prefect.yaml's schedules run on this machine, no Prefect server."""

import logging
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from chainops import wiring
from chainops.cli.common import JsonOption, fail
from chainops.cli.output import console, print_json, print_rows
from chainops.scheduler import (
    Schedule,
    ScheduleError,
    build_scheduler,
    load_entrypoint,
    load_schedules,
    next_fire_times,
    run_until_stopped,
)

PrefectFileOption = Annotated[
    Path,
    typer.Option(
        "--prefect-file", help="The Prefect project file holding the schedules.", dir_okay=False
    ),
]
ListOption = Annotated[
    bool, typer.Option("--list", help="Print the schedules and their next fire times, then exit.")
]


def schedule_rows(schedules: list[Schedule], now: datetime, count: int = 3) -> list[dict[str, Any]]:
    """One row per schedule with its next ``count`` fire times in the schedule's own zone."""
    return [
        {
            "deployment": s.deployment,
            "entrypoint": s.entrypoint,
            "cron": s.cron,
            "timezone": s.timezone,
            "parameters": dict(s.parameters),
            "next_fire_times": next_fire_times(s.trigger(), now, count),
        }
        for s in schedules
    ]


def _show(rows: list[dict[str, Any]], *, as_json: bool) -> None:
    if as_json:
        print_json(rows)
        return
    # Weekday names make a shifted day-of-week visible at a glance.
    table = [{**r, "next": [f"{t:%a %Y-%m-%d %H:%M}" for t in r["next_fire_times"]]} for r in rows]
    print_rows("Schedules", table, ["deployment", "cron", "timezone", "next"])


def _load(prefect_file: Path) -> list[Schedule]:
    if not prefect_file.is_file():
        raise fail(f"{prefect_file}: no such file (pass --prefect-file)")
    try:
        return load_schedules(prefect_file)
    except ScheduleError as exc:
        raise fail(str(exc)) from exc


def _check_entrypoints(prefect_file: Path, schedules: list[Schedule]) -> None:
    """Import every flow now, so a typo fails at start rather than at 08:30 on Monday.

    Entrypoints are relative to the project root, the directory of ``prefect.yaml``.
    """
    root = str(prefect_file.resolve().parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    for entrypoint in sorted({s.entrypoint for s in schedules}):
        try:
            load_entrypoint(entrypoint)
        except ScheduleError as exc:
            raise fail(f"{prefect_file}: {exc}") from exc


def register_scheduler(app: typer.Typer) -> None:
    """Add the ``scheduler`` command to ``app``."""

    @app.command("scheduler")
    def scheduler(
        prefect_file: PrefectFileOption = Path("prefect.yaml"),
        list_only: ListOption = False,
        as_json: JsonOption = False,
    ) -> None:
        """Run prefect.yaml's cron schedules in this process (one machine, no Prefect server).

        Stops on Ctrl-C or SIGTERM after running flows finish. With --list, only prints
        each schedule's next fire times.
        """
        schedules = _load(prefect_file)
        if not schedules:
            if as_json:
                print_json([])
            else:
                console.print(f"{prefect_file}: no scheduled deployments; nothing to run")
            return
        _show(schedule_rows(schedules, wiring.now()), as_json=as_json)
        if list_only:
            return
        _check_entrypoints(prefect_file, schedules)
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
        # Our own start/finish lines say what APScheduler's INFO lines say; keep its warnings
        # (missed runs) and errors.
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
        run_until_stopped(build_scheduler(schedules))
