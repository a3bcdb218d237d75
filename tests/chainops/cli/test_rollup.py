"""``chainops rollup`` on the demo city: October and November (closed by the demo's replay on the
first working days of November and December) show the same figures every time, write their
bulletins and mail nobody twice; December is refused until it ends."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chainops.cli import app
from chainops.settings import get_settings

runner = CliRunner()
IN_DECEMBER = ["--as-of", "2026-12-01T10:00"]


def test_october_closed_by_the_replay_shows_the_same_figures_every_time(on_demo: Path) -> None:
    first = runner.invoke(app, ["rollup", "--month", "2026-10", *IN_DECEMBER, "--json"])
    again = runner.invoke(app, ["rollup", "--month", "2026-10", "--json"])

    assert first.exit_code == 0, first.output
    assert again.exit_code == 0, again.output
    closed = json.loads(first.stdout)
    assert set(closed) == {
        "month",
        "closed_at",
        "city",
        "chains",
        "departments",
        "matchmaking",
        "investment",
        "supervision",
        "published",
    }
    assert (closed["month"], closed["closed_at"]) == ("2026-10", "2026-11-02T00:40:00+00:00")
    assert closed["chains"] and closed["departments"]
    assert set(closed["city"]) == {
        "tasks",
        "projects",
        "requests",
        "ladder",
        "matchmaking",
        "investment",
        "benchmarks",
        "supervision",
        "practices",
        "changes",
        "weights",
        "ranking_rules",
    }
    # the standing practices: the bearing chain's pilot 巡链 of 2026-Q3 ended unrecorded (issue 18)
    practices = closed["city"]["practices"]
    assert [(g["chain"], g["practice"], g["period"]) for g in practices["gaps"]] == [
        ("BEARING", "tour", "2026-Q3")
    ]
    assert practices["year_to_date"]["tour"]["required"] == 1
    assert closed["chains"]["BEARING"]["practices"]["year_to_date"]["tour"] == {
        "done": 0, "required": 1
    }  # fmt: skip
    # the bearing chain's widest gaps to its peers (2025 figures), as they stood at the close
    gaps = closed["chains"]["BEARING"]["benchmarks"]
    assert 0 < len(gaps) <= 5 and {g["year"] for g in gaps} == {2025}
    totals = sum(chain["tasks"]["total"] for chain in closed["chains"].values())
    assert totals == closed["city"]["tasks"]["total"]
    ranks = sorted(chain["ranking"]["rank"] for chain in closed["chains"].values())
    assert ranks[0] == 1
    assert closed["published"]["mails"] == 0  # the replay mailed it on 2 November
    # September's reports (every project's but 华晟's), entered from paper before the city
    # went live, count for October
    assert closed["city"]["projects"]["investment_completed"] == 885_000
    assert json.loads(again.stdout) == closed


def test_it_prints_the_chains_the_city_the_departments_and_where_the_bulletin_is(
    on_demo: Path,
) -> None:
    result = runner.invoke(app, ["rollup", "--month", "2026-11", *IN_DECEMBER])

    assert result.exit_code == 0, result.output
    assert "2026-11 rollup, closed earlier at 2026-12-01 08:40" in result.stdout
    assert "city" in result.stdout and "Responsible departments" in result.stdout
    folder = on_demo.parent / "reports" / "2026-11"
    assert f"bulletin: {folder}" in result.stdout
    assert (folder / "bulletin.zh-CN.html").exists()
    assert "mail: 0 notices, 0 messages newly queued" in result.stdout


def test_a_month_not_yet_over_or_badly_written_is_refused(on_demo: Path) -> None:
    early = runner.invoke(app, ["rollup", "--month", "2026-12", *IN_DECEMBER])
    bad = runner.invoke(app, ["rollup", "--month", "Oct 2026"])

    assert early.exit_code == 1
    assert "2026-12 has not ended yet" in early.output
    assert bad.exit_code == 2
    assert "is not a month like 2026-10" in bad.output


def test_a_month_closed_in_points_mode_freezes_the_points_and_the_rules(
    on_demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = (Path(__file__).parents[3] / "chainops" / "config" / "rollup.yaml").read_text(
        encoding="utf-8"
    )
    points_file = tmp_path / "rollup.yaml"
    points_file.write_text(shipped.replace("ranking: weighted", "ranking: points"), "utf-8")
    monkeypatch.setenv("CHAINOPS_ROLLUP_FILE", str(points_file))
    get_settings.cache_clear()

    result = runner.invoke(app, ["rollup", "--month", "2026-09", *IN_DECEMBER, "--json"])

    assert result.exit_code == 0, result.output
    closed = json.loads(result.stdout)
    assert closed["city"]["ranking_rules"]["mode"] == "points"
    assert closed["city"]["ranking_rules"]["per_item"]["returned"] == -2
    rankings = [f["ranking"] for f in [*closed["chains"].values(), *closed["departments"].values()]]
    assert {r["mode"] for r in rankings} == {"points"}
    assert {chain["ranking"]["group"] for chain in closed["chains"].values()} == {"chains"}


def test_a_wrong_ranking_file_is_refused_naming_the_file_and_key_and_closes_nothing(
    on_demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrong = tmp_path / "rollup.yaml"
    wrong.write_text("ranking: points\npoints:\n  per_item: {logins: 1}\n", encoding="utf-8")
    monkeypatch.setenv("CHAINOPS_ROLLUP_FILE", str(wrong))
    get_settings.cache_clear()

    result = runner.invoke(app, ["rollup", "--month", "2026-09", *IN_DECEMBER])

    assert result.exit_code == 2
    assert f"{wrong}, points.per_item.logins" in result.output
    assert "Traceback" not in result.output
    monkeypatch.delenv("CHAINOPS_ROLLUP_FILE")
    get_settings.cache_clear()
    shown = runner.invoke(app, ["rollup", "--month", "2026-09", *IN_DECEMBER, "--json"])
    assert json.loads(shown.stdout)["city"]["ranking_rules"] == {"mode": "weighted"}  # closed now
