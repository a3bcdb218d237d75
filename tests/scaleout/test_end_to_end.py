"""Two workers, one PostgreSQL: parallel sweeps and dispatches share the work, never repeat it.

Each flow is started twice at the same moment through its deployment, as two overlapping cron
firings would; the two runs land on different workers (see ``deployment``) and are let into
the database together. How the rows fall between the two runs varies (FOR UPDATE SKIP LOCKED:
one run may take everything, or they may split it); what may not vary: PostgreSQL holds every
notice once and every outbox row sent once, and the SMTP server received every row once.
"""

import re
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

import pytest
import sqlalchemy as sa
import yaml
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
from prefect.client.schemas.objects import FlowRun
from prefect.deployments import run_deployment
from prefect.settings import PREFECT_API_URL, temporary_settings

from tests.scaleout.conftest import (
    DISPATCH_AS_OF,
    REPO,
    SWEEP_AS_OF,
    WORKERS,
    Deployment,
    needs_postgres,
)

pytestmark = [pytest.mark.scaleout, needs_postgres]

SUBMITTED = re.compile(r"Worker '[^']+' submitting flow run '([0-9a-f-]{36})'")
ABORTED = re.compile(r"Aborted submission of flow run '([0-9a-f-]{36})'")
# The closing lines of flows/sweep.py and flows/dispatch.py: what each run did.
SWEPT = re.compile(r"(\d+) notice\(s\) to (\d+) recipient\(s\) queued")
EXAMINED = re.compile(r"(\d+) task\(s\) looked at")
DISPATCHED = re.compile(r"(\d+) email\(s\) for (\d+) notice delivery")


def test_parallel_runs_on_two_workers_queue_and_deliver_every_notice_once(
    deployment: Deployment, reference_sweep: dict[str, Any]
) -> None:
    database = deployment.database
    with temporary_settings({PREFECT_API_URL: deployment.server.api_url}):
        _check_the_deployments_are_prefect_yaml()
        with _released_together(database, "task"):
            # Small chunks: both runs, let in together, claim some of the due tasks.
            sweeps = _start_twice("daily-sweep/daily-sweep", as_of=SWEEP_AS_OF, chunk_size=5)
        _wait_until_completed(sweeps)
        with _released_together(database, "outbox_message"):
            dispatches = _start_twice("dispatch-notices/dispatch-notices", as_of=DISPATCH_AS_OF)
        _wait_until_completed(dispatches)
        sweep_logs = _logs_of(sweeps, SWEPT)
        dispatch_logs = _logs_of(dispatches, DISPATCHED)

    # Each pair was split: one run on each worker, and the two were waiting at the same moment.
    ran_on = _worker_of_each_run(deployment)
    assert set(ran_on) == {*sweep_logs, *dispatch_logs}, ran_on  # each run on one worker
    sweep_work = {ran_on[run]: _numbers(logs, SWEPT) for run, logs in sweep_logs.items()}
    dispatch_work = {ran_on[run]: _numbers(logs, DISPATCHED) for run, logs in dispatch_logs.items()}
    print("sweeps (notices, outbox rows) by worker:", sweep_work)
    print("dispatches (emails, rows sent) by worker:", dispatch_work)
    assert sorted(sweep_work) == sorted(dispatch_work) == sorted(WORKERS)
    looked_at = {ran_on[run]: _examined(logs) for run, logs in sweep_logs.items()}
    print("sweeps (tasks claimed) by worker:", looked_at)
    assert all(claimed >= 5 for claimed in looked_at.values()), looked_at  # both did rows too

    # Queued once: between them the two sweeps queued what one sweep on its own queues.
    expected_notices = reference_sweep["notices"]
    expected_rows = reference_sweep["outbox_rows"]
    assert expected_notices >= 10 and expected_rows >= expected_notices, reference_sweep
    assert sum(n for n, _ in sweep_work.values()) == expected_notices
    assert sum(rows for _, rows in sweep_work.values()) == expected_rows
    with database.connect() as db:
        notice_keys = db.execute(sa.text("SELECT key FROM notice")).scalars().all()
        outbox = db.execute(
            sa.text("SELECT id, dedupe_key, state, attempts FROM outbox_message")
        ).all()
        attempts = db.execute(sa.text("SELECT outbox_id, ok FROM delivery_attempt")).all()
    assert len(notice_keys) == len(set(notice_keys)) == expected_notices
    assert len(outbox) == len({row.dedupe_key for row in outbox}) == expected_rows

    # Sent once: every row sent at its first attempt, one successful attempt recorded per row.
    assert Counter(row.state for row in outbox) == {"sent": expected_rows}
    assert {row.attempts for row in outbox} == {1}
    assert sorted(a.outbox_id for a in attempts) == sorted(row.id for row in outbox)
    assert all(a.ok for a in attempts)
    assert sum(sent for _, sent in dispatch_work.values()) == expected_rows

    # Delivered once: the messages' X-Chainops-Outbox headers name every row exactly once.
    messages = deployment.smtp.messages
    delivered = [int(i) for m in messages for i in m["X-Chainops-Outbox"].split(",")]
    assert [i for i, n in Counter(delivered).items() if n > 1] == []
    assert sorted(delivered) == sorted(row.id for row in outbox)
    assert len(messages) == sum(emails for emails, _ in dispatch_work.values())
    print(f"{expected_notices} notices, {expected_rows} outbox rows, {len(messages)} emails")


def _check_the_deployments_are_prefect_yaml() -> None:
    """`prefect deploy --all` registered every deployment of prefect.yaml as written: its cron
    in Asia/Shanghai, and the pull step with $CHAINOPS_HOME still a template (no local path)."""
    project = yaml.safe_load((REPO / "prefect.yaml").read_text())
    with get_client(sync_client=True) as client:
        deployed = {d.name: d for d in client.read_deployments()}
    assert sorted(deployed) == sorted(d["name"] for d in project["deployments"])
    for spec in project["deployments"]:
        deployment = deployed[spec["name"]]
        schedules = [s.schedule for s in deployment.schedules]
        crons = [(s.cron, s.timezone) for s in schedules]  # type: ignore[union-attr]
        assert crons == [(s["cron"], s["timezone"]) for s in spec["schedules"]]
        assert deployment.pull_steps == project["pull"]
        assert deployment.work_pool_name == "chainops"


def _start_twice(name: str, **parameters: Any) -> list[FlowRun]:
    """Two runs of one deployment, created back to back so the workers find them together."""
    runs = [run_deployment(name, parameters=parameters, timeout=0) for _ in range(2)]
    return runs  # type: ignore[return-value]


def _wait_until_completed(runs: list[FlowRun], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    with get_client(sync_client=True) as client:
        while True:
            states = {run.id: client.read_flow_run(run.id).state for run in runs}
            if all(state and state.is_final() for state in states.values()):
                break
            if time.monotonic() > deadline:
                pytest.fail(f"flow runs not finished after {timeout:.0f} s: {states}")
            time.sleep(0.5)
    names = {run_id: state.type.value for run_id, state in states.items() if state}
    assert set(names.values()) == {"COMPLETED"}, names


@contextmanager
def _released_together(engine: sa.Engine, table: str, runs: int = 2) -> Iterator[None]:
    """A starting gate: lock ``table`` while the runs are started, and let them go only once
    all of them wait for it, so they reach the table at the same moment (flow runs start in new
    processes, a second or so apart, longer than the demo city takes to sweep)."""
    waiting = sa.text(
        "SELECT count(DISTINCT pid) FROM pg_locks WHERE NOT granted"
        " AND relation = CAST(:table AS regclass)"
    )
    with engine.connect() as gate, gate.begin():
        gate.execute(sa.text(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"))
        yield
        deadline = time.monotonic() + 120
        with engine.connect() as probe:
            while probe.execute(waiting, {"table": table}).scalar_one() < runs:
                if time.monotonic() > deadline:
                    pytest.fail(f"{runs} runs did not all reach {table} in 120 s")
                time.sleep(0.2)


def _logs_of(
    runs: list[FlowRun], report: re.Pattern[str], timeout: float = 20
) -> dict[UUID, list[str]]:
    """Each run's log lines, once the server has the flow's closing line (logs reach the server
    in batches)."""
    deadline = time.monotonic() + timeout
    with get_client(sync_client=True) as client:
        while True:
            logs = client.read_logs(
                LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run.id for run in runs]))
            )
            by_run: dict[UUID, list[str]] = {run.id: [] for run in runs}
            for log in logs:
                if log.flow_run_id in by_run:
                    by_run[log.flow_run_id].append(log.message)
            complete = all(any(report.search(m) for m in lines) for lines in by_run.values())
            if complete or time.monotonic() > deadline:
                return by_run
            time.sleep(0.5)


def _worker_of_each_run(deployment: Deployment) -> dict[UUID, str]:
    """Which worker ran each flow run, from the workers' own output: both may try to submit a
    run they polled at the same moment, and the server lets one of them have it (the other
    logs "Aborted submission of flow run …")."""
    ran_on: dict[UUID, str] = {}
    for name, worker in deployment.workers.items():
        output = worker.output()
        taken = Counter(UUID(run) for run in SUBMITTED.findall(output))
        taken.subtract(UUID(run) for run in ABORTED.findall(output))
        for run in +taken:
            assert run not in ran_on, f"flow run {run} ran on {ran_on[run]} and {name}"
            ran_on[run] = name
    return ran_on


def _numbers(logs: list[str], report: re.Pattern[str]) -> tuple[int, int]:
    """The two counts of the flow's closing log line."""
    found = [m for line in logs if (m := report.search(line))]
    assert len(found) == 1, logs
    return int(found[0][1]), int(found[0][2])


def _examined(logs: list[str]) -> int:
    """How many due tasks the run claimed, from the sweep's closing log line."""
    found = [m for line in logs if (m := EXAMINED.search(line))]
    assert len(found) == 1, logs
    return int(found[0][1])
