"""The channels the engine may route to and the transports the dispatcher sends with, from the
channels file and the city-wide switches: only channels that are enabled, switched on and (for
sending) whose secrets can be read."""

import logging
from collections.abc import Mapping

from notifications.channel_message import RobotTransport, SmsTransport
from notifications.sms import DEFAULT_ENDPOINT as SMS_ENDPOINT
from notifications.sms import AliyunSms
from services.config.channel_secrets import ChannelSecretError, robot_for, secret_of, switched_on
from services.config.channels_file import Channel, ChannelKind

log = logging.getLogger(__name__)


def live(channels: tuple[Channel, ...], switches: Mapping[ChannelKind, bool]) -> list[Channel]:
    """The channels that may send: enabled in the file and not switched off city-wide."""
    return [c for c in channels if c.enabled and switched_on(c.kind, switches)]


def robots_by_chain(
    channels: list[Channel], scope: str = "chain"
) -> dict[str, tuple[str, ...]]:
    """The names of each chain's (or, with ``scope="department"``, each department's) group
    robots, by its code: what issuing routes to."""
    found: dict[str, list[str]] = {}
    for channel in channels:
        if channel.kind != "sms" and channel.scope == scope and channel.code:
            found.setdefault(channel.code, []).append(channel.name)
    return {code: tuple(names) for code, names in found.items()}


def robot_transports(channels: list[Channel]) -> dict[str, RobotTransport]:
    """A transport per robot whose secrets can be read now; one that cannot is left out (its
    rows become dead letters naming the robot) and the reason is logged, never the secret."""
    robots: dict[str, RobotTransport] = {}
    for channel in channels:
        if channel.kind == "sms":
            continue
        try:
            robots[channel.name] = robot_for(channel)
        except ChannelSecretError as error:
            log.error("%s", error)
    return robots


def sms_transport(channels: list[Channel]) -> tuple[SmsTransport | None, str, str]:
    """The city's SMS account, its template code and the template's text (``""`` when not
    configured), or (None, "", "") when there is no account."""
    for channel in channels:
        if channel.kind != "sms" or not channel.sign_name or not channel.template_code:
            continue
        try:
            key_id = secret_of(channel, "access_key_id")
            secret = secret_of(channel, "access_key_secret")
        except ChannelSecretError as error:
            log.error("%s", error)
            continue
        texts = {channel.template_code: channel.template_text} if channel.template_text else {}
        sms = AliyunSms(
            key_id,
            secret,
            channel.sign_name,
            endpoint=channel.base_url or SMS_ENDPOINT,
            templates=texts,
        )
        return sms, channel.template_code, channel.template_text or ""
    return None, "", ""
