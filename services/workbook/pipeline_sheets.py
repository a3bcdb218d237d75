"""The investment pipeline's two sheets, as the format declares them: the projects (招商项目,
``investment_projects``) keyed by their code, and each chain's yearly funds-arrived target
(招商资金年度目标, ``investment_year_targets``) keyed by chain + year.

A project row goes through ``services.investment`` (``services.workbook.pipeline_rows`` says
how): it is added at the lead stage or its particulars edited; a first signing date with its
amount records the first signing once (so its filing task is made); a later stage moves it
forward as the pipeline allows, on the stage's date. Re-signings, capital increases and the
funds arrived are recorded on the project, not in the sheet. There is no column for promised
subsidies or tax rebates: the fair-competition review forbids them.
"""

import math

from mechanism.investment import InvestorRank, ProjectStage
from mechanism.wording import Said
from models import (
    Enterprise,
    InvestmentMove,
    InvestmentProject,
    InvestmentSigning,
    InvestmentYearTarget,
    KeyProject,
    MapNode,
    Person,
)
from services.investment import MAX_WAN
from services.workbook.bounds import project_year
from services.workbook.columns import Column, Sheet, chain_column

_PROJECT = InvestmentProject


def _wan(value: float) -> Said | None:
    """万元: finite, not negative, at most what the pipeline's pages take."""
    if math.isfinite(value) and 0 <= value <= MAX_WAN:
        return None
    return Said(
        f"the amount (万元) must be a number from 0 to {MAX_WAN:,.0f}, not {value!r}",
        f"金额（万元）须为 0 至 {MAX_WAN:,.0f} 之间的数，不能是 {value!r}",
    )


def _positive_wan(value: float) -> Said | None:
    """A signed amount or a year's target: more than nothing."""
    if value == 0:
        return Said("the amount (万元) must be more than 0", "金额（万元）须大于 0")
    return _wan(value)


INVESTMENT_PROJECTS = Sheet(
    "investment_projects",
    "招商项目",
    "Investment projects",
    (
        Column("code", "项目编号", "Code", "text", True, stored=(_PROJECT, "code")),
        Column("name", "项目名称", "Name", "text", True, stored=(_PROJECT, "name")),
        chain_column(),
        Column("investor", "投资方", "Investor", "text", True, stored=(_PROJECT, "investor_name")),
        Column(
            "investor_credit_code",
            "投资方信用代码",
            "Investor credit code",
            "credit_code",
            False,
            "When known: 18 characters with a valid check digit (GB 32100-2015)",
            stored=(_PROJECT, "investor_credit_code"),
        ),
        Column(
            "investor_rank",
            "投资方排名",
            "Investor rank",
            InvestorRank,
            False,
            "fortune_global_500 (世界500强) or china_top_500 (中国500强); blank: neither",
            stored=(_PROJECT, "investor_rank"),
        ),
        Column(
            "county",
            "落地县（市、区）",
            "County",
            "text",
            False,
            "Where the project lands",
            stored=(_PROJECT, "county"),
        ),
        Column(
            "node",
            "图谱节点",
            "Map node",
            "text",
            False,
            "The name of a node of the chain's map (the map sheet's node)",
            stored=(MapNode, "name"),
        ),
        Column(
            "stage",
            "阶段",
            "Stage",
            ProjectStage,
            False,
            "Blank keeps the project's stage (a new one starts as a lead); a later stage moves "
            "it forward (past negotiating only once signed); terminated needs its reason",
            stored=(_PROJECT, "stage"),
        ),
        Column(
            "stage_on",
            "阶段日期",
            "Stage reached on",
            "date",
            False,
            "The day the stage was reached; blank: the day of the import",
            stored=(InvestmentMove, "moved_on"),
        ),
        Column(
            "terminated_reason",
            "终止原因",
            "Termination reason",
            "text",
            False,
            "Required when the stage is terminated",
            max_chars=500,
            stored=(_PROJECT, "terminated_reason"),
        ),
        Column(
            "planned_wan",
            "计划投资(万元)",
            "Planned investment (10k CNY)",
            "number",
            stored=(_PROJECT, "planned_investment_wan"),
            bound=_wan,
        ),
        Column(
            "signed_on",
            "首次签约日期",
            "First signed on",
            "date",
            False,
            "With the amount: records the first signing once (its filing task is made); later "
            "signings are recorded on the project",
            stored=(_PROJECT, "signed_on"),
        ),
        Column(
            "signed_wan",
            "首次签约金额(万元)",
            "First signing amount (10k CNY)",
            "number",
            False,
            "The first signing's contract amount; with its date",
            stored=(InvestmentSigning, "amount_wan"),
            bound=_positive_wan,
        ),
        Column(
            "company_code",
            "落地企业信用代码",
            "Local company credit code",
            "credit_code",
            False,
            "From registered on: the local company (blank: the investor's credit code)",
            stored=(Enterprise, "credit_code"),
        ),
        Column(
            "key_project",
            "重点项目编号",
            "Key project code",
            "text",
            False,
            "From started on: the chain's key project it continues as (blank: a new one)",
            stored=(KeyProject, "code"),
        ),
        Column(
            "sponsor",
            "包保领导邮箱",
            "Sponsor leader email",
            "email",
            False,
            "The sponsoring leader (包保领导), from the people sheet",
            stored=(Person, "email"),
        ),
        Column(
            "officer",
            "首席服务员邮箱",
            "Service officer email",
            "email",
            False,
            "The chief service officer (首席服务员), from the people sheet",
            stored=(Person, "email"),
        ),
    ),
    ("code",),
    "The investment pipeline (招商项目), lead to production, with each project's first signing.",
)

INVESTMENT_YEAR_TARGETS = Sheet(
    "investment_year_targets",
    "招商资金年度目标",
    "Investment funds targets",
    (
        chain_column(),
        Column(
            "year",
            "年度",
            "Year",
            "int",
            True,
            stored=(InvestmentYearTarget, "year"),
            bound=project_year,
        ),
        Column(
            "funds_target_wan",
            "资金到位目标(万元)",
            "Funds target (10k CNY)",
            "number",
            True,
            "The funds the chain's projects are to bring in that year (资金到位)",
            stored=(InvestmentYearTarget, "funds_target_wan"),
            bound=_positive_wan,
        ),
    ),
    ("chain", "year"),
    "Each chain's yearly funds-arrived target (资金到位目标), against which 序时进度 is read.",
)

PIPELINE_SHEETS = (INVESTMENT_PROJECTS, INVESTMENT_YEAR_TARGETS)
