"""The embedded scheduler runs prefect.yaml's crons on the days Prefect would, and keeps running.

No Prefect server and no real waiting: fire times are computed from a fixed "now", and the two
tests that really run a scheduler fire a job within a second.
"""

import json
import os
import signal
import sys
import textwrap
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from chainops import wiring
from chainops.cli import app
from chainops.scheduler import (
    Schedule,
    ScheduleError,
    build_scheduler,
    cron_trigger,
    load_entrypoint,
    load_schedules,
    next_fire_times,
    run_deployment_job,
    run_until_stopped,
    unix_weekdays,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
SATURDAY = datetime(2026, 11, 28, 10, 0, tzinfo=SHANGHAI)  # Sat 2026-11-28 10:00 +08:00


def write_yaml(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def weekday_yaml(tmp_path: Path) -> Path:
    return write_yaml(
        tmp_path / "prefect.yaml",
        """\
        name: chainops
        deployments:
          - name: daily-sweep
            entrypoint: flows/sweep.py:daily_sweep
            parameters: {limit: 5, chains: [BEARING]}
            schedules:
              - cron: "30 8 * * 1-5"
                timezone: Asia/Shanghai
          - name: ad-hoc
            entrypoint: flows/sweep.py:daily_sweep
        """,
    )


def next_fire(cron: str, now: datetime = SATURDAY, *, day_or: bool = True) -> datetime:
    fire = cron_trigger(cron, "Asia/Shanghai", day_or=day_or).get_next_fire_time(None, now)
    assert fire is not None
    return fire  # type: ignore[no-any-return]


# --- weekday translation ----------------------------------------------------------------------


def test_unix_1_to_5_is_monday_to_friday_not_tuesday_to_saturday(tmp_path: Path) -> None:
    [schedule] = load_schedules(weekday_yaml(tmp_path))

    fire = schedule.trigger().get_next_fire_time(None, SATURDAY)

    assert fire == datetime(2026, 11, 30, 8, 30, tzinfo=SHANGHAI)  # Monday
    assert fire.utcoffset() == timedelta(hours=8)
    # The pitfall this avoids: APScheduler's own crontab reading runs "1-5" on Tue–Sat.
    naive = CronTrigger.from_crontab("30 8 * * 1-5", timezone=SHANGHAI)
    assert naive.get_next_fire_time(None, SATURDAY).strftime("%a") == "Tue"


@pytest.mark.parametrize("cron", ["0 9 * * 0", "0 9 * * 7", "0 9 * * sun", "0 9 * * SUN"])
def test_0_and_7_and_sun_are_sunday(cron: str) -> None:
    assert next_fire(cron) == datetime(2026, 11, 29, 9, 0, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("field", "days"),
    [
        ("MON-FRI", {"Mon", "Tue", "Wed", "Thu", "Fri"}),
        ("mon", {"Mon"}),
        ("*/2", {"Sun", "Tue", "Thu", "Sat"}),
        ("1-5/2", {"Mon", "Wed", "Fri"}),
        ("1/2", {"Mon", "Wed", "Fri"}),
        ("1-7/2", {"Sun", "Mon", "Wed", "Fri"}),
        ("mon,wed-fri", {"Mon", "Wed", "Thu", "Fri"}),
        ("fri-mon", {"Fri", "Sat", "Sun", "Mon"}),
        ("6,0", {"Sat", "Sun"}),
    ],
)
def test_day_of_week_fields_fire_on_the_unix_days(field: str, days: set[str]) -> None:
    trigger = cron_trigger(f"0 9 * * {field}", "Asia/Shanghai")
    fired = {t.strftime("%a") for t in next_fire_times(trigger, SATURDAY, count=14)}
    assert fired == days


def test_minute_hour_day_and_month_pass_through() -> None:
    trigger = cron_trigger("*/20 9-10 * jan-feb *", "Asia/Shanghai")
    times = next_fire_times(trigger, SATURDAY, count=7)
    assert [t.strftime("%m-%d %H:%M") for t in times] == [
        "01-01 09:00", "01-01 09:20", "01-01 09:40",
        "01-01 10:00", "01-01 10:20", "01-01 10:40",
        "01-02 09:00",
    ]  # fmt: skip


# Day-of-week fields Prefect and the embedded scheduler both accept, built from their parts.
_day = st.one_of(st.integers(0, 7).map(str), st.sampled_from(["sun", "MON", "Tue", "fri", "sat"]))
_step = st.integers(1, 8).map(lambda n: f"/{n}")


@st.composite
def _item(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["day", "star", "range", "from"]))
    if kind == "day":
        return draw(_day)
    if kind == "star":
        return "*" + draw(_step)
    if kind == "from":  # not from Saturday: refused, see the next test
        return draw(_day.filter(lambda d: d not in ("6", "sat"))) + draw(_step)
    first, last = sorted(draw(st.lists(st.integers(0, 7), min_size=2, max_size=2, unique=True)))
    if (first, last) == (0, 7) or first % 7 != last % 7:
        return f"{first}-{last}" + draw(st.one_of(st.just(""), _step))
    return str(first)


@settings(max_examples=150, deadline=None)
@given(items=st.lists(_item(), min_size=1, max_size=3))
def test_day_of_week_agrees_with_prefects_croniter(items: list[str]) -> None:
    from prefect._vendor.croniter.croniter import croniter  # Prefect's own cron reading

    cron = f"15 8 * * {','.join(items)}"
    ours = next_fire_times(cron_trigger(cron, "Asia/Shanghai"), SATURDAY, count=8)
    theirs = croniter(cron, SATURDAY)  # type: ignore[no-untyped-call]
    expected = [theirs.get_next(datetime) for _ in range(8)]  # type: ignore[no-untyped-call]
    assert ours == expected, cron


def test_unix_weekdays_counts_from_sunday() -> None:
    assert unix_weekdays("1-5") == {1, 2, 3, 4, 5}
    assert unix_weekdays("7") == unix_weekdays("0") == {0}
    assert unix_weekdays("*") == set(range(7))


# --- refusals ---------------------------------------------------------------------------------


def test_a_cron_restricting_day_of_month_and_day_of_week_is_refused() -> None:
    with pytest.raises(ScheduleError, match=r"either.*both"):
        cron_trigger("0 9 1 * 1", "Asia/Shanghai")


def test_day_or_false_makes_both_day_fields_mean_and(tmp_path: Path) -> None:
    path = write_yaml(
        tmp_path / "prefect.yaml",
        """\
        deployments:
          - name: first-monday
            entrypoint: flows/rollup.py:close_month
            schedules:
              - {cron: "0 9 1-7 * mon", timezone: Asia/Shanghai, day_or: false}
        """,
    )
    [schedule] = load_schedules(path)
    times = next_fire_times(schedule.trigger(), SATURDAY)
    assert [t.date().isoformat() for t in times] == ["2026-12-07", "2027-01-04", "2027-02-01"]


@pytest.mark.parametrize(
    ("cron", "message"),
    [
        ("0 9 * * 3-3", "same value"),  # Prefect's croniter reads this as every day
        ("5-5 9 * * *", "same value"),
        ("0 9 * * mon-1", "same value"),
        ("0 9 * * sat/2", "read by Prefect as '\\*/2'"),  # croniter: sat-sat/2, i.e. */2
        ("0 9 * * 5#2", "not supported"),
        ("0 9 * * 5L", "not supported"),
        ("0 9 * * 8", "not a day"),
        ("0 9 * * */0", "above 0"),
        ("0 9 * * fri-mon/2", "wrapping"),
        ("0 25 * * *", "maximum"),
        ("0 9 * *", "5 fields"),
        ("0 0 9 * * *", "5 fields"),
    ],
)
def test_bad_crons_are_refused_with_a_reason(cron: str, message: str) -> None:
    with pytest.raises(ScheduleError, match=message):
        cron_trigger(cron, "Asia/Shanghai")


def test_macros_are_crons_too() -> None:
    assert next_fire("@daily") == datetime(2026, 11, 29, 0, 0, tzinfo=SHANGHAI)
    assert next_fire("@weekly") == datetime(2026, 11, 29, 0, 0, tzinfo=SHANGHAI)


# --- prefect.yaml -----------------------------------------------------------------------------


def test_parameters_come_from_the_deployment_overlaid_by_the_schedule(tmp_path: Path) -> None:
    path = write_yaml(
        tmp_path / "prefect.yaml",
        """\
        deployments:
          - name: sweep
            entrypoint: flows/sweep.py:daily_sweep
            parameters: {limit: 5, dry_run: false}
            schedules:
              - {cron: "30 8 * * *", timezone: Asia/Shanghai, parameters: {limit: 50}}
              - {cron: "0 18 * * *", timezone: Asia/Shanghai}
        """,
    )
    morning, evening = load_schedules(path)
    assert dict(morning.parameters) == {"limit": 50, "dry_run": False}
    assert dict(evening.parameters) == {"limit": 5, "dry_run": False}
    assert (morning.deployment, morning.entrypoint) == ("sweep", "flows/sweep.py:daily_sweep")


def test_inactive_schedules_and_unscheduled_deployments_are_skipped(tmp_path: Path) -> None:
    path = write_yaml(
        tmp_path / "prefect.yaml",
        """\
        deployments:
          - name: paused
            entrypoint: flows/sweep.py:daily_sweep
            schedules:
              - {cron: "30 8 * * *", active: false}
              - {interval: 60, active: false}
          - name: manual-only
            entrypoint: flows/sweep.py:daily_sweep
          - name: no-entrypoint-but-unscheduled
            schedules: []
          - name: live
            entrypoint: flows/sweep.py:daily_sweep
            schedules:
              - {cron: "30 8 * * *", active: false}
              - {cron: "0 9 * * *", active: true}
        """,
    )
    [schedule] = load_schedules(path)
    assert (schedule.deployment, schedule.cron, schedule.timezone) == ("live", "0 9 * * *", "UTC")


def test_no_deployments_is_no_schedules(tmp_path: Path) -> None:
    assert load_schedules(write_yaml(tmp_path / "a.yaml", "deployments: []\n")) == []
    assert load_schedules(write_yaml(tmp_path / "b.yaml", "name: chainops\n")) == []


@pytest.mark.parametrize(
    ("deployment", "message"),
    [
        (
            "{name: every-5-min, entrypoint: 'f.py:f', schedules: [{interval: 300}]}",
            "deployment 'every-5-min', schedule 1: interval schedules are not supported by "
            "the embedded scheduler",
        ),
        (
            "{name: weekly, entrypoint: 'f.py:f', schedules: [{rrule: 'FREQ=WEEKLY'}]}",
            "deployment 'weekly', schedule 1: rrule schedules are not supported",
        ),
        (
            "{name: orphan, schedules: [{cron: '0 9 * * *'}]}",
            "deployment 'orphan': .*no entrypoint",
        ),
        (
            "{name: typo, entrypoint: 'f.py:f', schedules: [{cron: '0 9 * * 1-8'}]}",
            "deployment 'typo', schedule 1: cron '0 9 \\* \\* 1-8'",
        ),
        (
            "{name: mars, entrypoint: 'f.py:f', schedules: [{cron: '0 9 * * *', "
            "timezone: Mars/Olympus}]}",
            "deployment 'mars', schedule 1: unknown time zone 'Mars/Olympus'",
        ),
        (
            "{name: both, entrypoint: 'f.py:f', schedules: [{cron: '0 9 1 * 1'}]}",
            "deployment 'both', schedule 1: .*restricts both",
        ),
    ],
)
def test_problems_name_the_file_and_the_deployment(
    tmp_path: Path, deployment: str, message: str
) -> None:
    path = write_yaml(tmp_path / "prefect.yaml", f"deployments:\n  - {deployment}\n")
    with pytest.raises(ScheduleError, match=f"^{path}: {message}"):
        load_schedules(path)


def test_a_file_that_is_not_yaml_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ScheduleError, match="not valid YAML"):
        load_schedules(write_yaml(tmp_path / "prefect.yaml", "deployments: [\n"))


# --- entrypoints and jobs ---------------------------------------------------------------------


@dataclass(frozen=True)
class FlowPackage:
    """A throwaway flows package under tmp_path, importable for this test only."""

    name: str
    out: Path

    def entrypoint(self, function: str) -> str:
        return f"{self.name}/jobs.py:{function}"

    def calls(self) -> list[dict[str, object]]:
        if not self.out.exists():
            return []
        return [json.loads(line) for line in self.out.read_text().splitlines()]


@pytest.fixture
def flows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FlowPackage]:
    name = f"flows_{uuid.uuid4().hex[:8]}"
    package = tmp_path / name
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "jobs.py").write_text(
        textwrap.dedent(
            """\
            import json

            def record(out, **kwargs):
                with open(out, "a", encoding="utf-8") as file:
                    file.write(json.dumps(kwargs, ensure_ascii=False) + "\\n")
                for value in kwargs.values():
                    if isinstance(value, list):
                        value.append("changed by the flow")

            def boom(**kwargs):
                raise RuntimeError("kaboom")

            NOT_CALLABLE = 3
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    yield FlowPackage(name, tmp_path / "calls.jsonl")
    for module in [m for m in sys.modules if m == name or m.startswith(f"{name}.")]:
        del sys.modules[module]


def test_an_entrypoint_is_a_function_in_a_module_under_the_project_root(
    flows: FlowPackage,
) -> None:
    function = load_entrypoint(flows.entrypoint("record"))
    assert function.__name__ == "record"
    assert function.__module__ == f"{flows.name}.jobs"


@pytest.mark.parametrize(
    ("entrypoint", "message"),
    [
        ("{pkg}/jobs.py:missing", "has no function missing"),
        ("{pkg}/jobs.py:NOT_CALLABLE", "has no function NOT_CALLABLE"),
        ("{pkg}/nope.py:record", "cannot import {pkg}.nope"),
        ("{pkg}/jobs.py", "expected 'path/to/module.py:function'"),
        ("/abs/jobs.py:record", "relative to the project root"),
        ("../jobs.py:record", "relative to the project root"),
    ],
)
def test_a_bad_entrypoint_says_what_is_wrong(
    flows: FlowPackage, entrypoint: str, message: str
) -> None:
    with pytest.raises(ScheduleError, match=message.format(pkg=flows.name)):
        load_entrypoint(entrypoint.format(pkg=flows.name))


def test_a_job_calls_the_flow_with_its_parameters(flows: FlowPackage) -> None:
    parameters = {"out": str(flows.out), "chains": ["轴承"]}
    assert run_deployment_job(flows.entrypoint("record"), parameters, deployment="sweep")
    assert run_deployment_job(flows.entrypoint("record"), parameters, deployment="sweep")
    # Each run gets its own copy: what the first run changed, the second does not see.
    assert flows.calls() == [{"chains": ["轴承"]}, {"chains": ["轴承"]}]
    assert parameters == {"out": str(flows.out), "chains": ["轴承"]}


def test_a_failing_job_is_logged_and_does_not_raise(
    flows: FlowPackage, caplog: pytest.LogCaptureFixture
) -> None:
    assert not run_deployment_job(flows.entrypoint("boom"), {}, deployment="broken")
    assert not run_deployment_job(f"{flows.name}/gone.py:f", {}, deployment="gone")
    failures = [r for r in caplog.records if r.levelname == "ERROR"]
    assert [r.getMessage().split(":")[0] for r in failures] == [
        "deployment broken",
        "deployment gone",
    ]
    assert "kaboom" in caplog.text


def test_build_scheduler_makes_one_job_per_schedule() -> None:
    schedules = [
        Schedule("sweep", "flows/sweep.py:sweep", "30 8 * * 1-5", "Asia/Shanghai", {"limit": 5}),
        Schedule("sweep", "flows/sweep.py:sweep", "0 18 * * 1-5", "Asia/Shanghai", {}),
        Schedule("rollup", "flows/rollup.py:close", "0 6 1 * *", "UTC", {}),
    ]
    scheduler: BlockingScheduler = build_scheduler(schedules)
    assert isinstance(scheduler, BlockingScheduler)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert sorted(jobs) == ["rollup", "sweep", "sweep#2"]
    job = jobs["sweep"]
    assert job.func is run_deployment_job
    assert job.args == ("flows/sweep.py:sweep", {"limit": 5})
    assert job.kwargs == {"deployment": "sweep"}
    assert (job.coalesce, job.max_instances, job.misfire_grace_time) == (True, 1, 3600)
    assert str(job.trigger.timezone) == "Asia/Shanghai"
    assert "day_of_week='mon,tue,wed,thu,fri'" in str(job.trigger)


def _every_second(scheduler: BackgroundScheduler | BlockingScheduler, job_id: str) -> None:
    """Crons fire at most once a minute; a real run in a test needs a per-second trigger."""
    scheduler.reschedule_job(job_id, trigger=CronTrigger(second="*", timezone=SHANGHAI))


def _wait_for(condition: object, seconds: float = 3.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return True
        time.sleep(0.02)
    return False


def test_the_scheduler_really_fires_a_job(flows: FlowPackage) -> None:
    schedule = Schedule("tick", flows.entrypoint("record"), "* * * * *", "Asia/Shanghai",
                        {"out": str(flows.out), "n": 1})  # fmt: skip
    scheduler: BackgroundScheduler = build_scheduler([schedule], BackgroundScheduler)
    scheduler.start()
    try:
        _every_second(scheduler, "tick")
        assert _wait_for(flows.calls)
    finally:
        scheduler.shutdown(wait=True)
    assert flows.calls()[0] == {"n": 1}


def test_the_blocking_scheduler_runs_until_sigterm_then_stops_cleanly(
    flows: FlowPackage, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="chainops.scheduler")
    schedules = [
        Schedule("tick", flows.entrypoint("record"), "* * * * *", "UTC", {"out": str(flows.out)}),
        Schedule("broken", flows.entrypoint("boom"), "* * * * *", "UTC", {}),
    ]
    scheduler: BlockingScheduler = build_scheduler(schedules)
    _every_second(scheduler, "tick")
    _every_second(scheduler, "broken")
    before = signal.getsignal(signal.SIGTERM)

    def terminate_after_two_ticks() -> None:
        _wait_for(lambda: len(flows.calls()) >= 2)
        os.kill(os.getpid(), signal.SIGTERM)

    killer = threading.Thread(target=terminate_after_two_ticks, daemon=True)
    killer.start()
    run_until_stopped(scheduler)  # blocks this (main) thread until SIGTERM
    killer.join()

    assert len(flows.calls()) >= 2  # kept running after "broken" failed
    assert not scheduler.running
    assert signal.getsignal(signal.SIGTERM) is before
    messages = [r.getMessage() for r in caplog.records if r.name == "chainops.scheduler"]
    assert any(m.startswith("deployment broken: failed") for m in messages)
    assert "SIGTERM received: stopping, waiting for running flows to finish" in messages
    assert messages[-1] == "scheduler stopped"


# --- the command ------------------------------------------------------------------------------


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setattr(wiring, "now", lambda: SATURDAY)
    monkeypatch.setattr(sys, "path", list(sys.path))  # the command adds the project root
    return CliRunner()


def test_list_json_prints_each_schedule_and_its_next_fire_times(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = weekday_yaml(tmp_path)
    result = runner.invoke(app, ["scheduler", "--list", "--json", "--prefect-file", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {
            "deployment": "daily-sweep",
            "entrypoint": "flows/sweep.py:daily_sweep",
            "cron": "30 8 * * 1-5",
            "timezone": "Asia/Shanghai",
            "parameters": {"limit": 5, "chains": ["BEARING"]},
            "next_fire_times": [
                "2026-11-30T08:30:00+08:00",
                "2026-12-01T08:30:00+08:00",
                "2026-12-02T08:30:00+08:00",
            ],
        }
    ]


def test_list_prints_a_table_with_weekdays(runner: CliRunner, tmp_path: Path) -> None:
    path = weekday_yaml(tmp_path)
    result = runner.invoke(app, ["scheduler", "--list", "--prefect-file", str(path)])
    assert result.exit_code == 0, result.output
    assert "daily-sweep" in result.stdout
    assert "Mon 2026-11-30 08:30" in result.stdout
    assert "ad-hoc" not in result.stdout


def test_without_scheduled_deployments_it_says_so_and_exits_0(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = write_yaml(tmp_path / "prefect.yaml", "deployments: []\n")
    result = runner.invoke(app, ["scheduler", "--prefect-file", str(path)])
    assert result.exit_code == 0
    assert "no scheduled deployments" in result.stdout


def test_a_missing_or_bad_prefect_file_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    missing = runner.invoke(app, ["scheduler", "--list", "--prefect-file", str(tmp_path / "x")])
    assert missing.exit_code == 1
    assert "no such file" in missing.stderr
    bad = write_yaml(
        tmp_path / "prefect.yaml",
        "deployments:\n  - {name: poll, entrypoint: 'f.py:f', schedules: [{interval: 60}]}\n",
    )
    refused = runner.invoke(app, ["scheduler", "--list", "--prefect-file", str(bad)])
    assert refused.exit_code == 1
    assert "deployment 'poll'" in refused.stderr
    assert "not supported by the embedded scheduler" in refused.stderr


def test_the_command_refuses_to_start_with_an_entrypoint_it_cannot_import(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = write_yaml(
        tmp_path / "prefect.yaml",
        """\
        deployments:
          - name: sweep
            entrypoint: nowhere_flows/sweep.py:daily_sweep
            schedules: [{cron: "30 8 * * 1-5", timezone: Asia/Shanghai}]
        """,
    )
    result = runner.invoke(app, ["scheduler", "--prefect-file", str(path)])
    assert result.exit_code == 1
    assert "nowhere_flows/sweep.py:daily_sweep" in result.stderr
    assert "cannot import nowhere_flows.sweep" in result.stderr
