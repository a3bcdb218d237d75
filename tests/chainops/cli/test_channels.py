"""``chainops channels list|test`` against a channels file and loopback robot servers."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chainops.cli import app
from chainops.settings import get_settings
from tests.notifications.robot_servers import (
    DingTalkServer,
    WeComServer,
    dingtalk_server,
    wecom_server,
)

__all__ = ["dingtalk_server", "wecom_server"]

WECOM_KEY = "wecom-key-0001"
DING_TOKEN = "ding-token-0001"
DING_SECRET = "SECdingtalk-test-secret-0001"


@pytest.fixture
def channels(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    wecom_server: WeComServer,
    dingtalk_server: DingTalkServer,
) -> Iterator[Path]:
    """A channels file whose robots are the loopback servers, with their secrets set."""
    path = tmp_path / "channels.yaml"
    path.write_text(
        f"""channels:
  - name: bearing-wecom
    kind: wecom
    chain: BEARING
    key_env: T_WECOM_KEY
    base_url: {wecom_server.url}
  - name: bearing-dingtalk
    kind: dingtalk
    chain: BEARING
    key_env: T_DING_TOKEN
    secret_file: ding.secret
    keywords: [链长制]
    base_url: {dingtalk_server.url}
  - name: city-sms
    kind: sms
    city: true
    access_key_id_env: T_SMS_ID
    access_key_secret_env: T_SMS_SECRET
    sign_name: 市链长制办公室
    template_code: SMS_123456789
""",
        encoding="utf-8",
    )
    (tmp_path / "ding.secret").write_text(DING_SECRET + "\n", encoding="utf-8")
    monkeypatch.setenv("CHAINOPS_CHANNELS_FILE", str(path))
    monkeypatch.setenv("CHAINOPS_LOCALE", "en")
    monkeypatch.setenv("T_WECOM_KEY", WECOM_KEY)
    monkeypatch.setenv("T_DING_TOKEN", DING_TOKEN)
    monkeypatch.delenv("T_SMS_ID", raising=False)
    get_settings.cache_clear()
    yield path
    get_settings.cache_clear()


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["channels", *args])
    return result.exit_code, result.output


def test_list_shows_each_channel_the_switches_and_where_secrets_come_from(
    channels: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHAINOPS_CHANNEL_DINGTALK", "false")
    get_settings.cache_clear()
    code, output = run("list", "--json")
    assert code == 0, output
    listed = json.loads(output)
    assert listed["switches"] == {"wecom": True, "dingtalk": False, "sms": True}
    wecom, dingtalk, sms = listed["channels"]
    assert wecom["secrets"] == {"key": "from $T_WECOM_KEY (set)"} and wecom["sends"]
    assert dingtalk["city_switch"] == "off" and not dingtalk["sends"]
    assert dingtalk["secrets"]["secret"].endswith("ding.secret (present)")
    assert sms["secrets"]["access_key_id"] == "from $T_SMS_ID (missing)"
    code, table = run("list")
    assert code == 0 and "key: from $T_WECOM_KEY (set)" in table
    assert "wecom on, dingtalk off, sms on" in table
    for secret in (WECOM_KEY, DING_TOKEN, DING_SECRET):
        assert secret not in output + table


def test_test_posts_one_message_to_wecom_and_prints_the_answer(
    channels: Path, wecom_server: WeComServer
) -> None:
    code, output = run("test", "bearing-wecom")
    assert code == 0, output
    assert '"errcode": 0' in output and "bearing-wecom: sent" in output
    [receipt] = wecom_server.received
    assert "chainops 测试消息 / test message" in receipt.body["markdown"]["content"]


def test_test_signs_for_dingtalk_with_the_secret_from_its_file(
    channels: Path, dingtalk_server: DingTalkServer
) -> None:
    dingtalk_server.keywords = ("链长制",)
    code, output = run("test", "bearing-dingtalk")
    assert code == 0, output  # the server checked signature, timestamp and keyword
    assert dingtalk_server.received[0].body["markdown"]["text"].endswith("链长制")


def test_a_refused_test_says_why_without_the_secret(
    channels: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("T_WECOM_KEY", "wecom-key-revoked-7777")
    code, output = run("test", "bearing-wecom")
    assert code == 1
    assert "errcode 93000" in output and "permanent" in output
    assert "wecom-key-revoked-7777" not in output


def test_test_refuses_unknown_names_sms_switched_off_kinds_and_missing_secrets(
    channels: Path, monkeypatch: pytest.MonkeyPatch, wecom_server: WeComServer
) -> None:
    code, output = run("test", "nope")
    assert code == 2 and "no channel named 'nope' (known: bearing-wecom" in output
    code, output = run("test", "city-sms")
    assert code == 2 and "sms channel" in output
    monkeypatch.delenv("T_WECOM_KEY")
    code, output = run("test", "bearing-wecom")
    assert code == 1 and "channel bearing-wecom: the environment variable T_WECOM_KEY" in output
    monkeypatch.setenv("CHAINOPS_CHANNEL_WECOM", "false")
    get_settings.cache_clear()
    code, output = run("test", "bearing-wecom")
    assert code == 1 and "CHAINOPS_CHANNEL_WECOM is off" in output
    assert wecom_server.received == []


def test_a_wrong_channels_file_is_refused_naming_file_and_key(
    channels: Path,
) -> None:
    channels.write_text("channels:\n  - {name: x, kind: wecom, chain: A, key: abc}\n")
    for args in (("list",), ("test", "x")):
        code, output = run(*args)
        assert code == 2
        assert "channels.yaml, channels[0].key: a secret is never written" in output
