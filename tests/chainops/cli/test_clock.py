"""One clock: with CHAINOPS_CLOCK set, every command tells "now" and "today" by it."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from chainops import wiring
from chainops.cli import app
from chainops.settings import get_settings


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    yield
    get_settings.cache_clear()
    wiring.engine_for.cache_clear()


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def at(monkeypatch: pytest.MonkeyPatch, clock: str) -> None:
    monkeypatch.setenv("CHAINOPS_CLOCK", clock)
    get_settings.cache_clear()


def overdue_titles() -> set[str]:
    listed = run("tasks", "list", "--overdue", "--json")
    assert listed.exit_code == 0, listed.stderr
    return {row["title"] for row in json.loads(listed.stdout)}


def test_the_task_list_is_overdue_as_of_the_clock(
    on_demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-11-30T09:00")  # 整治轴承市场低价无序竞争 is due that day
    on_its_due_day = overdue_titles()
    at(monkeypatch, "2026-12-01T09:00")
    the_day_after = overdue_titles()

    assert "整治轴承市场低价无序竞争" not in on_its_due_day
    assert "整治轴承市场低价无序竞争" in the_day_after


def test_a_sweep_without_as_of_runs_at_the_clock(
    on_demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-11-29T08:30")  # a Sunday

    result = run("sweep")

    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "2026-11-29 is not a working day: nothing to do"


def test_a_fixed_clock_in_production_stops_every_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHAINOPS_ENVIRONMENT", "production")
    monkeypatch.setenv("CHAINOPS_SECRET_KEY", "k" * 40)
    at(monkeypatch, "2026-12-01T09:00")

    result = run("overview")

    assert result.exit_code == 2
    assert "CHAINOPS_CLOCK is set (2026-12-01T09:00:00)" in result.stderr
    assert "the environment is 'production'" in result.stderr
