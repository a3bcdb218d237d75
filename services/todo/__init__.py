"""The to-do home (待办): what is waiting on one signed-in person today, most urgent first,
each line linked to its item — for the page at ``/``, ``GET /api/todo`` and ``chainops todo``.
"""

from services.todo.home import LISTS, Todo, build_todo
from services.todo.items import red_projects, red_requests

__all__ = ["LISTS", "Todo", "build_todo", "red_projects", "red_requests"]
