"""The factor requests of ``bench/rollup.py``'s city: every ``FactorType``, routed as
``chainops/config/factors.yaml`` routes it, answered within the close service level or
late, or still open.
"""

import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from bench.rollup_city import (
    ENTERPRISES,
    FACTORS_FILE,
    MONTH_END,
    OBJECTS,
    CityDraw,
    insert_rows,
)
from mechanism.vocabulary import FactorType

FACTORS = {  # factor: (share of requests, unit, lowest and highest quantity)
    FactorType.LAND: (20, "亩", 10, 500),
    FactorType.ENERGY: (12, "吨标准煤", 500, 50_000),
    FactorType.POWER: (15, "千伏安", 500, 20_000),
    FactorType.FUNDS: (20, "万元", 100, 20_000),
    FactorType.LABOUR: (13, "人", 10, 500),
    FactorType.ENVIRONMENT: (8, "吨", 5, 500),
    FactorType.APPROVALS: (12, "项", 1, 5),
}
FACTOR_DEPARTMENTS = {  # routing of chainops/config/factors.yaml, as department ids
    FactorType.LAND: 6,
    FactorType.ENERGY: 2,
    FactorType.POWER: 20,
    FactorType.FUNDS: 17,
    FactorType.LABOUR: 10,
    FactorType.ENVIRONMENT: 7,
    FactorType.APPROVALS: 16,
}


class RequestRows(CityDraw):
    """Factor requests submitted over the year."""

    def load_requests(self, raw: sqlite3.Connection) -> dict[str, int]:
        from services.config import load_factor_rules

        levels = load_factor_rules(FACTORS_FILE).levels
        columns = (
            "id, code, chain_id, enterprise_id, project_id, factor_type, quantity, unit,"
            " needed_by, description, department_id, state, submitted_by, submitted_at,"
            " accepted_at, planned_at, resolved_at, confirmed_at, stage_due, reply,"
            " reject_reason, satisfaction, reopened, light, ladder_level, next_action_at"
        )
        rows = self._requests({t: (lv.plan, lv.close) for t, lv in levels.items()})
        return {"requests": insert_rows(raw, "factor_request", columns, rows)}

    def _requests(self, levels: dict[FactorType, tuple[int, int]]) -> Iterator[tuple[Any, ...]]:
        rng, days = self.rng, self.days
        by_chain: dict[int, list[int]] = {}
        for pid, chain_id in enumerate(self.project_chain, 1):
            by_chain.setdefault(chain_id, []).append(pid)
        types = list(FACTORS)
        shares = [FACTORS[t][0] for t in types]
        first, last = days.index(date(2026, 1, 5)), days.index(MONTH_END) - 1
        for rid in range(1, self.args.requests + 1):
            chain_id = self.chain()
            self.request_chain.append(chain_id)
            factor = rng.choices(types, shares)[0]
            _, unit, low, high = FACTORS[factor]
            plan, close = levels[factor]
            submitted = rng.randint(first, last)
            accepted = submitted + (0 if rng.random() < 0.6 else rng.randint(1, 3))
            planned = accepted + rng.randint(1, plan + 1)
            late = rng.random() < 0.22
            closed = submitted + (close + rng.randint(1, 15) if late else rng.randint(2, close))
            row: dict[str, Any] = {
                "state": "submitted",
                "accepted_at": None,
                "planned_at": None,
                "resolved_at": None,
                "confirmed_at": None,
                "stage_due": None,
                "reply": None,
                "reject_reason": None,
                "satisfaction": None,
                "light": "green",
                "next_action_at": days.at(days.now + 1, 0),
            }
            if accepted < days.now:
                row.update(state="accepted", accepted_at=days.at(accepted, 10))
            if planned < days.now:
                row.update(state="in_progress", planned_at=days.at(planned, 15), reply="已制定方案")
            if closed < days.now:
                rejected = rng.random() < 0.12
                row.update(
                    state="rejected" if rejected else "resolved",
                    resolved_at=days.at(closed, rng.randint(9, 17)),
                    reject_reason="不符合政策条件" if rejected else None,
                    next_action_at=None,
                )
                if not rejected and closed + 3 < days.now and rng.random() < 0.7:
                    row.update(
                        state="confirmed",
                        confirmed_at=days.at(closed + 3, 11),
                        satisfaction=rng.choice((3, 4, 5, 5, 5)),
                    )
            else:
                self.open_requests.append(rid)
                due = submitted + close
                row["stage_due"] = days.iso(due)
                row["light"] = "red" if due < days.now else "yellow" if due == days.now else "green"
            projects = by_chain.get(chain_id)
            yield (
                rid,
                f"YS2026{rid:06d}",
                chain_id,
                rng.randint(1, ENTERPRISES),
                rng.choice(projects) if projects and rng.random() < 0.4 else None,
                factor.value,
                rng.randint(low, high),
                unit,
                (days.days[submitted] + timedelta(days=rng.randint(30, 180))).isoformat(),
                f"{factor.zh}需求：{rng.choice(OBJECTS)}",
                FACTOR_DEPARTMENTS[factor],
                row["state"],
                f"firm{rid % ENTERPRISES}@firm.example.com",
                days.at(submitted, rng.randint(9, 17)),
                row["accepted_at"],
                row["planned_at"],
                row["resolved_at"],
                row["confirmed_at"],
                row["stage_due"],
                row["reply"],
                row["reject_reason"],
                row["satisfaction"],
                0,
                row["light"],
                -1,
                row["next_action_at"],
            )
