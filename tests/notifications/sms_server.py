"""A loopback server speaking Aliyun SMS's ``SendSms`` (RPC, 2017-05-25), one per test.

    def test_it_sends(sms_server):
        sms = AliyunSms(KEY_ID, SECRET, "聊城链长办", endpoint=sms_server.url)
        sms.send(SmsMessage("13800000000", "SMS_1", {"title": "…"}, out_id="12"))
        assert sms_server.requests[0]["OutId"] == "12"

It checks each request as Aliyun does — the common parameters, a known AccessKeyId, a nonce
never used before, and the signature, recomputed here with the documented recipe (the Java
``URLEncoder`` encoding with ``+``, ``*`` and ``%7E`` fixed up) and the secret it knows — and
answers in Aliyun's JSON (HTTP 400 for a bad signature, like the real one). It records every
request it read (``requests``: the form fields, ``Signature`` included). A test queues what
the next answers are:

    sms_server.answer("isv.BUSINESS_LIMIT_CONTROL", "触发天级流控Permits:10")
    sms_server.answer("drop")    # read the request, then hang up without a word
    sms_server.answer("stall")   # read the request, then say nothing for ``stall_seconds``

and answers ``OK`` (with a ``BizId``) once the queue is empty.
"""

import base64
import hashlib
import hmac
import json
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, quote_plus

import pytest

KEY_ID = "LTAItest0000key"
SECRET = "test-secret-never-printed"

_COMMON = (
    "AccessKeyId",
    "Action",
    "Format",
    "SignatureMethod",
    "SignatureNonce",
    "SignatureVersion",
    "Timestamp",
    "Version",
)


def documented_encode(text: str) -> str:
    """percentEncode as the signature documentation writes it: the form encoding with three
    fixes (a different road to RFC 3986 than the transport's ``quote``)."""
    return (
        quote_plus(text, encoding="utf-8")
        .replace("+", "%20")
        .replace("*", "%2A")
        .replace("%7E", "~")
    )


def documented_signature(method: str, params: dict[str, str], secret: str) -> str:
    pairs = sorted((k, v) for k, v in params.items() if k != "Signature")
    canonical = "&".join(f"{documented_encode(k)}={documented_encode(v)}" for k, v in pairs)
    text = f"{method}&{documented_encode('/')}&{documented_encode(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), text.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class SmsServer:
    def __init__(self, *, secret: str = SECRET, key_id: str = KEY_ID) -> None:
        self.secret, self.key_id = secret, key_id
        self.requests: list[dict[str, str]] = []
        self.stall_seconds = 2.0
        self._answers: list[tuple[str, str]] = []
        self._nonces: set[str] = set()
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/"

    def answer(self, code: str, message: str = "") -> None:
        with self._lock:
            self._answers.append((code, message or code))

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def reply_to(self, method: str, params: dict[str, str]) -> tuple[int, dict[str, Any] | str]:
        """The status and JSON answer for one request, or "drop" / "stall"."""
        request_id = str(uuid.uuid4()).upper()
        with self._lock:
            self.requests.append(params)
            missing = [name for name in _COMMON if not params.get(name)]
            if missing:
                return 400, _error(f"Missing{missing[0]}", f"{missing[0]} is mandatory", request_id)
            if params["AccessKeyId"] != self.key_id:
                return 404, _error("InvalidAccessKeyId.NotFound", "no such key", request_id)
            if params["Signature"] != documented_signature(method, params, self.secret):
                return 400, _error(
                    "SignatureDoesNotMatch",
                    "Specified signature is not matched with our calculation.",
                    request_id,
                )
            if params["SignatureNonce"] in self._nonces:
                return 400, _error("SignatureNonceUsed", "nonce used", request_id)
            self._nonces.add(params["SignatureNonce"])
            code, message = self._answers.pop(0) if self._answers else ("OK", "OK")
        if code in ("drop", "stall"):
            return 0, code
        answer = _error(code, message, request_id)
        if code == "OK":
            answer["BizId"] = f"{len(self.requests)}^0"
        return 200, answer


def _error(code: str, message: str, request_id: str) -> dict[str, Any]:
    return {"Code": code, "Message": message, "RequestId": request_id}


def _handler(server: SmsServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8")
            status, answer = server.reply_to("POST", dict(parse_qsl(body, keep_blank_values=True)))
            if answer == "drop":
                self.close_connection = True
                return  # the request was read; the answer never comes
            if answer == "stall":
                time.sleep(server.stall_seconds)
                self.close_connection = True
                return
            data = json.dumps(answer, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json;charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def sms_server() -> Iterator[SmsServer]:
    server = SmsServer()
    yield server
    server.stop()
