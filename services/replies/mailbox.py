"""The progress mailbox over IMAP (imapclient): read what waits in the folder, file what was
handled into the done folder.

One connection per collecting run. Messages are fetched by UID in chunks with ``BODY.PEEK[]``,
so reading marks nothing as seen: a run that stops half-way leaves the rest as they were. A
handled message is moved (IMAP MOVE, RFC 6851, or COPY, then delete and UID EXPUNGE where the
server lacks it) into the done folder, created on first use.
"""

import contextlib
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError

FETCH_CHUNK = 100  # messages per FETCH: a few MB at most, and few round trips


class MailboxError(Exception):
    """The mailbox cannot be reached or refused a command; the message names host and step."""


@dataclass(frozen=True)
class MailboxConfig:
    host: str
    port: int
    security: Literal["none", "starttls", "ssl"]
    user: str
    password: str
    folder: str = "INBOX"
    done_folder: str = "chainops-done"
    timeout: float = 30.0
    ssl_context: ssl.SSLContext | None = None  # None: the system's trusted CAs

    def __repr__(self) -> str:  # never the password, in a log or a traceback
        return (
            f"MailboxConfig({self.user}@{self.host}:{self.port}, {self.security}, "
            f"{self.folder} → {self.done_folder})"
        )


class Mailbox:
    """An open, logged-in connection with the folder selected; use it as a context manager."""

    def __init__(self, config: MailboxConfig) -> None:
        self.config = config
        self._client: IMAPClient | None = None

    def __enter__(self) -> "Mailbox":
        config = self.config
        where = f"IMAP {config.host}:{config.port}"
        context = config.ssl_context or ssl.create_default_context()
        try:
            client = IMAPClient(
                config.host,
                port=config.port,
                ssl=config.security == "ssl",
                ssl_context=context if config.security == "ssl" else None,
                timeout=config.timeout,
            )
        except (OSError, IMAPClientError) as error:
            raise MailboxError(f"{where}: cannot connect: {error}") from error
        try:
            if config.security == "starttls":
                client.starttls(context)
            client.login(config.user, config.password)
            client.select_folder(config.folder)
            if not client.folder_exists(config.done_folder):
                client.create_folder(config.done_folder)
        except (OSError, IMAPClientError) as error:
            _quietly_logout(client)
            raise MailboxError(f"{where} as {config.user}: {_said(error)}") from error
        self._client = client
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            _quietly_logout(self._client)
            self._client = None

    @property
    def client(self) -> IMAPClient:
        if self._client is None:
            raise MailboxError("the mailbox is not open")
        return self._client

    def waiting(self) -> list[int]:
        """The UIDs of every message in the folder, oldest first."""
        return sorted(int(uid) for uid in self._call("SEARCH", self.client.search, "ALL"))

    def fetch(self, uids: list[int]) -> Iterator[tuple[int, bytes]]:
        """Each message's raw bytes, in chunks, without setting \\Seen."""
        for start in range(0, len(uids), FETCH_CHUNK):
            chunk = uids[start : start + FETCH_CHUNK]
            found = self._call("FETCH", self.client.fetch, chunk, ["BODY.PEEK[]"])
            for uid in chunk:
                data = found.get(uid, {})
                raw = data.get(b"BODY[]")
                if isinstance(raw, bytes):
                    yield uid, raw

    def file(self, uids: list[int]) -> None:
        """Move ``uids`` into the done folder."""
        if not uids:
            return
        client = self.client
        done = self.config.done_folder
        if client.has_capability("MOVE"):
            self._call("MOVE", client.move, uids, done)
            return
        self._call("COPY", client.copy, uids, done)
        self._call("STORE", client.delete_messages, uids)
        if client.has_capability("UIDPLUS"):
            self._call("UID EXPUNGE", client.uid_expunge, uids)
        else:
            self._call("EXPUNGE", client.expunge)

    def _call(self, step: str, command: Any, *args: Any) -> Any:
        try:
            return command(*args)
        except (OSError, IMAPClientError) as error:
            raise MailboxError(
                f"IMAP {self.config.host}:{self.config.port} {step}: {_said(error)}"
            ) from error


def _said(error: BaseException) -> str:
    return str(error) or type(error).__name__


def _quietly_logout(client: IMAPClient) -> None:
    with contextlib.suppress(OSError, IMAPClientError):  # it is going away either way
        client.logout()
