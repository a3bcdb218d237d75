"""``chainops investment targets list|add|edit|move``: targets from the command line, ``--json``
with the README's keys, ``--by`` deciding who may, and refusals as clear errors."""

import json

from sqlmodel import Session, select
from typer.testing import CliRunner

from chainops.cli import app
from models import InvestmentTarget
from tests.services.matchmaking.supply_city import build_city

TEAM = ["--by", "team@example.gov.cn"]
KEYS = {
    "id",
    "chain",
    "company",
    "credit_code",
    "hq_region",
    "source",
    "purpose",
    "node",
    "node_status",
    "priority",
    "owner_group",
    "status",
    "dropped_reason",
    "note",
    "projects",
    "updated_at",
}


def _add(chainops: CliRunner, *extra: str) -> dict:
    result = chainops.invoke(
        app,
        [
            "investment",
            "targets",
            "add",
            "--chain",
            "BRG",
            "--company",
            "江苏示范精密轴承钢有限公司",
            "--credit-code",
            "91320500MA1W3K7Q0C",
            "--hq-region",
            "江苏省苏州市",
            "--node",
            "轴承钢",
            "--purpose",
            "强链",
            "--source",
            "chain_master",
            "--priority",
            "1",
            *extra,
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)[0]  # type: ignore[no-any-return]


def test_the_working_group_adds_and_moves_a_target(chainops: CliRunner, session: Session) -> None:
    build_city(session)
    session.commit()
    row = _add(chainops, *TEAM)
    assert set(row) == KEYS
    assert (row["node"], row["purpose"], row["source"], row["priority"], row["status"]) == (
        "轴承钢",
        "strengthen",
        "chain_master",
        1,
        "listed",
    )
    tid = str(row["id"])
    moved = chainops.invoke(
        app, ["investment", "targets", "move", tid, "--to", "contacted", *TEAM, "--json"]
    )
    assert json.loads(moved.stdout)[0]["status"] == "contacted"
    edited = chainops.invoke(
        app, ["investment", "targets", "edit", tid, "--node", "检测", "--note", "复核", *TEAM]
    )
    assert edited.exit_code == 0 and "检测" in edited.stdout
    listed = chainops.invoke(
        app, ["investment", "targets", "list", "--chain", "BRG", "--status", "contacted", "--json"]
    )
    assert [r["company"] for r in json.loads(listed.stdout)] == ["江苏示范精密轴承钢有限公司"]
    gaps = chainops.invoke(
        app, ["investment", "targets", "list", "--chain", "BRG", "--gaps", "--json"]
    )
    assert [g["node"] for g in json.loads(gaps.stdout)] == ["轴承钢"]
    table = chainops.invoke(app, ["investment", "targets", "list"], catch_exceptions=False)
    assert table.exit_code == 0 and "江苏示范精密轴承钢有限公司" in table.stdout


def test_a_drop_without_a_reason_and_a_bad_node_are_refused_by_name(
    chainops: CliRunner, session: Session
) -> None:
    build_city(session)
    session.commit()
    tid = str(_add(chainops, *TEAM)["id"])
    dropped = chainops.invoke(app, ["investment", "targets", "move", tid, "--to", "dropped", *TEAM])
    assert dropped.exit_code == 1 and "reason: say why" in dropped.output
    bad = chainops.invoke(
        app,
        ["investment", "targets", "add", "--chain", "BRG", "--company", "浙江示范", "--node", "无",
         *TEAM],
    )  # fmt: skip
    assert bad.exit_code == 1 and "map has no node '无'" in bad.output
    session.expire_all()
    assert len(session.exec(select(InvestmentTarget)).all()) == 1


def test_a_leader_reads_but_does_not_change_and_a_firm_sees_nothing(
    chainops: CliRunner, session: Session
) -> None:
    build_city(session)
    session.commit()
    tid = str(_add(chainops, *TEAM)["id"])
    leader = ["--by", "leader@example.gov.cn"]
    read = chainops.invoke(app, ["investment", "targets", "list", *leader, "--json"])
    assert len(json.loads(read.stdout)) == 1
    refused = chainops.invoke(
        app, ["investment", "targets", "move", tid, "--to", "contacted", *leader]
    )
    assert refused.exit_code == 1 and "working group or the office" in refused.output
    firm = ["--by", "ma@wantong.example.com"]
    assert (
        json.loads(chainops.invoke(app, ["investment", "targets", "list", *firm, "--json"]).stdout)
        == []
    )
    hidden = chainops.invoke(
        app, ["investment", "targets", "move", tid, "--to", "contacted", *firm]
    )
    assert hidden.exit_code == 1 and f"no target {tid}" in hidden.output
