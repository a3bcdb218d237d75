"""The demand and capability sheets' checks, export rows and upsert (their columns are in
``services.workbook.supply_sheets``): a map node named by its name within the chain, found in
the workbook's map sheet or in the database."""

from collections.abc import Callable
from typing import Any

from sqlmodel import Session, col, select

from mechanism.supply_lists import DemandStatus
from mechanism.wording import Said
from models import CapabilityItem, DemandItem, MapNode
from services.lookups import NaturalKeys, chain_node
from services.workbook.known import KnownKeys
from services.workbook.raw import RawSheet, RawWorkbook
from services.workbook.upsert import Upserter

Problem = Callable[[RawSheet, int, str, Said], None]


def check_nodes(
    workbook: RawWorkbook, parsed: dict[str, Any], known: KnownKeys, problem: Problem
) -> None:
    """Each demand, capability or investment project names a node of its own chain's map,
    here or in the database."""
    nodes = set(known.map_nodes)
    for row in parsed.get("map", []):
        if isinstance(row.values["chain"], str) and isinstance(row.values["node"], str):
            nodes.add((row.values["chain"], row.values["node"]))
    for key in ("demands", "capabilities", "investment_projects"):
        for row in parsed.get(key, []):
            chain, node = row.values["chain"], row.values["node"]
            if isinstance(chain, str) and isinstance(node, str) and (chain, node) not in nodes:
                problem(
                    workbook.sheets[key],
                    row.number,
                    "node",
                    Said(
                        f"the {chain!r} chain's map has no node {node!r}, in the workbook or "
                        "the database",
                        f"工作簿和数据库中，产业链 {chain!r} 的图谱都没有节点 {node!r}",
                    ),
                )


def supply_rows(session: Session, lookup: NaturalKeys) -> dict[str, list[dict[str, Any]]]:
    """Both sheets' rows as the database holds them, for export (the inverse of import)."""
    names = {n.id: n.name for n in session.exec(select(MapNode))}
    return {
        "demands": [
            {
                "chain": lookup.chain[d.chain_id],
                "credit_code": lookup.enterprise[d.enterprise_id],
                "item": d.item,
                "node": names.get(d.map_node_id or 0),
                "specification": d.specification,
                "amount_wan": d.amount_wan,
                "needed_by": d.needed_by,
                "status": DemandStatus(d.status),
            }
            for d in session.exec(select(DemandItem).order_by(col(DemandItem.id)))
        ],
        "capabilities": [
            {
                "chain": lookup.chain[c.chain_id],
                "credit_code": lookup.enterprise[c.enterprise_id],
                "product": c.product,
                "node": names.get(c.map_node_id or 0),
                "certifications": c.certifications,
                "capacity": c.capacity,
            }
            for c in session.exec(select(CapabilityItem).order_by(col(CapabilityItem.id)))
        ],
    }


class SupplyWriter(Upserter):
    """The two sheets' writers (``services.workbook.importing`` calls them by sheet key)."""

    def _node_id(self, chain_id: int, name: str | None) -> int | None:
        if name is None:
            return None
        node = chain_node(self.session, chain_id, name)
        assert node is not None and node.id is not None  # validation checked the reference
        return node.id

    def demands(self, v: dict[str, Any]) -> None:
        chain_id = self.chain_ids[v["chain"]]
        key = {
            "chain_id": chain_id,
            "enterprise_id": self.enterprise_ids[v["credit_code"]],
            "item": v["item"],
        }
        values: dict[str, Any] = {
            "map_node_id": self._node_id(chain_id, v["node"]),
            "specification": v["specification"],
            "amount_wan": v["amount_wan"],
            "needed_by": v["needed_by"],
        }
        # A blank status keeps what the item has reached since; a new one starts open.
        if v["status"] is not None:
            values["status"] = v["status"].value
        elif self._find(DemandItem, **key) is None:
            values["status"] = DemandStatus.OPEN.value
        _, outcome = self._upsert(DemandItem, key, values)
        self._tally(outcome)

    def capabilities(self, v: dict[str, Any]) -> None:
        chain_id = self.chain_ids[v["chain"]]
        _, outcome = self._upsert(
            CapabilityItem,
            {
                "chain_id": chain_id,
                "enterprise_id": self.enterprise_ids[v["credit_code"]],
                "product": v["product"],
            },
            {
                "map_node_id": self._node_id(chain_id, v["node"]),
                "certifications": v["certifications"],
                "capacity": v["capacity"],
            },
        )
        self._tally(outcome)
