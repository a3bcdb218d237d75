"""The engine from the command line: sweeps (two at once), task moves, prefect.yaml schedules."""

import json
import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa
from typer.testing import CliRunner

from chainops.cli import app
from chainops.scheduler import load_entrypoint, load_schedules

ROOT = Path(__file__).parents[3]


def _count(path: Path, sql: str) -> int:
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        value = connection.exec_driver_sql(sql).scalar_one()
    engine.dispose()
    return int(value)


def test_two_sweeps_started_together_on_the_demo_database_queue_no_notice_twice(
    on_demo: Path,
) -> None:
    before = _count(on_demo, "SELECT count(*) FROM notice")
    command = [sys.executable, "-m", "chainops", "sweep", "--as-of", "2026-12-02T08:30", "--json"]
    environment = {**os.environ, "CHAINOPS_DATABASE_URL": f"sqlite:///{on_demo}"}
    runs = [
        subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment,
            cwd=ROOT,
            text=True,
        )
        for _ in range(2)
    ]
    reports = []
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
        reports.append(json.loads(out))

    new = _count(on_demo, "SELECT count(*) FROM notice") - before
    assert new > 0
    assert sum(r["notices"] for r in reports) == new
    assert _count(on_demo, "SELECT count(*) FROM outbox_message") == _count(
        on_demo, "SELECT count(DISTINCT notice_id || recipient_email) FROM outbox_message"
    )


def test_sweep_on_a_non_working_day_says_so(on_demo: Path) -> None:
    result = CliRunner().invoke(app, ["sweep", "--as-of", "2026-10-01T08:30"])
    assert result.exit_code == 0
    assert result.stdout.strip() == "2026-10-01 is not a working day: nothing to do"


def test_a_refused_move_is_a_clear_error_and_changes_nothing(on_demo: Path) -> None:
    runner = CliRunner()
    tasks = json.loads(runner.invoke(app, ["tasks", "list", "--json", "--chain", "NFMET"]).stdout)
    task = next(t for t in tasks if t["state"] == "in_progress")

    refused = runner.invoke(app, ["tasks", "sign-off", str(task["id"]), "--by", task["owner"]])
    unknown = runner.invoke(app, ["tasks", "accept", str(task["id"]), "--by", "nobody@x.cn"])
    moved = runner.invoke(
        app, ["tasks", "progress", str(task["id"]), "95", "--by", task["owner"], "--note", "ok"]
    )

    assert refused.exit_code == 1
    assert "cannot sign off a task that is in progress" in refused.stderr
    assert unknown.exit_code == 1
    assert "no person or enterprise contact with email 'nobody@x.cn'" in unknown.stderr
    assert moved.exit_code == 0, moved.stderr
    assert moved.stdout.startswith(f"task {task['id']}: 办理中 (in_progress)")


def test_prefect_yaml_declares_the_daily_sweep_and_its_flow_loads() -> None:
    schedules = load_schedules(ROOT / "prefect.yaml")
    assert [(s.deployment, s.cron, s.timezone) for s in schedules] == [
        ("daily-sweep", "30 8 * * *", "Asia/Shanghai"),
        ("dispatch-notices", "*/5 * * * *", "Asia/Shanghai"),
        ("key-project-check", "0 9 * * *", "Asia/Shanghai"),
        ("enterprise-reminders", "30 8 * * *", "Asia/Shanghai"),
        ("factor-request-check", "45 8 * * *", "Asia/Shanghai"),
        ("monthly-rollup", "30 7 * * *", "Asia/Shanghai"),
        ("collect-replies", "*/15 * * * *", "Asia/Shanghai"),
        ("standing-practices", "30 8 * * *", "Asia/Shanghai"),
    ]
    flows = [load_entrypoint(s.entrypoint) for s in schedules]
    assert [f.name for f in flows] == [  # type: ignore[attr-defined]
        "daily-sweep",
        "dispatch-notices",
        "key-project-check",
        "enterprise-reminders",
        "factor-request-check",
        "monthly-rollup",
        "collect-replies",
        "standing-practices",
    ]
