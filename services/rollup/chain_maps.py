"""Each chain's map with its counts per node, as the picture draws it (issue 17, point 5): the
enterprises on the node, the 专精特新 among them, the investment targets not dropped and the
projects not terminated.

Enterprises have no map node of their own: an enterprise is *on* a node when one of its demand
items (需求清单) or capability items (产品/能力清单) names the node, so the count is the distinct
enterprises of the chain's items on it. A 专精特新 is one holding a specialised title that counts
on ``today`` (``mechanism.designations.counts``: held and within its validity).

It lives with the rollup because the month's close freezes it (the bulletin draws the map as
it stood, every time it is rendered); the chain page (``services.city``) reads the same
function live, so page and bulletin count alike. Five grouped queries for any number of chains.
"""

from collections import defaultdict
from collections.abc import Collection
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from mechanism.designations import DEFAULT_KINDS, HOLDING
from mechanism.vocabulary import Stage
from models import (
    CapabilityItem,
    DemandItem,
    Designation,
    InvestmentProject,
    InvestmentTarget,
    MapNode,
    MapSegment,
)

SEGMENT = MapSegment.__table__  # type: ignore[attr-defined]
NODE = MapNode.__table__  # type: ignore[attr-defined]
DEMAND = DemandItem.__table__  # type: ignore[attr-defined]
CAPABILITY = CapabilityItem.__table__  # type: ignore[attr-defined]
TITLE = Designation.__table__  # type: ignore[attr-defined]
TARGET = InvestmentTarget.__table__  # type: ignore[attr-defined]
PROJECT = InvestmentProject.__table__  # type: ignore[attr-defined]
SPECIALISED = tuple(sorted(k.code for k in DEFAULT_KINDS if k.specialised))
COUNTS = ("enterprises", "specialised", "targets", "projects")

MapData = list[dict[str, Any]]
"""Stages in order, each ``{"stage", "segments": [{"name", "nodes": [{"id", "name", "status",
"enterprises", "specialised", "targets", "projects"}]}]}``; a stage without segments is left out."""


def chain_maps(
    session: Session, today: date, chain_ids: Collection[int] | None = None
) -> dict[int, MapData]:
    """The maps of ``chain_ids`` (every chain when None) with their counts, by chain id; a
    chain without segments has none."""
    connection = session.connection()
    segments = sa.select(SEGMENT).order_by(SEGMENT.c.position, SEGMENT.c.id)
    if chain_ids is not None:
        segments = segments.where(SEGMENT.c.chain_id.in_(sorted(chain_ids)))
    segment_rows = connection.execute(segments).all()
    if not segment_rows:
        return {}
    counts = _counts(connection, chain_ids, today)
    nodes: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for node in connection.execute(
        sa.select(NODE.c.id, NODE.c.segment_id, NODE.c.name, NODE.c.status)
        .join(SEGMENT, SEGMENT.c.id == NODE.c.segment_id)
        .where(*([SEGMENT.c.chain_id.in_(sorted(chain_ids))] if chain_ids is not None else []))
        .order_by(NODE.c.id)
    ):
        found = {"id": node.id, "name": node.name, "status": node.status}
        nodes[node.segment_id].append(found | {k: counts[k].get(node.id, 0) for k in COUNTS})
    maps: dict[int, MapData] = {}
    for chain_id in dict.fromkeys(s.chain_id for s in segment_rows):
        own = [s for s in segment_rows if s.chain_id == chain_id]
        maps[chain_id] = [
            {
                "stage": stage.value,
                "segments": [
                    {"name": s.name, "nodes": nodes.get(s.id, [])}
                    for s in own
                    if s.stage == stage.value
                ],
            }
            for stage in Stage
            if any(s.stage == stage.value for s in own)
        ]
    return maps


def _counts(
    connection: sa.Connection, chain_ids: Collection[int] | None, today: date
) -> dict[str, dict[int, int]]:
    def chains(column: sa.ColumnElement[Any]) -> list[sa.ColumnElement[bool]]:
        return [] if chain_ids is None else [column.in_(sorted(chain_ids))]

    # UNION (not UNION ALL): an enterprise with a demand and a capability on a node is one.
    pairs = sa.union(
        sa.select(DEMAND.c.map_node_id.label("node"), DEMAND.c.enterprise_id.label("firm")).where(
            DEMAND.c.map_node_id.is_not(None), *chains(DEMAND.c.chain_id)
        ),
        sa.select(CAPABILITY.c.map_node_id, CAPABILITY.c.enterprise_id).where(
            CAPABILITY.c.map_node_id.is_not(None), *chains(CAPABILITY.c.chain_id)
        ),
    ).subquery()
    enterprises: dict[int, int] = dict(
        connection.execute(sa.select(pairs.c.node, sa.func.count()).group_by(pairs.c.node)).all()
    )
    specialised_firms = sa.select(TITLE.c.enterprise_id).where(
        TITLE.c.kind.in_(SPECIALISED),
        TITLE.c.status.in_(sorted(HOLDING)),
        sa.or_(TITLE.c.valid_until.is_(None), TITLE.c.valid_until >= today),
    )
    specialised: dict[int, int] = dict(
        connection.execute(
            sa.select(pairs.c.node, sa.func.count(sa.distinct(pairs.c.firm)))
            .where(pairs.c.firm.in_(specialised_firms))
            .group_by(pairs.c.node)
        ).all()
    )
    targets: dict[int, int] = dict(
        connection.execute(
            sa.select(TARGET.c.map_node_id, sa.func.count())
            .where(TARGET.c.map_node_id.is_not(None), TARGET.c.status != "dropped",
                   *chains(TARGET.c.chain_id))
            .group_by(TARGET.c.map_node_id)
        ).all()
    )  # fmt: skip
    projects: dict[int, int] = dict(
        connection.execute(
            sa.select(PROJECT.c.map_node_id, sa.func.count())
            .where(PROJECT.c.map_node_id.is_not(None), PROJECT.c.stage != "terminated",
                   *chains(PROJECT.c.chain_id))
            .group_by(PROJECT.c.map_node_id)
        ).all()
    )  # fmt: skip
    return {
        "enterprises": enterprises,
        "specialised": specialised,
        "targets": targets,
        "projects": projects,
    }
