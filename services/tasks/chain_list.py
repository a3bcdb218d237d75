"""A chain's tasks a page at a time, as the chain page lists them: the task list
(:mod:`services.tasks.search`) narrowed to one chain, by light or state, by due date."""

from datetime import date

from sqlmodel import Session

from services.config import EngineRules
from services.people import Viewer
from services.tasks.search import TASKS_PER_PAGE, TaskFilters, TaskPage, search_tasks


def chain_tasks(
    *,
    session: Session,
    chain_id: int,
    viewer: Viewer,
    today: date,
    page: int = 1,
    light: str | None = None,
    state: str | None = None,
    per_page: int = TASKS_PER_PAGE,
    rules: EngineRules | None = None,
) -> TaskPage:
    """One page of the chain's tasks by due date; a page past the end shows the last one.

    The chain-id index finds the rows and the sort touches only this chain's, so the page
    costs the same with ten tasks or a million in the city. BadFilter for an unknown light or
    state."""
    return search_tasks(
        session=session,
        viewer=viewer,
        today=today,
        filters=TaskFilters(chain_id=chain_id, light=light or None, state=state or None),
        page=page,
        per_page=per_page,
        rules=rules,
    )
