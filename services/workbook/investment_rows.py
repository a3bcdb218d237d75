"""The investment targets sheet's checks beyond its cells (the node is one of its own chain's
map, here or in the database; a dropped target says why), its rows read back for export, and
the upsert (its columns are in ``services.workbook.investment_sheets``)."""

from collections.abc import Callable
from typing import Any

from sqlmodel import Session, col, select

from mechanism.investment_targets import (
    TargetPriority,
    TargetPurpose,
    TargetSource,
    TargetStatus,
)
from mechanism.wording import Said
from models import InvestmentTarget, MapNode
from services.lookups import NaturalKeys, chain_node
from services.workbook.known import KnownKeys
from services.workbook.raw import RawSheet, RawWorkbook
from services.workbook.upsert import Upserter

Problem = Callable[[RawSheet, int, str, Said], None]


def check_targets(
    workbook: RawWorkbook, parsed: dict[str, Any], known: KnownKeys, problem: Problem
) -> None:
    """Each target names a node of its own chain's map (here or in the database), and a
    dropped one says why."""
    rows = parsed.get("investment_targets", [])
    if not rows:
        return
    raw = workbook.sheets["investment_targets"]
    nodes = set(known.map_nodes)
    for row in parsed.get("map", []):
        if isinstance(row.values["chain"], str) and isinstance(row.values["node"], str):
            nodes.add((row.values["chain"], row.values["node"]))
    for row in rows:
        v = row.values
        chain, node = v["chain"], v["node"]
        if isinstance(chain, str) and isinstance(node, str) and (chain, node) not in nodes:
            problem(
                raw,
                row.number,
                "node",
                Said(
                    f"the {chain!r} chain's map has no node {node!r}, in the workbook or "
                    "the database",
                    f"工作簿和数据库中，产业链 {chain!r} 的图谱都没有节点 {node!r}",
                ),
            )
        if v["status"] is TargetStatus.DROPPED and v["dropped_reason"] is None:
            problem(
                raw,
                row.number,
                "dropped_reason",
                Said("a dropped target says why it was dropped", "已放弃的招商目标须写明放弃原因"),
            )


def investment_target_rows(
    session: Session, lookup: NaturalKeys
) -> dict[str, list[dict[str, Any]]]:
    """The sheet's rows as the database holds them, for export (the inverse of import)."""
    names = {n.id: n.name for n in session.exec(select(MapNode))}
    return {
        "investment_targets": [
            {
                "chain": lookup.chain[t.chain_id],
                "company": t.company_name,
                "target_credit_code": t.credit_code,
                "hq_region": t.hq_region,
                "source": TargetSource(t.source),
                "purpose": TargetPurpose(t.purpose),
                "node": names.get(t.map_node_id or 0),
                "priority": t.priority,
                "owner_group": t.owner_group,
                "status": TargetStatus(t.status),
                "dropped_reason": t.dropped_reason,
                "note": t.note,
            }
            for t in session.exec(select(InvestmentTarget).order_by(col(InvestmentTarget.id)))
        ]
    }


class InvestmentWriter(Upserter):
    """The targets sheet's writer (``services.workbook.importing`` calls it by sheet key)."""

    def _target_node(self, chain_id: int, name: str | None) -> int | None:
        if name is None:
            return None
        node = chain_node(self.session, chain_id, name)
        assert node is not None and node.id is not None  # validation checked the reference
        return node.id

    def investment_targets(self, v: dict[str, Any]) -> None:
        chain_id = self.chain_ids[v["chain"]]
        key = {"chain_id": chain_id, "company_name": v["company"]}
        values: dict[str, Any] = {
            "credit_code": v["target_credit_code"],
            "hq_region": v["hq_region"],
            "source": (v["source"] or TargetSource.CHAIN_MAP).value,
            "purpose": (v["purpose"] or TargetPurpose.FILL).value,
            "map_node_id": self._target_node(chain_id, v["node"]),
            "priority": v["priority"] or int(TargetPriority.NORMAL.value),
            "owner_group": v["owner_group"],
            "note": v["note"],
        }
        # A blank status keeps what the target has reached since; a new one starts listed.
        existing = self._find(InvestmentTarget, **key)
        if v["status"] is not None:
            values["status"] = v["status"].value
        elif existing is None:
            values["status"] = TargetStatus.LISTED.value
        status = values.get("status", existing.status if existing else None)
        values["dropped_reason"] = v["dropped_reason"] if status == "dropped" else None
        row, outcome = self._upsert(InvestmentTarget, key, values)
        if outcome == "created":
            row.created_at = self.now
        if outcome != "unchanged":
            row.updated_at = self.now
            self.session.add(row)
        self._tally(outcome)
