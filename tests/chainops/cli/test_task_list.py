"""``chainops tasks list`` with the task list's filters (--department, --owner, --light,
--due-within, --search) on the demo city: each is the plain filter of the whole list, and the
JSON keys are the ones scripts have read all along."""

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from chainops import wiring
from chainops.cli import app

KEYS = [
    "id", "chain", "title", "state", "lead_department", "owner", "start_date",
    "original_due_date", "due_date", "progress", "light", "ladder_level", "overdue",
]  # fmt: skip
OPEN = {"assigned", "accepted", "in_progress", "submitted", "blocked"}


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def tasks(*args: str) -> list[dict[str, Any]]:
    result = run("tasks", "list", *args, "--json")
    assert result.exit_code == 0, result.stderr
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def test_each_new_flag_is_the_plain_filter_of_the_whole_list(on_demo: Path) -> None:
    every = tasks()
    assert every and all(list(row) == KEYS for row in every)
    owner = every[0]["owner"]
    last = wiring.engine_rules().calendar.add(wiring.today(), 20).isoformat()
    cases: list[tuple[list[str], Any]] = [
        (["--department", "ZRJ"], lambda t: t["lead_department"] == "ZRJ"),
        (["--owner", owner.upper()], lambda t: t["owner"] == owner),
        (["--light", "red"], lambda t: t["light"] == "red"),
        (["--light", "黄灯"], lambda t: t["light"] == "yellow"),
        (["--due-within", "20"], lambda t: t["state"] in OPEN and t["due_date"] <= last),
        (["--search", "轴承"], lambda t: "轴承" in t["title"]),
        (["--search", "一链一策", "--chain", "BEARING"], lambda t: "一链一策" in t["title"]),
        (["--state", "open"], lambda t: t["state"] in OPEN),
        (
            ["--department", "GXJ", "--light", "red", "--overdue"],
            lambda t: t["lead_department"] == "GXJ" and t["light"] == "red" and t["overdue"],
        ),
    ]
    for flags, keep in cases:
        found = tasks(*flags)
        wanted = [t for t in every if keep(t)]
        if "--chain" in flags:
            wanted = [t for t in wanted if t["chain"] == "BEARING"]
        assert found == wanted, flags
        assert found, flags


@pytest.mark.parametrize(
    ("flags", "code", "said"),
    [
        (["--department", "NOPE"], 1, "department: no department 'NOPE'"),
        (["--owner", "nobody@example.org"], 1, "owner: no person"),
        (["--light", "purple"], 2, "--light must be one of"),
        (["--due-within", "-1"], 2, "--due-within"),
        (["--search", "长" * 201], 1, "q: at most 200 characters"),
    ],
)
def test_a_bad_flag_says_what_is_wrong(
    on_demo: Path, flags: list[str], code: int, said: str
) -> None:
    result = run("tasks", "list", *flags)
    assert result.exit_code == code
    assert said in " ".join(result.stderr.split())
