"""The WeCom and DingTalk robots against loopback servers that speak their protocols."""

import base64
import hashlib
import hmac
import logging
import socket
import time
from urllib.parse import quote_plus

import pytest

from notifications.channel_message import RobotMessage
from notifications.robot_text import fit_bytes
from notifications.robots import DingTalkRobot, WeComRobot, dingtalk_sign
from notifications.transports import TransportError
from tests.notifications.robot_servers import DingTalkServer, WeComServer

WECOM_KEY = "wecom-key-0001"
DING_TOKEN = "ding-token-0001"
DING_SECRET = "SECdingtalk-test-secret-0001"
MOBILE = "13800000000"
DIGEST = RobotMessage(
    title="轴承产业链 督办通知 2 件",
    markdown="- 聊链轴承督〔2026〕12号 用地预审 逾期 3 个工作日\n- 聊链轴承督〔2026〕13号 环评",
    mentions=(MOBILE,),
    link="http://chainops.example/notices?chain=ZC",
)


def wecom(server: WeComServer, key: str = WECOM_KEY) -> WeComRobot:
    return WeComRobot(key, base_url=server.url, name="zc-wecom")


def dingtalk(server: DingTalkServer, **options: object) -> DingTalkRobot:
    return DingTalkRobot(DING_TOKEN, DING_SECRET, base_url=server.url, **options)  # type: ignore[arg-type]


# DingTalk: the signature, mentions, keywords and its codes.


def test_the_signature_is_the_documented_hmac_of_timestamp_and_secret() -> None:
    secret, timestamp = "SEC0123456789abcdef", 1700000000000
    by_hand = base64.b64encode(
        hmac.new(secret.encode(), b"1700000000000\nSEC0123456789abcdef", hashlib.sha256).digest()
    )
    assert dingtalk_sign(secret, timestamp) == quote_plus(by_hand.decode())
    # and as openssl computes it: printf '1700000000000\nSEC…' | openssl dgst -sha256 -hmac …
    assert dingtalk_sign(secret, timestamp) == "TSZbRFUuvaSQaRKUpF970OPCb2%2FLcQAP3wOvwZIzBZk%3D"


def test_a_signed_markdown_reaches_dingtalk_with_the_mobiles_at_mentioned(
    dingtalk_server: DingTalkServer,
) -> None:
    robot = dingtalk(dingtalk_server)
    robot.send(DIGEST)
    robot.close()
    [receipt] = dingtalk_server.received
    assert receipt.path == "/robot/send"
    assert abs(int(receipt.query["timestamp"]) / 1000 - time.time()) < 5  # milliseconds
    assert receipt.body["msgtype"] == "markdown"
    assert receipt.body["markdown"]["title"] == DIGEST.title
    assert receipt.body["markdown"]["text"].endswith(f"@{MOBILE}")
    assert receipt.body["at"] == {"atMobiles": [MOBILE], "isAtAll": False}


def test_a_clock_an_hour_and_more_off_is_refused_for_good(
    dingtalk_server: DingTalkServer,
) -> None:
    robot = dingtalk(dingtalk_server, clock=lambda: time.time() - 3601)
    with pytest.raises(TransportError) as refused:
        robot.send(DIGEST)
    assert refused.value.permanent
    assert "310000" in str(refused.value)


def test_a_wrong_secret_is_refused_for_good(dingtalk_server: DingTalkServer) -> None:
    robot = DingTalkRobot(DING_TOKEN, "SECsomething-else", base_url=dingtalk_server.url)
    with pytest.raises(TransportError) as refused:
        robot.send(DIGEST)
    assert refused.value.permanent and "sign not match" in str(refused.value)


def test_the_first_keyword_is_appended_when_the_text_has_none(
    dingtalk_server: DingTalkServer,
) -> None:
    dingtalk_server.keywords = ("链长制", "督办")
    dingtalk(dingtalk_server, keywords=("链长制",)).send(DIGEST)
    assert dingtalk_server.received[0].body["markdown"]["text"].endswith("\n\n链长制")
    with pytest.raises(TransportError) as refused:  # the same robot without its keyword
        dingtalk(dingtalk_server).send(DIGEST)
    assert refused.value.permanent and "keywords" in str(refused.value)


def test_a_text_with_a_keyword_is_left_as_it_is(dingtalk_server: DingTalkServer) -> None:
    dingtalk_server.keywords = ("逾期",)
    dingtalk(dingtalk_server, keywords=("通知", "逾期")).send(DIGEST)
    assert dingtalk_server.received[0].body["markdown"]["text"].endswith(f"@{MOBILE}")


def test_over_twenty_a_minute_dingtalk_asks_for_ten_minutes(
    dingtalk_server: DingTalkServer,
) -> None:
    robot = dingtalk(dingtalk_server)
    for _ in range(20):
        robot.send(DIGEST)
    with pytest.raises(TransportError) as throttled:
        robot.send(DIGEST)
    assert throttled.value.retry_after == 600 and not throttled.value.permanent
    assert max(dingtalk_server.per_minute().values()) == 21


@pytest.mark.parametrize(
    ("errcode", "permanent", "retry_after"),
    [
        (310000, True, None),
        (300001, True, None),
        (400102, True, None),
        (90030, False, 600),
        (410100, False, 60),
        (-1, False, None),
        (123456, False, None),
    ],
)
def test_dingtalk_errcodes_map_to_the_vendors_table(
    dingtalk_server: DingTalkServer, errcode: int, permanent: bool, retry_after: float | None
) -> None:
    dingtalk_server.answer(errcode)
    with pytest.raises(TransportError) as refused:
        dingtalk(dingtalk_server).send(DIGEST)
    assert (refused.value.permanent, refused.value.retry_after) == (permanent, retry_after)
    assert f"errcode {errcode}" in str(refused.value)


# WeCom: markdown, mentions by mobile, the byte limit and its codes.


def test_wecom_gets_the_markdown_then_a_text_that_mentions_by_mobile(
    wecom_server: WeComServer,
) -> None:
    robot = wecom(wecom_server)
    assert robot.posts_for(DIGEST) == 2
    robot.send(DIGEST)
    digest, mention = wecom_server.received
    assert digest.query == {"key": WECOM_KEY}
    assert digest.body["msgtype"] == "markdown"
    assert digest.body["markdown"]["content"].startswith(f"## {DIGEST.title}\n\n- 聊链轴承督")
    assert mention.body["msgtype"] == "text"
    assert mention.body["text"]["mentioned_mobile_list"] == [MOBILE]


def test_wecom_without_mentions_is_one_post(wecom_server: WeComServer) -> None:
    message = RobotMessage(title="t", markdown="body")
    robot = wecom(wecom_server)
    assert robot.posts_for(message) == 1
    robot.send(message)
    assert len(wecom_server.received) == 1


def test_a_digest_over_4096_bytes_is_cut_at_a_line_and_links_to_the_page(
    wecom_server: WeComServer,
) -> None:
    lines = [f"- 第{n}项 督办事项 用地预审 尚未办结" for n in range(400)]  # ~20,000 bytes
    message = RobotMessage("督办", "\n".join(lines), link="http://chainops.example/n/1")
    wecom(wecom_server).send(message)
    content = wecom_server.received[0].body["markdown"]["content"]
    assert 4000 < len(content.encode("utf-8")) <= 4096
    assert content.endswith("[查看全文 / full text](http://chainops.example/n/1)")
    kept = content.split("\n")[2:-2]
    assert kept == lines[: len(kept)]  # whole lines, in order, none broken


def test_fitting_keeps_a_short_text_and_cuts_one_long_line_at_a_character() -> None:
    assert fit_bytes("短", 10, None) == "短"
    cut = fit_bytes("督" * 100, 40, None)
    assert len(cut.encode("utf-8")) <= 40 and cut.startswith("督") and cut.endswith("……")


def test_a_failed_mention_does_not_send_the_digest_again(
    wecom_server: WeComServer, caplog: pytest.LogCaptureFixture
) -> None:
    wecom_server.answer(0, "ok")
    wecom_server.answer(45009, "api freq out of limit")
    wecom(wecom_server).send(DIGEST)  # no error: the digest went out
    assert len(wecom_server.received) == 2
    assert "@-mentions did not" in caplog.text


@pytest.mark.parametrize(
    ("errcode", "permanent", "retry_after"),
    [
        (93000, True, None),
        (40008, True, None),
        (45002, True, None),
        (45009, False, 60),
        (-1, False, None),
    ],
)
def test_wecom_errcodes_map_to_the_vendors_table(
    wecom_server: WeComServer, errcode: int, permanent: bool, retry_after: float | None
) -> None:
    wecom_server.answer(errcode)
    with pytest.raises(TransportError) as refused:
        wecom(wecom_server).send(DIGEST)
    assert (refused.value.permanent, refused.value.retry_after) == (permanent, retry_after)


def test_a_wrong_key_is_permanent(wecom_server: WeComServer) -> None:
    with pytest.raises(TransportError) as refused:
        wecom(wecom_server, key="wecom-key-wrong-9999").send(DIGEST)
    assert refused.value.permanent and "93000" in str(refused.value)


def test_a_server_error_is_transient_and_a_lost_answer_unknown(wecom_server: WeComServer) -> None:
    wecom_server.answer_status(503)
    with pytest.raises(TransportError) as failed:
        wecom(wecom_server).send(DIGEST)
    assert not failed.value.permanent and not failed.value.unknown
    wecom_server.drop()
    with pytest.raises(TransportError) as lost:
        wecom(wecom_server).send(DIGEST)
    assert lost.value.unknown and not lost.value.permanent


# Secrets: never in an error, a log line or a repr.


def test_secrets_appear_in_no_error_log_or_repr(
    wecom_server: WeComServer, dingtalk_server: DingTalkServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    robot = wecom(wecom_server)
    ding = dingtalk(dingtalk_server)
    wecom_server.answer(93000, f"invalid webhook url key={WECOM_KEY}")  # a vendor echoing it
    dingtalk_server.answer(310000, f"sign not match for {DING_SECRET}")
    errors = []
    for transport in (robot, ding):
        with pytest.raises(TransportError) as refused:
            transport.send(DIGEST)
        errors.append(str(refused.value))
    robot.send(DIGEST)  # logged by httpx at INFO, URL and all
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))  # a port nobody listens on
    port = closed.getsockname()[1]
    closed.close()
    with pytest.raises(TransportError) as unreachable:
        WeComRobot(WECOM_KEY, base_url=f"http://127.0.0.1:{port}").send(DIGEST)
    errors.append(str(unreachable.value))
    shown = " ".join([*errors, repr(robot), repr(ding), caplog.text])
    assert "HTTP Request: POST" in caplog.text and "key=…0001" in shown
    for secret in (WECOM_KEY, DING_TOKEN, DING_SECRET):
        assert secret not in shown


def test_a_closed_robot_opens_a_new_connection_for_its_next_post(
    wecom_server: WeComServer,
) -> None:
    robot = wecom(wecom_server)
    message = RobotMessage(title="t", markdown="body")
    robot.send(message)
    robot.close()
    robot.send(message)
    robot.close()
    assert len(wecom_server.received) == 2
    assert robot.last_answer == {"errcode": 0, "errmsg": "ok"}
