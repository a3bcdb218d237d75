"""The shortlist as the service reads it from the database: every ranking reason, exclusions,
and the same lines as the pure ranking over every capability of the chain — the bounded reads
per rank class lose nothing."""

import random
from datetime import datetime

import pytest
from sqlmodel import Session, select

from mechanism.shortlist import Offer, Title, Wanted, rank
from models import CapabilityItem, Designation, Enterprise, MapNode, Match
from services.matchmaking import (
    SupplyInputError,
    SupplyNotAllowed,
    choose,
    demand_shortlist,
    propose_match,
    shortlist_for,
)
from services.people import SYSTEM
from tests.services.matchmaking.supply_city import TODAY, build_city, capability, demand


def test_the_shortlist_ranks_node_gap_county_tier_with_reasons(session: Session) -> None:
    city = build_city(session)
    capability(session, city, "plain", "普通套圈", "套圈")  # no reason: left out
    capability(session, city, "giant", "钢球", "滚动体")  # tier only
    capability(session, city, "near", "套圈", "套圈")  # same county
    capability(session, city, "tester", "检测服务", "检测")  # missing node
    capability(session, city, "steel", "轴承钢棒材", "轴承钢")  # same node
    capability(session, city, "expired", "滚子", "滚动体")  # its title expired: left out
    capability(session, city, "master", "自有产品", "轴承钢")  # the demand's own enterprise
    wanted = demand(session, city, "轴承钢")
    lines = shortlist_for(session, wanted, TODAY)
    assert [line.offer.enterprise_name for line in lines] == [
        "华钢特钢",
        "精工检测",
        "鑫达套圈",
        "宏力滚动体",
    ]
    assert [line.why.zh for line in lines] == [
        "同一节点：轴承钢（薄弱）",
        "缺失节点：检测",
        "县：临清市",
        "专精特新“小巨人”，有效期至2027-06-30",
    ]


def test_suppliers_already_matched_are_left_out(session: Session, now: datetime) -> None:
    city = build_city(session)
    steel = capability(session, city, "steel", "轴承钢棒材", "轴承钢")
    capability(session, city, "steel", "另一产品", "检测")
    wanted = demand(session, city, "轴承钢")
    propose_match(
        session=session,
        actor=SYSTEM,
        demand_id=wanted.id or 0,
        capability_id=steel.id or 0,
        why=None,
        event_id=None,
        now=now,
    )
    assert shortlist_for(session, wanted, TODAY) == []


def test_the_chain_master_chooses_a_line_and_the_match_keeps_why(
    session: Session, now: datetime
) -> None:
    city = build_city(session)
    capability(session, city, "steel", "轴承钢棒材", "轴承钢")
    wanted = demand(session, city, "轴承钢")
    firm = city.viewer(session, "firm")
    listed = demand_shortlist(session=session, viewer=firm, demand_id=wanted.id or 0, today=TODAY)
    assert listed.may_choose and listed.rows[0]["same_node"] is True
    match = choose(
        session=session, viewer=firm, demand_id=wanted.id or 0, today=TODAY, now=now, place=1
    ).match
    assert match.stage == "proposed"
    assert match.why == "同一节点：轴承钢（薄弱） / same node: 轴承钢 (weak)"
    assert wanted.status == "matched"
    with pytest.raises(SupplyInputError, match="not on the demand's shortlist"):
        choose(
            session=session, viewer=firm, demand_id=wanted.id or 0, today=TODAY, now=now, place=1
        )


def test_only_the_chain_master_team_or_office_choose(session: Session, now: datetime) -> None:
    city = build_city(session)
    capability(session, city, "steel", "轴承钢棒材", "轴承钢")
    wanted = demand(session, city, "轴承钢")
    for persona in ("leader", "dept"):
        viewer = city.viewer(session, persona)
        listed = demand_shortlist(
            session=session, viewer=viewer, demand_id=wanted.id or 0, today=TODAY
        )
        assert not listed.may_choose
        with pytest.raises(SupplyNotAllowed):
            choose(
                session=session,
                viewer=viewer,
                demand_id=wanted.id or 0,
                today=TODAY,
                now=now,
                place=1,
            )
    team = city.viewer(session, "team")
    choose(session=session, viewer=team, demand_id=wanted.id or 0, today=TODAY, now=now, place=1)
    assert session.exec(select(Match)).one().demand_id == wanted.id


def test_a_withdrawn_demand_takes_no_supplier(session: Session, now: datetime) -> None:
    city = build_city(session)
    steel = capability(session, city, "steel", "轴承钢棒材", "轴承钢")
    wanted = demand(session, city, "轴承钢")
    wanted.status = "withdrawn"
    with pytest.raises(SupplyInputError, match="withdrawn"):
        propose_match(
            session=session,
            actor=SYSTEM,
            demand_id=wanted.id or 0,
            capability_id=steel.id or 0,
            why=None,
            event_id=None,
            now=now,
        )
    assert session.exec(select(Match)).all() == []


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_bounded_reads_give_the_ranking_over_every_capability(
    session: Session, seed: int
) -> None:
    """Many suppliers, few lines: the service's pages per rank class against the pure ranking
    run over every capability item of the chain."""
    city = build_city(session)
    chance = random.Random(seed)
    counties = ["临清市", "冠县", "东昌府区", None]
    kinds = ["innovative", "zjtx_provincial", "little_giant", "single_champion_national"]
    for number in range(120):
        firm = Enterprise(
            credit_code=f"R{seed}{number:05d}", name=f"企业{number}", county=chance.choice(counties)
        )
        session.add(firm)
        session.flush()
        if chance.random() < 0.4:
            session.add(
                Designation(
                    enterprise_id=firm.id or 0,
                    kind=chance.choice(kinds),
                    level="provincial",
                    status=chance.choice(["recognized", "expired"]),
                    valid_until=chance.choice([None, TODAY]),
                )
            )
        for _ in range(chance.randint(1, 3)):
            node = chance.choice([None, *city.nodes.values()])
            chain = city.other_chain if node is not None and node.name == "无缝管" else city.chain
            session.add(
                CapabilityItem(
                    chain_id=chain.id or 0,
                    enterprise_id=firm.id or 0,
                    product="产品",
                    map_node_id=node.id if node else None,
                )
            )
    session.flush()
    for node in (None, "轴承钢", "套圈"):
        wanted = demand(session, city, node)
        got = shortlist_for(session, wanted, TODAY, top=7)
        assert len(got) == 7
        assert [(line.offer.capability_id, line.why) for line in got] == _brute_force(
            session, wanted.enterprise_id, wanted.map_node_id, city.chain.id or 0
        )


def _brute_force(
    session: Session, enterprise_id: int, node_id: int | None, chain_id: int
) -> list[tuple[int, str]]:
    master = session.get(Enterprise, enterprise_id)
    assert master is not None
    nodes = {n.id: n for n in session.exec(select(MapNode))}
    offers = []
    for item in session.exec(select(CapabilityItem).where(CapabilityItem.chain_id == chain_id)):
        firm = session.get(Enterprise, item.enterprise_id)
        assert firm is not None
        node = nodes.get(item.map_node_id)
        titles = tuple(
            Title(d.kind, d.status, d.valid_until)
            for d in session.exec(select(Designation).where(Designation.enterprise_id == firm.id))
        )
        offers.append(
            Offer(
                item.id or 0,
                firm.id or 0,
                firm.name,
                item.product,
                item.map_node_id,
                node.name if node else None,
                node.status if node else None,
                firm.county,
                titles,
            )
        )
    lines = rank(Wanted(node_id, enterprise_id, master.county), offers, TODAY, top=7)
    return [(line.offer.capability_id, line.why) for line in lines]
