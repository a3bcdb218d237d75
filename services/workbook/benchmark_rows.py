"""The benchmarking sheets' checks, export rows and upsert (their columns are in
``services.workbook.benchmark_sheets``): a figure names a known indicator (the catalogue's or
one stored) and a peer of this workbook or the database, and a chain peer's figures are for
its own chain."""

from collections.abc import Callable
from typing import Any

from sqlmodel import Session, col, select

from mechanism.benchmarks import DEFAULT_INDICATORS, Indicator, PeerKind
from mechanism.wording import Said
from models import BenchmarkIndicator, BenchmarkPeer, BenchmarkValue
from services.lookups import NaturalKeys
from services.workbook.known import KnownKeys
from services.workbook.raw import RawSheet, RawWorkbook
from services.workbook.upsert import Upserter

Problem = Callable[[RawSheet, int, str, Said], None]


def check_benchmarks(
    workbook: RawWorkbook, parsed: dict[str, Any], known: KnownKeys, problem: Problem
) -> None:
    """Peers' shapes, and each figure's indicator, peer and chain."""
    peers = dict(known.benchmark_peers)
    for row in parsed.get("benchmark_peers", []):
        v = row.values
        if not isinstance(v["kind"], PeerKind):
            continue
        if v["kind"] is PeerKind.CHAIN and v["chain"] is None:
            problem(
                workbook.sheets["benchmark_peers"],
                row.number,
                "chain",
                Said(
                    "a chain peer names the chain it is compared with",
                    "同链对标须写明所对标的产业链",
                ),
            )
        elif v["kind"] is PeerKind.REGION and v["chain"] is not None:
            problem(
                workbook.sheets["benchmark_peers"],
                row.number,
                "chain",
                Said(
                    "a region peer is compared with the whole city: leave the chain blank",
                    "对标地区与全市整体比较：产业链留空",
                ),
            )
        if isinstance(v["name"], str):
            peers[v["name"]] = v["chain"] if v["kind"] is PeerKind.CHAIN else None
    indicators = known.benchmark_indicators
    for row in parsed.get("benchmark_values", []):
        v, raw = row.values, workbook.sheets["benchmark_values"]
        if isinstance(v["indicator"], str) and v["indicator"] not in indicators:
            problem(
                raw,
                row.number,
                "indicator",
                Said(
                    f"no indicator {v['indicator']!r}; known: {', '.join(sorted(indicators))}",
                    f"没有指标 {v['indicator']!r}；已有：{', '.join(sorted(indicators))}",
                ),
            )
        peer = v["peer"]
        if not isinstance(peer, str):
            continue
        if peer not in peers:
            problem(
                raw,
                row.number,
                "peer",
                Said(
                    f"no peer {peer!r} in the workbook or the database",
                    f"工作簿和数据库中都没有对标对象 {peer!r}",
                ),
            )
        elif peers[peer] is not None and v["chain"] != peers[peer]:
            problem(
                raw,
                row.number,
                "chain",
                Said(
                    f"{peer} is a peer of the {peers[peer]} chain: its figures are for it",
                    f"{peer} 是 {peers[peer]} 产业链的同链对标对象，其数据只属于该产业链",
                ),
            )


def benchmark_rows(session: Session, lookup: NaturalKeys) -> dict[str, list[dict[str, Any]]]:
    """Both sheets' rows as the database holds them, for export (the inverse of import)."""
    peers = list(session.exec(select(BenchmarkPeer).order_by(col(BenchmarkPeer.id))))
    names = {p.id: p.name for p in peers}
    codes = {i.id: i.code for i in session.exec(select(BenchmarkIndicator))}
    return {
        "benchmark_peers": [
            {
                "name": p.name,
                "kind": PeerKind(p.kind),
                "chain": lookup.chain.get(p.chain_id) if p.chain_id else None,
                "region": p.region,
                "note": p.note,
            }
            for p in peers
        ],
        "benchmark_values": [
            {
                "indicator": codes[v.indicator_id],
                "chain": lookup.chain.get(v.chain_id) if v.chain_id else None,
                "peer": names.get(v.peer_id) if v.peer_id else None,
                "year": v.year,
                "value": v.value,
                "source": v.source,
            }
            for v in session.exec(select(BenchmarkValue).order_by(col(BenchmarkValue.id)))
        ],
    }


class BenchmarkWriter(Upserter):
    """The two sheets' writers (``services.workbook.importing`` calls them by sheet key)."""

    indicators: tuple[Indicator, ...] = DEFAULT_INDICATORS

    def benchmark_peers(self, v: dict[str, Any]) -> None:
        _, outcome = self._upsert(
            BenchmarkPeer,
            {"name": v["name"]},
            {
                "kind": v["kind"].value,
                "chain_id": self.chain_ids[v["chain"]] if v["chain"] else None,
                "region": v["region"],
                "note": v["note"],
            },
        )
        self._tally(outcome)

    def _indicator_id(self, code: str) -> int:
        found = self._find(BenchmarkIndicator, code=code)
        if found is None:  # a catalogue indicator's first figure stores it (validation knew it)
            position, spec = next(
                (n, i) for n, i in enumerate(self.indicators, 1) if i.code == code
            )
            found, _ = self._upsert(
                BenchmarkIndicator,
                {"code": code},
                {
                    "name_zh": spec.name_zh,
                    "name_en": spec.name_en,
                    "unit": spec.unit,
                    "direction": spec.direction.value,
                    "definition": spec.definition,
                    "counted_from": spec.counted_from,
                    "position": position,
                },
            )
        return int(found.id)

    def benchmark_values(self, v: dict[str, Any]) -> None:
        peer = self._find(BenchmarkPeer, name=v["peer"]) if v["peer"] else None
        key = {
            "indicator_id": self._indicator_id(v["indicator"]),
            "chain_id": self.chain_ids[v["chain"]] if v["chain"] else None,
            "peer_id": peer.id if peer else None,
            "year": v["year"],
        }
        existing = self._find(BenchmarkValue, **key)
        values: dict[str, Any] = {"value": float(v["value"]), "source": v["source"]}
        if existing is None or (existing.value, existing.source) != (values["value"], v["source"]):
            values.update(entered_by=self.actor, created_at=self.now)  # who and when: the import
        _, outcome = self._upsert(BenchmarkValue, key, values)
        self._tally(outcome)
