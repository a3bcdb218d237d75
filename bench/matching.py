"""The shortlist for one demand in a province-sized matchmaking library.

    .venv/bin/python bench/matching.py [--enterprises 200000] [--demands 20000]
        [--capabilities 100000] [--samples 500] [--db /tmp/bench-matching.db]

Builds the library once in a fresh SQLite file (the real schema, by the migrations; rows written
with Core ``executemany``): 40 chains of 18 map nodes each (about 55% strong, 30% weak, 15%
missing), 136 counties of uneven size, ``--enterprises`` enterprises of which 12% hold a title
(innovative to national single champion; a tenth of them expired, some under review or
renewed), 2,000 chain masters posting ``--demands`` demand items, ``--capabilities`` capability
items of 60,000 SMEs spread over the chains (a few chains and nodes much busier than the
rest), and 5,000 matches already proposed. Then it times ``services.matchmaking.demand_shortlist``
— the office's view of a demand: permission, the demand's row, the bounded reads per rank
class, the ranking and its explanations — for ``--samples`` demands drawn at random, after a
warm-up, and reports the median, p90 and worst, and the lines returned. As a check and a
baseline it ranks 30 of those demands the naive way — every capability item of the chain
loaded with its enterprise and titles, ``mechanism.shortlist.rank`` over all of them — and
says whether the lines are the same. The last line printed is one JSON object; target: median
under 50 ms.
"""

import argparse
import json
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from mechanism.shortlist import Offer, Title, Wanted, rank  # noqa: E402
from models import (  # noqa: E402
    CapabilityItem,
    Chain,
    DemandItem,
    Designation,
    Enterprise,
    MapNode,
    MapSegment,
    Match,
)
from models.db import make_engine  # noqa: E402
from models.migrations import upgrade  # noqa: E402
from services.matchmaking import demand_shortlist  # noqa: E402
from services.people import Actor, Viewer  # noqa: E402

TODAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
CHAINS, NODES_PER_CHAIN, COUNTIES = 40, 18, 136
MASTERS, SMES, MATCHES = 2_000, 60_000, 5_000
BATCH = 20_000
TITLE_KINDS = (
    ("innovative", 50), ("zjtx_provincial", 30), ("gazelle", 8), ("little_giant", 8),
    ("single_champion_provincial", 2), ("key_little_giant", 1), ("single_champion_national", 1),
)  # fmt: skip
TITLE_STATUS = (("recognized", 75), ("expired", 10), ("under_review", 8), ("renewed", 7))


def _weighted(chance: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return chance.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _insert(connection: sa.Connection, table: sa.Table, rows: list[dict[str, object]]) -> None:
    for start in range(0, len(rows), BATCH):
        connection.execute(table.insert(), rows[start : start + BATCH])


def build(db: Path, enterprises: int, demands: int, capabilities: int) -> None:
    """The library, written once; the same seed gives the same library."""
    chance = random.Random(16)
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)
    with engine.begin() as connection:
        chains = [
            {"id": c, "code": f"C{c:02d}", "name_zh": f"产业链{c}", "name_en": f"Chain {c}",
             "position": c, "created_at": NOW}
            for c in range(1, CHAINS + 1)
        ]  # fmt: skip
        _insert(connection, Chain.__table__, chains)  # type: ignore[arg-type]
        segments, nodes = [], []
        for c in range(1, CHAINS + 1):
            for s, stage in enumerate(("upstream", "midstream", "downstream")):
                segment_id = (c - 1) * 3 + s + 1
                segments.append({"id": segment_id, "chain_id": c, "stage": stage,
                                 "name": f"环节{s}", "position": s})  # fmt: skip
                for n in range(NODES_PER_CHAIN // 3):
                    status = chance.choices(["strong", "weak", "missing"], [55, 30, 15])[0]
                    nodes.append({"id": len(nodes) + 1, "segment_id": segment_id,
                                  "name": f"节点{c}-{s}-{n}", "status": status})  # fmt: skip
        _insert(connection, MapSegment.__table__, segments)  # type: ignore[arg-type]
        _insert(connection, MapNode.__table__, nodes)  # type: ignore[arg-type]
        county_weights = [1 + (k % 7) * (k % 5) for k in range(COUNTIES)]
        firms = [
            {"id": e, "credit_code": f"9137{e:014d}", "name": f"企业{e}",
             "county": f"县{chance.choices(range(COUNTIES), county_weights)[0]}"}
            for e in range(1, enterprises + 1)
        ]  # fmt: skip
        _insert(connection, Enterprise.__table__, firms)  # type: ignore[arg-type]
        titles = []
        for e in chance.sample(range(1, enterprises + 1), enterprises * 12 // 100):
            until = TODAY + timedelta(days=chance.randint(-400, 1100))
            titles.append(
                {"enterprise_id": e, "kind": _weighted(chance, TITLE_KINDS),
                 "level": "provincial", "status": _weighted(chance, TITLE_STATUS),
                 "recognized_on": until - timedelta(days=3 * 365), "valid_until": until,
                 "created_at": NOW, "updated_at": NOW}
            )  # fmt: skip
        _insert(connection, Designation.__table__, titles)  # type: ignore[arg-type]
        chain_weights = [1 + 9 * (c % 4 == 0) + 3 * (c % 3 == 0) for c in range(CHAINS)]
        node_weights = [1 + 12 * (n == 0) + 4 * (n in (1, 2)) for n in range(NODES_PER_CHAIN)]

        def place() -> tuple[int, int | None]:
            c = chance.choices(range(1, CHAINS + 1), chain_weights)[0]
            n = chance.choices(range(NODES_PER_CHAIN), node_weights)[0]
            node = (c - 1) * NODES_PER_CHAIN + chance.sample(range(NODES_PER_CHAIN), 1)[0] + 1
            node = (c - 1) * NODES_PER_CHAIN + n + 1 if chance.random() < 0.7 else node
            return c, None if chance.random() < 0.05 else node

        smes = chance.sample(range(MASTERS + 1, enterprises + 1), min(SMES, enterprises // 3))
        offers = []
        for i in range(capabilities):
            c, node = place()
            offers.append(
                {"chain_id": c, "enterprise_id": chance.choice(smes), "product": f"产品{i}",
                 "map_node_id": node, "created_at": NOW}
            )  # fmt: skip
        _insert(connection, CapabilityItem.__table__, offers)  # type: ignore[arg-type]
        wants = []
        for i in range(demands):
            c, node = place()
            wants.append(
                {"chain_id": c, "enterprise_id": chance.randint(1, MASTERS), "item": f"需求{i}",
                 "map_node_id": node, "status": "open",
                 "amount_wan": float(chance.randint(10, 5000)), "created_at": NOW}
            )  # fmt: skip
        _insert(connection, DemandItem.__table__, wants)  # type: ignore[arg-type]
        pairs = {
            (chance.randint(1, demands), chance.randint(1, capabilities)) for _ in range(MATCHES)
        }
        _insert(connection, Match.__table__, [  # type: ignore[arg-type]
            {"demand_id": d, "capability_id": o, "stage": "proposed", "created_at": NOW,
             "updated_at": NOW} for d, o in sorted(pairs)
        ])  # fmt: skip
        connection.execute(sa.text("ANALYZE"))
    engine.dispose()


def office() -> Viewer:
    return Viewer(user_id=1, username="bench", actor=Actor("bench", is_office=True), is_office=True)


def naive(session: Session, demand: DemandItem) -> list[tuple[int, str]]:
    """Every capability item of the chain, ranked in Python: the baseline and the check."""
    master = session.get(Enterprise, demand.enterprise_id)
    assert master is not None
    rows = session.exec(
        select(CapabilityItem, Enterprise, MapNode)
        .join(Enterprise, Enterprise.id == CapabilityItem.enterprise_id)  # type: ignore[arg-type]
        .join(MapNode, MapNode.id == CapabilityItem.map_node_id, isouter=True)  # type: ignore[arg-type]
        .where(CapabilityItem.chain_id == demand.chain_id)
    ).all()
    titles: dict[int, list[Title]] = {}
    for d in session.exec(select(Designation)):
        titles.setdefault(d.enterprise_id, []).append(Title(d.kind, d.status, d.valid_until))
    matched = set(
        session.exec(
            select(CapabilityItem.enterprise_id)
            .join(Match, Match.capability_id == CapabilityItem.id)  # type: ignore[arg-type]
            .where(Match.demand_id == demand.id)
        ).all()
    )
    offers = [
        Offer(item.id or 0, firm.id or 0, firm.name, item.product, item.map_node_id,
              node.name if node else None, node.status if node else None, firm.county,
              tuple(titles.get(firm.id or 0, ())))
        for item, firm, node in rows
    ]  # fmt: skip
    wanted = Wanted(demand.map_node_id, demand.enterprise_id, master.county, frozenset(matched))
    return [(line.offer.capability_id, str(line.why)) for line in rank(wanted, offers, TODAY)]


def measure(db: Path, samples: int, demands: int) -> dict[str, object]:
    engine = make_engine(f"sqlite:///{db}")
    chance = random.Random(7)
    picked = chance.sample(range(1, demands + 1), samples)
    viewer = office()
    times, lengths = [], []
    with Session(engine) as session:
        for demand_id in picked[:20]:  # warm-up: caches and prepared statements
            demand_shortlist(session=session, viewer=viewer, demand_id=demand_id, today=TODAY)
        for demand_id in picked:
            started = time.perf_counter()
            listed = demand_shortlist(
                session=session, viewer=viewer, demand_id=demand_id, today=TODAY
            )
            times.append(time.perf_counter() - started)
            lengths.append(len(listed.rows))
        same, naive_times = True, []
        for demand_id in picked[:30]:
            demand = session.get(DemandItem, demand_id)
            assert demand is not None
            started = time.perf_counter()
            expected = naive(session, demand)
            naive_times.append(time.perf_counter() - started)
            listed = demand_shortlist(
                session=session, viewer=viewer, demand_id=demand_id, today=TODAY
            )
            same &= [(r["capability_id"], r["why"]) for r in listed.rows] == expected
    engine.dispose()
    ms = sorted(t * 1000 for t in times)
    return {
        "samples": samples,
        "shortlist_median_ms": round(statistics.median(ms), 2),
        "shortlist_p90_ms": round(ms[int(len(ms) * 0.9) - 1], 2),
        "shortlist_max_ms": round(ms[-1], 2),
        "lines_mean": round(statistics.mean(lengths), 1),
        "full_lists": sum(1 for n in lengths if n == 20),
        "naive_median_ms": round(statistics.median(naive_times) * 1000, 1),
        "same_as_naive": same,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--enterprises", type=int, default=200_000)
    parser.add_argument("--demands", type=int, default=20_000)
    parser.add_argument("--capabilities", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument("--db", type=Path, default=Path("/tmp/bench-matching.db"))
    args = parser.parse_args()
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{args.db}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    build(args.db, args.enterprises, args.demands, args.capabilities)
    built = time.perf_counter() - started
    figures = {
        "enterprises": args.enterprises,
        "demands": args.demands,
        "capabilities": args.capabilities,
        "build_s": round(built, 1),
        **measure(args.db, args.samples, args.demands),
    }
    for key, value in figures.items():
        print(f"{key:>22}  {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
