"""The reply tests' IMAP server: dovecot (tests/replies/dovecot.py), once per test session.

Without dovecot the tests are skipped, saying why; under CI (CI=true) they fail instead, since
.ci/run installs it.
"""

import os
from collections.abc import Iterator

import pytest

from tests.replies.dovecot import ImapServer, dovecot_binary, running_dovecot

__all__ = ["ImapServer"]


@pytest.fixture(scope="session")
def imap_server() -> Iterator[ImapServer]:
    binary = dovecot_binary()
    if binary is None:
        reason = "dovecot is not installed (apt-get install dovecot-imapd): no IMAP server"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI must run the reply tests")
        pytest.skip(reason)
    with running_dovecot(binary) as server:
        yield server


@pytest.fixture
def imap(imap_server: ImapServer) -> ImapServer:
    """The server with an empty mailbox."""
    imap_server.empty()
    return imap_server
