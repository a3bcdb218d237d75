"""``GET /api/todo``: what is waiting on the caller today, as the to-do home shows it."""

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from chainops import wiring
from services.todo import build_todo
from web.api.common import ApiRoute, ApiViewer, engine_rules, now
from web.api.schemas import ERRORS
from web.deps import Db

router = APIRouter(route_class=ApiRoute, tags=["todo"], responses=ERRORS)

Lines = list[dict[str, Any]]


class Todo(BaseModel):
    """Each list is most urgent first and holds at most 50 lines; ``counts`` says how many
    there are in all. Every line has ``path``, the page where it is done."""

    today: date
    tasks: Lines = Field(description="Open tasks the caller owns or their department leads")
    notices: Lines = Field(description="Notices to the caller or their department, unacknowledged")
    requests: Lines = Field(description="Factor requests to accept, plan, answer or confirm")
    extensions: Lines = Field(description="Extension requests to decide (the office)")
    sign_offs: Lines = Field(description="Tasks reported done, to sign off (the office)")
    reports_due: Lines = Field(description="Monthly project reports due (a firm, a working group)")
    red_items: Lines = Field(description="Red tasks, projects and requests of a leader's chains")
    feedback: Lines = Field(description="Feedback and complaints not yet handled (the office)")
    counts: dict[str, int]


@router.get("/todo", response_model=Todo, summary="What is waiting on the caller today")
def todo(request: Request, session: Db, viewer: ApiViewer) -> Todo:
    rules = engine_rules(request)
    found = build_todo(
        session=session,
        viewer=viewer,
        today=rules.today(now()),
        rules=rules,
        projects=wiring.project_rules(request.app.state.settings),
    )
    return Todo.model_validate(found.as_dict())
