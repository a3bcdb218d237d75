"""Issue 17's rows for the rollup bench: each chain's map (three stages, a segment each, four
nodes a segment) and ``--investment N`` projects spread over the chains and counties, with their
signings (first, some re-signings and capital increases) and months of funds arrived, and a
yearly funds target per chain. Written straight into SQLite like the rest of the bench city."""

import random
import sqlite3
from datetime import date
from typing import Any

from bench.rollup_city import insert_rows

STAGES = ("lead", "negotiating", "signed", "registered", "started", "building", "producing",
          "at_capacity", "terminated")  # fmt: skip
WEIGHTS = (4, 4, 10, 8, 12, 14, 10, 6, 3)
COUNTY_NAMES = ("魏都区", "建安区", "东城区", "禹州市", "长葛市", "鄢陵县", "襄城县")
NOW = "2026-10-20 02:00:00.000000"


def load_investment(raw: sqlite3.Connection, rng: random.Random, count: int) -> dict[str, int]:
    chains = [row[0] for row in raw.execute("SELECT id FROM chain ORDER BY id")]
    nodes: dict[int, list[int]] = {}
    segment_id = node_id = 0
    segments: list[tuple[Any, ...]] = []
    map_nodes: list[tuple[Any, ...]] = []
    for chain in chains:
        for position, stage in enumerate(("upstream", "midstream", "downstream")):
            segment_id += 1
            segments.append((segment_id, chain, stage, f"环节{position + 1}", position))
            for n in range(4):
                node_id += 1
                status = ("strong", "weak", "missing")[(n + position) % 3]
                map_nodes.append((node_id, segment_id, f"节点{chain}-{position}-{n}", status))
                nodes.setdefault(chain, []).append(node_id)
    insert_rows(raw, "map_segment", "id, chain_id, stage, name, position", segments)
    insert_rows(raw, "map_node", "id, segment_id, name, status", map_nodes)
    projects: list[tuple[Any, ...]] = []
    signings: list[tuple[Any, ...]] = []
    funds: list[tuple[Any, ...]] = []
    for pid in range(1, count + 1):
        chain = rng.choice(chains)
        stage = rng.choices(STAGES, WEIGHTS)[0]
        planned = rng.choice((3_000, 8_000, 15_000, 40_000, 120_000, 600_000)) * rng.uniform(
            0.5, 1.5
        )
        signed_on = None
        contract = None
        if stage not in ("lead", "negotiating"):
            signed_on = date(
                rng.choice((2025, 2026, 2026, 2026)), rng.randint(1, 10), rng.randint(1, 28)
            )
            contract = round(planned, 2)
            signings.append((pid, "first", signed_on, contract, contract, "bench", NOW))
            if rng.random() < 0.15:
                extra = round(contract * 0.2, 2)
                later = min(
                    date(2026, 10, 28), date(signed_on.year, min(signed_on.month + 1, 12), 5)
                )
                kind = rng.choice(("re_signing", "capital_increase"))
                amount = contract + extra if kind == "re_signing" else extra
                signings.append((pid, kind, later, amount, extra, "bench", NOW))
                contract += extra
            for month in range(signed_on.month if signed_on.year == 2026 else 1, 11):
                if rng.random() < 0.4:
                    funds.append(
                        (pid, date(2026, month, 1), round(contract * 0.03, 2), "bench", NOW)
                    )
        projects.append((pid, f"ZS{pid:06d}", f"招商项目{pid}", chain, rng.choice(nodes[chain]),
                         f"投资方{pid}", rng.choice(COUNTY_NAMES), stage, round(planned, 2),
                         contract, signed_on, NOW, NOW))  # fmt: skip
    insert_rows(raw, "investment_project",
                "id, code, name, chain_id, map_node_id, investor_name, county, stage, "
                "planned_investment_wan, contract_amount_wan, signed_on, created_at, updated_at",
                projects)  # fmt: skip
    insert_rows(raw, "investment_signing",
                "project_id, kind, signed_on, amount_wan, counted_wan, created_by, created_at",
                signings)  # fmt: skip
    insert_rows(raw, "funds_arrival", "project_id, month, amount_wan, created_by, created_at",
                funds)  # fmt: skip
    insert_rows(raw, "investment_year_target", "chain_id, year, funds_target_wan",
                [(chain, 2026, 5_000_000.0) for chain in chains])  # fmt: skip
    return {"investment_projects": len(projects), "investment_signings": len(signings),
            "funds_arrivals": len(funds), "map_nodes": len(map_nodes)}  # fmt: skip
