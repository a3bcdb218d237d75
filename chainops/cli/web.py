"""``chainops serve``: the office web app on this machine (uvicorn, one process)."""

from typing import Annotated

import typer
import uvicorn

from chainops import wiring
from chainops.cli.common import fail
from chainops.settings import Settings, get_settings


def serve_app(settings: Settings, host: str, port: int) -> None:
    """Build the app on ``settings`` and serve it until interrupted."""
    from web.app import create_app  # FastAPI and the pages load only when serving

    try:
        app = create_app(settings)
    except wiring.NotReady as exc:
        raise fail(str(exc)) from exc
    print(f"chainops web app on http://{host}:{port}/ (Ctrl+C to stop)", flush=True)
    # proxy_headers off: uvicorn would otherwise believe X-Forwarded-For from 127.0.0.1 on
    # its own; the app believes it only from CHAINOPS_TRUSTED_PROXIES.
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False)


def register_web(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    ) -> None:
        """Serve the office web app and its JSON API (/api, docs at /api/docs)."""
        serve_app(get_settings(), host, port)
