"""The two task sheets: the action plan's tasks (行动计划任务) and the tasks assigned outside a
plan (交办事项). They share the columns of who does the work and where a task stands, declared
once here so the sheets cannot drift apart."""

from mechanism.vocabulary import ListType, TaskSource, TaskState
from models import ActionPlan, ActionPlanItem, Department, ListItem, Person, Task
from services.tasks import MAX_REQUIREMENTS, MAX_TITLE
from services.workbook.bounds import plan_year
from services.workbook.columns import Column, Sheet, chain_column

_TITLE = (Task, "title")

_TASK_HANDS = (
    Column(
        "lead_department",
        "牵头部门编码",
        "Lead department",
        "text",
        True,
        stored=(Department, "code"),
    ),
    Column("owner", "责任人邮箱", "Owner email", "email", True, stored=(Person, "email")),
    Column(
        "co_departments",
        "配合部门编码",
        "Co-departments",
        "codes",
        False,
        "Department codes separated by 、 or commas",
        stored=(Department, "code"),  # each of them
    ),
    Column("start_date", "开始日期", "Start date", "date", True, stored=(Task, "start_date")),
)
"""Who does a task and from when — the same columns on both task sheets."""

_TASK_STANDING = (
    Column("progress", "进度", "Progress", "percent", False, "0–100", stored=(Task, "progress")),
    Column(
        "state",
        "状态",
        "State",
        TaskState,
        False,
        "Defaults to assigned; blank keeps the task's current state",
        stored=(Task, "state"),
    ),
    Column(
        "signed_off_on",
        "销号日期",
        "Signed off on",
        "date",
        False,
        "Required when the state is signed off, blank otherwise",
        stored=(Task, "signed_off_on"),
    ),
)
"""Where a task stands — the same columns on the plan-task and the assigned-task sheets."""

_REQUIREMENTS = Column(
    "requirements",
    "工作要求",
    "Requirements",
    "text",
    False,
    "What is asked beyond the title; sent with the assignment notice. Blank keeps the task's",
    max_chars=MAX_REQUIREMENTS,
    stored=(Task, "requirements"),
)
"""The work requirements (工作要求): optional and last, so workbooks made before it read as
before."""


PLAN_TASKS = Sheet(
    "plan_tasks",
    "行动计划任务",
    "Plan tasks",
    (
        chain_column(),
        Column(
            "year", "年度", "Year", "int", True, stored=(ActionPlan, "year"), bound=plan_year
        ),
        Column(
            "item_no",
            "序号",
            "Item no",
            "int",
            True,
            "Number of the item within the plan",
            stored=(ActionPlanItem, "item_no"),
        ),
        Column("title", "任务", "Title", "text", True, max_chars=MAX_TITLE, stored=_TITLE),
        *_TASK_HANDS,
        Column(
            "due_date", "完成时限", "Due date", "date", True, stored=(Task, "original_due_date")
        ),
        Column(
            "current_due_date",
            "当前完成时限",
            "Current due date",
            "date",
            False,
            "Where an approved extension or a block moved the due date; blank: the plan's "
            "due date for a new task, unchanged for one already there",
            stored=(Task, "due_date"),
        ),
        *_TASK_STANDING,
        _REQUIREMENTS,
    ),
    ("chain", "year", "item_no"),
    "Items of the yearly action plan (一链一策); each becomes a supervised task.",
)

ASSIGNED_TASKS = Sheet(
    "assigned_tasks",
    "交办事项",
    "Assigned tasks",
    (
        chain_column(),
        Column("title", "事项名称", "Title", "text", True, max_chars=MAX_TITLE, stored=_TITLE),
        Column(
            "source",
            "来源",
            "Source",
            TaskSource,
            False,
            "Meeting decision, leader instruction, …; blank: meeting for a new task, "
            "the task's own source for one already there",
            stored=(Task, "source"),
        ),
        *_TASK_HANDS,
        Column(
            "due_date",
            "完成时限",
            "Due date",
            "date",
            True,
            "The due date now, after any approved extension",
            stored=(Task, "due_date"),
        ),
        Column(
            "original_due_date",
            "原定完成时限",
            "Original due date",
            "date",
            False,
            "The due date first assigned (statistics count against it); blank: the due date "
            "for a new task, unchanged for one already there",
            stored=(Task, "original_due_date"),
        ),
        *_TASK_STANDING,
        Column(
            "list_type",
            "来源清单类型",
            "Source list",
            ListType,
            False,
            "With the source list item: the list item the task came from",
            stored=(ListItem, "list_type"),
        ),
        Column(
            "list_item",
            "来源清单事项",
            "Source list item",
            "text",
            False,
            "Title of that item in the list items sheet or the database",
            stored=(ListItem, "title"),
        ),
        _REQUIREMENTS,
    ),
    # A task outside the plan has no number of its own, and its database id means nothing in
    # another database. What identifies it to the office is "the chain's task with this title,
    # started on this day": chain and start never change after assignment, all three are
    # exported exactly as stored, so the key survives an export → import into any database.
    ("chain", "start_date", "title"),
    "Tasks assigned outside the action plan (会议议定, 领导批示, 清单事项, 工作机制): "
    "every task that is not an item of the plans sheet.",
)
