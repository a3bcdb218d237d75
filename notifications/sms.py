"""Text messages through Alibaba Cloud SMS (阿里云短信): ``SendSms``, API version 2017-05-25.

Why the signed HTTP call and not the official SDK (``alibabacloud-dysmsapi20170525``): the
SDK brings the Tea runtime (``alibabacloud-tea-openapi``, ``darabonba-core``, ``-tea-util``,
``-credentials``, ``-endpoint-util``, ``-gateway-spi``, …, over ``requests`` and ``aiohttp``)
for one call, and folds every failure into one ``TeaException``, so "refused before sending"
and "sent, answer lost" cannot be told apart — the one distinction an SMS must keep, since
``SendSms`` is not idempotent. The RPC call is a form POST with one HMAC, over httpx.

The request (RPC style, signature version 1.0, documented in "Signature mechanism",
https://help.aliyun.com/document_detail/28839.html, and in the SendSms reference,
https://help.aliyun.com/en/sms/developer-reference/api-dysmsapi-2017-05-25-sendsms):

- parameters: the common ones (``AccessKeyId``, ``Action=SendSms``, ``Format=JSON``,
  ``RegionId``, ``SignatureMethod=HMAC-SHA1``, ``SignatureNonce`` a fresh UUID,
  ``SignatureVersion=1.0``, ``Timestamp`` in UTC ``YYYY-MM-DDThh:mm:ssZ``, ``Version``) and
  ``PhoneNumbers``, ``SignName``, ``TemplateCode``, ``TemplateParam`` (JSON), ``OutId``;
- ``percent_encode``: RFC 3986, UTF-8, only ``A–Z a–z 0–9 - _ . ~`` left as they are (so a
  space is ``%20``, ``*`` is ``%2A``);
- ``StringToSign = METHOD + "&" + percent_encode("/") + "&" + percent_encode(canonical)``,
  where ``canonical`` joins ``percent_encode(name)=percent_encode(value)`` with ``&``, names
  sorted, ``Signature`` itself left out;
- ``Signature = Base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign))``.

The answer is JSON: ``{"Code": "OK", "Message": "OK", "BizId": "…", "RequestId": "…"}`` or
another ``Code``; what each code means for a retry is in ``notifications.sms_codes``.

Length (短信发送规则, https://help.aliyun.com/zh/sms/user-guide/message-rules): the signature
with the 【】 the platform adds counts, so ``【签名】`` + the filled-in template must be at most
70 characters to be one SMS (longer ones are billed per 67). When the template's text is
configured next to its code, ``send`` refuses a longer message before anything is sent.
"""

import base64
import hashlib
import hmac
import json
import logging
import re
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from types import TracebackType
from typing import Self
from urllib.parse import quote

import httpx

from mechanism.mobile import BadMobile, normalize_mobile
from notifications.channel_message import SmsMessage
from notifications.sms_codes import refusal
from notifications.transports import TransportError

DEFAULT_ENDPOINT = "https://dysmsapi.aliyuncs.com/"
API_VERSION = "2017-05-25"
ONE_SMS = 70  # characters, signature and its 【】 included

_VARIABLE = re.compile(r"\$\{([^}]*)\}")
log = logging.getLogger(__name__)


class SmsTooLong(ValueError):
    """The filled-in message would be more than one SMS, or the template lacks a value."""


def sms_text(template: str, params: Mapping[str, str], *, sign_name: str = "") -> str:
    """The text the phone shows: ``【sign_name】`` and ``template`` with its ``${name}``
    variables filled from ``params``. Raises ``SmsTooLong`` when a variable has no value or
    the whole is over 70 characters, naming which and by how much."""
    missing = sorted({name for name in _VARIABLE.findall(template) if name not in params})
    if missing:
        raise SmsTooLong(f"the template needs {', '.join(missing)}, which the message lacks")
    body = _VARIABLE.sub(lambda match: str(params[match.group(1)]), template)
    text = f"【{sign_name}】{body}" if sign_name else body
    if len(text) > ONE_SMS:
        raise SmsTooLong(
            f"{len(text)} characters with the signature 【{sign_name}】, more than the "
            f"{ONE_SMS} of one SMS: shorten the values ({', '.join(sorted(params))})"
        )
    return text


def percent_encode(text: str) -> str:
    """RFC 3986 percent-encoding as the signature needs it (UTF-8; ``-_.~`` unreserved)."""
    return quote(text, safe="~")


def string_to_sign(method: str, params: Mapping[str, str]) -> str:
    canonical = "&".join(
        f"{percent_encode(name)}={percent_encode(params[name])}"
        for name in sorted(params)
        if name != "Signature"
    )
    return f"{method.upper()}&{percent_encode('/')}&{percent_encode(canonical)}"


def sign(method: str, params: Mapping[str, str], access_key_secret: str) -> str:
    """The ``Signature`` of a request with ``params`` (signature version 1.0, HMAC-SHA1)."""
    digest = hmac.new(
        f"{access_key_secret}&".encode(), string_to_sign(method, params).encode(), hashlib.sha1
    ).digest()
    return base64.b64encode(digest).decode("ascii")


class AliyunSms:
    """An ``SmsTransport``: one ``SendSms`` call per message, each on a new connection.

    No keep-alive on purpose: a pooled connection the server has closed fails only when the
    next request is written, which looks exactly like "sent, answer lost". With a fresh
    connection, a failure to connect is known to be before sending (transient, retried) and a
    failure after it is ``unknown`` (never re-sent automatically: the office decides).

    ``templates`` maps a template code to its approved text (``"请于${due}前报送${title}"``),
    so a message is checked against the one-SMS length before it is sent; a code without text
    is sent unchecked. ``clock`` gives the request's ``Timestamp`` (the tests fix it).
    """

    def __init__(
        self,
        access_key_id: str,
        access_key_secret: str,
        sign_name: str,
        *,
        endpoint: str = DEFAULT_ENDPOINT,
        region: str = "cn-hangzhou",
        templates: Mapping[str, str] | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        nonce: Callable[[], str] = lambda: str(uuid.uuid4()),
        timeout: float = 10.0,
    ) -> None:
        if not (access_key_id and access_key_secret and sign_name):
            raise ValueError("Aliyun SMS needs an AccessKey id, its secret and a sign name")
        if httpx.URL(endpoint).scheme not in ("http", "https"):
            raise ValueError(f"Aliyun SMS endpoint {endpoint!r} is not an http(s) URL")
        self.access_key_id = access_key_id
        self._secret = access_key_secret
        self.sign_name = sign_name
        self.endpoint = endpoint
        self.region = region
        self.templates = dict(templates or {})
        self._clock = clock
        self._nonce = nonce
        # The SendSms reference asks for a timeout of at least 1 s; connecting gets its own.
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            limits=httpx.Limits(max_keepalive_connections=0),
            follow_redirects=False,
        )

    def __repr__(self) -> str:  # the secret never; the key id only as its first characters
        return (
            f"AliyunSms(access_key_id={self.access_key_id[:4]}…, sign_name={self.sign_name!r}, "
            f"endpoint={self.endpoint!r})"
        )

    def send(self, message: SmsMessage) -> None:
        params = self._request_params(message)
        try:
            response = self._client.post(self.endpoint, data=params)
        except _BEFORE_SENDING as error:
            # Nothing was sent: retrying is safe.
            raise TransportError(f"{self._where}: cannot connect: {_reason(error)}") from error
        except httpx.TransportError as error:
            # Written (or being written) and then the answer was lost: it may have gone out.
            raise TransportError(
                f"{self._where}: SMS {message.out_id or '(no OutId)'} to "
                f"{_masked(params['PhoneNumbers'])} "
                f"was sent but its answer was lost ({_reason(error)}); it may have been "
                "delivered, so it is not re-sent: check the vendor's send records",
                unknown=True,
            ) from error
        answer = _answer(response)
        code = str(answer.get("Code", ""))
        if code == "OK":
            log.info(
                "SMS %s to %s accepted, BizId %s",
                message.out_id, _masked(params["PhoneNumbers"]), answer.get("BizId"),
            )  # fmt: skip
            return
        raise refusal(
            code,
            str(answer.get("Message", "")),
            request_id=str(answer.get("RequestId", "")),
            where=self._where,
            now=self._clock(),
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def _where(self) -> str:
        return f"Aliyun SMS {self.endpoint}"

    def _request_params(self, message: SmsMessage) -> dict[str, str]:
        """The signed form of one SendSms call; refusals found here happen before sending."""
        try:
            phone = normalize_mobile(message.phone)
        except BadMobile as error:
            raise TransportError(f"{self._where}: {error}", permanent=True) from error
        template = self.templates.get(message.template_code)
        if template is not None:
            try:
                sms_text(template, message.params, sign_name=self.sign_name)
            except SmsTooLong as error:
                raise TransportError(
                    f"{self._where}: template {message.template_code}: {error}", permanent=True
                ) from error
        params = {
            "AccessKeyId": self.access_key_id,
            "Action": "SendSms",
            "Format": "JSON",
            "RegionId": self.region,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": self._nonce(),
            "SignatureVersion": "1.0",
            "Timestamp": self._clock().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": API_VERSION,
            "PhoneNumbers": phone,
            "SignName": self.sign_name,
            "TemplateCode": message.template_code,
            "TemplateParam": json.dumps(dict(message.params), ensure_ascii=False),
        }
        if message.out_id:
            params["OutId"] = message.out_id
        params["Signature"] = sign("POST", params, self._secret)
        return params


# The failures that happen before a byte of the request has left: no connection, no room in
# the pool, a proxy that refused, a request httpx would not write. Every other httpx
# TransportError (read or write errors and time-outs, the server hanging up) may come after
# the vendor had the request.
_BEFORE_SENDING = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.ProxyError,
    httpx.UnsupportedProtocol,
    httpx.LocalProtocolError,
)


def _answer(response: httpx.Response) -> dict[str, object]:
    """The JSON answer; a body that is none becomes a code ``refusal`` treats as transient."""
    try:
        answer = response.json()
    except ValueError:
        answer = None
    if isinstance(answer, dict):
        return answer
    return {"Code": f"HTTP {response.status_code}", "Message": response.text[:200]}


def _masked(phone: str) -> str:
    """138****0000: enough for the office to recognise, not a list of numbers in the logs."""
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 8 else "****"


def _reason(error: Exception) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
