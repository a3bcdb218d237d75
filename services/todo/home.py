"""What is waiting on one signed-in person today, most urgent first: the to-do home (待办).

One call reads every list the viewer's standing gives them — tasks they own or their
department leads, notices not yet acknowledged, factor requests to act on, extensions to
decide and tasks to sign off (the office), monthly reports due (a firm, a working group), and
for chain leaders the red items of their chains, and for the office the feedback and
complaints not yet handled. Each list shows its first ``limit`` lines;
``counts`` says how many there are in all. The page, ``GET /api/todo`` and ``chainops todo``
all read this, so they can never disagree.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session

from mechanism.project_lights import ProjectRules
from mechanism.wording import zh
from services.config import EngineRules
from services.feedback import unhandled_feedback
from services.people import Viewer
from services.todo.items import (
    red_projects,
    red_requests,
    reports_due,
    unacknowledged,
    waiting_requests,
)
from services.todo.tasks import Cut, extensions, own_tasks, red_tasks, sign_offs

Line = dict[str, Any]
# A feedback line's keys (README: the to-do's JSON).
FEEDBACK_KEYS = (
    "id",
    "kind",
    "text",
    "name",
    "contact",
    "notice_id",
    "notice_number",
    "submitted_at",
)
LIMIT = 50  # lines per list on the home page; the counts say how many more there are

# The lists of a to-do, in the order the home page shows them. Keys are contracts (README).
LISTS = (
    "tasks",
    "notices",
    "requests",
    "extensions",
    "sign_offs",
    "reports_due",
    "red_items",
    "feedback",
)


@dataclass(frozen=True)
class Todo:
    today: date
    lists: dict[str, list[Line]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not any(self.counts.values())

    def as_dict(self) -> dict[str, Any]:
        """For JSON: each list, ``counts``, and each reason in English (``reason``) and
        Chinese (``reason_zh``)."""
        lists = {key: [_plain(line) for line in lines] for key, lines in self.lists.items()}
        return {"today": self.today, **lists, "counts": self.counts}


def _plain(line: Line) -> Line:
    reason = line.get("reason")
    if reason is None:
        return {**line, "reason_zh": None}
    return {**line, "reason": str(reason), "reason_zh": zh(reason)}


def build_todo(
    *,
    session: Session,
    viewer: Viewer,
    today: date,
    rules: EngineRules,
    projects: ProjectRules,
    limit: int = LIMIT,
) -> Todo:
    """Everything waiting on ``viewer`` on ``today``."""
    none = Cut([], 0)
    office = viewer.is_office
    cuts = {
        "tasks": own_tasks(session, viewer, today=today, rules=rules, limit=limit),
        "notices": unacknowledged(session, viewer, limit=limit),
        "requests": waiting_requests(session, viewer, today=today, rules=rules, limit=limit),
        "extensions": (
            extensions(session, today=today, rules=rules, limit=limit) if office else none
        ),
        "sign_offs": sign_offs(session, today=today, rules=rules, limit=limit) if office else none,
        "reports_due": reports_due(
            session, viewer, today=today, rules=rules, projects=projects, limit=limit
        ),
        "red_items": _red_items(
            session, viewer, today=today, rules=rules, projects=projects, limit=limit
        ),
        "feedback": _feedback(session, limit=limit) if office else none,
    }
    return Todo(
        today,
        {key: cuts[key].lines for key in LISTS},
        {key: cuts[key].total for key in LISTS},
    )


def _feedback(session: Session, *, limit: int) -> Cut:
    """Feedback and complaints the office has not marked handled, newest first."""
    rows, total = unhandled_feedback(session, limit=limit)
    lines = [
        {
            **{key: row[key] for key in FEEDBACK_KEYS},
            "path": f"/feedback/list#feedback-{row['id']}",
        }
        for row in rows
    ]
    return Cut(lines, total)


def _red_items(
    session: Session,
    viewer: Viewer,
    *,
    today: date,
    rules: EngineRules,
    projects: ProjectRules,
    limit: int,
) -> Cut:
    """A chain leader's red tasks, key projects and requests, each line with its ``kind``;
    the chief chain leader's are the whole city's."""
    if not (viewer.chief or viewer.leader_chains):
        return Cut([], 0)
    chains = None if viewer.chief else sorted(viewer.leader_chains)
    parts = {
        "task": red_tasks(session, chains, today=today, rules=rules, limit=limit),
        "project": red_projects(
            session, chains, today=today, rules=rules, projects=projects, limit=limit
        ),
        "request": red_requests(session, chains, today=today, rules=rules, limit=limit),
    }
    lines = [{"kind": kind, **line} for kind, cut in parts.items() for line in cut.lines]
    return Cut(lines[:limit], sum(cut.total for cut in parts.values()))
