"""What Aliyun SMS's answer codes mean for the outbox: a dead letter, a retry, or a pause.

Built from the SendSms error-code table (国内消息 API 错误码,
https://help.aliyun.com/zh/sms/developer-reference/api-error-codes) and the sending rules
(短信发送规则, https://help.aliyun.com/zh/sms/user-guide/message-rules):

- **Permanent** — this message cannot go out as it is: its number, its signature (签名), its
  template or its parameters were refused. Sending it again gives the same answer.
- **Pause** — the vendor's flow control (流控): ``isv.BUSINESS_LIMIT_CONTROL`` is the limit per
  number, signature and template (a notification: 50 a rolling 24 hours; its message says
  天级, 小时级 or 分钟级), ``isv.DAY_LIMIT_CONTROL`` / ``isv.MONTH_LIMIT_CONTROL`` the account's
  own caps set in the console, reset at midnight and on the first of the month (China time).
  ``retry_after`` says how long.
- **Transient** — everything else: the vendor's own faults, QPS throttling, and account faults
  (AccessKey, RAM permission, balance, product not enabled, a clock off so the timestamp is
  refused). These last would fail every message alike; like a failed SMTP login they are
  retried rather than dead-lettered, so fixing the configuration sends what waited.
  An unknown code is transient too: the vendor refused it, so it was not sent.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from notifications.transports import TransportError

CHINA = ZoneInfo("Asia/Shanghai")

PERMANENT = frozenset(
    {
        # the number
        "isv.MOBILE_NUMBER_ILLEGAL",
        "isv.MOBILE_COUNT_OVER_LIMIT",
        "isv.DOMESTIC_NUMBER_NOT_SUPPORTED",
        "isv.BLACK_KEY_CONTROL_LIMIT",
        # the signature (签名)
        "isv.SMS_SIGNATURE_ILLEGAL",
        "isv.SMS_SIGN_ILLEGAL",
        "isv.SIGN_STATE_ILLEGAL",
        "isv.SMS_SIGNATURE_SCENE_ILLEGAL",
        "isv.EXTEND_CODE_ERROR",
        # the template and its parameters
        "isv.SMS_TEMPLATE_ILLEGAL",
        "isv.TEMPLATE_MISSING_PARAMETERS",
        "isv.TEMPLATE_PARAMS_ILLEGAL",
        "isv.INVALID_JSON_PARAM",
        "isv.INVALID_PARAMETERS",
        "isv.PARAM_LENGTH_LIMIT",
        "isv.PARAM_NOT_SUPPORT_URL",
        "isv.SMS_CONTENT_ILLEGAL",
        "isv.SMS_TEST_NUMBER_LIMIT",
        "isv.SMS_TEST_SIGN_TEMPLATE_LIMIT",
        "isv.SMS_TEST_TEMPLATE_PARAMS_ILLEGAL",
        # the request lacks what the API requires
        "MissingPhoneNumbers",
        "MissingSignName",
        "MissingTemplateCode",
    }
)

_THROTTLED = frozenset({"Throttling", "Throttling.User", "Throttling.Api", "isp.SYSTEM_BUSY"})
_A_DAY = 24 * 3600.0


def refusal(
    code: str,
    message: str,
    *,
    request_id: str,
    where: str,
    now: datetime,
) -> TransportError:
    """The ``TransportError`` for an answer whose ``Code`` is not ``OK``."""
    said = f"{where}: {code}: {message}" + (f" (RequestId {request_id})" if request_id else "")
    if code in PERMANENT:
        return TransportError(said, permanent=True)
    return TransportError(said, retry_after=pause(code, message, now=now))


def pause(code: str, message: str, *, now: datetime) -> float | None:
    """Seconds to wait before the channel tries again, or None for an ordinary retry."""
    if code == "isv.BUSINESS_LIMIT_CONTROL":
        # A rolling window: a minute or an hour for verification codes, a day for the rest.
        if "分钟" in message:
            return 60.0
        if "小时" in message:
            return 3600.0
        return _A_DAY
    local = now.astimezone(CHINA)
    if code == "isv.DAY_LIMIT_CONTROL":
        midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), CHINA)
        return (midnight - local).total_seconds()
    if code == "isv.MONTH_LIMIT_CONTROL":
        first = (local.replace(day=28) + timedelta(days=4)).replace(day=1)
        start = datetime.combine(first.date(), datetime.min.time(), CHINA)
        return (start - local).total_seconds()
    if code in _THROTTLED:
        return 1.0  # the API's QPS limit: a second is enough
    return None
