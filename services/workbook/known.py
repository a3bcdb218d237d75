"""What a workbook may refer to besides its own rows: the natural keys the database already
holds, the routing of factor requests, and the import's day (for the bounds on task dates)."""

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, select

from models import (
    BenchmarkIndicator,
    BenchmarkPeer,
    Chain,
    Department,
    Enterprise,
    KeyProject,
    ListItem,
    MapNode,
    MapSegment,
    Person,
)


@dataclass
class KnownKeys:
    """Natural keys the database already holds, so a workbook may refer to them."""

    departments: set[str] = field(default_factory=set)
    people: set[str] = field(default_factory=set)
    chains: set[str] = field(default_factory=set)
    enterprises: set[str] = field(default_factory=set)
    project_enterprise: dict[str, str] = field(default_factory=dict)  # code -> credit code
    list_items: set[tuple[str, str, str]] = field(default_factory=set)  # chain, type, title
    map_nodes: set[tuple[str, str]] = field(default_factory=set)  # chain code, node name
    routing: dict[str, str] = field(default_factory=dict)  # factor type -> department code
    today: date | None = None  # the import's day: no task deadline more than 5 years on
    benchmark_indicators: set[str] = field(default_factory=set)  # stored and catalogue codes
    benchmark_peers: dict[str, str | None] = field(default_factory=dict)  # name -> its chain


def known_keys(session: Session) -> KnownKeys:
    """The natural keys already in the database, which a workbook may refer to."""
    projects = session.exec(
        select(KeyProject.code, Enterprise.credit_code).join(
            Enterprise,
            Enterprise.id == KeyProject.enterprise_id,  # type: ignore[arg-type]
        )
    ).all()
    list_items = session.exec(
        select(Chain.code, ListItem.list_type, ListItem.title).join(
            Chain,
            Chain.id == ListItem.chain_id,  # type: ignore[arg-type]
        )
    ).all()
    map_nodes = session.exec(
        select(Chain.code, MapNode.name)
        .join(MapSegment, MapSegment.id == MapNode.segment_id)  # type: ignore[arg-type]
        .join(Chain, Chain.id == MapSegment.chain_id)  # type: ignore[arg-type]
    ).all()
    peers = session.exec(
        select(BenchmarkPeer.name, Chain.code).outerjoin(
            Chain,
            Chain.id == BenchmarkPeer.chain_id,  # type: ignore[arg-type]
        )
    ).all()
    return KnownKeys(
        departments=set(session.exec(select(Department.code)).all()),
        people=set(session.exec(select(Person.email)).all()),
        chains=set(session.exec(select(Chain.code)).all()),
        enterprises=set(session.exec(select(Enterprise.credit_code)).all()),
        project_enterprise=dict(projects),
        list_items={(chain, kind, title) for chain, kind, title in list_items},
        map_nodes={(chain, node) for chain, node in map_nodes},
        benchmark_indicators=set(session.exec(select(BenchmarkIndicator.code)).all()),
        benchmark_peers=dict(peers),
    )
