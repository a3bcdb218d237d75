"""``chainops matchmaking demands|capabilities list|add`` and ``matchmaking shortlist``: the
lists and a demand's shortlist from the command line, ``--json`` with the README's keys, and
the chain master's ``--choose``."""

import json

from sqlmodel import Session, select
from typer.testing import CliRunner

from chainops.cli import app
from models import Match
from tests.services.matchmaking.supply_city import build_city, capability, demand


def _city(session: Session) -> int:
    city = build_city(session)
    capability(session, city, "steel", "轴承钢棒材", "轴承钢")
    capability(session, city, "near", "套圈", "套圈")
    wanted = demand(session, city, "轴承钢")
    session.commit()
    return wanted.id or 0


def test_lists_print_as_tables_and_json(chainops: CliRunner, session: Session) -> None:
    _city(session)
    table = chainops.invoke(app, ["matchmaking", "demands", "list"], catch_exceptions=False)
    assert table.exit_code == 0 and "高端轴承钢" in table.stdout
    rows = json.loads(
        chainops.invoke(app, ["matchmaking", "capabilities", "list", "--json"]).stdout
    )
    assert [r["product"] for r in rows] == ["轴承钢棒材", "套圈"]
    assert {
        "id",
        "chain",
        "credit_code",
        "enterprise",
        "county",
        "product",
        "node",
        "node_status",
        "certifications",
        "capacity",
    } <= set(rows[0])
    sme = json.loads(
        chainops.invoke(
            app, ["matchmaking", "capabilities", "list", "--by", "hu@hongli.example.com", "--json"]
        ).stdout
    )
    assert sme == []  # a firm sees its own items only


def test_a_firm_adds_a_demand_and_a_bad_node_is_refused(
    chainops: CliRunner, session: Session
) -> None:
    _city(session)
    by = ["--by", "ma@wantong.example.com"]
    added = chainops.invoke(
        app,
        [
            "matchmaking",
            "demands",
            "add",
            "--chain",
            "BRG",
            "--item",
            "精密套圈",
            "--node",
            "套圈",
            "--amount",
            "80",
            "--needed-by",
            "2027-05-31",
            *by,
            "--json",
        ],
    )
    assert added.exit_code == 0, added.output
    (row,) = json.loads(added.stdout)
    assert (row["item"], row["node"], row["amount_wan"], row["status"]) == (
        "精密套圈",
        "套圈",
        80.0,
        "open",
    )
    refused = chainops.invoke(
        app,
        ["matchmaking", "demands", "add", "--chain", "BRG", "--item", "x", "--node", "风电", *by],
    )
    assert refused.exit_code == 1
    assert "map node: the BRG chain's map has no node '风电'" in refused.output
    other = chainops.invoke(
        app,
        [
            "matchmaking",
            "capabilities",
            "add",
            "--chain",
            "BRG",
            "--product",
            "x",
            "--credit-code",
            "S0001",
            *by,
        ],
    )
    assert other.exit_code == 1 and "its own lists only" in other.output


def test_the_shortlist_explains_each_line_and_choose_makes_a_match(
    chainops: CliRunner, session: Session
) -> None:
    demand_id = _city(session)
    listed = chainops.invoke(app, ["matchmaking", "shortlist", str(demand_id), "--json"])
    lines = json.loads(listed.stdout)
    assert [(line["place"], line["enterprise"], line["why"]) for line in lines] == [
        (1, "华钢特钢", "same node: 轴承钢 (weak)"),
        (2, "鑫达套圈", "county: 临清市"),
    ]
    assert {
        "capability_id",
        "same_node",
        "gap_node",
        "same_county",
        "tier",
        "tier_valid_until",
        "why_zh",
    } <= set(lines[0])
    table = chainops.invoke(app, ["matchmaking", "shortlist", str(demand_id)])
    assert "same node: 轴承钢 (weak)" in table.stdout
    nobody = chainops.invoke(app, ["matchmaking", "shortlist", str(demand_id), "--choose", "2"])
    assert nobody.exit_code == 1 and "--by" in nobody.output
    chosen = chainops.invoke(
        app,
        [
            "matchmaking",
            "shortlist",
            str(demand_id),
            "--choose",
            "2",
            "--by",
            "ma@wantong.example.com",
        ],
    )
    assert chosen.exit_code == 0, chosen.output
    assert "鑫达套圈 proposed" in chosen.stdout
    session.expire_all()
    match = session.exec(select(Match)).one()
    assert match.why == "县：临清市 / county: 临清市"
    missing = chainops.invoke(app, ["matchmaking", "shortlist", "9999"])
    assert missing.exit_code == 1 and "no demand 9999" in missing.output
