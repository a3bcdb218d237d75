"""``chainops rollup`` on the demo city: October (closed by the demo's replay on the first
working day of November) shows the same figures every time; November is refused until it ends."""

import json
from pathlib import Path

from typer.testing import CliRunner

from chainops.cli import app

runner = CliRunner()
AFTER_OCTOBER = ["--as-of", "2026-11-27T10:00"]


def test_october_closed_by_the_replay_shows_the_same_figures_every_time(on_demo: Path) -> None:
    first = runner.invoke(app, ["rollup", "--month", "2026-10", *AFTER_OCTOBER, "--json"])
    again = runner.invoke(app, ["rollup", "--month", "2026-10", "--json"])

    assert first.exit_code == 0, first.output
    assert again.exit_code == 0, again.output
    closed = json.loads(first.stdout)
    assert set(closed) == {"month", "closed_at", "city", "chains"}
    assert (closed["month"], closed["closed_at"]) == ("2026-10", "2026-11-02T00:40:00+00:00")
    assert closed["chains"]
    assert set(closed["city"]) == {"tasks", "projects", "requests", "ladder", "changes"}
    totals = sum(chain["tasks"]["total"] for chain in closed["chains"].values())
    assert totals == closed["city"]["tasks"]["total"]
    assert json.loads(again.stdout) == closed


def test_it_prints_a_table_per_chain_and_the_city(on_demo: Path) -> None:
    result = runner.invoke(app, ["rollup", "--month", "2026-10", *AFTER_OCTOBER])

    assert result.exit_code == 0, result.output
    assert "2026-10 rollup, closed earlier at 2026-11-02 08:40" in result.stdout
    assert "city" in result.stdout


def test_a_month_not_yet_over_or_badly_written_is_refused(on_demo: Path) -> None:
    early = runner.invoke(app, ["rollup", "--month", "2026-11", *AFTER_OCTOBER])
    bad = runner.invoke(app, ["rollup", "--month", "Oct 2026"])

    assert early.exit_code == 1
    assert "2026-11 has not ended yet" in early.output
    assert bad.exit_code == 2
    assert "is not a month like 2026-10" in bad.output
