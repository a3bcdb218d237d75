"""The investment targets' sheet (招商目标 / ``investment_targets``): its columns (the checks a
row must pass beyond its cells, the rows read back for export and the upsert are in
``services.workbook.investment_rows``).

Keyed by chain + company, so importing the same workbook twice changes nothing. The target's
credit code is the firm's own, somewhere else in the country: it is checked by its check
character but is no reference to the enterprises sheet (the firm is not here yet), hence its
own column key ``target_credit_code``.
"""

from mechanism.investment_targets import (
    TargetPurpose,
    TargetSource,
    TargetStatus,
    priority_of,
)
from mechanism.wording import Said
from models import InvestmentTarget, MapNode
from services.investment import MAX_NOTE
from services.workbook.columns import Column, Sheet, chain_column

_T = InvestmentTarget


def _priority(value: int) -> Said | None:
    """1 (重点 high), 2 (一般 normal) or 3 (储备 low): stored as the number."""
    if priority_of(value) is not None:
        return None
    return Said(
        f"the priority is 1 (high), 2 (normal) or 3 (low), not {value}",
        f"优先级须为 1（重点）、2（一般）或 3（储备），不能是 {value}",
    )


INVESTMENT_TARGETS = Sheet(
    "investment_targets",
    "招商目标",
    "Investment targets",
    (
        chain_column(),
        Column("company", "目标企业", "Company", "text", True, stored=(_T, "company_name")),
        Column(
            "target_credit_code",
            "目标企业信用代码",
            "Target's credit code",
            "credit_code",
            False,
            "The firm's 18-character unified social credit code, when known",
            stored=(_T, "credit_code"),
        ),
        Column("hq_region", "总部所在地", "HQ region", "text", stored=(_T, "hq_region")),
        Column(
            "source",
            "来源",
            "Source",
            TargetSource,
            False,
            "Defaults to the chain map",
            stored=(_T, "source"),
        ),
        Column(
            "purpose",
            "招商方向",
            "Purpose",
            TargetPurpose,
            False,
            "补链 / 延链 / 强链; defaults to 补链 (fill)",
            stored=(_T, "purpose"),
        ),
        Column(
            "node",
            "图谱节点",
            "Map node",
            "text",
            False,
            "The name of a node of the chain's map (the map sheet's node)",
            stored=(MapNode, "name"),
        ),
        Column(
            "priority",
            "优先级",
            "Priority",
            "int",
            False,
            "1 重点 (high), 2 一般 (normal), 3 储备 (low); defaults to 2",
            bound=_priority,
            stored=(_T, "priority"),
        ),
        Column("owner_group", "责任专班", "Owner group", "text", stored=(_T, "owner_group")),
        Column(
            "status",
            "状态",
            "Status",
            TargetStatus,
            False,
            "Defaults to listed; blank keeps the target's current status",
            stored=(_T, "status"),
        ),
        Column(
            "dropped_reason",
            "放弃原因",
            "Dropped reason",
            "text",
            False,
            "Required when the status is dropped",
            max_chars=MAX_NOTE,
            stored=(_T, "dropped_reason"),
        ),
        Column("note", "备注", "Note", "text", max_chars=MAX_NOTE, stored=(_T, "note")),
    ),
    ("chain", "company"),
    "Investment targets (招商目标) for the chain map's weak and missing nodes.",
)
