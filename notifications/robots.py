"""Group robots: WeCom (企业微信) and DingTalk (钉钉) custom robots, over httpx.

Each is a ``RobotTransport``: ``send(RobotMessage)`` posts one markdown message to the group
or raises ``TransportError``. One ``httpx.Client`` per transport, with time-outs, released by
``close()``. Neither vendor reports failure in the HTTP status: a refused post is a 200 answer
with a non-zero ``errcode``, so every answer is read and its code looked up in the vendor's
table (``notifications.robot_codes``). apprise, the obvious library, does not read ``errcode``
and cannot @-mention in WeCom — hence these.

A robot's secrets (the WeCom key, the DingTalk token and signing secret) are in the URL it
posts to; they never appear in an exception, a log line or a repr: errors are scrubbed and
httpx's own request log is masked (``key=…abcd``).

A read time-out or a dropped answer is ``unknown=True``: the post went out and may have
reached the group. Another post of a digest is a nuisance, not a harm, so the caller may retry;
it is marked so that the channel status can say so.
"""

import base64
import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import quote, quote_plus

import httpx

from notifications.channel_message import RobotMessage
from notifications.robot_codes import DINGTALK_CODES, WECOM_CODES, CodeTable
from notifications.robot_text import fit_bytes, mask, mask_query, scrub
from notifications.transports import TransportError

WECOM_BASE = "https://qyapi.weixin.qq.com"
DINGTALK_BASE = "https://oapi.dingtalk.com"
WECOM_MARKDOWN_BYTES = 4096  # markdown.content, documented
WECOM_TEXT_BYTES = 2048  # text.content, documented
DINGTALK_MARKDOWN_BYTES = 20000  # refused beyond this with errcode 460101
TIMEOUT = httpx.Timeout(10.0, connect=5.0)

logger = logging.getLogger(__name__)


class _MaskRobotSecrets(logging.Filter):
    """Masks robot secrets in httpx's INFO line ``HTTP Request: POST https://…?key=KEY``."""

    def filter(self, record: logging.LogRecord) -> bool:
        line = record.getMessage()
        masked = mask_query(line)
        if masked != line:
            record.msg, record.args = masked, None
        return True


_httpx_log = logging.getLogger("httpx")
if not any(isinstance(f, _MaskRobotSecrets) for f in _httpx_log.filters):
    _httpx_log.addFilter(_MaskRobotSecrets())


class WeComRobot:
    """A WeCom group robot (群机器人), addressed by its webhook key.

    WeCom's markdown message cannot @-mention by mobile: ``mentioned_mobile_list`` belongs to
    the text message only, and markdown's ``<@userid>`` needs WeCom user ids, which chainops
    does not hold (it knows mobiles). So a message with mentions is two posts: the markdown
    digest, then a one-line text message carrying ``mentioned_mobile_list``, which pings the
    people concerned right under it (``posts_for`` says so, for the rate limit). If the digest
    went out and only the mention failed, the digest is not sent again: the failure is logged
    and ``send`` returns, since the notice itself has reached the group.
    """

    def __init__(
        self,
        key: str,
        *,
        base_url: str = WECOM_BASE,
        timeout: httpx.Timeout = TIMEOUT,
        name: str = "wecom",
    ) -> None:
        if not key.strip():
            raise ValueError(f"{name}: the WeCom webhook key is empty")
        self._key = key.strip()
        self.name = name
        self._url = f"{base_url.rstrip('/')}/cgi-bin/webhook/send?key={quote(self._key)}"
        self._http = _Http(timeout)
        self.last_answer: dict[str, Any] | None = None  # the vendor's answer to the last post

    def __repr__(self) -> str:
        return f"WeComRobot(name={self.name!r}, key={mask(self._key)})"

    @staticmethod
    def posts_for(message: RobotMessage) -> int:
        return 2 if message.mentions else 1

    def send(self, message: RobotMessage) -> None:
        content = fit_bytes(_headed(message), WECOM_MARKDOWN_BYTES, message.link)
        self.last_answer = self._post({"msgtype": "markdown", "markdown": {"content": content}})
        if not message.mentions:
            return
        mention = {
            "msgtype": "text",
            "text": {
                "content": fit_bytes(f"↑ {message.title}", WECOM_TEXT_BYTES, None),
                "mentioned_mobile_list": list(message.mentions),
            },
        }
        try:
            self._post(mention)
        except TransportError as error:
            logger.warning("%s: the digest went out but its @-mentions did not: %s", self, error)

    def close(self) -> None:
        self._http.close()

    def _post(self, payload: dict[str, Any]) -> dict[str, Any]:
        return _post(
            self._http.client(),
            self._url,
            payload,
            f"WeCom robot {self.name}",
            WECOM_CODES,
            secrets=(self._key,),
        )


class DingTalkRobot:
    """A DingTalk custom robot (自定义机器人), signed (加签) and, if configured, with keywords.

    The signature: T is the time in milliseconds, S the URL-encoded Base64 of
    HMAC-SHA256(key=secret, msg=f"{T}\\n{secret}"); DingTalk refuses a T more than an hour off
    its clock (errcode 310000), so ``clock`` (seconds, like ``time.time``) can be passed in for
    tests. A robot secured by keywords drops a message that has none of them (also 310000),
    so the first is appended when the text has none. Mentions are ``at.atMobiles`` *and*
    ``@mobile`` in the text: DingTalk highlights only the mobiles the text names.
    """

    def __init__(
        self,
        access_token: str,
        secret: str | None,
        keywords: Sequence[str] = (),
        *,
        base_url: str = DINGTALK_BASE,
        clock: Callable[[], float] = time.time,
        timeout: httpx.Timeout = TIMEOUT,
        name: str = "dingtalk",
    ) -> None:
        if not access_token.strip():
            raise ValueError(f"{name}: the DingTalk access token is empty")
        self._token = access_token.strip()
        self._secret = (secret or "").strip() or None
        self.keywords = tuple(k for k in keywords if k.strip())
        self.name = name
        self._base = base_url.rstrip("/")
        self._clock = clock
        self._http = _Http(timeout)
        self.last_answer: dict[str, Any] | None = None  # the vendor's answer to the last post

    def __repr__(self) -> str:
        secret = f", secret={mask(self._secret)}" if self._secret else ""
        return f"DingTalkRobot(name={self.name!r}, access_token={mask(self._token)}{secret})"

    @staticmethod
    def posts_for(message: RobotMessage) -> int:
        return 1

    def send(self, message: RobotMessage) -> None:
        text = message.markdown
        if message.mentions:
            text += "\n\n" + " ".join(f"@{mobile}" for mobile in message.mentions)
        if self.keywords and not any(word in text for word in self.keywords):
            text += f"\n\n{self.keywords[0]}"
        text = fit_bytes(text, DINGTALK_MARKDOWN_BYTES, message.link)
        payload = {
            "msgtype": "markdown",
            "markdown": {"title": message.title, "text": text},
            "at": {"atMobiles": list(message.mentions), "isAtAll": False},
        }
        self.last_answer = _post(
            self._http.client(),
            self._url(),
            payload,
            f"DingTalk robot {self.name}",
            DINGTALK_CODES,
            secrets=(self._token, self._secret or ""),
        )

    def close(self) -> None:
        self._http.close()

    def _url(self) -> str:
        url = f"{self._base}/robot/send?access_token={quote(self._token)}"
        if self._secret is None:
            return url
        timestamp = int(self._clock() * 1000)
        return f"{url}&timestamp={timestamp}&sign={dingtalk_sign(self._secret, timestamp)}"


class _Http:
    """One httpx client per transport, opened on first use: after ``close()`` the next post
    opens a new one, so a transport may be used again (like the SMTP transport)."""

    def __init__(self, timeout: httpx.Timeout) -> None:
        self._timeout = timeout
        self._client: httpx.Client | None = None

    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(timeout=self._timeout)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None


Robot = WeComRobot | DingTalkRobot  # each a RobotTransport, with close() and last_answer


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's 加签: URL-encoded Base64 of HMAC-SHA256(secret, f"{timestamp}\\n{secret}")."""
    digest = hmac.new(
        secret.encode("utf-8"), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256
    ).digest()
    return quote_plus(base64.b64encode(digest).decode("ascii"))


def _headed(message: RobotMessage) -> str:
    """WeCom shows no separate title: it heads the markdown."""
    return f"## {message.title}\n\n{message.markdown}" if message.title else message.markdown


def _post(
    client: httpx.Client,
    url: str,
    payload: dict[str, Any],
    where: str,
    codes: CodeTable,
    *,
    secrets: tuple[str, ...],
) -> dict[str, Any]:
    """POST ``payload`` as JSON and return the vendor's answer, or raise ``TransportError``."""
    try:
        response = client.post(url, json=payload)
    except httpx.ConnectError as error:  # (includes refused connections: nothing went out)
        raise TransportError(f"{where}: cannot connect: {scrub(str(error), *secrets)}") from None
    except (httpx.ReadTimeout, httpx.RemoteProtocolError, httpx.ReadError) as error:
        raise TransportError(
            f"{where}: the post went out but no answer came ({type(error).__name__})",
            unknown=True,
        ) from None
    except httpx.HTTPError as error:
        detail = scrub(str(error), *secrets)
        raise TransportError(f"{where}: {type(error).__name__}: {detail}") from None
    if response.status_code != 200:
        raise _status_error(response, where)
    try:
        answer = response.json()
        code = int(answer.get("errcode", -1))
    except (json.JSONDecodeError, ValueError, TypeError, AttributeError):
        raise TransportError(f"{where}: an answer that is not the vendor's JSON") from None
    if code != 0:
        message = scrub(str(answer.get("errmsg", "")), *secrets)
        raise codes.error(code, f"{where}: errcode {code}: {message}")
    return dict(answer)


def _status_error(response: httpx.Response, where: str) -> TransportError:
    status = response.status_code
    if status == 429:
        after = response.headers.get("Retry-After", "")
        return TransportError(
            f"{where}: HTTP 429 (too many requests)",
            retry_after=float(after) if after.isdigit() else 60.0,
        )
    # 5xx: the vendor's trouble, try again; 4xx: this URL is wrong (a removed robot).
    return TransportError(f"{where}: HTTP {status}", permanent=400 <= status < 500)
