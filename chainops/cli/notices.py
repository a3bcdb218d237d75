"""``chainops notices list|show|send|retry|ack|prefer``: the notices the engine has issued and
the outbox that delivers them, from the command line."""

from typing import Annotated

import typer

from chainops import wiring
from chainops.cli.common import ChainOption, JsonOption, fail, open_session, parse_as_of
from chainops.cli.output import console, labels_of, print_json, print_rows
from chainops.settings import get_settings
from mechanism.notice_reasons import why
from mechanism.vocabulary import NoticeKind, OutboxState
from mechanism.wording import in_language
from notifications.links import AckTokenError
from notifications.render import KINDS
from services import city
from services import notices as notice_service
from services.lookups import UnknownChain
from services.outbox import dispatch

NoticeId = Annotated[int, typer.Argument(help="The notice's id (see `chainops notices list`).")]


def register_notices(app: typer.Typer) -> None:
    """Add the ``notices`` group to ``app``."""
    group = typer.Typer(help="Notices the engine has issued.", no_args_is_help=True)
    app.add_typer(group, name="notices")

    @group.command("list")
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
                dead = notice_service.dead_letters(session=session)
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
                rows = city.list_notices(session=session, chain=chain, kind=chosen)
            except UnknownChain as exc:
                raise fail(str(exc)) from exc
        if as_json:
            print_json(rows)
            return
        locale = get_settings().locale
        for row in rows:
            row["to"] = [r["name"] or r["email"] for r in row["recipients"]]
            row["reason"] = in_language(why(row["kind"], row["facts"]), locale)
        print_rows("Notices", rows, ["id", "kind", "chain", "title", "reason", "to", "issued_at"])

    @group.command("show")
    def show(notice_id: NoticeId, as_json: JsonOption = False) -> None:
        """One notice: its facts and every delivery with its attempts."""
        with open_session() as session:
            try:
                notice = notice_service.show_notice(session=session, notice_id=notice_id)
            except notice_service.NoticeNotFound as exc:
                raise fail(str(exc)) from exc
        if as_json:
            print_json(notice)
            return
        facts = notice["facts"]
        console.print(
            f"[bold]{notice['number'] or notice['kind']}[/bold]  {facts.get('title', '')}"
            f"  ({notice['subject']}, issued {notice['issued_at']:%Y-%m-%d %H:%M} UTC)",
            highlight=False,
        )
        print_rows(
            "Deliveries",
            notice["deliveries"],
            ["outbox_id", "email", "state", "attempts", "sent_at", "last_error", "acknowledged_at"],
            labels={"state": labels_of(OutboxState)},
        )

    @group.command("send")
    def send(
        as_of: Annotated[
            str | None, typer.Option("--as-of", help="Dispatch as of this local time.")
        ] = None,
        as_json: JsonOption = False,
    ) -> None:
        """Deliver the outbox now (within the sending window of a working day)."""
        settings = get_settings()
        now = parse_as_of(as_of, settings.zone)
        with open_session():
            pass
        transport, channels = wiring.transport(), wiring.channels()
        try:
            report = dispatch(
                engine=wiring.engine(),
                now=now,
                transport=transport,
                rules=wiring.dispatch_rules(),
                channels=channels,
            )
        finally:
            transport.close()
            channels.close()
        if as_json:
            print_json(report.as_dict())
        elif not report.open:
            print(
                f"outside the sending window ({settings.send_window} on working days): "
                "the outbox waits"
            )
        else:
            print(
                f"{report.emails} email(s) sent for {report.sent} delivery(ies); "
                f"{report.retrying} to retry, {report.dead} dead letter(s)"
            )
            if report.lost_lease:
                print(
                    f"  {report.lost_lease} delivery(ies) left to another dispatcher, which "
                    "took them once this run's lease ran out"
                )
            for error in report.errors:
                print(f"  error: {error}")

    @group.command("retry")
    def retry(notice_id: NoticeId) -> None:
        """Queue a notice's dead deliveries again."""
        with open_session() as session:
            try:
                count = notice_service.retry(session=session, notice_id=notice_id, now=wiring.now())
            except notice_service.NoticeNotFound as exc:
                raise fail(str(exc)) from exc
        print(f"{count} delivery(ies) of notice {notice_id} queued again")

    @group.command("ack")
    def ack(
        link: Annotated[str, typer.Argument(help="The acknowledgement link (or its token).")],
    ) -> None:
        """Acknowledge a notice by its link: the ladder holds for a few working days."""
        settings = get_settings()
        with open_session() as session:
            try:
                row = notice_service.acknowledge_link(
                    session=session,
                    token=link,
                    secret=settings.secret_key.get_secret_value(),
                    now=wiring.now(),
                    rules=wiring.engine_rules(),
                )
            except (AckTokenError, notice_service.NoticeNotFound) as exc:
                raise fail(str(exc)) from exc
            print(f"acknowledged by {row.recipient_email}")

    @group.command("prefer")
    def prefer(
        email: Annotated[str, typer.Argument(help="The recipient's address.")],
        locale: Annotated[str | None, typer.Option(help="zh-CN or en.")] = None,
        digest: Annotated[
            bool | None,
            typer.Option("--digest/--each", help="One digest per run, or one mail per notice."),
        ] = None,
        robot_mentions: Annotated[
            bool | None,
            typer.Option(
                "--robot-mentions/--no-robot-mentions",
                help="Whether group-robot messages may @-mention this person.",
            ),
        ] = None,
        sms: Annotated[
            bool | None, typer.Option("--sms/--no-sms", help="Whether SMS may reach this person.")
        ] = None,
    ) -> None:
        """How one recipient wants their notices (a person sets their own at /me/notifications)."""
        with open_session() as session:
            try:
                preference = notice_service.set_preference(
                    session=session,
                    email=email,
                    locale=locale,
                    digest=digest,
                    robot_mentions=robot_mentions,
                    sms=sms,
                    now=wiring.now(),
                )
            except ValueError as exc:
                raise fail(str(exc), 2) from exc
            mode = "digest" if preference.digest else "one mail per notice"
            allowed = {"robot mentions": preference.robot_mentions, "SMS": preference.sms}
            channels = ", ".join(["email", *(name for name, on in allowed.items() if on)])
            print(f"{preference.email}: {preference.locale}, {mode}; channels: {channels}")
