"""The gap list: where we trail a peer, with both figures and sources; our counts of titles
held (expired ones never count); one step from a gap to a task, made once."""

import pytest
from sqlmodel import Session, func, select

from models import BenchmarkGapAction, Designation, Task
from services.benchmarks import (
    BenchmarkHidden,
    BenchmarkNotAllowed,
    BenchmarkRefused,
    compare,
    gap_to_task,
)
from services.people import Actor, Viewer, actor_by_email
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


def _gaps(
    session: Session, chain: str | None = "BEARING", year: int = 2025
) -> list[tuple[str, str]]:
    comparison = compare(
        session,
        viewer=None,
        chain_code=chain,
        year=year,
        today=TODAY,
        catalogue=CATALOGUE,
        kinds=DEFAULT_KINDS,
    )
    return [(g.indicator.code, g.peer.name) for g in comparison.gaps]


def _spawn(session: Session, actor: Actor = OFFICE, peer: str = "瓦房店轴承"):  # type: ignore[no-untyped-def]
    return gap_to_task(
        session=session,
        actor=actor,
        indicator="chain_output",
        chain_code="BEARING",
        peer_name=peer,
        year=2025,
        today=TODAY,
        now=NOW,
        rules=RULES,
        catalogue=CATALOGUE,
        kinds=DEFAULT_KINDS,
    )


def test_we_trail_where_the_peer_does_better_furthest_first(bench_city: City) -> None:
    session, _ = bench_city
    enter(session, "chain_output", 100.0)
    enter(session, "chain_output", 400.0, peer="瓦房店轴承")  # 75 % behind
    enter(session, "chain_output", 80.0, peer="洛阳市")  # we lead
    enter(session, "energy_per_output", 0.5)
    enter(session, "energy_per_output", 0.4, peer="瓦房店轴承")  # 25 % more energy
    enter(session, "rd_intensity", 3.0)
    enter(session, "rd_intensity", 3.0, peer="洛阳市")  # a tie
    assert _gaps(session) == [("chain_output", "瓦房店轴承"), ("energy_per_output", "瓦房店轴承")]
    comparison = compare(
        session,
        viewer=None,
        chain_code="BEARING",
        year=2025,
        today=TODAY,
        catalogue=CATALOGUE,
        kinds=DEFAULT_KINDS,
    )
    first = comparison.gaps[0]
    assert (first.ours.value, first.theirs.value, first.gap.difference) == (100.0, 400.0, 300.0)
    assert first.theirs.source == "统计公报 2025" and first.task_id is None
    assert _gaps(session, year=2024) == []


def test_our_counts_of_titles_skip_the_expired_one_and_replace_an_entered_figure(
    bench_city: City,
) -> None:
    session, _ = bench_city
    enter(session, "specialised_smes", 99.0)  # entered, but titles are recorded: counted
    enter(session, "specialised_smes", 5.0, peer="瓦房店轴承")
    enter(session, "chain_masters", 2.0, peer="瓦房店轴承")
    comparison = compare(
        session,
        viewer=None,
        chain_code="BEARING",
        year=2025,
        today=TODAY,
        catalogue=CATALOGUE,
        kinds=DEFAULT_KINDS,
    )
    # the four SMEs held their titles on 2025-12-31 (the expired one lapsed in March 2026)
    assert comparison.ours["specialised_smes"].value == 4.0
    assert comparison.ours["specialised_smes"].counted
    assert comparison.ours["chain_masters"].value == 1.0
    assert "little_giants" not in comparison.ours  # none recorded: nothing to count from
    running = compare(
        session,
        viewer=None,
        chain_code="BEARING",
        year=2026,
        today=TODAY,
        catalogue=CATALOGUE,
        kinds=DEFAULT_KINDS,
    )
    assert running.ours["specialised_smes"].value == 3.0  # counted today: expired never counts
    assert [(g.indicator.code, g.theirs.value) for g in comparison.gaps] == [
        ("chain_masters", 2.0),
        ("specialised_smes", 5.0),
    ]
    assert session.exec(select(func.count()).select_from(Designation)).one() == 5


def test_a_gap_spawns_its_task_once_for_the_lead_department(bench_city: City) -> None:
    session, _ = bench_city
    enter(session, "chain_output", 100.0)
    enter(session, "chain_output", 400.0, peer="瓦房店轴承")
    made = _spawn(session, team(session))
    assert made.made
    task = made.task
    assert task.title == "对标瓦房店轴承补齐产业链产值差距"
    assert task.source == "benchmark"
    assert task.due_date.isoformat() == "2026-10-29"  # 20 working days after 25 Sep, over 国庆
    assert "400" in (task.requirements or "")
    again = _spawn(session)
    assert not again.made and again.task.id == task.id
    assert session.exec(select(func.count()).select_from(BenchmarkGapAction)).one() == 1
    comparison = compare(
        session,
        viewer=None,
        chain_code="BEARING",
        year=2025,
        today=TODAY,
        catalogue=CATALOGUE,
        kinds=DEFAULT_KINDS,
    )
    assert comparison.gaps[0].task_id == task.id


def test_no_gap_no_task_and_only_those_who_run_the_chain_spawn(bench_city: City) -> None:
    session, _ = bench_city
    enter(session, "chain_output", 100.0)
    enter(session, "chain_output", 50.0, peer="瓦房店轴承")
    tasks = session.exec(select(func.count()).select_from(Task)).one()
    with pytest.raises(BenchmarkRefused) as refused:
        _spawn(session)
    assert refused.value.field == "indicator"
    enter(session, "chain_output", 400.0, peer="瓦房店轴承")
    leader = actor_by_email(session, "wang.lei@example.gov.cn")
    with pytest.raises(BenchmarkNotAllowed):
        _spawn(session, leader)
    assert session.exec(select(func.count()).select_from(Task)).one() == tasks


def test_a_firm_reads_no_comparison_and_the_chain_leader_reads_his_chain(bench_city: City) -> None:
    session, seeded = bench_city
    leader = Viewer(
        user_id=0,
        username="w",
        actor=actor_by_email(session, "wang.lei@example.gov.cn"),
        leader_chains=frozenset({seeded.chain_id}),
    )
    compare(
        session,
        viewer=leader,
        chain_code="BEARING",
        year=2025,
        today=TODAY,
        catalogue=CATALOGUE,
        kinds=DEFAULT_KINDS,
    )
    firm = Viewer(
        user_id=0,
        username="f",
        actor=Actor("f", enterprise_id=seeded.master),
        enterprise_id=seeded.master,
    )
    with pytest.raises(BenchmarkHidden):
        compare(
            session,
            viewer=firm,
            chain_code="BEARING",
            year=2025,
            today=TODAY,
            catalogue=CATALOGUE,
            kinds=DEFAULT_KINDS,
        )
    other = Viewer(
        user_id=0,
        username="o",
        actor=Actor("o", person_id=999),
        leader_chains=frozenset({seeded.chain_id + 100}),
    )
    with pytest.raises(BenchmarkHidden):
        compare(
            session,
            viewer=other,
            chain_code="BEARING",
            year=2025,
            today=TODAY,
            catalogue=CATALOGUE,
            kinds=DEFAULT_KINDS,
        )
    with pytest.raises(BenchmarkHidden):
        compare(
            session,
            viewer=None,
            chain_code="NOPE",
            year=2025,
            today=TODAY,
            catalogue=CATALOGUE,
            kinds=DEFAULT_KINDS,
        )
