"""``chainops enterprises plans``: the 一企一策 plans from the command line, on the demo city."""

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from chainops.cli import app

OFFICE = "gao.wenbo@example.gov.cn"
FIRM = "liu.qinghua@huasheng-chem.example.com"  # 华晟化工: plan 1 is its own
WANTONG = "913715818438126800"


def run(*args: str) -> Result:
    return CliRunner().invoke(app, ["enterprises", "plans", *args], catch_exceptions=False)


def as_json(*args: str) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_list_and_show_in_json_with_the_keys_the_readme_names(on_demo: Path) -> None:
    rows = as_json("list")
    assert [(r["id"], r["chain"], r["target_kind"], r["year"]) for r in rows] == [
        (1, "HCHEM", "chain_master", 2026),
        (2, "BEARING", "pilot", 2026),
    ]
    assert as_json("list", "--chain", "BEARING")[0]["id"] == 2
    assert as_json("list", "--year", "2027") == []
    assert [r["id"] for r in as_json("list", "--by", FIRM)] == [1]
    shown = as_json("show", "1")
    assert {"targets", "actuals", "from_system", "lines", "measures", "rule_outcome"} <= set(shown)
    assert shown["measures"][1]["project"] == "LC2026-HCHEM-01"
    table = run("show", "2")
    assert table.exit_code == 0 and "对标国家级制造业单项冠军" in table.stdout


def test_a_plan_made_measured_recorded_and_confirmed(on_demo: Path) -> None:
    made = run(
        "add",
        "--chain",
        "BEARING",
        "--enterprise",
        WANTONG,
        "--year",
        "2027",
        "--kind",
        "pilot",
        "--projects",
        "1",
        "--local-suppliers",
        "0",
        "--by",
        OFFICE,
    )
    assert made.exit_code == 0, made.stderr
    assert made.stdout.startswith("plan 3:")
    assert (
        run(
            "measure", "3", "--text", "专家诊链", "--project", "LC2026-BEARING-01", "--by", OFFICE
        ).exit_code
        == 0
    )
    recorded = run("actuals", "3", "--from-system", "--by", OFFICE)
    assert recorded.exit_code == 0 and "by the rule: partly" in recorded.stdout
    shown = as_json("show", "3")
    assert shown["actuals"]["projects"] == 0  # LC2026-BEARING-01 is 2026's, not 2027's
    assert shown["rule_outcome"] == "partly"
    confirmed = run("outcome", "3", "--by", OFFICE)
    assert confirmed.exit_code == 0 and "outcome partly" in confirmed.stdout


def test_refusals_are_clear_errors_and_change_nothing(on_demo: Path) -> None:
    before = as_json("show", "1")
    for args, says in [
        (
            ("actuals", "1", "--rd-intensity", "320", "--by", OFFICE),
            "rd_intensity: is a percentage",
        ),
        (("actuals", "1", "--projects", "1", "--by", FIRM), "may not record the actuals"),
        (("show", "2", "--by", FIRM), "no plan 2"),
        (
            ("measure", "1", "--text", "x", "--request", "YS2026-001", "--by", OFFICE),
            "another enterprise's",
        ),
        (("outcome", "1", "--by", OFFICE), "cannot judge yet"),
        (
            (
                "add",
                "--chain",
                "HCHEM",
                "--enterprise",
                WANTONG,
                "--year",
                "2026",
                "--kind",
                "pilot",
                "--revenue",
                "1",
                "--by",
                OFFICE,
            ),
            "neither holds",
        ),
    ]:
        result = run(*args)
        assert result.exit_code == 1, result.stdout
        assert says in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert run("measure", "1", "--by", OFFICE).exit_code == 2
    assert as_json("show", "1") == before
