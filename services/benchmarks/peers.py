"""Peers (对标对象): a region compared with the city as a whole, or the same chain elsewhere
(洛阳 or 瓦房店 for a bearing chain). The office adds and edits them; a chain's working group
may add a peer of its own chain."""

from datetime import datetime

from sqlmodel import Session, col, select

from mechanism.benchmarks import PeerKind
from mechanism.wording import Said
from models import BenchmarkPeer, Chain
from services.audit import audit
from services.benchmarks.access import BenchmarkRefused, manages_benchmarks
from services.people import Actor


def chain_by_code(session: Session, code: str | None, field: str = "chain") -> Chain | None:
    """The chain ``code`` names (None for none); BenchmarkRefused naming ``field`` if unknown."""
    if code is None or not code.strip():
        return None
    chain = session.exec(select(Chain).where(Chain.code == code.strip())).first()
    if chain is None:
        raise BenchmarkRefused(
            Said(f"{field}: no chain {code!r}", f"产业链：没有产业链 {code!r}"), field
        )
    return chain


def peer_by_name(session: Session, name: str) -> BenchmarkPeer:
    peer = session.exec(select(BenchmarkPeer).where(BenchmarkPeer.name == name.strip())).first()
    if peer is None:
        raise BenchmarkRefused(
            Said(f"peer: no peer {name!r}", f"对标对象：没有对标对象 {name!r}"), "peer"
        )
    return peer


def list_peers(session: Session, *, chain_id: int | None = None) -> list[BenchmarkPeer]:
    """Every peer, or those compared with chain ``chain_id`` (its chain peers and every
    region peer), region peers first."""
    query = select(BenchmarkPeer)
    if chain_id is not None:
        query = query.where(
            (col(BenchmarkPeer.chain_id).is_(None)) | (BenchmarkPeer.chain_id == chain_id)
        )
    rows = session.exec(query.order_by(col(BenchmarkPeer.kind).desc(), col(BenchmarkPeer.id)))
    return list(rows)


def add_peer(
    *,
    session: Session,
    actor: Actor,
    name: str,
    kind: str = "region",
    chain_code: str | None = None,
    region: str | None = None,
    note: str | None = None,
    now: datetime,
) -> BenchmarkPeer:
    """A new peer. A chain peer names its chain; a region peer names none."""
    parsed_kind, chain = _checked(session, name, kind, chain_code)
    manages_benchmarks(session, actor, chain)
    if session.exec(select(BenchmarkPeer.id).where(BenchmarkPeer.name == name.strip())).first():
        raise BenchmarkRefused(
            Said(
                f"name: peer {name.strip()!r} exists already",
                f"名称：对标对象 {name.strip()!r} 已存在",
            ),
            "name",
        )
    peer = BenchmarkPeer(
        name=name.strip(),
        kind=parsed_kind.value,
        chain_id=chain.id if chain else None,
        region=(region or "").strip() or None,
        note=(note or "").strip() or None,
        created_at=now,
    )
    session.add(peer)
    session.flush()
    audit(
        session,
        actor=actor,
        entity_type="benchmark_peer",
        entity_id=peer.id,
        action="created",
        now=now,
        detail={"name": peer.name, "kind": peer.kind},
    )
    return peer


def edit_peer(
    *,
    session: Session,
    actor: Actor,
    name: str,
    region: str | None = None,
    note: str | None = None,
    now: datetime,
) -> BenchmarkPeer:
    """A peer's region and note (its name, kind and chain are what its figures are for)."""
    peer = peer_by_name(session, name)
    manages_benchmarks(session, actor, session.get(Chain, peer.chain_id) if peer.chain_id else None)
    before = {"region": peer.region, "note": peer.note}
    peer.region = (region or "").strip() or None
    peer.note = (note or "").strip() or None
    session.add(peer)
    session.flush()
    audit(
        session,
        actor=actor,
        entity_type="benchmark_peer",
        entity_id=peer.id,
        action="edited",
        now=now,
        detail={"before": before},
    )
    return peer


def _checked(
    session: Session, name: str, kind: str, chain_code: str | None
) -> tuple[PeerKind, Chain | None]:
    if not name.strip() or len(name.strip()) > 100:
        raise BenchmarkRefused(
            Said("name: required, at most 100 characters", "名称：必填，最多 100 字"), "name"
        )
    parsed = PeerKind.parse(kind)
    if parsed is None:
        raise BenchmarkRefused(
            Said(
                f"kind: {kind!r} is not one of: {PeerKind.choices()}",
                f"类型：{kind!r} 不是以下之一：{PeerKind.choices()}",
            ),
            "kind",
        )
    chain = chain_by_code(session, chain_code)
    if parsed is PeerKind.CHAIN and chain is None:
        raise BenchmarkRefused(
            Said(
                "chain: a chain peer names the chain it is compared with",
                "产业链：同链对标须写明所对标的产业链",
            ),
            "chain",
        )
    if parsed is PeerKind.REGION and chain is not None:
        raise BenchmarkRefused(
            Said(
                "chain: a region peer is compared with the whole city, not one chain",
                "产业链：对标地区与全市整体比较，不属于某一产业链",
            ),
            "chain",
        )
    return parsed, chain
