"""Tasks (任务): assignment (交办), the moves of their lifecycle, editing their particulars,
extension requests (延期申请), the clock that keeps a task's light and next sweep time true,
the daily sweep that climbs the escalation ladder, and what the task pages and the JSON API
read, and the one task list across chains (filtered, sorted, paged in SQL).
"""

from services.tasks.api import (
    check_assigns,
    check_task_role,
    list_row,
    task_detail,
    task_page,
)
from services.tasks.assignment import (
    AssignmentRefused,
    assign_task,
    due_after,
)
from services.tasks.chain_list import chain_tasks
from services.tasks.clock import (
    new_hold,
    record,
    refresh,
    task_timing,
)
from services.tasks.closing import close_as_system
from services.tasks.edit import (
    EditRefused,
    edit_task,
)
from services.tasks.extensions import (
    ExtensionRefused,
    decide_extension,
    request_extension,
)
from services.tasks.handover import tell_assigned
from services.tasks.light_counts import LightCount, lights_by_department
from services.tasks.moves import (
    BadTaskInput,
    TaskNotFound,
    accept_task,
    block_task,
    cancel_task,
    load_task,
    report_progress,
    return_task,
    sign_off_task,
    start_task,
    submit_task,
    unblock_task,
)
from services.tasks.page import (
    extension_of,
    may_ever,
    task_sheet,
    visible_task,
)
from services.tasks.particulars import (
    MAX_REQUIREMENTS,
    MAX_TITLE,
    due_problem,
    latest_due,
    start_problem,
    title_problem,
    working_days_problem,
)
from services.tasks.search import (
    MAX_DUE_WITHIN,
    OPEN,
    SORTS,
    BadFilter,
    TaskFilters,
    TaskPage,
    TaskRow,
    count_tasks,
    search_tasks,
    task_chains,
)
from services.tasks.sweep import (
    NOTICE,
    OUTBOX,
    due_tasks_query,
    sweep,
)

__all__ = [
    "MAX_DUE_WITHIN",
    "MAX_REQUIREMENTS",
    "MAX_TITLE",
    "NOTICE",
    "OPEN",
    "OUTBOX",
    "SORTS",
    "AssignmentRefused",
    "BadFilter",
    "BadTaskInput",
    "EditRefused",
    "ExtensionRefused",
    "LightCount",
    "TaskFilters",
    "TaskNotFound",
    "TaskPage",
    "TaskRow",
    "accept_task",
    "assign_task",
    "block_task",
    "cancel_task",
    "chain_tasks",
    "check_assigns",
    "check_task_role",
    "close_as_system",
    "count_tasks",
    "decide_extension",
    "due_after",
    "due_problem",
    "due_tasks_query",
    "edit_task",
    "extension_of",
    "latest_due",
    "lights_by_department",
    "list_row",
    "load_task",
    "may_ever",
    "new_hold",
    "record",
    "refresh",
    "report_progress",
    "request_extension",
    "return_task",
    "search_tasks",
    "sign_off_task",
    "start_problem",
    "start_task",
    "submit_task",
    "sweep",
    "task_chains",
    "task_detail",
    "task_page",
    "task_sheet",
    "task_timing",
    "tell_assigned",
    "title_problem",
    "unblock_task",
    "visible_task",
    "working_days_problem",
]
