"""Transports: deliver one ``OutgoingEmail`` or raise ``TransportError``.

Two of them: ``FileTransport`` writes ``.eml`` files (development, demos, air-gapped offices) and
``SmtpTransport`` talks to a mail server through yagmail, the only module that imports it.

Like healthchecks' transports, each failure is one ``TransportError(message, permanent=...)``:
*permanent* means the server refused this message or recipient with a 5xx reply, so retrying
cannot help and the outbox row should become a dead letter; everything else (connection refused
or dropped, time-outs, 4xx replies, a failed login) is transient and retried with backoff. A failed
login is transient on purpose: it is a configuration fault that affects every message, and
someone fixing the password should not find the whole outbox dead-lettered.

What yagmail 0.16.0 does and why ``SmtpTransport`` uses only part of it (read in its source,
``yagmail/sender.py`` and ``yagmail/message.py``; see also stack-probe §7):

- ``Client.send()`` calls ``login()`` on every call, which opens a new connection and drops the
  old one without QUIT; at 10,000 notices that is 10,000 TCP (and TLS, and AUTH) handshakes.
- Its retry loop (``_attempt_send``) retries only on a dropped connection, sleeps 3 s, 6 s and
  9 s while holding the caller, then files the message in ``unsent`` and returns ``False``.
- Its message builder cannot produce what a notice needs: every text content goes into the
  HTML part wrapped in ``<div>`` (each ``\\n`` becoming ``<br>`` unless the content is a dict,
  list or DataFrame) *and* into the text/plain part, so our own plain-text body is impossible;
  the To header cannot carry a display name (a dict gives ``To: "张三"`` with no address, and
  ``"张三 <z@…>"`` is rejected); attachments must be file paths or file objects, and only
  ``application/*`` ones get ``Content-Disposition``, so an .ics arrives as an inline
  ``text/calendar`` part.

So yagmail owns the connection and the submission: ``yagmail.SMTP(...)`` with explicit
``smtp_ssl`` / ``smtp_starttls`` flags, ``login()`` once (connect, STARTTLS or TLS, AUTH with the
password we pass, never keyring or a getpass prompt), then each message — ``to_bytes``, the same
bytes the file transport writes — handed to yagmail's ``_attempt_send`` on that connection, and
``close()`` (QUIT) at the end. ``_attempt_send`` is yagmail's private name for the submission
``send()`` itself uses; we call it rather than smtplib because the design card sends all mail
through yagmail, and pin yagmail below 0.17 so it cannot move under us. One login serves every
message until ``close()``.
"""

import contextlib
import os
import re
import smtplib
import ssl
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Literal, Protocol, Self

import yagmail

from notifications.message import OutgoingEmail, to_bytes

Security = Literal["none", "starttls", "ssl"]
OUTBOX_HEADER = "X-Chainops-Outbox"  # the outbox row ids a message delivers, e.g. "12,13"


class TransportError(Exception):
    """A delivery that did not happen (or may not have).

    ``permanent``: retrying cannot help (a 5xx reply, a refused signature): a dead letter.
    ``retry_after``: the service asked for a pause (a robot over its rate limit): wait at least
    this many seconds before the next try on that channel. ``unknown``: the request went out
    but its answer was lost, so it may have been delivered; a channel that is not idempotent
    (SMS) must not re-send it on its own — the office decides.
    """

    def __init__(
        self,
        message: str,
        *,
        permanent: bool = False,
        retry_after: float | None = None,
        unknown: bool = False,
    ) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.retry_after = retry_after
        self.unknown = unknown


class Transport(Protocol):
    def send(self, email: OutgoingEmail) -> None:
        """Deliver one message, or raise ``TransportError``."""

    def close(self) -> None:
        """Release the connection, if any. The transport may be used again afterwards."""


class FileTransport:
    """Writes each message as an ``.eml`` file (RFC 5322, CRLF) in ``directory``.

    Names sort by the message's date and never collide:
    ``20261130T003000.123456Z-outbox-12-13-<8 hex>.eml``
    (UTC, then the outbox ids when the message carries them, then a random part). The file is
    written under a dot-name and renamed into place, so a reader never sees half a message.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def send(self, email: OutgoingEmail) -> None:
        # Named and dated by the sending run's clock, so a replayed month (the demo) writes
        # files dated on the days it replays, in that order.
        now = email.date or datetime.now(UTC)
        data = to_bytes(email, date=now)
        path = self.directory / _eml_name(now, email)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            _write_atomically(path, data)
        except OSError as error:
            raise TransportError(f"cannot write {path}: {error}") from error

    def close(self) -> None:
        pass


class SmtpTransport:
    """Sends through yagmail over one SMTP connection, reused until ``close()``.

    If the server dropped the connection since the last message (idle time-out, restart), it
    reconnects once and resubmits; a message whose connection dropped mid-DATA may therefore
    arrive twice, with the same Message-ID (at-least-once, like every retry).

    ``user`` is the login name; ``None`` means the server wants no AUTH. ``sender`` is the
    envelope sender (MAIL FROM, where bounces go). Not thread-safe: one per worker.
    """

    def __init__(
        self,
        *,
        host: str,
        port: int,
        security: Security,
        user: str | None,
        password: str | None,
        sender: str,
        timeout: float = 30,
        tls_context: ssl.SSLContext | None = None,
    ) -> None:
        if user is not None and password is None:
            # yagmail would ask keyring, then prompt on the terminal: a hung worker.
            raise ValueError(f"SMTP user {user!r} given without a password")
        if "@" not in sender:
            raise ValueError(f"SMTP sender {sender!r} is not an email address")
        # smtplib's own default for STARTTLS and SMTPS is an *unverified* context.
        context = tls_context or ssl.create_default_context()
        login = user if user is not None else sender
        self._login_name = login
        self.host, self.port, self.sender = host, port, sender
        self.connections = 0  # logins made so far; the benchmark and the tests read it
        self._connected = False
        self._yag = yagmail.SMTP(
            # The dict form {address: alias} is taken verbatim. A plain string without "@"
            # would get "@gmail.com" appended, breaking login names like "chainops".
            user={login: login},
            password=password if user is not None else None,
            host=host,
            port=port,
            smtp_ssl=security == "ssl",
            # False, not None: None means "STARTTLS unless smtp_ssl", which fails on plain servers.
            smtp_starttls={"context": context} if security == "starttls" else False,
            smtp_skip_login=user is None,
            soft_email_validation=False,  # a login name need not look like an address
            timeout=timeout,  # passed on to smtplib.SMTP / SMTP_SSL
            **({"context": context} if security == "ssl" else {}),
        )

    def send(self, email: OutgoingEmail) -> None:
        # MIME-encoded, so 7-bit: the text smtplib would make of it anyway.
        data = to_bytes(email).decode("ascii")
        self._ensure_connected()
        try:
            # yagmail's own submission routine (the design card: no smtplib calls of ours).
            # On a dropped connection it logs in again and resubmits, waiting 3 s then 6 s,
            # and returns False when it gives up; every other refusal is raised to us.
            result = self._yag._attempt_send([email.to], data)
        except (smtplib.SMTPException, OSError) as error:
            if not _connection_survives(error):
                self._disconnect()
            raise _refusal(error, self._where) from error
        if result is False:
            self._yag.unsent.clear()  # our outbox keeps the message and retries it
            self._disconnect()
            raise TransportError(f"{self._where}: connection dropped and did not come back")
        if result:  # only when some of several recipients were refused; we send to one
            raise _refusal(smtplib.SMTPRecipientsRefused(result), self._where)

    def close(self) -> None:
        if self._connected:
            self._disconnect()

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
        return f"SMTP {self.host}:{self.port}"

    def _ensure_connected(self) -> None:
        if self._connected:
            return
        try:
            # yagmail logs in as ``user`` and submits with ``user`` as MAIL FROM: log in with the
            # login name, then let the envelope carry the sender's address (bounces go there).
            self._yag.user = self._login_name
            self._yag.login()  # connect, STARTTLS or TLS, AUTH unless smtp_skip_login
            self._yag.user = self.sender
        except (smtplib.SMTPException, OSError) as error:
            self._disconnect()
            raise TransportError(f"{self._where}: cannot connect or log in: {error}") from error
        self._connected = True
        self.connections += 1

    def _disconnect(self) -> None:
        self._connected = False
        with contextlib.suppress(smtplib.SMTPException, OSError):
            self._yag.close()  # QUIT if the connection is still there


def make_transport(
    *,
    kind: Literal["file", "smtp"],
    outbox_dir: Path,
    host: str,
    port: int,
    security: Security,
    user: str | None,
    password: str | None,
    sender: str,
    timeout: float = 30,
) -> Transport:
    """The transport the settings ask for (``CHAINOPS_EMAIL_TRANSPORT``)."""
    if kind == "file":
        return FileTransport(outbox_dir)
    return SmtpTransport(
        host=host,
        port=port,
        security=security,
        user=user,
        password=password,
        sender=sender,
        timeout=timeout,
    )


def _refusal(error: Exception, where: str) -> TransportError:
    """A failed SMTP transaction as a TransportError: 5xx replies are permanent."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        replies = error.recipients.values()
        detail = "; ".join(
            f"{address} {code} {_text(message)}"
            for address, (code, message) in error.recipients.items()
        )
        permanent = bool(replies) and all(_is_permanent(code) for code, _ in replies)
        return TransportError(f"{where}: recipient refused: {detail}", permanent=permanent)
    if isinstance(error, smtplib.SMTPResponseException):  # MAIL FROM, DATA and the rest
        return TransportError(
            f"{where}: {error.smtp_code} {_text(error.smtp_error)}",
            permanent=_is_permanent(error.smtp_code),
        )
    return TransportError(f"{where}: {type(error).__name__}: {error}")


def _is_permanent(code: int) -> bool:
    return 500 <= code < 600


def _connection_survives(error: Exception) -> bool:
    """After a refusal smtplib sends RSET and the session goes on; 421 means the server is
    closing it, and anything else (a socket error) leaves it in an unknown state."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code != 421 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code != 421
    return False


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply


def _eml_name(now: datetime, email: OutgoingEmail) -> str:
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    outbox = re.sub(r"[^0-9A-Za-z]+", "-", email.headers.get(OUTBOX_HEADER, "")).strip("-")
    tag = f"-outbox-{outbox[:60]}" if outbox else ""
    return f"{stamp}{tag}-{uuid.uuid4().hex[:8]}.eml"


def _write_atomically(path: Path, data: bytes) -> None:
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
