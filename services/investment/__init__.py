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

__all__ = [
    "InvestmentHidden",
    "InvestmentNotAllowed",
    "InvestmentRefused",
    "chain_filter",
    "manages",
    "reads_chain_investment",
]
