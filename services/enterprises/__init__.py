"""The enterprise half's titles and cultivation library (issue 16, points 1–3 in part).

Designations (an enterprise's titles with validity, reviews and yearly data updates), the
cultivation library (梯度培育库) of candidates for the next tier, the chain leader's approval of
the chain's 链主 / 领航型 lists, the daily reminder step, and the data of the enterprise pages.
``holding`` and ``chain_masters`` are what the other parts count titles by.
"""

from services.enterprises.access import (
    enterprise_rights,
    manages_enterprise,
    readable_chains,
    reads_enterprise,
)
from services.enterprises.approval import (
    approve_designation,
    chain_master_lists,
    refuse_designation,
)
from services.enterprises.counting import chain_masters, expire_lapsed, holding
from services.enterprises.designations import (
    add_designation,
    edit_designation,
    get_designation,
    move_designation,
)
from services.enterprises.errors import (
    EnterpriseInputError,
    EnterpriseNotAllowed,
    EnterpriseNotFound,
)
from services.enterprises.importing import import_candidate, import_designation
from services.enterprises.library import add_candidate, exit_candidate, list_candidates
from services.enterprises.listing import (
    chain_ladder,
    enterprise_page,
    list_designations,
    list_enterprises,
)
from services.enterprises.lookups import chain_id_of
from services.enterprises.reminders import ReminderReport, remind, reminder_tasks

__all__ = [
    "EnterpriseInputError",
    "EnterpriseNotAllowed",
    "EnterpriseNotFound",
    "ReminderReport",
    "add_candidate",
    "add_designation",
    "approve_designation",
    "chain_id_of",
    "chain_ladder",
    "chain_master_lists",
    "chain_masters",
    "edit_designation",
    "enterprise_page",
    "enterprise_rights",
    "exit_candidate",
    "expire_lapsed",
    "get_designation",
    "holding",
    "import_candidate",
    "import_designation",
    "list_candidates",
    "list_designations",
    "list_enterprises",
    "manages_enterprise",
    "move_designation",
    "readable_chains",
    "reads_enterprise",
    "refuse_designation",
    "remind",
    "reminder_tasks",
]
