"""``chainops sweep``, ``chainops notices list`` and ``chainops users``: running the engine."""

from datetime import datetime, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from chainops import wiring
from chainops.calendar_setup import working_calendar
from chainops.cli_calendar import warn_fallback
from chainops.cli_common import ChainOption, JsonOption, fail, open_session
from chainops.cli_notices import register_notice_commands
from chainops.output import print_json, print_rows
from chainops.settings import get_settings
from mechanism.vocabulary import NoticeKind
from notifications.render import KINDS
from services import listing
from services import notices as notices_service
from services.lookups import UnknownChain
from services.sweep import sweep


def parse_as_of(text: str | None, zone: ZoneInfo) -> datetime:
    """``--as-of``: an ISO date-time, read in the city's zone unless it names its own."""
    if text is None:
        return wiring.now()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise fail(f"--as-of: {text!r} is not a date-time like 2026-10-09T08:30", 2) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def register_engine(app: typer.Typer) -> None:
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

    notices = typer.Typer(help="Notices the engine has issued.", no_args_is_help=True)
    app.add_typer(notices, name="notices")

    @notices.command("list")
    def list_notices(
        chain: ChainOption = None,
        kind: Annotated[str | None, typer.Option(help="Only this kind.")] = None,
        failed: Annotated[
            bool, typer.Option("--failed", help="Only dead letters: deliveries that gave up.")
        ] = False,
        as_json: JsonOption = False,
    ) -> None:
        """Notices, newest first, with their recipients (or, with --failed, dead letters)."""
        if failed:
            with open_session() as session:
                dead = notices_service.dead_letters(session=session)
            if as_json:
                print_json(dead)
            else:
                print_rows(
                    "Dead letters",
                    dead,
                    ["notice_id", "number", "kind", "title", "email", "attempts", "error"],
                )
            return
        chosen = None
        if kind is not None:
            # The ladder's kinds by label or code, or any other kind notices are issued as.
            member = NoticeKind.parse(kind)
            chosen = member.value if member is not None else kind
            if chosen not in KINDS:
                raise fail(
                    f"--kind must be one of: {', '.join(k for k in KINDS if k != 'digest')}", 2
                )
        with open_session() as session:
            try:
                rows = listing.list_notices(session=session, chain=chain, kind=chosen)
            except UnknownChain as exc:
                raise fail(str(exc)) from exc
        if as_json:
            print_json(rows)
            return
        for row in rows:
            row["to"] = [r["name"] or r["email"] for r in row["recipients"]]
        print_rows("Notices", rows, ["id", "kind", "chain", "title", "reason", "to", "issued_at"])

    register_notice_commands(notices)
