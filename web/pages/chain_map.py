"""The chain map drawn (issue 17 point 5): ``GET /chains/{code}/map.svg``, and the two
pictures the chain page shows inline — three columns on a desk screen, one tall column on a
phone (``mechanism.chain_map`` says why), one of them shown by the page's media query.

Same permissions as the chain page: who cannot read the chain gets its 404.
"""

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from markupsafe import Markup
from sqlmodel import Session

from chainops import wiring
from notifications.reports.chain_map import Links, render_map_svg
from services.city import chain_map
from services.people import Viewer
from web.deps import CurrentViewer, Db, Locale

router = APIRouter()


@router.get("/chains/{code}/map.svg")
def map_svg(
    code: str,
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    columns: int = Query(3, description="3: upstream → downstream side by side; 1: stacked"),
) -> Response:
    """The chain's map as an SVG document (image/svg+xml); ``?columns=1`` for a phone."""
    today = request.app.state.rules.today(wiring.now())
    chain, data = chain_map(session=session, code=code, viewer=viewer, today=today)
    svg = render_map_svg(
        data, locale, chain_name=_name(chain, locale), columns=1 if columns == 1 else 3,
        links=Links(chain.code), standalone=True,
    )  # fmt: skip
    return Response(svg, media_type="image/svg+xml")


def map_pictures(
    request: Request, session: Session, viewer: Viewer, code: str, locale: str
) -> dict[str, Any]:
    """What the chain page's ``_chain_map.html`` include shows: both layouts, as markup."""
    today = request.app.state.rules.today(wiring.now())
    chain, data = chain_map(session=session, code=code, viewer=viewer, today=today)
    name, links = _name(chain, locale), Links(chain.code)
    return {
        "map_wide": Markup(render_map_svg(data, locale, chain_name=name, columns=3, links=links)),
        "map_narrow": Markup(render_map_svg(data, locale, chain_name=name, columns=1, links=links)),
        "map_has_data": bool(data),
    }


def _name(chain: Any, locale: str) -> str:
    return str(chain.name_zh if locale == "zh-CN" else chain.name_en or chain.name_zh)
