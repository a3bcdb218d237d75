"""The scale-out deployment, for real: PostgreSQL, a Prefect server and two process workers.

Everything here is a child process started the way an operator would start it (DESIGN.md,
"Scheduling"; the comments at the top of prefect.yaml):

    prefect server start                             # its own PREFECT_HOME and SQLite database
    prefect work-pool create chainops --type process
    prefect --no-prompt deploy --all                 # prefect.yaml as it is in the checkout
    prefect worker start --pool chainops --type process --name w1   # and w2

The workers start outside the checkout, so the flows only load if the deployments' ``pull``
step (``set_working_directory: {{ $CHAINOPS_HOME }}``) works. Each process gets its own
process group and is stopped on teardown (SIGTERM, then SIGKILL), also when the test fails;
its output is printed on teardown, which pytest shows only for a failing test.

The server's scheduler is off: cron runs of the deployments must not join the runs the test
starts. Runs only when ``CHAINOPS_TEST_DATABASE_URL`` is a PostgreSQL URL (CI sets one); the
database there is emptied and rebuilt, so never point it at one you care about.
"""

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

import httpx
import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel

import models
from chainops import wiring
from models.db import make_engine
from tests.notifications.conftest import SmtpServer, make_smtp_server, smtp_server

__all__ = ["make_smtp_server", "smtp_server"]  # the real SMTP server the workers deliver to

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent  # the virtualenv's bin/: prefect and chainops
CITY = REPO / "chainops" / "demo" / "city.yaml"
POOL = "chainops"
WORKERS = ("w1", "w2")


def _next_working_day() -> date:
    """The first working day after today in the city (the office's calendar). A fresh import
    leaves every task due for the sweep *from the import on*, so the sweep must run after it:
    a fixed date stops working once the real clock passes it."""
    rules = wiring.engine_rules()
    return rules.calendar.add(rules.today(datetime.now(UTC)), 1)


# A working day after the import, when the demo city's ladders fire (its tasks fall due
# through the autumn): `chainops sweep --as-of` on a fresh import queues dozens of notices.
SWEEP_DAY = _next_working_day()
SWEEP_AS_OF = f"{SWEEP_DAY.isoformat()}T08:30:00+08:00"
DISPATCH_AS_OF = f"{SWEEP_DAY.isoformat()}T09:00:00+08:00"  # inside the send window, 08:30-18:00


@dataclass
class Child:
    """A process we started, in its own process group, its output going to a file."""

    name: str
    process: subprocess.Popen[bytes]
    log: Path
    _file: IO[bytes] = field(repr=False)

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it lingers, to its process group and to every process it
        started in a session of its own (a worker's flow runs), so nothing outlives the test."""
        pids = {self.process.pid, *_descendants(self.process.pid)}
        for sig, grace in ((signal.SIGTERM, 15.0), (signal.SIGKILL, 5.0)):
            if self.process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, sig)
            for pid in pids - {self.process.pid}:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=grace)
            pids = {pid for pid in pids if Path(f"/proc/{pid}").exists()}
            if not pids:
                break
        self._file.close()


def _descendants(pid: int) -> set[int]:
    """The processes below ``pid``, from /proc (Linux, as in CI)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


@dataclass(frozen=True)
class PrefectServer:
    api_url: str
    env: dict[str, str]  # what every prefect command needs: PREFECT_HOME, PREFECT_API_URL
    children: Callable[..., Child]


@dataclass(frozen=True)
class Deployment:
    server: PrefectServer
    database: sa.Engine
    smtp: SmtpServer
    workers: dict[str, Child]


TEST_DATABASE_URL = os.environ.get("CHAINOPS_TEST_DATABASE_URL", "")
needs_postgres = pytest.mark.skipif(
    not TEST_DATABASE_URL.startswith("postgresql"),
    reason="scale-out test needs PostgreSQL: set CHAINOPS_TEST_DATABASE_URL to a "
    "postgresql+psycopg:// URL (CI does); its database is emptied",
)


@pytest.fixture
def postgres_url() -> str:
    assert TEST_DATABASE_URL.startswith("postgresql"), "mark the test needs_postgres"
    return TEST_DATABASE_URL


@pytest.fixture
def start_child(tmp_path: Path) -> Iterator[Callable[..., Child]]:
    """Start processes that are stopped on teardown, newest first; print their output then."""
    started: list[Child] = []

    def start(name: str, args: list[str], *, env: dict[str, str], cwd: Path) -> Child:
        log = tmp_path / f"{name}.log"
        file = log.open("wb")
        process = subprocess.Popen(
            args, env=env, cwd=cwd, stdout=file, stderr=subprocess.STDOUT, start_new_session=True
        )
        child = Child(name, process, log, file)
        started.append(child)
        return child

    yield start
    for child in reversed(started):
        child.stop()
    for child in started:
        print(f"----- {child.name} (exit {child.process.returncode}) -----\n{child.output()}")


@pytest.fixture
def city_database(postgres_url: str, tmp_path: Path) -> Iterator[sa.Engine]:
    """The demo city imported into an empty PostgreSQL database with the chainops commands."""
    engine = make_engine(postgres_url)
    _drop_everything(engine)
    env = _base_env(tmp_path) | {"CHAINOPS_DATABASE_URL": postgres_url}
    _run([str(BIN / "chainops"), "db", "upgrade"], env=env)
    _run([str(BIN / "chainops"), "import", str(CITY)], env=env)
    yield engine
    _drop_everything(engine)
    engine.dispose()


@pytest.fixture
def reference_sweep(tmp_path: Path) -> dict[str, Any]:
    """What one sweep on its own queues for the demo city (SQLite): the parallel runs on
    PostgreSQL must queue exactly this much between them."""
    env = _base_env(tmp_path) | {"CHAINOPS_DATABASE_URL": f"sqlite:///{tmp_path / 'ref.db'}"}
    _run([str(BIN / "chainops"), "db", "upgrade"], env=env)
    _run([str(BIN / "chainops"), "import", str(CITY)], env=env)
    out = _run([str(BIN / "chainops"), "sweep", "--as-of", SWEEP_AS_OF, "--json"], env=env)
    report: dict[str, Any] = json.loads(out)
    return report


@pytest.fixture
def prefect_server(
    postgres_url: str, tmp_path: Path, start_child: Callable[..., Child]
) -> PrefectServer:
    """`prefect server start` on a free loopback port; returns once /api/health answers."""
    port = _free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    home = tmp_path / "prefect-home"
    home.mkdir()
    env = _base_env(tmp_path) | {
        "PREFECT_HOME": str(home),
        "PREFECT_API_URL": api_url,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{home / 'prefect.db'}",
    }
    server_args = ["server", "start", "--host", "127.0.0.1", "--port", str(port)]
    child = start_child(
        "prefect-server",
        [str(BIN / "prefect"), *server_args, "--no-ui", "--no-scheduler", "--analytics-off"],
        env=env,
        cwd=tmp_path,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if child.process.poll() is not None:
            pytest.fail(f"prefect server exited ({child.process.returncode}):\n{child.output()}")
        try:
            if httpx.get(f"{api_url}/health", timeout=2).status_code == 200:
                return PrefectServer(api_url, env, start_child)
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    pytest.fail(f"prefect server did not answer {api_url}/health in 90 s:\n{child.output()}")


@pytest.fixture
def deployment(
    prefect_server: PrefectServer, city_database: sa.Engine, smtp_server: SmtpServer, tmp_path: Path
) -> Deployment:
    """The work pool, `prefect deploy --all` from the checkout, and two process workers.

    Each worker takes one flow run at a time (``--limit 1``) and polls every second, so two runs
    started together go to the two workers and run side by side, as on two machines."""
    prefect = str(BIN / "prefect")
    env = prefect_server.env
    _run([prefect, "work-pool", "create", POOL, "--type", "process"], env=env)
    _run([prefect, "--no-prompt", "deploy", "--all"], env=env, cwd=REPO)
    worker_env = env | {
        "CHAINOPS_HOME": str(REPO),
        "CHAINOPS_DATABASE_URL": city_database.url.render_as_string(hide_password=False),
        "CHAINOPS_ENVIRONMENT": "production",
        "CHAINOPS_SECRET_KEY": secrets.token_urlsafe(32),
        "CHAINOPS_EMAIL_TRANSPORT": "smtp",
        "CHAINOPS_SMTP_HOST": smtp_server.host,
        "CHAINOPS_SMTP_PORT": str(smtp_server.port),
        "CHAINOPS_SMTP_SECURITY": "none",
        "CHAINOPS_SEND_WINDOW": "08:30-18:00",
        "PREFECT_WORKER_QUERY_SECONDS": "1",
    }
    workers: dict[str, Child] = {}
    for name in WORKERS:
        workdir = tmp_path / name  # not the checkout: the pull step must take the flow there
        workdir.mkdir()
        args = ["worker", "start", "--pool", POOL, "--type", "process", "--name", name]
        workers[name] = prefect_server.children(
            name, [prefect, *args, "--limit", "1"], env=worker_env, cwd=workdir
        )
    _wait_for_workers(prefect_server.api_url, workers)
    return Deployment(prefect_server, city_database, smtp_server, workers)


def _wait_for_workers(api_url: str, workers: dict[str, Child]) -> None:
    """Until the server has a heartbeat from every worker (they poll only after that)."""
    deadline = time.monotonic() + 60
    online: set[str] = set()
    while time.monotonic() < deadline:
        for child in workers.values():
            if child.process.poll() is not None:
                pytest.fail(f"worker {child.name} exited:\n{child.output()}")
        response = httpx.post(f"{api_url}/work_pools/{POOL}/workers/filter", json={}, timeout=5)
        online = {w["name"] for w in response.json() if w.get("status") == "ONLINE"}
        if online >= set(workers):
            return
        time.sleep(0.5)
    pytest.fail(f"workers online after 60 s: {sorted(online)}, expected {sorted(workers)}")


def _base_env(tmp_path: Path) -> dict[str, str]:
    """The environment without any PREFECT_/CHAINOPS_ setting of the pytest process (its
    PREFECT_HOME, a developer's database URL), and with our files under tmp_path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "CHAINOPS_"))}
    return env | {
        "CHAINOPS_REPORTS_DIR": str(tmp_path / "reports"),
        "CHAINOPS_OUTBOX_DIR": str(tmp_path / "outbox"),
        "COLUMNS": "200",  # rich output on a file: keep each log line on one line
    }


def _run(args: list[str], *, env: dict[str, str], cwd: Path | None = None) -> str:
    result = subprocess.run(
        args, env=env, cwd=cwd or REPO, capture_output=True, text=True, timeout=180
    )
    if result.returncode != 0:
        pytest.fail(
            f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout}{result.stderr}"
        )
    return result.stdout


def _drop_everything(engine: sa.Engine) -> None:
    assert models  # every table is registered on the metadata
    with engine.begin() as connection:
        SQLModel.metadata.drop_all(connection)
        connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
