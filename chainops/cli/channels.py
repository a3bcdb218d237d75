"""``chainops channels list|test``: the group robots and SMS account of the channels file.

``list`` says where each secret comes from and whether it is there, never what it is; ``test``
posts one test message through a robot and prints the vendor's answer or why it failed.
"""

from typing import Annotated

import typer

from chainops.cli.common import JsonOption, fail
from chainops.cli.output import console, print_json, print_rows
from chainops.settings import get_settings
from notifications.transports import TransportError
from services.config import (
    Channel,
    ChannelConfigError,
    ChannelSecretError,
    channel_rows,
    find_channel,
    load_channels,
    send_test,
    switched_on,
)

ChannelName = Annotated[str, typer.Argument(help="The channel's name (see `channels list`).")]


def register_channels(app: typer.Typer) -> None:
    """Add the ``channels`` group to ``app``."""
    group = typer.Typer(help="Group robots and SMS (CHAINOPS_CHANNELS_FILE).", no_args_is_help=True)
    app.add_typer(group, name="channels")

    @group.command("list")
    def list_channels(as_json: JsonOption = False) -> None:
        """The configured channels, the city-wide switches, and where secrets come from."""
        settings = get_settings()
        switches = settings.channel_switches
        rows = channel_rows(_channels(), switches)
        if as_json:
            print_json(
                {"file": str(settings.channels_file), "switches": switches, "channels": rows}
            )
            return
        for row in rows:
            row["scope"] = row["scope"] if row["code"] is None else f"{row['scope']} {row['code']}"
            row["secrets"] = [f"{name}: {where}" for name, where in row["secrets"].items()]
        print_rows(
            "Channels",
            rows,
            ["name", "kind", "scope", "enabled", "city_switch", "sends", "secrets", "keywords"],
        )
        said = ", ".join(f"{kind} {'on' if on else 'off'}" for kind, on in switches.items())
        console.print(f"City-wide switches (CHAINOPS_CHANNEL_*): {said}", highlight=False)

    @group.command("test")
    def test_channel(name: ChannelName) -> None:
        """Send one test message through a robot channel and print the vendor's answer."""
        settings = get_settings()
        try:
            channel = find_channel(_channels(), name)
        except ChannelConfigError as exc:
            raise fail(str(exc), 2) from exc
        if channel.kind == "sms":
            raise fail(f"channel {name} is an sms channel; this command tests group robots", 2)
        if not switched_on(channel.kind, settings.channel_switches):
            raise fail(
                f"CHAINOPS_CHANNEL_{channel.kind.upper()} is off: no {channel.kind} message "
                "is sent anywhere in the city"
            )
        if not channel.enabled:
            console.print(
                f"channel {name} is disabled (enabled: false); sending the test message anyway",
                highlight=False,
            )
        try:
            answer = send_test(channel)
        except (ChannelSecretError, ValueError) as exc:
            raise fail(str(exc)) from exc
        except TransportError as exc:
            raise fail(_refusal(channel, exc)) from exc
        console.print(f"{channel.name}: sent; the vendor answered:", highlight=False)
        print_json(answer)


def _channels() -> tuple[Channel, ...]:
    try:
        return load_channels(get_settings().channels_file)
    except ChannelConfigError as exc:
        raise fail(str(exc), 2) from exc


def _refusal(channel: Channel, error: TransportError) -> str:
    if error.permanent:
        return f"{error} — permanent: check the channel's configuration ({channel.source})"
    if error.retry_after:
        return f"{error} — rate-limited: try again in {error.retry_after:.0f} s"
    if error.unknown:
        return f"{error} — the message may have arrived; look in the group before retrying"
    return f"{error} — transient: try again later"
