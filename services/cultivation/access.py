"""Who may see and do what with a 一企一策 plan (issue 16 point 5, as for the rest).

- see: the office and the chief chain leader every plan; a chain's working group and chain
  leader the plans of their chains; a department the plans it owns; a firm its own plans only
  (whatever else it is);
- manage (create, edit targets, add or remove measures): the office and the chain's working
  group;
- record the year-end actuals: those who manage, and the plan's owner department;
- confirm or override the outcome: the office, which signs the year off (as it signs off tasks).
"""

import sqlalchemy as sa
from sqlmodel import col

from models import CultivationPlan
from services.people import Viewer


def plan_filter(viewer: Viewer) -> sa.ColumnElement[bool]:
    """A WHERE clause keeping the plans ``viewer`` sees."""
    if viewer.enterprise_id is not None:
        return col(CultivationPlan.enterprise_id) == viewer.enterprise_id
    if viewer.reads_every_chain:
        return sa.true()
    ways: list[sa.ColumnElement[bool]] = []
    chains = viewer.team_chains | viewer.leader_chains
    if chains:
        ways.append(col(CultivationPlan.chain_id).in_(sorted(chains)))
    if viewer.department_id is not None:
        ways.append(col(CultivationPlan.owner_department_id) == viewer.department_id)
    return sa.or_(*ways) if ways else sa.false()


def sees_plan(viewer: Viewer, plan: CultivationPlan) -> bool:
    if viewer.enterprise_id is not None:
        return plan.enterprise_id == viewer.enterprise_id
    return viewer.reads_chain(plan.chain_id) or (
        viewer.department_id is not None and viewer.department_id == plan.owner_department_id
    )


def manages(viewer: Viewer, chain_id: int) -> bool:
    """Create and edit the chain's plans: the office and the chain's working group."""
    return viewer.enterprise_id is None and viewer.runs_chain(chain_id)


def records_actuals(viewer: Viewer, plan: CultivationPlan) -> bool:
    return manages(viewer, plan.chain_id) or (
        viewer.enterprise_id is None
        and viewer.department_id is not None
        and viewer.department_id == plan.owner_department_id
    )


def confirms_outcome(viewer: Viewer) -> bool:
    return viewer.is_office
