"""``chainops sweep``: one run of the engine's daily sweep, now or as of a time."""

from datetime import timedelta
from typing import Annotated

import typer

from chainops import wiring
from chainops.calendar_setup import working_calendar
from chainops.cli.calendar import warn_fallback
from chainops.cli.common import JsonOption, open_session, parse_as_of
from chainops.cli.output import print_json
from chainops.settings import get_settings
from mechanism.vocabulary import NoticeKind
from services.tasks import sweep


def register_sweep(app: typer.Typer) -> None:
    """Add the ``sweep`` command to ``app``."""

    @app.command("sweep")
    def sweep_command(
        as_of: Annotated[
            str | None,
            typer.Option("--as-of", help="Sweep as of this local time, e.g. 2026-10-09T08:30."),
        ] = None,
        as_json: JsonOption = False,
    ) -> None:
        """Run one sweep now (or as of a time): lights, escalations, notices queued."""
        settings = get_settings()
        now = parse_as_of(as_of, settings.zone)
        with open_session():  # checks the schema before the sweep opens its own transactions
            pass
        rules = wiring.engine_rules()
        today = rules.today(now)
        # Deadlines of the coming month are counted now: say so if they fall in a year
        # without official calendar data.
        warn_fallback(working_calendar(), today, today + timedelta(days=31))
        report = sweep(engine=wiring.engine(), now=now, rules=rules)
        if as_json:
            print_json(report.as_dict())
            return
        if not report.working_day:
            print(f"{report.today} is not a working day: nothing to do")
            return
        kinds = ", ".join(f"{NoticeKind(k).zh} {n}" for k, n in sorted(report.by_kind.items()))
        print(
            f"sweep as of {now.astimezone(settings.zone):%Y-%m-%d %H:%M}: "
            f"{report.examined} task(s) looked at, {report.lights_changed} light(s) changed, "
            f"{report.notices} notice(s) to {report.outbox_rows} recipient(s) queued"
            + (f" ({kinds})" if kinds else "")
            + (f"; {report.lost_claims} taken by another sweep" if report.lost_claims else "")
        )
