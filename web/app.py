"""The office web app: ``create_app()`` builds it from the settings; ``chainops serve`` runs it.

Pages are rendered on the server (Jinja2, no front-end build); the JSON API lives under
``/api``. Both call the same services as the CLI and the flows, and both ask a
:class:`services.people.access.Viewer` before showing or changing anything.
"""

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from chainops import wiring
from chainops.settings import Settings, get_settings
from models.db import session_scope
from services.database import schema_problem
from services.people import NotAllowed
from web import api, auth
from web.deps import BadForm, LoginRequired, locale, signed_in
from web.pages import (
    benchmarks,
    chain_map,
    chain_masters,
    chains,
    channels,
    enterprise_actions,
    enterprises,
    feedback,
    investment_targets,
    matchmaking,
    me,
    notices,
    overview,
    pipeline,
    pipeline_project,
    plans,
    practice_records,
    practices,
    projects,
    requests,
    rollups,
    supply_lists,
    task_list,
    tasks,
    todo,
    workbook,
)
from web.templating import page

SESSION_HOURS = 8  # a working day; then sign in again
DOCS_ASSETS = "/api/docs-assets"  # Swagger UI's script, style and icon, served by us


def create_app(settings: Settings | None = None) -> FastAPI:
    chosen = settings or get_settings()
    engine = wiring.engine(chosen)
    problem = schema_problem(engine)
    if problem:
        raise wiring.NotReady(problem)
    # Swagger UI from the installed package, not a public CDN: an intranet reaches no CDN.
    app = FastAPIOffline(
        title="chainops",
        description="Chain-chief system (链长制) tasks, projects, requests and bulletins.",
        docs_url="/api/docs",
        openapi_url="/api/openapi.json",
        redoc_url=None,
        static_url=DOCS_ASSETS,
    )
    app.state.settings = chosen
    app.state.engine = engine
    app.state.rules = wiring.engine_rules(chosen)
    app.state.practices = wiring.practice_rules(chosen)  # a bad mechanism file fails here
    app.add_middleware(
        SessionMiddleware,
        secret_key=chosen.secret_key.get_secret_value(),
        session_cookie="chainops_session",
        max_age=SESSION_HOURS * 3600,
        same_site="lax",
        https_only=chosen.environment == "production",
    )
    app.add_middleware(AppSettings, settings=chosen)
    if chosen.trusted_proxies:
        # The client's address (sign-in throttling counts by it) and scheme from the
        # proxy's X-Forwarded-* headers, believed only when the peer is a listed proxy.
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=chosen.proxy_networks)
    _handle_errors(app)
    app.include_router(auth.router)
    # The task list (/tasks) before the task pages (/tasks/{task_id}).
    areas = (
        todo, overview, chains, task_list, tasks, projects, requests, notices, rollups, feedback, me
    )
    enterprise_half = (  # issue 16: titles, plans, matchmaking
        enterprises, enterprise_actions, chain_masters, plans, matchmaking, supply_lists
    )
    # issue 17: targeted investment attraction — targets, the pipeline, the map drawn,
    # benchmarking against peers
    investment_half = (investment_targets, pipeline, pipeline_project, chain_map, benchmarks)
    practice_half = (practices, practice_records)  # issue 18: practices' records and problems
    for area in (*areas, channels, workbook, *enterprise_half, *investment_half, *practice_half):
        app.include_router(area.router)
    app.include_router(api.router)
    return app


class AppSettings:
    """Serve each request with the app's own settings as the ones ``wiring.now()`` reads, so
    every page and API route tells the time by the app's clock (CHAINOPS_CLOCK in the demo),
    not by whatever the environment of the process says."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app, self.settings = app, settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        with wiring.serving(self.settings):
            await self.app(scope, receive, send)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error_page(request: Request, key: str, status_code: int) -> HTMLResponse:
    """A refusal or a missing page, in the page's language, with who is signed in (the
    header's links and sign-out stay)."""
    with session_scope(request.app.state.engine) as session:
        viewer = signed_in(request, session)
        return page(
            request, "error.html", locale(request), {"key": key, "viewer": viewer},
            status_code=status_code,
        )  # fmt: skip


def _handle_errors(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    def _login(request: Request, exc: LoginRequired) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={target}", status_code=303)

    @app.exception_handler(NotAllowed)
    def _forbidden(request: Request, exc: NotAllowed) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": str(exc) or "not allowed"}, status_code=403)
        return _error_page(request, "forbidden", 403)

    @app.exception_handler(LookupError)
    def _not_found(request: Request, exc: LookupError) -> Response:
        # The services' "no such chain/task/…" errors are LookupErrors; a KeyError or an
        # IndexError is a bug, not a missing page, and must not pass for a 404.
        if isinstance(exc, KeyError | IndexError):
            raise exc
        if _is_api(request):
            return JSONResponse({"detail": "not found"}, status_code=404)
        return _error_page(request, "not_found", 404)

    @app.exception_handler(BadForm)
    def _bad_form(request: Request, exc: BadForm) -> HTMLResponse:
        return _error_page(request, "bad_form", 400)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        # No such page (or method): the API answers in JSON as FastAPI does, a person gets a page.
        if _is_api(request) or exc.status_code not in (404, 405):
            return await http_exception_handler(request, exc)
        return _error_page(request, "not_found", exc.status_code)
