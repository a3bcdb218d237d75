"""``chainops practices run|list`` on the demo city: the run makes nothing the daily step made
already, the list shows the bearing chain's periods and its one gap (the pilot's 2026-Q3 巡链),
and a wrong chain is a clear error."""

import json
from pathlib import Path

from typer.testing import CliRunner

from chainops.cli import app

AS_OF = "2026-12-01T09:00"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_run_makes_nothing_twice_and_list_shows_the_periods_and_gaps(on_demo: Path) -> None:
    code, out, _ = run("practices", "run", "--as-of", "2026-12-01T08:30", "--json")
    assert code == 0 and json.loads(out)["made"] == 0  # the replay's days made them already

    code, out, _ = run("practices", "list", "--chain", "BEARING", "--as-of", AS_OF, "--json")
    assert code == 0
    rows = json.loads(out)
    assert {(r["practice"], r["period"]) for r in rows} >= {
        ("tour", "2026-Q3"), ("tour", "2026-Q4"), ("dispatch", "2026-11"), ("dispatch", "2026-12"),
    }  # fmt: skip
    assert all(r["chain"] == "BEARING" and r["task_id"] for r in rows)

    code, out, _ = run("practices", "list", "--chain", "bearing", "--gaps", "--as-of", AS_OF,
                       "--json")  # fmt: skip
    gaps = json.loads(out)
    assert code == 0
    assert [(g["practice"], g["period"]) for g in gaps] == [
        ("dispatch", "2026-11"), ("tour", "2026-Q3")
    ]  # fmt: skip
    assert all(g["gap"] and not g["done"] for g in gaps)

    code, out, _ = run("practices", "list", "--gaps", "--as-of", AS_OF)
    assert code == 0 and "2026-Q3" in out and "BEARING" in out


def test_an_unknown_chain_is_a_clear_error(on_demo: Path) -> None:
    code, _, err = run("practices", "list", "--chain", "NOPE")
    assert code == 1 and "chain: no chain 'NOPE'" in err and "Traceback" not in err
