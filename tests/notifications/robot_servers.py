"""Loopback servers that speak the WeCom and DingTalk group-robot protocols, as documented.

    def test_it_posts(wecom_server):
        robot = WeComRobot("KEY-1", base_url=wecom_server.url)
        robot.send(RobotMessage("标题", "正文"))
        assert wecom_server.received[0].body["msgtype"] == "markdown"

Each is a ``ThreadingHTTPServer`` on 127.0.0.1 (port chosen by the system) that records every
request (path, query, JSON body, when) and answers as the vendor would, with an ``errcode``
in a 200 answer:

- WeCom (``POST /cgi-bin/webhook/send?key=KEY``): an unknown key gets 93000; a markdown over
  4,096 bytes gets 45002; past 20 posts in a minute, 45009.
- DingTalk (``POST /robot/send?access_token=T&timestamp=T&sign=S``): an unknown token gets
  300001; a missing or wrong signature, a timestamp more than an hour off, or a text without
  one of the keywords gets 310000; past 20 posts in a minute, 90030.

A test makes the next answers something else with ``answer(errcode, errmsg, times=1)`` or
``answer_status(503)``, or hangs up without answering with ``drop()``. ``per_minute()``
counts the posts received in each minute of the server's clock.
"""

import base64
import hashlib
import hmac
import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest


@dataclass(frozen=True)
class Receipt:
    path: str
    query: dict[str, str]
    body: dict[str, Any]
    at: float  # time.time() when it arrived


@dataclass
class RobotServer:
    """What both vendors share; ``check`` is the vendor's own acceptance."""

    limit_per_minute: int = 20
    received: list[Receipt] = field(default_factory=list)
    _scripted: list[tuple[int, Any]] = field(default_factory=list)  # (HTTP status, answer)
    _drops: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _httpd: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._httpd is not None
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def answer(self, errcode: int, errmsg: str = "scripted", *, times: int = 1) -> None:
        with self._lock:
            self._scripted += [(200, {"errcode": errcode, "errmsg": errmsg})] * times

    def answer_status(self, status: int, *, times: int = 1) -> None:
        with self._lock:
            self._scripted += [(status, {"errcode": -1, "errmsg": "server error"})] * times

    def drop(self, *, times: int = 1) -> None:
        with self._lock:
            self._drops += times

    def per_minute(self) -> Counter[int]:
        """Posts received, by minute (``int(at // 60)``)."""
        with self._lock:
            return Counter(int(r.at // 60) for r in self.received)

    def check(self, query: dict[str, str], body: dict[str, Any], now: float) -> tuple[int, str]:
        raise NotImplementedError

    def over_limit(self, now: float) -> bool:
        recent = [r for r in self.received if now - r.at < 60]
        return len(recent) >= self.limit_per_minute

    def handle(self, path: str, query: dict[str, str], raw: bytes) -> tuple[int, Any] | None:
        now = time.time()
        with self._lock:
            if self._drops:
                self._drops -= 1
                return None
            try:
                body = json.loads(raw)
            except json.JSONDecodeError:
                return 200, {"errcode": 40058, "errmsg": "not json"}
            over = self.over_limit(now)
            self.received.append(Receipt(path, query, body, now))
            if self._scripted:
                return self._scripted.pop(0)
            code, message = self.check(query, body, now)
            if code == 0 and over:
                code, message = self.limit_code, "over the limit"
            return 200, {"errcode": code, "errmsg": message}

    limit_code = 0

    def start(self) -> None:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                reply = server.handle(parts.path, query, raw)
                if reply is None:  # hang up: the request went out, its answer is lost
                    self.close_connection = True
                    self.connection.close()
                    return
                status, answer = reply
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()


@dataclass
class WeComServer(RobotServer):
    keys: frozenset[str] = frozenset({"wecom-key-0001"})
    limit_code = 45009

    def check(self, query: dict[str, str], body: dict[str, Any], now: float) -> tuple[int, str]:
        if query.get("key") not in self.keys:
            return 93000, "invalid webhook url, hint: [1], more info at …/devtool/query?e=93000"
        kind = body.get("msgtype")
        if kind not in ("text", "markdown"):
            return 40008, "invalid message type"
        content = str(body.get(kind, {}).get("content", ""))
        if not content:
            return 44004, "empty content"
        limit = 4096 if kind == "markdown" else 2048
        if len(content.encode("utf-8")) > limit:
            return 45002, "content size exceed limit"
        return 0, "ok"


@dataclass
class DingTalkServer(RobotServer):
    tokens: frozenset[str] = frozenset({"ding-token-0001"})
    secret: str = "SECdingtalk-test-secret-0001"
    keywords: tuple[str, ...] = ()
    limit_code = 90030

    def check(self, query: dict[str, str], body: dict[str, Any], now: float) -> tuple[int, str]:
        if query.get("access_token") not in self.tokens:
            return 300001, "token is not exist"
        stamp, sign = query.get("timestamp", ""), query.get("sign", "")
        if not stamp.isdigit() or abs(int(stamp) / 1000 - now) > 3600:
            return 310000, "invalid timestamp"
        digest = hmac.new(
            self.secret.encode(), f"{stamp}\n{self.secret}".encode(), hashlib.sha256
        ).digest()
        if not hmac.compare_digest(sign, base64.b64encode(digest).decode()):
            return 310000, "sign not match"
        text = str(body.get("markdown", {}).get("text", ""))
        if self.keywords and not any(word in text for word in self.keywords):
            return 310000, "keywords not in content"
        return 0, "ok"


@pytest.fixture
def wecom_server() -> Iterator[WeComServer]:
    """A WeCom robot endpoint that knows the key ``wecom-key-0001``."""
    server = WeComServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def dingtalk_server() -> Iterator[DingTalkServer]:
    """A DingTalk robot endpoint: token ``ding-token-0001``, secret ``SECdingtalk-test-secret-0001``
    (set ``keywords`` on it to require one)."""
    server = DingTalkServer()
    server.start()
    yield server
    server.stop()
