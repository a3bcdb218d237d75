"""The matchmaking lists' two sheets: chain masters' demand items (需求清单) and SMEs' capability
items (产品/能力清单) — their columns (the check that each names a node of its own chain's map,
the rows read back for export and the upsert are in ``services.workbook.supply_rows``).

Both are keyed by chain + credit code + item (or product), so importing the same workbook twice
changes nothing. The map node is named by its name within the chain (the map sheet's ``node``),
in this workbook or in the database; a chain with no node of that name refuses the row.
"""

import math

from mechanism.supply_lists import DemandStatus
from mechanism.wording import Said
from models import CapabilityItem, DemandItem, MapNode
from services.matchmaking import MAX_AMOUNT_WAN
from services.workbook.columns import Column, Sheet, chain_column, credit_code_column


def _amount(value: float) -> Said | None:
    """万元: finite, not negative, within reason (the pages' own bound)."""
    if math.isfinite(value) and 0 <= value <= MAX_AMOUNT_WAN:
        return None
    return Said(
        f"the amount (万元) must be a number from 0 to {MAX_AMOUNT_WAN:,.0f}, not {value!r}",
        f"金额（万元）须为 0 至 {MAX_AMOUNT_WAN:,.0f} 之间的数，不能是 {value!r}",
    )


def _node_column() -> Column:
    return Column(
        "node",
        "图谱节点",
        "Map node",
        "text",
        False,
        "The name of a node of the chain's map (the map sheet's node)",
        stored=(MapNode, "name"),
    )


DEMANDS = Sheet(
    "demands",
    "需求清单",
    "Demands",
    (
        chain_column(),
        credit_code_column(zh="链主企业信用代码"),
        Column("item", "需求事项", "Item", "text", True, stored=(DemandItem, "item")),
        _node_column(),
        Column(
            "specification",
            "规格要求",
            "Specification",
            "text",
            stored=(DemandItem, "specification"),
        ),
        Column(
            "amount_wan",
            "金额(万元)",
            "Amount (10k CNY)",
            "number",
            stored=(DemandItem, "amount_wan"),
            bound=_amount,
        ),
        Column("needed_by", "需求时间", "Needed by", "date", stored=(DemandItem, "needed_by")),
        Column(
            "status",
            "状态",
            "Status",
            DemandStatus,
            False,
            "Defaults to open; blank keeps the item's current status",
            stored=(DemandItem, "status"),
        ),
    ),
    ("chain", "credit_code", "item"),
    "Chain masters' demand lists (链主需求清单) for matchmaking.",
)

CAPABILITIES = Sheet(
    "capabilities",
    "产品能力清单",
    "Capabilities",
    (
        chain_column(),
        credit_code_column(zh="企业信用代码"),
        Column("product", "产品/能力", "Product", "text", True, stored=(CapabilityItem, "product")),
        _node_column(),
        Column(
            "certifications",
            "资质认证",
            "Certifications",
            "text",
            stored=(CapabilityItem, "certifications"),
        ),
        Column("capacity", "产能", "Capacity", "text", stored=(CapabilityItem, "capacity")),
    ),
    ("chain", "credit_code", "product"),
    "SMEs' product and capability lists (中小企业产品/能力清单) for matchmaking.",
)

SUPPLY_SHEETS = (DEMANDS, CAPABILITIES)
