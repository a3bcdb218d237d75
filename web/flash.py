"""The one-time confirmation after a form (post/redirect/get): what the form just did, said
once on the page of the item it was done to — a task, a key project, a factor request.

The rule: a confirmation is kept in the session for the page it was meant for (its path) until
that page reads it, and is shown there once. Another page reading in the meantime — another
task's, in another tab — leaves it waiting rather than showing or losing it. There is one
confirmation at a time: the next form's replaces one never read.

The lines are already in the language of the page the form was sent from.
"""

from fastapi import Request
from fastapi.responses import RedirectResponse

SESSION_DONE = "done"  # {"path": the item's page, "lines": what was done}


def confirm(request: Request, path: str, *lines: str) -> RedirectResponse:
    """Remember what was done for the page at ``path``, and send the browser there (303)."""
    request.session[SESSION_DONE] = {"path": path, "lines": list(lines)}
    return RedirectResponse(path, status_code=303)


def confirmation(request: Request, path: str) -> list[str]:
    """What was done, if it was meant for the page at ``path`` (then forgotten: said once);
    nothing if there is none, or if it waits for another page."""
    done = request.session.get(SESSION_DONE)
    if not isinstance(done, dict) or done.get("path") != path:
        return []
    del request.session[SESSION_DONE]
    return [str(line) for line in done.get("lines", [])]
