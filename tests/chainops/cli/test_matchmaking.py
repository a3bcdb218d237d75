"""``chainops matchmaking …`` on a private copy of the demo city with matchmaking rows on the
bearing chain: an event planned, invited and held by the working group, a refusal without a
traceback, a match moved to an intention with its follow-ups, the lists as JSON, the report
as .xlsx."""

import json
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import sqlalchemy as sa
from sqlmodel import Session
from typer.testing import CliRunner, Result

from chainops.cli import app
from services.matchmaking import propose_match
from services.people import SYSTEM
from tests.services.matchmaking.seed import EXPIRED_SME, Seeded, seed

TEAM = "guo.jiaqi@example.gov.cn"
LEADER = "li.zhenhua@example.gov.cn"


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def _seeded(path: Path) -> tuple[Seeded, int]:
    engine = sa.create_engine(f"sqlite:///{path}")
    with Session(engine) as session:
        seeded = seed(session, "BEARING")
        match = propose_match(
            session=session,
            actor=SYSTEM,
            demand_id=seeded.demand,
            capability_id=seeded.capabilities[0],
            why=None,
            event_id=None,
            now=datetime(2026, 11, 20, tzinfo=UTC),
        )
        session.commit()
        match_id = match.id or 0
    engine.dispose()
    return seeded, match_id


def test_the_working_group_runs_an_event_from_the_command_line(on_demo: Path) -> None:
    seeded, _ = _seeded(on_demo)
    made = run(
        "matchmaking",
        "events",
        "add",
        "--chain",
        "BEARING",
        "--title",
        "轴承产需对接",
        "--kind",
        "production_demand",
        "--host",
        "GXJ",
        "--on",
        "2026-12-08",
        "--place",
        "临清",
        "--by",
        TEAM,
    )
    assert made.exit_code == 0, made.stderr
    event_id = made.stdout.split()[1].rstrip(":")
    for code, role in (
        (seeded.master_code, "chain_master"),
        *((c, "sme") for c in seeded.sme_codes[2:]),
    ):
        assert (
            run(
                "matchmaking",
                "events",
                "invite",
                event_id,
                "--credit-code",
                code,
                "--role",
                role,
                "--by",
                TEAM,
            ).exit_code
            == 0
        )
    for state in ("collecting", "matched"):
        assert (
            run("matchmaking", "events", "move", event_id, "--to", state, "--by", TEAM).exit_code
            == 0
        )
    refused = run("matchmaking", "events", "move", event_id, "--to", "held", "--by", TEAM)
    assert refused.exit_code == 1 and "Traceback" not in refused.stderr
    assert "1 of the 3 specialised SMEs needed" in refused.stderr and EXPIRED_SME in refused.stderr
    denied = run("matchmaking", "events", "move", event_id, "--to", "held", "--by", LEADER)
    assert denied.exit_code == 1 and "working group" in denied.stderr
    listed = run("matchmaking", "events", "list", "--chain", "BEARING", "--json")
    rows = json.loads(listed.stdout)
    assert [(r["title"], r["state"], r["chain_masters"], r["smes"]) for r in rows] == [
        ("轴承产需对接", "matched", 1, 2),
        ("轴承产业链链主企业供需对接会", "following_up", 2, 5),  # the demo's own
    ]


def test_a_match_moves_to_an_intention_with_its_follow_ups(on_demo: Path) -> None:
    _, match_id = _seeded(on_demo)
    assert (
        run(
            "matchmaking", "matches", "move", str(match_id), "--to", "introduced", "--by", TEAM
        ).exit_code
        == 0
    )
    bad = run("matchmaking", "matches", "move", str(match_id), "--to", "intention", "--by", TEAM)
    assert bad.exit_code == 1 and "give the intention amount" in bad.stderr
    moved = run(
        "matchmaking",
        "matches",
        "move",
        str(match_id),
        "--to",
        "intention",
        "--amount",
        "66",
        "--by",
        TEAM,
    )
    assert moved.exit_code == 0 and moved.stdout.count("follow-up task") == 2
    rows = json.loads(run("matchmaking", "matches", "list", "--json").stdout)
    assert [(r["id"], r["stage"], r["intention_wan"]) for r in rows if r["id"] == match_id] == [
        (match_id, "intention", 66.0)
    ]
    assert len(rows) == 8  # with the demo event's seven
    assert set(rows[0]) >= {"demand", "demander", "supplier", "product", "contract_wan", "why"}


def test_the_report_writes_an_xlsx(on_demo: Path, tmp_path: Path) -> None:
    _seeded(on_demo)
    target = tmp_path / "report.xlsx"
    result = run("matchmaking", "report", "--xlsx", str(target))
    assert result.exit_code == 0, result.stderr
    header = next(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert header[0] == "Chain"
    as_json = json.loads(run("matchmaking", "report", "--json", "--chain", "BEARING").stdout)
    assert as_json["chains"][0]["chain"] == "BEARING" and "share_taking_part" in as_json["totals"]
    assert run("matchmaking", "report", "--from", "2026-13-01").exit_code == 2
