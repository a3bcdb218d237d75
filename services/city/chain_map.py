"""One chain's map with its live counts, for the chain page's picture and ``map.svg``
(issue 17 point 5). The counting is ``services.rollup.chain_maps``' — the same the month's
close freezes for the bulletin — so the page and the bulletin count alike; here it is only
asked for one chain the viewer reads (ChainNotFound otherwise, as for the chain page)."""

from datetime import date

from sqlmodel import Session

from models import Chain
from services.city.chain_page import readable_chain
from services.people import Viewer
from services.rollup import MapData, chain_maps


def chain_map(*, session: Session, code: str, viewer: Viewer, today: date) -> tuple[Chain, MapData]:
    """The chain ``code`` and its map data (empty when no map is imported)."""
    chain = readable_chain(session=session, code=code, viewer=viewer)
    found = chain_maps(session, today, [chain.id or 0])
    return chain, found.get(chain.id or 0, [])
