"""一企一策 cultivation plans (issue 16 point 3): one per chain, enterprise and year for a chain
master or a pilot enterprise — yearly targets, the owner department, support measures linked to
the enterprise's factor requests and key projects, the year-end actuals (with what the system
knows from signed matches and key projects) and the outcome met / partly / missed that the rule
in ``mechanism.cultivation`` gives and the office confirms or overrides. Who may do what is
``services.cultivation.access``.
"""

from services.cultivation.access import confirms_outcome, manages, plan_filter, records_actuals
from services.cultivation.actuals import (
    SIGNED_STAGES,
    confirm_outcome,
    record_actuals,
    system_figures,
)
from services.cultivation.errors import PlanHidden, PlanNotAllowed, PlanRefused
from services.cultivation.measures import add_measure, remove_measure
from services.cultivation.plans import create_plan, edit_plan, visible_plan
from services.cultivation.reads import list_plans, plan_choices, show_plan

__all__ = [
    "SIGNED_STAGES",
    "PlanHidden",
    "PlanNotAllowed",
    "PlanRefused",
    "add_measure",
    "confirm_outcome",
    "confirms_outcome",
    "create_plan",
    "edit_plan",
    "list_plans",
    "manages",
    "plan_choices",
    "plan_filter",
    "record_actuals",
    "records_actuals",
    "remove_measure",
    "show_plan",
    "system_figures",
    "visible_plan",
]
