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

__all__ = [
    "MAX_WAN",
    "ChainPipeline",
    "CityPipeline",
    "FilingTask",
    "InvestmentHidden",
    "InvestmentNotAllowed",
    "InvestmentRefused",
    "ProjectView",
    "Signed",
    "add_project",
    "chain_filter",
    "chain_pipeline",
    "city_pipeline",
    "edit_project",
    "file_project",
    "list_projects",
    "managed_project",
    "manages",
    "move_project",
    "project_row",
    "project_view",
    "reads_chain_investment",
    "record_signing",
    "report_funds",
    "sees_project",
    "show_project",
    "stage_counts",
    "visible_project",
]
