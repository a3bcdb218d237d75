"""``chainops replies collect``: progress reported by replying to reminders, read from the
mailbox (CHAINOPS_IMAP_*), applied once, answered and filed."""

from typing import Annotated

import typer

from chainops import wiring
from chainops.cli.common import JsonOption, fail, open_session, parse_as_of
from chainops.cli.output import print_json
from chainops.settings import get_settings
from services.replies import MailboxError, collect_replies


def register_replies(app: typer.Typer) -> None:
    """Add the ``replies`` group to ``app``."""
    group = typer.Typer(help="Progress reported by replying to a reminder or an urging slip.")
    app.add_typer(group, name="replies")

    @group.command("collect")
    def collect_command(
        as_of: Annotated[
            str | None,
            typer.Option("--as-of", help="Record the reports as of this local time."),
        ] = None,
        as_json: JsonOption = False,
    ) -> None:
        """Read the mailbox: apply each reply's figure once, answer it, file it away."""
        settings = get_settings()
        now = parse_as_of(as_of, settings.zone)
        mailbox = wiring.mailbox(settings)
        if mailbox is None:
            raise fail("CHAINOPS_IMAP_HOST is not set: there is no mailbox to read replies from")
        with open_session():  # checks the schema before the run opens its own transactions
            pass
        try:
            report = collect_replies(
                engine=wiring.engine(),
                mailbox=mailbox,
                transport=wiring.transport(),
                now=now,
                rules=wiring.engine_rules(),
                mail=wiring.dispatch_rules(),
            )
        except MailboxError as error:
            raise fail(str(error)) from error
        if as_json:
            print_json(report.as_dict())
            return
        refused = ", ".join(f"{reason} {n}" for reason, n in sorted(report.refused.items()))
        print(
            f"replies as of {now.astimezone(settings.zone):%Y-%m-%d %H:%M}: {report.read} read, "
            f"{report.applied} applied, {sum(report.refused.values())} refused"
            + (f" ({refused})" if refused else "")
            + f", {report.ignored} auto-replies ignored, {report.already_handled} already handled"
            f"; {report.answered} answered"
            + (f", {report.answers_failed} answers not sent (retried next run)"
               if report.answers_failed else "")
            + f"; {report.filed} filed in {mailbox.done_folder}"
        )  # fmt: skip
