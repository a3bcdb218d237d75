"""What the API answers and takes for the viewer, chains and tasks (pydantic, so OpenAPI shows
it). Keys are English snake_case and dates ISO; vocabulary fields carry the stored codes
(``in_progress``, ``red``), which the enums document."""

from datetime import date, datetime
from typing import Any, Generic, Literal, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, Field

from mechanism.vocabulary import Light, TaskSource, TaskState
from services.paging import MAX_PER_PAGE
from services.people import PERSONAS

Persona = Literal["office", "team", "dept", "leader", "firm", "outsider"]
assert set(get_args(Persona)) == set(PERSONAS)

Item = TypeVar("Item")


class Out(BaseModel):
    """Read from service rows (dicts) or their dataclasses."""

    model_config = ConfigDict(from_attributes=True)


class Problem(BaseModel):
    """Why a call was refused, in the words of the service that refused it."""

    detail: str


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "Refused: a bad value (named) or a move not now."},
    401: {"model": Problem, "description": "No live bearer token."},
    403: {"model": Problem, "description": "Visible, but not the caller's to do."},
    404: {"model": Problem, "description": "Not there, or not the caller's to see."},
}
"""The refusals every route may answer, for OpenAPI (422 is FastAPI's own)."""


class Page(Out, Generic[Item]):
    """One page of a list: ``total`` counts every row the viewer sees, on all pages."""

    items: list[Item]
    total: int
    page: int
    per_page: int = Field(le=MAX_PER_PAGE)


# --- the viewer and chains ------------------------------------------------------------------


class ChainRef(Out):
    code: str
    name_zh: str
    name_en: str


class Me(Out):
    username: str
    persona: Persona
    office: bool
    chief: bool = Field(description="The chief chain leader, who reads every chain.")
    department: str | None = Field(description="Department code, for officials.")
    enterprise: str | None = Field(description="The enterprise a firm's account speaks for.")
    credit_code: str | None
    chains_read: list[ChainRef]
    chains_run: list[ChainRef] = Field(description="Chains whose tasks the viewer may assign.")


class MissingElement(Out):
    code: str
    name_zh: str
    name_en: str
    unmet: list[str]


class ChainSummary(ChainRef):
    chain_leaders: list[str]
    lead_departments: list[str]
    missing: list[MissingElement] = Field(description="Working-mechanism elements missing.")
    list_counts: dict[str, int]
    enterprises: int
    tasks: int
    open_tasks: int
    overdue_tasks: int
    key_projects: int
    open_factor_requests: int
    lights: dict[Light, int] = Field(description="Open tasks by light.")


class Overview(Out):
    today: date
    chains: list[ChainSummary]


class RosterMember(Out):
    role: str
    name: str
    email: str | None
    department: str | None


class MapNode(Out):
    name: str
    status: str = Field(description="strong, weak or missing")
    note: str | None


class MapSegment(Out):
    stage: str
    name: str
    nodes: list[MapNode]


class ListEntry(Out):
    id: int
    title: str
    detail: str | None
    enterprise: str | None


class ChainEnterprise(Out):
    credit_code: str
    name: str
    role: str


class ChainDetail(ChainRef):
    summary: ChainSummary
    roster: list[RosterMember]
    map: list[MapSegment]
    lists: dict[str, list[ListEntry]] = Field(description="Every list type, by its code.")
    enterprises: list[ChainEnterprise]


# --- tasks ----------------------------------------------------------------------------------


class TaskRow(Out):
    id: int
    chain: str
    title: str
    source: str
    state: TaskState
    lead_department: str
    owner: str = Field(description="The owner's email.")
    start_date: date
    original_due_date: date
    due_date: date
    progress: int
    light: Light
    ladder_level: int
    overdue: bool
    blocked_by: str | None = Field(description="The factor request it waits on, if any.")
    light_reason: str | None = Field(
        default=None, description="Why it is red or yellow, in the Accept-Language; else null."
    )


class ProgressEntry(Out):
    reported_at: datetime
    reported_by: str | None
    progress: int
    note: str | None


class Extension(Out):
    id: int
    requested_at: datetime
    requested_by: str | None
    current_due_date: date
    proposed_due_date: date
    reason: str
    state: str = Field(description="pending, approved or denied")
    decided_at: datetime | None
    decided_by: str | None
    decision_note: str | None


class Event(Out):
    at: datetime
    actor: str
    action: str
    from_value: str | None
    to_value: str | None
    detail: dict[str, Any] | None


class TaskDetail(TaskRow):
    requirements: str | None
    co_departments: list[str]
    hold_until: date | None
    blocked_since: date | None
    submitted_at: datetime | None
    signed_off_on: date | None
    progress_reports: list[ProgressEntry]
    extensions: list[Extension]
    history: list[Event]


class ProgressIn(BaseModel):
    progress: int = Field(ge=0, le=100)
    note: str | None = None


class EditIn(BaseModel):
    """What may be changed of a task; a field left out (null) keeps its value. Dates move only
    through extensions and blocks."""

    title: str | None = None
    requirements: str | None = Field(
        default=None, description="Work requirements (工作要求); an empty string clears them."
    )
    owner: str | None = Field(default=None, description="The new owner's email.")
    lead_department: str | None = Field(default=None, description="A department code.")


class NoteIn(BaseModel):
    note: str | None = None


class ReasonIn(BaseModel):
    reason: str = Field(min_length=1)


class BlockIn(BaseModel):
    reason: str = Field(min_length=1)
    request: str = Field(
        min_length=1, description="The factor request it waits on; answering it ends the block."
    )


class ExtensionIn(BaseModel):
    proposed_due: date
    reason: str = Field(min_length=1)


class DecisionIn(BaseModel):
    approve: bool
    note: str | None = None


class AssignIn(BaseModel):
    chain: str
    title: str = Field(min_length=1)
    requirements: str | None = Field(default=None, description="Work requirements (工作要求).")
    lead_department: str = Field(description="Department code.")
    owner: str = Field(description="The owner's email.")
    due: date | None = Field(default=None, description="A due date, or:")
    working_days: int | None = Field(default=None, description="due this many working days on.")
    start: date | None = Field(default=None, description="Default: today.")
    co_departments: list[str] = Field(default_factory=list)
    source: TaskSource = TaskSource.MEETING
