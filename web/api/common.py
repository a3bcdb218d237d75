"""What every API route shares: the bearer token that says who is asking, the language of
computed texts, and one place where the services' refusals become HTTP answers.

The API has no cookies, so no CSRF: a token from ``chainops users token EMAIL`` goes in
``Authorization: Bearer …``. A missing, unknown or revoked token is 401. The refusals map as
the pages' do — not visible 404, visible but not the caller's move 403, bad input or an illegal
move 400 with the service's message — but as JSON ``{"detail": …}``. They are raised as
``HTTPException`` from inside the route, so the request's session rolls back on the way out
and nothing a refused call began is kept.
"""

from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, Response
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from chainops import wiring
from mechanism.factor_requests import FactorRules
from mechanism.lifecycle import IllegalMove
from mechanism.project_lights import ProjectRules
from mechanism.request_lifecycle import IllegalRequestMove
from services.config import EngineRules
from services.lookups import UnknownChain
from services.notices import NoSuchNotice
from services.paging import BadListInput
from services.people import NotVisible, Viewer, user_by_token, viewer_for
from services.projects import ProjectHidden, ProjectInputError
from services.requests import RequestHidden, RequestInputError, RequestNotFound
from services.rollup import BulletinNotFound
from services.tasks import (
    AssignmentRefused,
    BadTaskInput,
    EditRefused,
    ExtensionRefused,
    TaskNotFound,
)
from web.deps import Db
from web.i18n import LOCALES, translate

NOT_FOUND = (
    NotVisible,
    TaskNotFound,
    ProjectHidden,
    RequestHidden,
    RequestNotFound,
    BulletinNotFound,
    NoSuchNotice,
    UnknownChain,
)
"""Named one by one, not ``LookupError``: each JSON 404 is a deliberate "not there or not
yours to see", never a KeyError from a bug (which the app's own handlers then take)."""

REFUSED = (
    IllegalMove,
    IllegalRequestMove,
    BadTaskInput,
    ExtensionRefused,
    AssignmentRefused,
    EditRefused,
    RequestInputError,
    ProjectInputError,
    BadListInput,
)
"""The services' "no" to an input or a move now: 400 with their message, naming the field."""


class ApiRoute(APIRoute):
    """Routes whose refusals become JSON answers (the pages render an error page instead).

    ``PermissionError`` covers ``services.people.access.NotAllowed`` and the services' own access
    refusals (a firm and another firm's project), which they raise before writing anything.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def answer(request: Request) -> Response:
            try:
                return await handler(request)
            except NOT_FOUND as exc:
                raise HTTPException(404, detail=str(exc)) from exc
            except PermissionError as exc:
                raise HTTPException(403, detail=str(exc)) from exc
            except REFUSED as exc:
                raise HTTPException(400, detail=str(exc)) from exc

        return answer


bearer = HTTPBearer(
    auto_error=False,
    scheme_name="token",
    description="An API token made with `chainops users token EMAIL`.",
)


def api_locale(request: Request) -> str:
    """Computed texts (light reasons) in the caller's Accept-Language, else the city's."""
    wanted = request.headers.get("accept-language", "").strip().lower()
    if wanted.startswith("zh"):
        return "zh-CN"
    if wanted.startswith("en"):
        return "en"
    configured = str(request.app.state.settings.locale)
    return configured if configured in LOCALES else "zh-CN"


ApiLocale = Annotated[str, Depends(api_locale)]


def api_viewer(
    request: Request,
    session: Db,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Viewer:
    """The token's user, as the data says they stand now; 401 without a live token."""
    user = user_by_token(session, credentials.credentials) if credentials else None
    if user is None:
        raise HTTPException(
            401,
            detail=translate(api_locale(request), "api_token_needed"),
            headers={"WWW-Authenticate": "Bearer"},
        )
    return viewer_for(session, user)


ApiViewer = Annotated[Viewer, Depends(api_viewer)]


def now() -> datetime:
    return wiring.now()


def engine_rules(request: Request) -> EngineRules:
    rules: EngineRules = request.app.state.rules
    return rules


def project_rules(request: Request) -> ProjectRules:
    return wiring.project_rules(request.app.state.settings)


def factor_rules(request: Request) -> FactorRules:
    return wiring.factor_rules(request.app.state.settings)
