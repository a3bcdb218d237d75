"""A real IMAP server for the reply tests and bench/replies.py: Debian's dovecot (package
dovecot-imapd), started on 127.0.0.1 with a throwaway configuration — one user in a
passwd-file, maildir under a temporary directory, plain-text login without TLS on a free
port — and stopped by its pid. Mail goes into the mailbox with IMAP APPEND, as a mail server
would put it.
"""

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from imapclient import IMAPClient

from services.replies import MailboxConfig

USER, PASSWORD = "chainops", "imap-test-password"
DOVECOT_PATHS = ("/usr/sbin/dovecot", "/usr/local/sbin/dovecot")


@dataclass(frozen=True)
class ImapServer:
    host: str
    port: int
    user: str
    password: str

    def config(self, **changes: object) -> MailboxConfig:
        values: dict[str, object] = {
            "host": self.host, "port": self.port, "security": "none",
            "user": self.user, "password": self.password, "timeout": 10.0,
        }  # fmt: skip
        values.update(changes)
        return MailboxConfig(**values)  # type: ignore[arg-type]

    def client(self) -> IMAPClient:
        client = IMAPClient(self.host, port=self.port, ssl=False, timeout=10)
        client.login(self.user, self.password)
        return client

    def append(self, *messages: bytes, folder: str = "INBOX") -> None:
        client = self.client()
        try:
            for message in messages:
                client.append(folder, message)
        finally:
            client.logout()

    def count(self, folder: str) -> int:
        client = self.client()
        try:
            if not client.folder_exists(folder):
                return 0
            return int(client.folder_status(folder, [b"MESSAGES"])[b"MESSAGES"])
        finally:
            client.logout()

    def empty(self) -> None:
        """Every folder emptied, the done folder removed: each test starts from a bare inbox."""
        client = self.client()
        try:
            for _flags, _separator, name in client.list_folders():
                client.select_folder(name)
                client.delete_messages(client.search("ALL"))
                client.expunge()
                client.unselect_folder()
                if name.upper() != "INBOX":
                    client.delete_folder(name)
        finally:
            client.logout()


def dovecot_binary() -> str | None:
    found = shutil.which("dovecot")
    if found:
        return found
    return next((path for path in DOVECOT_PATHS if Path(path).is_file()), None)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _configuration(root: Path, port: int) -> str:
    """A dovecot.conf of its own: nothing of the system's configuration is read."""
    if os.geteuid() == 0:
        # Mail is never accessed as root: the package's own unprivileged user owns the maildir.
        owner = pwd.getpwnam("dovecot")
        os.chown(root / "mail", owner.pw_uid, owner.pw_gid)
        users = ""
    else:
        # Without root every process is this user: dovecot's users cannot be switched to.
        me = pwd.getpwuid(os.geteuid()).pw_name
        owner = pwd.getpwuid(os.geteuid())
        users = (
            f"default_internal_user = {me}\ndefault_internal_group = {owner.pw_gid}\n"
            f"default_login_user = {me}\n"
        )
    return f"""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%u
first_valid_uid = 0
{users}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={owner.pw_uid} gid={owner.pw_gid} home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""


@contextmanager
def running_dovecot(binary: str) -> Iterator[ImapServer]:
    """dovecot started with a configuration of its own, stopped by its pid afterwards."""
    # Not under pytest's temporary folders: they are private to this user (0700), and dovecot's
    # own unprivileged processes must read the password file and write the maildir.
    root = Path(tempfile.mkdtemp(prefix="chainops-dovecot-"))
    root.chmod(0o755)
    for folder in ("run", "state", "mail"):
        (root / folder).mkdir()
    (root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    port = _free_port()
    conf = root / "dovecot.conf"
    conf.write_text(_configuration(root, port))
    # dovecot forks into the background; its output goes to its log, not to pipes it would
    # hold open (a captured run would wait for the daemon to end).
    started = subprocess.run(
        [binary, "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        timeout=30, check=False,
    )  # fmt: skip
    if started.returncode != 0:
        log = root / "dovecot.log"
        said = log.read_text()[-2000:] if log.exists() else "no log"
        raise RuntimeError(f"dovecot did not start ({started.returncode}): {said}")
    pid_file = root / "run" / "master.pid"
    server = ImapServer("127.0.0.1", port, USER, PASSWORD)
    try:
        _wait_until_listening(server, root)
        yield server
    finally:
        if pid_file.exists():
            pid = int(pid_file.read_text().split()[0])
            os.kill(pid, signal.SIGTERM)
            _wait_until_gone(pid)
        shutil.rmtree(root, ignore_errors=True)


def _wait_until_listening(server: ImapServer, root: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((server.host, server.port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    log = root / "dovecot.log"
    raise RuntimeError(f"dovecot did not listen on {server.port}: {log.read_text()[-2000:]}")


def _wait_until_gone(pid: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
