"""Key projects (重点项目): the ledger (重点项目台账), the monthly reports (月调度) — a second,
different one on a month only when confirmed, the first kept in the history — the daily check
that stores every active project's light and urges missing reports, and what the project pages
read.
"""

from services.projects.amounts import MAX_AMOUNT, amount_problem
from services.projects.check import check_projects
from services.projects.history import ExistingReport, ReportExists
from services.projects.ledger import (
    ProjectAccessDenied,
    ProjectInputError,
    light_reasons,
    list_projects,
    show_project,
)
from services.projects.page import (
    ChainChoice,
    ProjectHidden,
    chains_among,
    may_report,
    project_chains,
    service_department,
    visible_project,
    visible_projects,
)
from services.projects.reports import report_month

__all__ = [
    "MAX_AMOUNT",
    "ChainChoice",
    "ExistingReport",
    "ProjectAccessDenied",
    "ProjectHidden",
    "ProjectInputError",
    "ReportExists",
    "amount_problem",
    "chains_among",
    "check_projects",
    "light_reasons",
    "list_projects",
    "may_report",
    "project_chains",
    "report_month",
    "service_department",
    "show_project",
    "visible_project",
    "visible_projects",
]
