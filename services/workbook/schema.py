"""The workbook format: which sheets, which columns, what each column holds.

This module is the single description of the format. Reading, validation, export and the
documented template are all driven from it, so a column added here appears everywhere.

Sheets and headers are matched by their Chinese label, English label or key, ignoring case,
surrounding blanks and a trailing ``*`` (the template marks required columns with it).
Rows are keyed by natural keys, so importing the same workbook twice changes nothing.
"""

from mechanism.vocabulary import (
    FactorType,
    ListType,
    MembershipRole,
    NodeStatus,
    RequestState,
    RosterRole,
    Stage,
)
from models import (
    Chain,
    Department,
    Enterprise,
    EnterpriseMembership,
    FactorRequest,
    KeyProject,
    ListItem,
    MapNode,
    MapSegment,
    Person,
    ProjectMilestone,
    RosterEntry,
)
from services.workbook.benchmark_sheets import BENCHMARK_PEERS, BENCHMARK_VALUES
from services.workbook.bounds import amount, project_year, quantity
from services.workbook.columns import Column, Sheet, chain_column, credit_code_column
from services.workbook.investment_sheets import INVESTMENT_TARGETS
from services.workbook.pipeline_sheets import INVESTMENT_PROJECTS, INVESTMENT_YEAR_TARGETS
from services.workbook.supply_sheets import CAPABILITIES, DEMANDS
from services.workbook.task_sheets import ASSIGNED_TASKS, PLAN_TASKS
from services.workbook.title_sheets import CULTIVATION_LIBRARY, DESIGNATIONS

# A cell that names a department or a person is checked against the column it names.
_DEPARTMENT = (Department, "code")
_PERSON = (Person, "email")
_REQUEST_TYPE = (FactorRequest, "factor_type")


def _milestone(key: str, zh: str, en: str) -> Column:
    """A key project's milestone date, planned or actual (a row of its milestones)."""
    stored = "planned_date" if key.endswith("_planned") else "actual_date"
    return Column(key, zh, en, "date", stored=(ProjectMilestone, stored))


DEPARTMENTS = Sheet(
    "departments",
    "部门",
    "Departments",
    (
        Column(
            "code",
            "部门编码",
            "Code",
            "text",
            True,
            "Short stable code, e.g. GXJ",
            stored=(Department, "code"),
        ),
        Column(
            "name_zh", "部门名称", "Name (Chinese)", "text", True, stored=(Department, "name_zh")
        ),
        Column("name_en", "英文名称", "Name (English)", "text", stored=(Department, "name_en")),
        Column(
            "email",
            "部门邮箱",
            "Email",
            "email",
            False,
            "Office mailbox of the department",
            stored=(Department, "email"),
        ),
    ),
    ("code",),
    "Responsible departments (责任单位) of the city.",
)

PEOPLE = Sheet(
    "people",
    "人员",
    "People",
    (
        Column(
            "email",
            "邮箱",
            "Email",
            "email",
            True,
            "Identifies the person; notices go here",
            stored=(Person, "email"),
        ),
        Column("name", "姓名", "Name", "text", True, stored=(Person, "name")),
        # blank: none (an expert)
        Column("department", "所属部门编码", "Department code", "text", stored=_DEPARTMENT),
        Column("title", "职务", "Title", "text", stored=(Person, "title")),
        Column("phone", "电话", "Phone", "text", stored=(Person, "phone")),
        Column(
            "mobile",
            "手机",
            "Mobile",
            "mobile",
            False,
            "Mainland mobile, 11 digits (138 0000 0000): for SMS and group-robot @-mentions",
            stored=(Person, "mobile"),
        ),
    ),
    ("email",),
    "Officials: chain leaders, department owners, working-group members, experts.",
)

CHAINS = Sheet(
    "chains",
    "产业链",
    "Chains",
    (
        Column(
            "code",
            "产业链编码",
            "Code",
            "text",
            True,
            "Short stable code, e.g. BEARING",
            stored=(Chain, "code"),
        ),
        Column("name_zh", "产业链名称", "Name (Chinese)", "text", True, stored=(Chain, "name_zh")),
        Column("name_en", "英文名称", "Name (English)", "text", True, stored=(Chain, "name_en")),
        Column(
            "position",
            "排序",
            "Position",
            "int",
            False,
            "Order in lists and bulletins",
            stored=(Chain, "position"),
        ),
    ),
    ("code",),
    "Key industrial chains (重点产业链).",
)

MAP = Sheet(
    "map",
    "产业链图谱",
    "Chain map",
    (
        chain_column(),
        Column("stage", "环节", "Stage", Stage, True, stored=(MapSegment, "stage")),
        Column("segment", "细分领域", "Segment", "text", True, stored=(MapSegment, "name")),
        Column("node", "节点", "Node", "text", True, stored=(MapNode, "name")),
        Column("status", "强弱", "Status", NodeStatus, True, stored=(MapNode, "status")),
        Column("note", "备注", "Note", "text", stored=(MapNode, "note")),
    ),
    ("chain", "stage", "segment", "node"),
    "One map (一图谱): segments per stage, nodes marked strong, weak or missing.",
)

ROSTER = Sheet(
    "roster",
    "链长制名册",
    "Roster",
    (
        chain_column(),
        Column("role", "角色", "Role", RosterRole, True, stored=(RosterEntry, "role")),
        Column(
            "person",
            "人员邮箱",
            "Person email",
            "email",
            False,
            "Required for every role but the lead department",
            stored=_PERSON,
        ),
        Column(
            "department",
            "部门编码",
            "Department code",
            "text",
            False,
            "Required for the lead department",
            stored=_DEPARTMENT,
        ),
    ),
    ("chain", "role", "person", "department"),
    "Who holds each standing role of a chain.",
)

ENTERPRISES = Sheet(
    "enterprises",
    "企业",
    "Enterprises",
    (
        credit_code_column(),
        Column("name", "企业名称", "Name", "text", True, stored=(Enterprise, "name")),
        Column("county", "县市区", "County", "text", stored=(Enterprise, "county")),
        Column(
            "contact_name", "联系人", "Contact name", "text", stored=(Enterprise, "contact_name")
        ),
        Column(
            "contact_email",
            "联系邮箱",
            "Contact email",
            "email",
            stored=(Enterprise, "contact_email"),
        ),
    ),
    ("credit_code",),
    "Enterprises, identified by their unified social credit code.",
)

MEMBERSHIPS = Sheet(
    "memberships",
    "链上企业",
    "Chain enterprises",
    (
        chain_column(),
        credit_code_column(),
        Column("role", "角色", "Role", MembershipRole, True, stored=(EnterpriseMembership, "role")),
    ),
    ("chain", "credit_code"),
    "Which enterprises belong to which chain, and in what role (titles: the designations sheet).",
)

LIST_ITEMS = Sheet(
    "list_items",
    "清单事项",
    "List items",
    (
        chain_column(),
        Column(
            "list_type", "清单类型", "List type", ListType, True, stored=(ListItem, "list_type")
        ),
        Column("title", "事项", "Title", "text", True, stored=(ListItem, "title")),
        Column("detail", "说明", "Detail", "text", stored=(ListItem, "detail")),
        credit_code_column(required=False, zh="关联企业信用代码"),
    ),
    ("chain", "list_type", "title"),
    "The N lists (N清单) of each chain.",
)

KEY_PROJECTS = Sheet(
    "key_projects",
    "重点项目",
    "Key projects",
    (
        Column("code", "项目编号", "Code", "text", True, stored=(KeyProject, "code")),
        Column("name", "项目名称", "Name", "text", True, stored=(KeyProject, "name")),
        chain_column(),
        credit_code_column(zh="建设单位信用代码"),
        Column("department", "服务部门编码", "Service department", "text", stored=_DEPARTMENT),
        Column(
            "year",
            "年度",
            "Year",
            "int",
            True,
            stored=(KeyProject, "year"),
            bound=project_year,
        ),
        Column(
            "total_investment",
            "总投资(万元)",
            "Total investment (10k CNY)",
            "number",
            True,
            stored=(KeyProject, "total_investment"),
            bound=amount("total investment", "总投资"),
        ),
        Column(
            "year_planned_investment",
            "年度计划投资(万元)",
            "Planned investment this year (10k CNY)",
            "number",
            True,
            stored=(KeyProject, "year_planned_investment"),
            bound=amount("planned investment this year", "年度计划投资"),
        ),
        _milestone("approvals_planned", "计划完成前期手续", "Approvals planned"),
        _milestone("approvals_actual", "实际完成前期手续", "Approvals actual"),
        _milestone("construction_start_planned", "计划开工", "Construction start planned"),
        _milestone("construction_start_actual", "实际开工", "Construction start actual"),
        _milestone("statistics_entry_planned", "计划纳统", "Statistics entry planned"),
        _milestone("statistics_entry_actual", "实际纳统", "Statistics entry actual"),
        _milestone("completion_planned", "计划竣工", "Completion planned"),
        _milestone("completion_actual", "实际竣工", "Completion actual"),
        _milestone("production_planned", "计划投产", "Production planned"),
        _milestone("production_actual", "实际投产", "Production actual"),
    ),
    ("code",),
    "Key projects (重点项目) with investment and milestone dates.",
)

FACTOR_REQUESTS = Sheet(
    "factor_requests",
    "要素保障诉求",
    "Factor requests",
    (
        Column("code", "诉求编号", "Code", "text", True, stored=(FactorRequest, "code")),
        chain_column(),
        credit_code_column(zh="企业信用代码"),
        Column("project", "项目编号", "Project code", "text", stored=(KeyProject, "code")),
        Column("factor_type", "要素类型", "Factor type", FactorType, True, stored=_REQUEST_TYPE),
        Column(
            "quantity",
            "数量",
            "Quantity",
            "number",
            True,
            stored=(FactorRequest, "quantity"),
            bound=quantity,
        ),
        Column(
            "unit",
            "单位",
            "Unit",
            "text",
            True,
            "亩, 吨标煤, kVA, 万元, 人, …",
            stored=(FactorRequest, "unit"),
        ),
        Column(
            "needed_by", "需求时限", "Needed by", "date", True, stored=(FactorRequest, "needed_by")
        ),
        Column(
            "description",
            "诉求内容",
            "Description",
            "text",
            True,
            max_chars=2000,
            stored=(FactorRequest, "description"),
        ),
        Column(
            "department",
            "承办部门编码",
            "Handling department",
            "text",
            False,
            "Blank: the department the routing table (factors.yaml) gives the factor type",
            stored=_DEPARTMENT,
        ),
        Column(
            "state",
            "状态",
            "State",
            RequestState,
            False,
            "Defaults to submitted",
            stored=(FactorRequest, "state"),
        ),
    ),
    ("code",),
    "Factor-supply requests (要素保障诉求) from enterprises and projects.",
)

# In dependency order: a sheet only refers to sheets before it.
SHEETS: tuple[Sheet, ...] = (
    DEPARTMENTS,
    PEOPLE,
    CHAINS,
    MAP,
    ROSTER,
    ENTERPRISES,
    MEMBERSHIPS,
    DESIGNATIONS,  # issue 16: titles, then the library they promote
    CULTIVATION_LIBRARY,
    LIST_ITEMS,
    PLAN_TASKS,
    ASSIGNED_TASKS,
    KEY_PROJECTS,
    FACTOR_REQUESTS,
    DEMANDS,
    CAPABILITIES,
    INVESTMENT_TARGETS,  # issue 17: targets for the chain map's weak and missing nodes
    INVESTMENT_PROJECTS,  # issue 17: the pipeline, after the key projects it may continue as
    INVESTMENT_YEAR_TARGETS,
    BENCHMARK_PEERS,  # issue 17: peers, then the figures that name them
    BENCHMARK_VALUES,
)
