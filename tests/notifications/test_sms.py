"""Aliyun SMS (SendSms) against a loopback server that checks the signature as Aliyun does:
each answer class, the lost answer that must never be re-sent, the one-SMS length."""

import json
import socket
from datetime import UTC, datetime

import pytest

from notifications.channel_message import SmsMessage
from notifications.sms import AliyunSms, SmsTooLong, sign, sms_text, string_to_sign
from notifications.transports import TransportError
from tests.notifications.sms_server import (
    KEY_ID,
    SECRET,
    SmsServer,
    documented_signature,
    sms_server,
)

__all__ = ["sms_server"]

SIGN_NAME = "聊城市链长办"  # 【聊城市链长办】 is 8 characters of the 70
NOW = datetime(2026, 12, 10, 7, 0, tzinfo=UTC)  # 15:00 in Shanghai
TEMPLATE = "SMS_480100001"
TEXT = "您负责的督办事项“${title}”已逾期${days}个工作日，请尽快办理。"


def _sms(server: SmsServer, **options: object) -> AliyunSms:
    secret = str(options.pop("secret", SECRET))
    settings: dict[str, object] = {
        "endpoint": server.url,
        "templates": {TEMPLATE: TEXT},
        "clock": lambda: NOW,
        "timeout": 1.0,
    }
    settings.update(options)
    return AliyunSms(KEY_ID, secret, SIGN_NAME, **settings)  # type: ignore[arg-type]


def _message(**fields: object) -> SmsMessage:
    values: dict[str, object] = {
        "phone": "+86 138-0000-0000",
        "template_code": TEMPLATE,
        "params": {"title": "轴承产业园用地预审", "days": "3"},
        "out_id": "4711",
    }
    values.update(fields)
    return SmsMessage(**values)  # type: ignore[arg-type]


# Aliyun's worked example ("Signature mechanism", DescribeRegions, secret "testsecret").
DOCUMENTED = {
    "Timestamp": "2016-02-23T12:46:24Z",
    "Format": "XML",
    "AccessKeyId": "testid",
    "Action": "DescribeRegions",
    "SignatureMethod": "HMAC-SHA1",
    "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
    "Version": "2014-05-26",
    "SignatureVersion": "1.0",
}


def test_the_signature_is_the_documented_one() -> None:
    assert string_to_sign("GET", DOCUMENTED) == (
        "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML"
        "%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"
        "%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z"
        "%26Version%3D2014-05-26"
    )
    assert sign("GET", DOCUMENTED, "testsecret") == "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
    # The test server's own verifier agrees, so its checks below mean something.
    assert documented_signature("GET", DOCUMENTED, "testsecret") == "OLeaidS1JvxuMvnyHOwuJ+uX5qY="


def test_a_message_is_sent_signed_with_its_out_id_and_the_number_as_11_digits(
    sms_server: SmsServer,
) -> None:
    with _sms(sms_server) as sms:
        sms.send(_message())
        sms.send(_message(out_id="4712"))  # a fresh nonce each time, or the server refuses

    first, second = sms_server.requests
    assert first["Action"] == "SendSms" and first["Version"] == "2017-05-25"
    assert first["PhoneNumbers"] == "13800000000"
    assert first["SignName"] == SIGN_NAME
    assert first["TemplateCode"] == TEMPLATE
    assert json.loads(first["TemplateParam"]) == {"title": "轴承产业园用地预审", "days": "3"}
    assert (first["OutId"], second["OutId"]) == ("4711", "4712")
    assert first["Timestamp"] == "2026-12-10T07:00:00Z"
    assert first["SignatureNonce"] != second["SignatureNonce"]


def test_a_wrong_secret_is_a_transient_refusal_that_never_shows_the_secret(
    sms_server: SmsServer,
) -> None:
    wrong = "a-secret-the-vendor-does-not-know"
    sms = _sms(sms_server, secret=wrong)
    with pytest.raises(TransportError) as raised:
        sms.send(_message())

    error = raised.value
    assert "SignatureDoesNotMatch" in str(error)
    assert not error.permanent and not error.unknown  # a configuration fault: fix and retry
    for shown in (str(error), repr(sms)):
        assert wrong not in shown and SECRET not in shown
    assert KEY_ID not in repr(sms)


@pytest.mark.parametrize(
    "code",
    ["isv.MOBILE_NUMBER_ILLEGAL", "isv.SMS_SIGNATURE_ILLEGAL", "isv.SMS_TEMPLATE_ILLEGAL",
     "isv.TEMPLATE_MISSING_PARAMETERS", "isv.SMS_CONTENT_ILLEGAL"],
)  # fmt: skip
def test_number_signature_and_template_refusals_are_permanent(
    sms_server: SmsServer, code: str
) -> None:
    sms_server.answer(code, "refused")
    with pytest.raises(TransportError) as raised:
        _sms(sms_server).send(_message())
    assert raised.value.permanent and not raised.value.unknown
    assert code in str(raised.value) and "RequestId" in str(raised.value)


@pytest.mark.parametrize(
    ("code", "message", "wait"),
    [
        ("isv.BUSINESS_LIMIT_CONTROL", "触发天级流控Permits:50", 24 * 3600),
        ("isv.BUSINESS_LIMIT_CONTROL", "触发小时级流控Permits:5", 3600),
        ("isv.DAY_LIMIT_CONTROL", "触发日发送限额", 9 * 3600),  # 15:00 → midnight in Shanghai
        ("isv.MONTH_LIMIT_CONTROL", "触发月发送限额", (21 * 24 + 9) * 3600),  # → 1 January
        ("Throttling.User", "Request was denied due to user flow control.", 1),
        ("isp.SYSTEM_ERROR", "系统错误", None),
        ("isv.SOMETHING_NEW", "a code this table does not know", None),
    ],
)
def test_flow_control_asks_for_a_pause_and_the_vendors_faults_are_retried(
    sms_server: SmsServer, code: str, message: str, wait: float | None
) -> None:
    sms_server.answer(code, message)
    with pytest.raises(TransportError) as raised:
        _sms(sms_server).send(_message())
    error = raised.value
    assert not error.permanent and not error.unknown
    assert error.retry_after == wait


def test_a_dropped_answer_is_unknown_and_the_message_is_not_sent_again(
    sms_server: SmsServer,
) -> None:
    sms_server.answer("drop")
    with pytest.raises(TransportError) as raised:
        _sms(sms_server).send(_message())

    error = raised.value
    assert error.unknown and not error.permanent
    assert "4711" in str(error) and "138****0000" in str(error)
    assert [r["OutId"] for r in sms_server.requests] == ["4711"]  # once, never re-sent


def test_an_answer_that_never_comes_is_unknown(sms_server: SmsServer) -> None:
    sms_server.answer("stall")
    sms_server.stall_seconds = 1.5
    with pytest.raises(TransportError) as raised:
        _sms(sms_server, timeout=0.5).send(_message())
    assert raised.value.unknown
    assert len(sms_server.requests) == 1


def test_a_refused_connection_is_transient_not_unknown() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sms = AliyunSms(KEY_ID, SECRET, SIGN_NAME, endpoint=f"http://127.0.0.1:{port}/")
    with pytest.raises(TransportError) as raised:
        sms.send(_message())
    assert not raised.value.unknown and not raised.value.permanent
    assert "cannot connect" in str(raised.value)


def test_the_signature_counts_toward_70_characters_and_a_longer_message_is_never_sent(
    sms_server: SmsServer,
) -> None:
    template = "请办理${title}"  # 3 characters, 11 with 【聊城市链长办】
    assert sms_text(template, {"title": "甲" * 59}, sign_name=SIGN_NAME) == (
        f"【{SIGN_NAME}】请办理" + "甲" * 59
    )  # exactly 70: one SMS
    with pytest.raises(SmsTooLong, match="71 characters with the signature"):
        sms_text(template, {"title": "甲" * 60}, sign_name=SIGN_NAME)
    with pytest.raises(SmsTooLong, match="needs title"):
        sms_text(template, {}, sign_name=SIGN_NAME)

    sms = _sms(sms_server, templates={TEMPLATE: template})
    sms.send(_message(params={"title": "甲" * 59}))
    with pytest.raises(TransportError) as raised:
        sms.send(_message(params={"title": "甲" * 60}))
    assert raised.value.permanent
    assert f"template {TEMPLATE}: 71 characters" in str(raised.value)
    assert len(sms_server.requests) == 1  # the long one never left


def test_a_number_that_is_no_mainland_mobile_is_refused_before_sending(
    sms_server: SmsServer,
) -> None:
    with pytest.raises(TransportError) as raised:
        _sms(sms_server).send(_message(phone="0635-8888888"))
    assert raised.value.permanent
    assert "not a mainland mobile number" in str(raised.value)
    assert sms_server.requests == []


def test_a_transport_without_credentials_or_with_no_http_endpoint_is_refused() -> None:
    with pytest.raises(ValueError, match="needs an AccessKey id, its secret and a sign name"):
        AliyunSms(KEY_ID, "", SIGN_NAME)
    with pytest.raises(ValueError, match="is not an http"):
        AliyunSms(KEY_ID, SECRET, SIGN_NAME, endpoint="ftp://dysmsapi.aliyuncs.com/")
