"""End to end through the settings: a channels file naming loopback WeCom, DingTalk and SMS
servers, the engine's routes read from it, and ``chainops notices send`` delivering a
supervision notice to both groups as a digest mentioning the chain leader, and to the chain
leader's phone."""

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session
from typer.testing import CliRunner

from chainops import wiring
from chainops.cli import app
from chainops.settings import get_settings
from tests.notifications.channel_city import leader_city, supervise
from tests.notifications.robot_servers import (
    DingTalkServer,
    WeComServer,
    dingtalk_server,
    wecom_server,
)
from tests.notifications.sms_server import KEY_ID, SECRET, SmsServer, sms_server

__all__ = ["dingtalk_server", "sms_server", "wecom_server"]



@pytest.fixture
def configured(
    chainops: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    wecom_server: WeComServer, dingtalk_server: DingTalkServer, sms_server: SmsServer,
) -> CliRunner:  # fmt: skip
    path = tmp_path / "channels.yaml"
    path.write_text(
        f"""channels:
  - {{name: bearing-wecom, kind: wecom, chain: BEARING, key_env: T_WECOM,
      base_url: "{wecom_server.url}"}}
  - {{name: bearing-ding, kind: dingtalk, chain: BEARING, key_env: T_DING, secret_env: T_DING_SEC,
      base_url: "{dingtalk_server.url}"}}
  - {{name: city-sms, kind: sms, city: true, access_key_id_env: T_SMS_ID,
      access_key_secret_env: T_SMS_SECRET, sign_name: 聊城市链长办, template_code: SMS_480100001,
      base_url: "{sms_server.url}"}}
""",
        encoding="utf-8",
    )
    for name, value in {
        "CHAINOPS_CHANNELS_FILE": str(path), "CHAINOPS_OUTBOX_DIR": str(tmp_path / "mail"),
        "T_WECOM": "wecom-key-0001", "T_DING": "ding-token-0001",
        "T_DING_SEC": "SECdingtalk-test-secret-0001", "T_SMS_ID": KEY_ID, "T_SMS_SECRET": SECRET,
    }.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    wiring._channels_file.cache_clear()
    return chainops


def test_a_supervision_notice_reaches_both_groups_and_the_leaders_phone(
    configured: CliRunner, session: Session, engine: sa.Engine, tmp_path: Path,
    wecom_server: WeComServer, dingtalk_server: DingTalkServer, sms_server: SmsServer,
) -> None:  # fmt: skip
    chain_id = leader_city(session, tmp_path)
    rules = wiring.engine_rules()  # routes and the live robots, from the files
    assert rules.robots == {"BEARING": ("bearing-wecom", "bearing-ding")} and rules.sms
    supervise(engine, chain_id, 1, rules=rules)

    result = configured.invoke(
        app, ["notices", "send", "--as-of", "2026-11-30T09:00", "--json"]
    )

    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["sent"], report["dead"]) == (4, 0)  # the email, two robots, one text
    [ding] = dingtalk_server.received
    assert ding.body["at"]["atMobiles"] == ["13800000001"]
    assert "督办事项1" in ding.body["markdown"]["text"]
    assert [r.body["msgtype"] for r in wecom_server.received] == ["markdown", "text"]
    [text] = sms_server.requests
    assert text["PhoneNumbers"] == "13800000001" and text["TemplateCode"] == "SMS_480100001"
