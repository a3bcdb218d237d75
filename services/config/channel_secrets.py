"""A channel's secrets, read when it is used, and the robot transport built from them.

Secrets are resolved at use time, from the environment or the file the channels file names,
so they live only in the process that sends. They are never returned by anything that lists
channels: ``channel_rows`` says where a secret comes from and whether it is there
(``from $VAR (set)`` / ``(missing)``), never what it is.
"""

import os
from collections.abc import Mapping
from typing import Any

from notifications.channel_message import RobotMessage
from notifications.robots import DINGTALK_BASE, WECOM_BASE, DingTalkRobot, Robot, WeComRobot
from services.config.channels_file import Channel, ChannelConfigError, ChannelKind, SecretRef


class ChannelSecretError(ValueError):
    """A channel's secret cannot be read; the message names the channel and the variable or
    file, never a secret."""


TEST_MESSAGE = RobotMessage(
    title="chainops 测试消息 / test message",
    markdown=(
        "这是 chainops 发出的测试消息，无需回复。\n\n"
        "This is a test message from chainops; no reply is needed."
    ),
)


def secret_of(channel: Channel, secret: str, environ: Mapping[str, str] | None = None) -> str:
    """The value of ``channel``'s ``secret``, from its variable or file."""
    ref = channel.secrets.get(secret)
    if ref is None:
        raise ChannelSecretError(f"channel {channel.name}: no {secret} is configured")
    environ = os.environ if environ is None else environ
    if ref.env is not None:
        value = environ.get(ref.env, "").strip()
        if not value:
            raise ChannelSecretError(
                f"channel {channel.name}: the environment variable {ref.env} (its {secret}) "
                "is not set"
            )
        return value
    assert ref.file is not None
    try:
        value = ref.file.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise ChannelSecretError(
            f"channel {channel.name}: cannot read its {secret} from {ref.file}: "
            f"{type(exc).__name__}"
        ) from None
    if not value:
        raise ChannelSecretError(f"channel {channel.name}: the file {ref.file} ({secret}) is empty")
    return value


def robot_for(channel: Channel, environ: Mapping[str, str] | None = None) -> Robot:
    """The robot transport for ``channel``, with its secrets read now.

    Its secrets are read now, so a rotated key takes effect at the next run. SMS channels are
    not robots (their transport is ``notifications.sms``'s): asking for one is an error.
    """
    if channel.kind == "wecom":
        return WeComRobot(
            secret_of(channel, "key", environ),
            base_url=channel.base_url or WECOM_BASE,
            name=channel.name,
        )
    if channel.kind == "dingtalk":
        signing = secret_of(channel, "secret", environ) if "secret" in channel.secrets else None
        return DingTalkRobot(
            secret_of(channel, "key", environ),
            signing,
            channel.keywords,
            base_url=channel.base_url or DINGTALK_BASE,
            name=channel.name,
        )
    raise ChannelConfigError(f"channel {channel.name}: an {channel.kind} channel is not a robot")


def send_test(channel: Channel, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Post ``TEST_MESSAGE`` through ``channel``'s robot and return the vendor's answer
    (``{"errcode": 0, "errmsg": "ok"}``); a refusal is the robot's ``TransportError``."""
    robot = robot_for(channel, environ)
    try:
        robot.send(TEST_MESSAGE)
    finally:
        robot.close()
    return robot.last_answer or {}


def switched_on(kind: ChannelKind, switches: Mapping[ChannelKind, bool]) -> bool:
    """Whether the city-wide switch for ``kind`` (``CHAINOPS_CHANNEL_<KIND>``) lets it send."""
    return switches.get(kind, True)


def channel_rows(
    channels: tuple[Channel, ...],
    switches: Mapping[ChannelKind, bool],
    environ: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """One row per channel for ``chainops channels list``: what it is, whether it may send,
    and where each secret comes from — never a secret's value."""
    environ = os.environ if environ is None else environ
    return [
        {
            "name": channel.name,
            "kind": channel.kind,
            "scope": channel.scope,
            "code": channel.code,
            "enabled": channel.enabled,
            "city_switch": "on" if switched_on(channel.kind, switches) else "off",
            "sends": channel.enabled and switched_on(channel.kind, switches),
            "secrets": {
                secret: _where(ref, environ) for secret, ref in sorted(channel.secrets.items())
            },
            "keywords": list(channel.keywords),
            "sign_name": channel.sign_name,
            "template_code": channel.template_code,
            "base_url": channel.base_url,
        }
        for channel in channels
    ]


def find_channel(channels: tuple[Channel, ...], name: str) -> Channel:
    for channel in channels:
        if channel.name == name:
            return channel
    known = ", ".join(c.name for c in channels) or "none are configured"
    raise ChannelConfigError(f"no channel named {name!r} (known: {known})")


def _where(ref: SecretRef, environ: Mapping[str, str]) -> str:
    if ref.env is not None:
        present = bool(environ.get(ref.env, "").strip())
        return f"from ${ref.env} ({'set' if present else 'missing'})"
    assert ref.file is not None
    return f"from file {ref.file} ({'present' if ref.file.is_file() else 'missing'})"
