"""Read the channels file (``CHAINOPS_CHANNELS_FILE``): the group robots and the SMS account.

A channel is a WeCom group robot, a DingTalk custom robot or an SMS account, scoped to one
chain's or one department's group (robots) or to the city (SMS). The file holds no secret:
it names where each secret is — an environment variable (``key_env``) or a file
(``key_file``) — and the secret is read only when a message is sent
(``services.config.channel_secrets``). So the secrets are never in the database, never in the
repository with the file, and a rotated key needs no edit here.

Every problem names the file and the key (``channels.yaml, channels[2].key_env: …``).
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

ChannelKind = Literal["wecom", "dingtalk", "sms"]
ScopeKind = Literal["chain", "department", "city"]
KINDS: tuple[ChannelKind, ...] = ("wecom", "dingtalk", "sms")

# Which secrets each kind needs (the file names each by ``<secret>_env`` or ``<secret>_file``);
# the DingTalk signing secret is optional, as a robot may be secured by keywords or IPs alone.
SECRETS: dict[ChannelKind, tuple[str, ...]] = {
    "wecom": ("key",),
    "dingtalk": ("key", "secret"),
    "sms": ("access_key_id", "access_key_secret"),
}
OPTIONAL_SECRETS = frozenset({("dingtalk", "secret")})
_COMMON = {"name", "kind", "chain", "department", "city", "enabled", "base_url"}
_EXTRA: dict[ChannelKind, set[str]] = {
    "wecom": set(),
    "dingtalk": {"keywords"},
    "sms": {"sign_name", "template_code", "template_text"},
}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_ENV = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
MAX_KEYWORDS = 10  # DingTalk's limit for a robot's keywords


class ChannelConfigError(ValueError):
    """The channels file is wrong; the message names the file and the key."""


@dataclass(frozen=True)
class SecretRef:
    """Where one secret is: an environment variable or a file (never the secret itself)."""

    env: str | None = None
    file: Path | None = None

    def __str__(self) -> str:
        return f"${self.env}" if self.env else f"file {self.file}"


@dataclass(frozen=True)
class Channel:
    name: str
    kind: ChannelKind
    scope: ScopeKind
    code: str | None  # the chain's or the department's code; None for the city
    enabled: bool = True
    secrets: dict[str, SecretRef] = field(default_factory=dict)
    keywords: tuple[str, ...] = ()  # DingTalk: one must be in every message
    sign_name: str | None = None  # SMS: the approved signature (签名)
    template_code: str | None = None  # SMS: the approved template
    # SMS: the approved template's text, e.g. "${number}${title}已督办，意见与投诉：${feedback}":
    # what the 70-character check fills in, and which of our values the template takes.
    template_text: str | None = None
    base_url: str | None = None  # the vendor's address, for a proxy (None: the vendor's own)
    source: str = ""  # the file and entry it came from, for messages

    @property
    def scope_label(self) -> str:
        return "city" if self.scope == "city" else f"{self.scope} {self.code}"


def load_channels(path: Path) -> tuple[Channel, ...]:
    """The channels in ``path``. The file must exist (the shipped one configures nothing)."""
    where = path.name
    if not path.is_file():
        raise ChannelConfigError(f"{path}: no such channels file (CHAINOPS_CHANNELS_FILE)")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ChannelConfigError(f"{where}: not valid YAML: {exc}") from exc
    _only(data, {"channels"}, where)
    entries = data.get("channels") or []
    if not isinstance(entries, list):
        raise ChannelConfigError(f"{where}, channels: expected a list of channels")
    channels: list[Channel] = []
    for index, entry in enumerate(entries):
        channel = _channel(entry, f"{where}, channels[{index}]", path.parent)
        twin = next((c for c in channels if c.name == channel.name), None)
        if twin is not None:
            raise ChannelConfigError(
                f"{channel.source}.name: {channel.name!r} is already the name of {twin.source}"
            )
        channels.append(channel)
    return tuple(channels)


def _channel(entry: Any, where: str, base: Path) -> Channel:
    if not isinstance(entry, dict):
        raise ChannelConfigError(f"{where}: expected a mapping with name, kind, …")
    kind = entry.get("kind")
    if kind not in KINDS:
        raise ChannelConfigError(f"{where}.kind: expected one of {', '.join(KINDS)}, not {kind!r}")
    secret_keys = {f"{s}_{how}" for s in SECRETS[kind] for how in ("env", "file")}
    inline = [s for s in SECRETS[kind] if s in entry]
    if inline:
        raise ChannelConfigError(
            f"{where}.{inline[0]}: a secret is never written in this file; name where it is "
            f"read from with {inline[0]}_env (an environment variable) or {inline[0]}_file"
        )
    _only(entry, _COMMON | _EXTRA[kind] | secret_keys, where)
    name = entry.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise ChannelConfigError(
            f"{where}.name: expected a short name of letters, digits, '-', '_' or '.', not {name!r}"
        )
    scope, code = _scope(entry, kind, where)
    enabled = entry.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ChannelConfigError(f"{where}.enabled: expected true or false, not {enabled!r}")
    return Channel(
        name=name,
        kind=kind,
        scope=scope,
        code=code,
        enabled=enabled,
        secrets=_secrets(entry, kind, where, base),
        keywords=_keywords(entry.get("keywords"), f"{where}.keywords"),
        sign_name=_text(entry, "sign_name", where, required=kind == "sms"),
        template_code=_text(entry, "template_code", where, required=kind == "sms"),
        template_text=_text(entry, "template_text", where, required=False),
        base_url=_url(entry.get("base_url"), f"{where}.base_url"),
        source=f"{where} ({name})",
    )


def _scope(entry: dict[str, Any], kind: ChannelKind, where: str) -> tuple[ScopeKind, str | None]:
    given = [key for key in ("chain", "department", "city") if key in entry]
    if kind == "sms":
        if given != ["city"] or entry["city"] is not True:
            raise ChannelConfigError(f"{where}: an sms channel serves the city: write city: true")
        return "city", None
    if len(given) != 1 or given[0] == "city":
        raise ChannelConfigError(
            f"{where}: a {kind} robot belongs to one group: give chain: CODE or department: CODE"
        )
    scope: ScopeKind = "chain" if given[0] == "chain" else "department"
    code = entry[given[0]]
    if not isinstance(code, str | int) or isinstance(code, bool) or not str(code).strip():
        raise ChannelConfigError(f"{where}.{given[0]}: expected a {given[0]} code")
    return scope, str(code).strip()


def _secrets(
    entry: dict[str, Any], kind: ChannelKind, where: str, base: Path
) -> dict[str, SecretRef]:
    found: dict[str, SecretRef] = {}
    for secret in SECRETS[kind]:
        env, file = entry.get(f"{secret}_env"), entry.get(f"{secret}_file")
        if env is not None and file is not None:
            raise ChannelConfigError(f"{where}: give {secret}_env or {secret}_file, not both")
        if env is None and file is None:
            if (kind, secret) in OPTIONAL_SECRETS:
                continue
            raise ChannelConfigError(
                f"{where}: missing {secret}_env (an environment variable's name) or "
                f"{secret}_file (a file's path): where the {secret} is read from"
            )
        if env is not None:
            if not isinstance(env, str) or not _ENV.match(env):
                raise ChannelConfigError(
                    f"{where}.{secret}_env: expected an environment variable's name like "
                    f"CHAINOPS_ROBOT_KEY, not {env!r} (the secret itself never goes in this file)"
                )
            found[secret] = SecretRef(env=env)
        else:
            if not isinstance(file, str) or not file.strip():
                raise ChannelConfigError(f"{where}.{secret}_file: expected a file's path")
            # A relative path is read beside the channels file, wherever chainops runs.
            found[secret] = SecretRef(file=base / Path(file.strip()).expanduser())
    return found


def _keywords(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
        raise ChannelConfigError(f"{where}: expected a list of words")
    if len(value) > MAX_KEYWORDS:
        raise ChannelConfigError(f"{where}: DingTalk allows at most {MAX_KEYWORDS} keywords")
    return tuple(word.strip() for word in value)


def _text(entry: dict[str, Any], key: str, where: str, *, required: bool) -> str | None:
    value = entry.get(key)
    if value is None:
        if required:
            raise ChannelConfigError(f"{where}: missing {key}")
        return None
    if not isinstance(value, str) or not value.strip():
        raise ChannelConfigError(f"{where}.{key}: expected text, not {value!r}")
    return value.strip()


def _url(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not re.match(r"^https?://[^\s/?#]+[^\s?#]*$", value):
        raise ChannelConfigError(f"{where}: expected an address like https://host, not {value!r}")
    return value.rstrip("/")


def _only(data: Any, keys: set[str], where: str) -> None:
    if not isinstance(data, dict):
        raise ChannelConfigError(f"{where}: expected a mapping")
    unknown = set(map(str, data)) - keys
    if unknown:
        raise ChannelConfigError(
            f"{where}: unknown key(s) {sorted(unknown)}; known: {sorted(keys)}"
        )
