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
from services.investment.filing import FilingTask, file_project
from services.investment.pipeline import list_projects, project_row, show_project, stage_counts
from services.investment.pipeline_page import (
    ChainPipeline,
    CityPipeline,
    ProjectView,
    chain_pipeline,
    city_pipeline,
    project_view,
)
from services.investment.projects import (
    add_project,
    edit_project,
    managed_project,
    sees_project,
    visible_project,
)
from services.investment.projects_checks import MAX_WAN
from services.investment.projects_moves import Signed, move_project, record_signing, report_funds
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
    "MAX_WAN",
    "ChainPipeline",
    "CityPipeline",
    "FilingTask",
    "InvestmentHidden",
    "InvestmentNotAllowed",
    "InvestmentRefused",
    "ProjectView",
    "Signed",
    "TargetPage",
    "TargetsPage",
    "add_project",
    "add_target",
    "chain_filter",
    "chain_page_gaps",
    "chain_pipeline",
    "city_pipeline",
    "edit_project",
    "edit_target",
    "file_project",
    "list_projects",
    "list_targets",
    "managed_project",
    "manages",
    "map_nodes",
    "move_project",
    "move_target",
    "project_row",
    "project_view",
    "reads_chain_investment",
    "record_signing",
    "report_funds",
    "sees_project",
    "show_project",
    "stage_counts",
    "target_gaps",
    "target_page",
    "targets_page",
    "visible_project",
    "visible_target",
]
