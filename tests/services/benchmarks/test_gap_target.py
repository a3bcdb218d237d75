"""One step from a gap to an investment target: made once through the targets' service, with a
note naming the gap; a refusal of the target (a node not on the map, a blank company, someone
who does not run the chain) keeps nothing — no target, no action row."""

import pytest
from sqlmodel import Session, func, select

from models import BenchmarkGapAction, InvestmentTarget, MapNode, MapSegment
from services.benchmarks import (
    BenchmarkNotAllowed,
    BenchmarkRefused,
    GapTarget,
    compare,
    gap_to_target,
    gap_to_task,
)
from services.investment import InvestmentRefused
from services.people import Actor, actor_by_email
from tests.services.benchmarks.conftest import (
    CATALOGUE,
    DEFAULT_KINDS,
    NOW,
    OFFICE,
    RULES,
    TODAY,
    enter,
    team,
)
from tests.services.matchmaking.seed import Seeded

City = tuple[Session, Seeded]


@pytest.fixture
def gap_city(bench_city: City) -> City:
    """The bench city with a chain map (a missing node, 高端轴承钢) and a gap on chain output
    to 瓦房店轴承 (100 against 400 亿元)."""
    session, seeded = bench_city
    segment = MapSegment(chain_id=seeded.chain_id, stage="upstream", name="原材料")
    session.add(segment)
    session.flush()
    session.add(MapNode(segment_id=segment.id or 0, name="高端轴承钢", status="missing"))
    enter(session, "chain_output", 100.0)
    enter(session, "chain_output", 400.0, peer="瓦房店轴承")
    session.commit()
    return session, seeded


def _spawn(session: Session, actor: Actor = OFFICE, **given: str | None) -> GapTarget:
    values: dict[str, str | None] = {"company_name": "中信特钢集团有限公司", **given}
    return gap_to_target(
        session=session,
        actor=actor,
        indicator="chain_output",
        chain_code="BEARING",
        peer_name="瓦房店轴承",
        year=2025,
        today=TODAY,
        now=NOW,
        catalogue=CATALOGUE,
        kinds=DEFAULT_KINDS,
        company_name=values.pop("company_name") or "",
        **values,
    )


def _counts(session: Session) -> tuple[int, int]:
    targets = session.exec(select(func.count()).select_from(InvestmentTarget)).one()
    actions = session.exec(select(func.count()).select_from(BenchmarkGapAction)).one()
    return targets, actions


def test_a_gap_spawns_its_target_once_with_a_note_naming_the_gap(gap_city: City) -> None:
    session, seeded = gap_city
    made = _spawn(session, team(session), node="高端轴承钢", hq_region="山东省青岛市")
    assert made.made
    target = made.target
    node = session.exec(select(MapNode).where(MapNode.name == "高端轴承钢")).one()
    assert (target.chain_id, target.map_node_id, target.source, target.purpose) == (
        seeded.chain_id,
        node.id,
        "chain_map",
        "strengthen",
    )
    assert (target.status, target.hq_region) == ("listed", "山东省青岛市")
    note = target.note or ""
    for said in ("2025", "产业链产值", "chain_output", "瓦房店轴承", "100", "400", "300"):
        assert said in note
    again = _spawn(session, company_name="另一家公司")
    assert not again.made and again.target.id == target.id
    assert _counts(session) == (1, 1)
    comparison = compare(
        session,
        viewer=None,
        chain_code="BEARING",
        year=2025,
        today=TODAY,
        catalogue=CATALOGUE,
        kinds=DEFAULT_KINDS,
    )
    assert (comparison.gaps[0].target_id, comparison.gaps[0].task_id) == (target.id, None)


def test_a_gap_keeps_its_task_and_its_target_apart(gap_city: City) -> None:
    session, _ = gap_city
    task = gap_to_task(
        session=session,
        actor=OFFICE,
        indicator="chain_output",
        chain_code="BEARING",
        peer_name="瓦房店轴承",
        year=2025,
        today=TODAY,
        now=NOW,
        rules=RULES,
        catalogue=CATALOGUE,
        kinds=DEFAULT_KINDS,
    ).task
    target = _spawn(session).target
    assert _spawn(session).made is False
    comparison = compare(
        session,
        viewer=None,
        chain_code="BEARING",
        year=2025,
        today=TODAY,
        catalogue=CATALOGUE,
        kinds=DEFAULT_KINDS,
    )
    assert comparison.gaps[0].actions == {"task": task.id, "target": target.id}


def test_a_refused_target_keeps_nothing(gap_city: City) -> None:
    session, _ = gap_city
    with pytest.raises(InvestmentRefused) as refused:
        _spawn(session, node="不存在的环节")
    assert refused.value.field == "node"
    session.rollback()
    assert _counts(session) == (0, 0)
    with pytest.raises(InvestmentRefused) as blank:
        _spawn(session, company_name="  ")
    assert blank.value.field == "company_name"
    session.rollback()
    with pytest.raises(InvestmentRefused) as purpose:
        _spawn(session, purpose="buy")
    assert purpose.value.field == "purpose"
    session.rollback()
    assert _counts(session) == (0, 0)


def test_no_gap_no_target_and_only_those_who_run_the_chain_spawn(gap_city: City) -> None:
    session, _ = gap_city
    leader = actor_by_email(session, "wang.lei@example.gov.cn")
    with pytest.raises(BenchmarkNotAllowed):
        _spawn(session, leader)
    enter(session, "chain_output", 500.0)  # now we lead: no gap
    with pytest.raises(BenchmarkRefused) as refused:
        _spawn(session)
    assert refused.value.field == "indicator"
    with pytest.raises(BenchmarkRefused) as no_chain:
        gap_to_target(
            session=session,
            actor=OFFICE,
            indicator="chain_output",
            chain_code=None,
            peer_name="瓦房店轴承",
            year=2025,
            company_name="中信特钢集团有限公司",
            today=TODAY,
            now=NOW,
            catalogue=CATALOGUE,
            kinds=DEFAULT_KINDS,
        )
    assert no_chain.value.field == "chain" and "招商目标" in no_chain.value.message.zh
    assert _counts(session) == (0, 0)
