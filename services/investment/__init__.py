"""Targeted investment attraction (精准招商, issue 17): target firms for the chain map's weak and
missing nodes, and the pipeline of investment projects from lead to production, with their
signings, filing, funds arrived and hand-over to key-project tracking once started."""

from services.investment.access import (
    InvestmentHidden,
    InvestmentNotAllowed,
    InvestmentRefused,
    chain_filter,
    manages,
    reads_chain_investment,
)
from services.investment.target_checks import MAX_NOTE
from services.investment.target_reads import (
    TargetPage,
    TargetsPage,
    chain_page_gaps,
    list_targets,
    map_nodes,
    target_gaps,
    target_page,
    targets_page,
    visible_target,
)
from services.investment.targets import EDITABLE, add_target, edit_target, move_target

__all__ = [
    "EDITABLE",
    "MAX_NOTE",
    "InvestmentHidden",
    "InvestmentNotAllowed",
    "InvestmentRefused",
    "TargetPage",
    "TargetsPage",
    "add_target",
    "chain_filter",
    "chain_page_gaps",
    "edit_target",
    "list_targets",
    "manages",
    "map_nodes",
    "move_target",
    "reads_chain_investment",
    "target_gaps",
    "target_page",
    "targets_page",
    "visible_target",
]
