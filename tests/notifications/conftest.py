"""A real SMTP server for notification tests: aiosmtpd on 127.0.0.1, one per test.

    def test_it_delivers(smtp_server):
        transport = SmtpTransport(host=smtp_server.host, port=smtp_server.port, security="none", …)
        transport.send(email)
        assert smtp_server.messages[0]["Subject"] == "…"

The server records every accepted message (envelope and raw bytes, and the bytes parsed with
``policy.default``) and counts the SMTP sessions (EHLO/HELO), so a test can check that one
connection served many messages. A test switches its behaviour with ``mode``:

    smtp_server.mode("refuse", code=550, at="rcpt")   # or code=451, at="data"; until changed
    smtp_server.mode("drop", times=2)                  # hang up during DATA, for two messages
    smtp_server.mode("accept")
    smtp_server.mode("accept", delay=0.5)               # a slow relay: 0.5 s per DATA
    smtp_server.drop_connections()                     # hang up on idle clients (idle time-out)
    smtp_server.stop(); smtp_server.start()            # down, then back on the same port

``make_smtp_server(logins={"name": "password"})`` gives a server that also offers AUTH
PLAIN/LOGIN (without TLS, as a local test server may) and records who logged in (``.logins``).
``make_smtp_server(tls="starttls" or "ssl", certificate=tls_certificate)`` speaks TLS with a
self-signed certificate for 127.0.0.1; ``tls_certificate.client_context()`` trusts it.
"""

import asyncio
import email
import ipaddress
import socket
import ssl
import threading
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Literal, cast

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from tests.notifications.robot_servers import dingtalk_server, wecom_server

__all__ = ["dingtalk_server", "wecom_server"]  # the loopback robot endpoints

Behaviour = Literal["accept", "refuse", "drop"]


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    raw: bytes  # as received, CRLF line ends
    message: EmailMessage
    tls: bool  # the session was encrypted (STARTTLS or implicit TLS)


@dataclass
class _Mode:
    behaviour: Behaviour = "accept"
    code: int = 550
    at: Literal["rcpt", "data"] = "data"
    times: int | None = None  # messages left to affect; None: until changed
    delay: float = 0.0  # seconds each DATA takes before the reply (a slow relay)


class _Handler:
    """aiosmtpd hooks (run on the server's event-loop thread)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.mode = _Mode()
        self.received: list[Received] = []
        self.sessions = 0
        self.logins: list[str] = []
        self._greeted: weakref.WeakSet[SMTP] = weakref.WeakSet()  # EHLO again after STARTTLS

    async def handle_EHLO(
        self, server: SMTP, session: Session, envelope: Envelope, hostname: str, responses: Any
    ) -> Any:
        session.host_name = hostname  # the new-style hook must record it itself
        self._count_session(server)
        return responses

    async def handle_HELO(
        self, server: SMTP, session: Session, envelope: Envelope, hostname: str
    ) -> str:
        session.host_name = hostname
        self._count_session(server)
        return f"250 {server.hostname}"

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if self._affects("rcpt"):
            return _refusal(self.mode.code, "mailbox unavailable")
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        with self.lock:
            dropping = self.mode.behaviour == "drop" and self._take_one()
            delay = self.mode.delay
        if delay:
            await asyncio.sleep(delay)  # other sessions go on meanwhile
        if dropping:
            assert server.transport is not None
            server.transport.abort()  # no reply: the client sees the connection vanish
            return "421 4.4.2 connection dropped"  # never arrives
        if self._affects("data"):
            return _refusal(self.mode.code, "message refused")
        raw = cast(bytes, envelope.original_content)
        message = cast(EmailMessage, email.message_from_bytes(raw, policy=policy.default))
        assert server.transport is not None
        tls = server.transport.get_extra_info("ssl_object") is not None
        with self.lock:
            self.received.append(
                Received(str(envelope.mail_from), tuple(envelope.rcpt_tos), raw, message, tls)
            )
        return "250 2.0.0 OK"

    def _count_session(self, server: SMTP) -> None:
        with self.lock:
            if server not in self._greeted:
                self._greeted.add(server)
                self.sessions += 1

    def _affects(self, stage: Literal["rcpt", "data"]) -> bool:
        with self.lock:
            return self.mode.behaviour == "refuse" and self.mode.at == stage and self._take_one()

    def _take_one(self) -> bool:
        if self.mode.times is None:
            return True
        if self.mode.times <= 0:
            self.mode = _Mode()
            return False
        self.mode.times -= 1
        return True


class _Authenticator:
    def __init__(self, handler: _Handler, passwords: dict[str, str]) -> None:
        self.handler = handler
        self.passwords = passwords

    def __call__(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        if not isinstance(data, LoginPassword):
            return AuthResult(success=False, handled=False)
        login, password = data.login.decode(), data.password.decode()
        if self.passwords.get(login) != password:
            return AuthResult(success=False, handled=False)
        with self.handler.lock:
            self.handler.logins.append(login)
        return AuthResult(success=True)


class _TrackingController(Controller):
    """Remembers each connection's protocol so the test can hang up on clients."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.protocols: list[SMTP] = []

    def factory(self) -> SMTP:
        protocol = super().factory()
        self.protocols.append(protocol)
        return cast(SMTP, protocol)

    def hang_up_on_clients(self) -> None:
        async def close_all() -> None:
            for protocol in self.protocols:
                if protocol.transport is not None:
                    protocol.transport.close()
            await asyncio.sleep(0.01)  # let connection_lost run

        asyncio.run_coroutine_threadsafe(close_all(), self.loop).result(timeout=5)


@dataclass(frozen=True)
class TlsCertificate:
    """A self-signed certificate for 127.0.0.1 and localhost."""

    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, self.key)
        return context

    def client_context(self) -> ssl.SSLContext:
        """A verifying client context that trusts this certificate (and nothing else)."""
        return ssl.create_default_context(cafile=str(self.cert))


class SmtpServer:
    def __init__(
        self,
        host: str = "127.0.0.1",
        *,
        logins: dict[str, str] | None = None,
        tls: Literal["starttls", "ssl"] | None = None,
        certificate: TlsCertificate | None = None,
    ) -> None:
        self.host = host
        self.port = _free_port(host)
        self._handler = _Handler()
        self._options: dict[str, Any] = {}
        if logins is not None:
            self._options["authenticator"] = _Authenticator(self._handler, logins)
            self._options["auth_require_tls"] = False
        if tls is not None:
            assert certificate is not None, "a TLS server needs the tls_certificate fixture"
            if tls == "starttls":
                self._options["tls_context"] = certificate.server_context()
                self._options["require_starttls"] = True
            else:
                self._options["ssl_context"] = certificate.server_context()
        self._controller: _TrackingController | None = None

    @property
    def received(self) -> list[Received]:
        with self._handler.lock:
            return list(self._handler.received)

    @property
    def messages(self) -> list[EmailMessage]:
        return [item.message for item in self.received]

    @property
    def raw(self) -> list[bytes]:
        return [item.raw for item in self.received]

    @property
    def envelopes(self) -> list[tuple[str, tuple[str, ...]]]:
        return [(item.mail_from, item.rcpt_tos) for item in self.received]

    @property
    def logins(self) -> list[str]:
        """The login names that authenticated, one per successful AUTH."""
        with self._handler.lock:
            return list(self._handler.logins)

    @property
    def connections(self) -> int:
        """SMTP sessions opened so far (counted at EHLO/HELO)."""
        with self._handler.lock:
            return self._handler.sessions

    def mode(
        self,
        behaviour: Behaviour,
        *,
        code: int = 550,
        at: Literal["rcpt", "data"] = "data",
        times: int | None = None,
        delay: float = 0.0,
    ) -> None:
        """Accept, refuse (with ``code`` at RCPT or DATA) or drop the connection during DATA,
        for the next ``times`` messages (``None``: until changed), then accept again; each
        DATA waits ``delay`` seconds before its reply."""
        with self._handler.lock:
            self._handler.mode = _Mode(behaviour, code, at, times, delay)

    def clear(self) -> None:
        with self._handler.lock:
            self._handler.received.clear()

    def drop_connections(self) -> None:
        """Hang up on every connected client, as a server's idle time-out would."""
        if self._controller is not None:
            self._controller.hang_up_on_clients()

    def start(self) -> None:
        if self._controller is None:
            # A stopped aiosmtpd Controller has closed its loop: start a fresh one, same port.
            controller = _TrackingController(
                self._handler, hostname=self.host, port=self.port, **self._options
            )
            controller.start()
            self._controller = controller

    def stop(self) -> None:
        """Go down: hang up on clients (a stopped server's connections do not linger), stop
        listening. Connecting now gives 'connection refused'."""
        if self._controller is not None:
            self._controller.hang_up_on_clients()
            self._controller.stop()
            self._controller = None


@pytest.fixture
def make_smtp_server() -> Iterator[Callable[..., SmtpServer]]:
    """Start more servers, or ones with AUTH: ``make_smtp_server(logins={"bot": "pw"})``."""
    servers: list[SmtpServer] = []

    def make(**options: Any) -> SmtpServer:
        server = SmtpServer(**options)
        servers.append(server)
        server.start()
        return server

    yield make
    for server in servers:
        server.stop()


@pytest.fixture
def smtp_server(make_smtp_server: Callable[..., SmtpServer]) -> SmtpServer:
    return make_smtp_server()


@pytest.fixture(scope="session")
def tls_certificate(tmp_path_factory: pytest.TempPathFactory) -> TlsCertificate:
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "chainops test SMTP")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    directory = tmp_path_factory.mktemp("tls")
    files = TlsCertificate(cert=directory / "cert.pem", key=directory / "key.pem")
    files.cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    files.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return files


def _refusal(code: int, text: str) -> str:
    enhanced = f"{code // 100}.0.0"
    return f"{code} {enhanced} {text}"


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])
