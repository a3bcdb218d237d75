"""The channels file: what it accepts, errors naming file and key, secrets read at use time."""

from pathlib import Path
from textwrap import dedent

import pytest

from notifications.robots import DingTalkRobot, WeComRobot
from services.config import (
    ChannelConfigError,
    ChannelSecretError,
    SecretRef,
    channel_rows,
    load_channels,
    robot_for,
    secret_of,
)

SHIPPED = Path(__file__).parents[3] / "chainops" / "config" / "channels.yaml"

BOTH_ROBOTS = """
channels:
  - name: bearing-wecom
    kind: wecom
    chain: BEARING
    key_env: BEARING_WECOM_KEY
  - name: zrj-dingtalk
    kind: dingtalk
    department: ZRJ
    key_file: secrets/zrj-token
    secret_env: ZRJ_DING_SECRET
    keywords: [链长制, 督办]
    base_url: http://127.0.0.1:9/
  - name: city-sms
    kind: sms
    city: true
    access_key_id_env: SMS_ID
    access_key_secret_env: SMS_SECRET
    sign_name: 市链长制办公室
    template_code: SMS_123456789
    enabled: false
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "channels.yaml"
    path.write_text(dedent(text), encoding="utf-8")
    return path


def test_the_shipped_file_configures_nothing_that_sends() -> None:
    channels = load_channels(SHIPPED)
    assert {c.kind for c in channels} == {"wecom", "dingtalk", "sms"}  # one example of each
    assert not any(c.enabled for c in channels)


def test_it_reads_robots_and_sms_with_their_scopes_and_secret_references(tmp_path: Path) -> None:
    wecom, dingtalk, sms = load_channels(write(tmp_path, BOTH_ROBOTS))
    assert (wecom.kind, wecom.scope, wecom.code, wecom.enabled) == (
        "wecom",
        "chain",
        "BEARING",
        True,
    )
    assert wecom.secrets == {"key": SecretRef(env="BEARING_WECOM_KEY")}
    assert (dingtalk.scope, dingtalk.code, dingtalk.keywords) == (
        "department",
        "ZRJ",
        ("链长制", "督办"),
    )
    assert dingtalk.secrets["key"] == SecretRef(
        file=tmp_path / "secrets" / "zrj-token"
    )  # beside it
    assert dingtalk.base_url == "http://127.0.0.1:9"
    assert (sms.scope, sms.code, sms.enabled, sms.template_code) == (
        "city",
        None,
        False,
        "SMS_123456789",
    )


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            "{name: a, kind: feishu, chain: X, key_env: K}",
            r"channels\[0\]\.kind: expected one of wecom, dingtalk, sms, not 'feishu'",
        ),
        ("{name: a, kind: wecom, chain: X}", r"channels\[0\]: missing key_env .* or key_file"),
        (
            "{name: a, kind: wecom, chain: X, key: 693a-secret}",
            r"channels\[0\]\.key: a secret is never written in this file",
        ),
        (
            "{name: a, kind: wecom, chain: X, key_env: 'not a name'}",
            r"channels\[0\]\.key_env: expected an environment variable's name",
        ),
        (
            "{name: a, kind: wecom, chain: X, key_env: K, key_file: f}",
            r"give key_env or key_file, not both",
        ),
        ("{name: a, kind: wecom, key_env: K}", r"give chain: CODE or department: CODE"),
        ("{name: a, kind: wecom, chain: X, department: Y, key_env: K}", r"belongs to one group"),
        (
            "{name: a, kind: sms, chain: X, access_key_id_env: I, access_key_secret_env: S,"
            " sign_name: s, template_code: t}",
            r"an sms channel serves the city: write city: true",
        ),
        (
            "{name: a, kind: sms, city: true, access_key_id_env: I, access_key_secret_env: S}",
            r"channels\[0\]: missing sign_name",
        ),
        (
            "{name: a, kind: wecom, chain: X, key_env: K, keywords: [x]}",
            r"channels\[0\]: unknown key\(s\) \['keywords'\]",
        ),
        (
            "{name: a, kind: dingtalk, chain: X, key_env: K, keywords: [a,b,c,d,e,f,g,h,i,j,k]}",
            r"keywords: DingTalk allows at most 10",
        ),
        (
            "{name: a, kind: wecom, chain: X, key_env: K, enabled: maybe}",
            r"channels\[0\]\.enabled: expected true or false",
        ),
        (
            "{name: 'a b', kind: wecom, chain: X, key_env: K}",
            r"channels\[0\]\.name: expected a short",
        ),
        (
            "{name: a, kind: wecom, chain: X, key_env: K, base_url: 'ftp://x'}",
            r"channels\[0\]\.base_url: expected an address",
        ),
    ],
)
def test_a_wrong_entry_is_refused_naming_the_file_and_the_key(
    tmp_path: Path, entry: str, message: str
) -> None:
    path = write(tmp_path, f"channels:\n  - {entry}\n")
    with pytest.raises(ChannelConfigError, match=rf"^channels\.yaml, .*{message}"):
        load_channels(path)


def test_two_channels_of_one_name_and_unknown_top_keys_are_refused(tmp_path: Path) -> None:
    twice = "channels:\n" + "  - {name: a, kind: wecom, chain: X, key_env: K}\n" * 2
    with pytest.raises(ChannelConfigError, match=r"channels\[1\] \(a\)\.name: 'a' is already"):
        load_channels(write(tmp_path, twice))
    with pytest.raises(ChannelConfigError, match=r"channels\.yaml: unknown key\(s\) \['robots'\]"):
        load_channels(write(tmp_path, "robots: []\n"))
    with pytest.raises(ChannelConfigError, match="not valid YAML"):
        load_channels(write(tmp_path, "channels: [\n"))
    with pytest.raises(ChannelConfigError, match=r"no such channels file .*CHAINOPS_CHANNELS_FILE"):
        load_channels(tmp_path / "missing.yaml")


def test_secrets_are_read_when_used_and_a_missing_one_names_channel_and_variable(
    tmp_path: Path,
) -> None:
    wecom, dingtalk, _ = load_channels(write(tmp_path, BOTH_ROBOTS))
    with pytest.raises(
        ChannelSecretError, match=r"channel bearing-wecom: .*BEARING_WECOM_KEY .*not set"
    ):
        robot_for(wecom, environ={})
    robot = robot_for(wecom, environ={"BEARING_WECOM_KEY": "wecom-key-0001"})
    assert isinstance(robot, WeComRobot) and "wecom-key-0001" not in repr(robot)
    robot.close()
    with pytest.raises(
        ChannelSecretError, match=r"zrj-dingtalk: cannot read its key from .*zrj-token"
    ):
        robot_for(dingtalk, environ={"ZRJ_DING_SECRET": "SECabc"})
    (tmp_path / "secrets").mkdir()
    (tmp_path / "secrets" / "zrj-token").write_text("ding-token-0001\n", encoding="utf-8")
    assert secret_of(dingtalk, "key", environ={}) == "ding-token-0001"
    ding = robot_for(dingtalk, environ={"ZRJ_DING_SECRET": "SECabc"})
    assert isinstance(ding, DingTalkRobot) and ding.keywords == ("链长制", "督办")
    ding.close()


def test_an_sms_channel_is_not_a_robot(tmp_path: Path) -> None:
    _, _, sms = load_channels(write(tmp_path, BOTH_ROBOTS))
    with pytest.raises(ChannelConfigError, match="city-sms: an sms channel is not a robot"):
        robot_for(sms, environ={"SMS_ID": "i", "SMS_SECRET": "s"})


def test_listing_says_where_secrets_come_from_and_never_what_they_are(tmp_path: Path) -> None:
    channels = load_channels(write(tmp_path, BOTH_ROBOTS))
    environ = {"BEARING_WECOM_KEY": "wecom-key-0001", "SMS_ID": "LTAI-id-9999"}
    wecom, dingtalk, sms = channel_rows(channels, {"dingtalk": False}, environ)
    assert wecom["secrets"] == {"key": "from $BEARING_WECOM_KEY (set)"}
    assert wecom["sends"] and wecom["city_switch"] == "on"
    assert dingtalk["secrets"]["secret"] == "from $ZRJ_DING_SECRET (missing)"
    assert dingtalk["secrets"]["key"].endswith("zrj-token (missing)")
    assert dingtalk["city_switch"] == "off" and not dingtalk["sends"]
    assert not sms["sends"]  # enabled: false
    assert "wecom-key-0001" not in str([wecom, dingtalk, sms])
    assert "LTAI-id-9999" not in str([wecom, dingtalk, sms])
