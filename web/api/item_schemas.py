"""What the API answers and takes for key projects, factor requests, notices and the monthly
figures (pydantic, so OpenAPI shows it)."""

from datetime import date, datetime
from typing import Any

from pydantic import AliasChoices, BaseModel, Field

from mechanism.vocabulary import Light, MilestoneKind, RequestState
from web.api.schemas import Out

MONTH = r"^\d{4}-\d{2}$"

# --- key projects ---------------------------------------------------------------------------


class ProjectRow(Out):
    code: str
    name: str
    chain: str
    enterprise: str
    credit_code: str
    year: int
    total_investment: float = Field(description="万元")
    year_planned_investment: float = Field(description="万元")
    investment_completed: float | None = Field(description="This year so far, 万元.")
    investment_rate: float | None = Field(description="Share of the year's plan completed.")
    timing_progress: float | None = Field(description="Share of the year elapsed (序时进度).")
    as_of_month: str | None
    state: str
    light: Light
    light_reason: str
    reasons: list[str]
    next_milestone: MilestoneKind | None
    next_milestone_planned: date | None
    last_report_month: str | None
    months_missing: int
    blocked_by: str | None = Field(description="The factor request it waits on, if any.")


class Milestone(Out):
    kind: MilestoneKind
    label: str
    planned_date: date | None
    actual_date: date | None


class MonthlyReport(Out):
    month: str
    month_investment: float
    investment_completed: float
    milestone_reached: MilestoneKind | None
    problems: str | None
    reported_by: str | None
    reported_at: datetime


class ReplacedReport(MonthlyReport):
    """A report a later one on the same month replaced, kept as it was."""

    replaced_by: str | None
    replaced_at: datetime


class ProjectDetail(ProjectRow):
    department: str | None
    milestones: list[Milestone]
    reports: list[MonthlyReport]
    replaced_reports: list[ReplacedReport] = Field(
        description="Reports replaced by a later one on the same month, kept for the history."
    )
    next_report_month: str | None
    next_report_due: date | None


class FactorNeed(BaseModel):
    """Raise the report's problem as a factor-supply request in the same step."""

    factor_type: str = Field(description="land, energy, power, funds, labour, environment, …")
    quantity: float
    unit: str
    needed_by: date


class ReportIn(BaseModel):
    month: str = Field(pattern=MONTH, description="The month reported on, e.g. 2026-10.")
    month_investment: float = Field(description="Invested in that month, 万元.")
    milestones: dict[MilestoneKind, date] = Field(
        default_factory=dict, description="Milestones reached, with the day each was."
    )
    problems: str | None = None
    factor_request: FactorNeed | None = None
    replace: bool = Field(
        default=False,
        description="Replace the month's existing report; without it a month already "
        "reported differently is refused (409) naming the report there.",
    )


# --- factor requests ------------------------------------------------------------------------


class RequestRow(Out):
    code: str
    chain: str
    enterprise: str
    project: str | None
    factor_type: str
    quantity: float
    unit: str
    needed_by: date
    department: str
    state: RequestState
    stage: str | None
    stage_due: date | None
    light: Light
    light_reason: str
    reasons: list[str]
    blocks: list[str] = Field(description="What waits on it: 'task 12', 'project …'.")
    ladder_level: int


class RequestEvent(Out):
    at: datetime
    actor: str
    action: str
    from_value: str | None = Field(validation_alias=AliasChoices("from_value", "from"))
    to_value: str | None = Field(validation_alias=AliasChoices("to_value", "to"))
    detail: dict[str, Any] | None


class RequestNotice(Out):
    issued_at: datetime
    level: int
    stage: str | None
    reason: str | None


class RequestDetail(RequestRow):
    description: str
    reply: str | None
    reject_reason: str | None
    satisfaction: int | None
    reopened: int
    submitted_by: str | None
    submitted_at: datetime
    accepted_at: datetime | None
    planned_at: datetime | None
    resolved_at: datetime | None
    confirmed_at: datetime | None
    history: list[RequestEvent]
    notices: list[RequestNotice]


class ProjectReported(Out):
    project: ProjectDetail
    factor_request: RequestDetail | None = Field(description="Raised from the problem, if asked.")


class SubmitIn(BaseModel):
    chain: str
    credit_code: str | None = Field(
        default=None, description="The enterprise; a firm's account may leave it out."
    )
    project: str | None = Field(default=None, description="The key project's code, if any.")
    factor_type: str = Field(description="land, energy, power, funds, labour, environment, …")
    quantity: float
    unit: str
    needed_by: date
    description: str


class UpdateIn(BaseModel):
    reply: str | None = Field(default=None, description="The plan (start) or answer (resolve).")
    reason: str | None = Field(default=None, description="Why (reject, reopen).")
    satisfaction: int | None = Field(default=None, description="1 (poor) to 5: confirm, reopen.")


# --- notices and the monthly figures --------------------------------------------------------


class Delivery(Out):
    outbox_id: int
    notice_id: int
    number: str | None = Field(description="e.g. 聊链督〔2026〕12号")
    kind: str
    level: int
    chain: str | None
    subject: str
    title: str | None
    reason: str | None
    issued_at: datetime
    recipient_email: str
    recipient_name: str | None
    recipient_role: str
    state: str
    sent_at: datetime | None
    acknowledged_at: datetime | None


class ClosedMonth(Out):
    month: str
    closed_at: datetime
    published: bool = Field(description="Whether its bulletin is in the reports folder.")
    figures: dict[str, Any] = Field(description="The city's headline figures.")


class Rollup(Out):
    month: str
    closed_at: datetime
    city: dict[str, Any]
    chains: dict[str, dict[str, Any]] = Field(description="By chain code, in chain order.")
    departments: dict[str, dict[str, Any]] = Field(description="By department code.")
    matchmaking: dict[str, Any] | None = Field(
        default=None,
        description="The month's matchmaking figures: city, and chains by code (events, smes, "
        "intentions, intention_wan, signings, contract_wan).",
    )
    investment: dict[str, Any] | None = Field(
        default=None,
        description="The month's investment figures (issue 17): city, and chains by code "
        "(signings, signed_wan, funds_ytd_wan, honoured_rate, started_rate, funds_rate, "
        "not_started, … — README, Monthly rollup).",
    )
    supervision: dict[str, Any] | None = Field(
        default=None,
        description="The month's supervision figures (issue 18): city, chains and departments "
        "by code, each with month and year_to_date (on_time_rate, closure_rate, overdue_rate, "
        "…) and, for the city and chains, the ladder per level — README, Monthly rollup.",
    )
