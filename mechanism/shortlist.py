"""The shortlist of candidate suppliers for one demand (需求清单 line): which SMEs' capability
items to put before the chain master, in which order, and why.

The order is the one the issue and the practice give (发榜揭榜: the large firm picks, weighing the
SME's strength), compared line by line:

1. the capability is at the demand's own node of the chain map;
2. else it is at a node the map marks weak or missing (补短板: a supplier there also fills a gap);
3. the supplier is in the same county as the demand's enterprise (a short supply radius);
4. the supplier's tier: the highest title it holds that counts today
   (``mechanism.designations.counts``), by the kinds' ``rank``.

Ties go to the earlier capability item (its id), so the order never changes between two reads.
A supplier appears once, with its best line; the demand's own enterprise and suppliers already
matched to the demand are never candidates. A line without any of the four reasons is no
candidate: there is nothing to tell the chain master about it. Every line carries its
explanation in both languages, which "choose" keeps in the match's ``why``.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from mechanism.designations import DEFAULT_KINDS, Kind, counts, kinds_by_code
from mechanism.vocabulary import NodeStatus
from mechanism.wording import Said

DEFAULT_TOP = 20
GAP_STATUSES = frozenset({NodeStatus.WEAK.value, NodeStatus.MISSING.value})


@dataclass(frozen=True)
class Title:
    """A title the supplier holds, as stored (whether it counts today is decided here)."""

    kind: str
    status: str
    valid_until: date | None


@dataclass(frozen=True)
class Offer:
    """A candidate capability item with what the ranking reads of it."""

    capability_id: int
    enterprise_id: int
    enterprise_name: str
    product: str
    node_id: int | None
    node_name: str | None
    node_status: str | None
    county: str | None
    titles: tuple[Title, ...] = ()


@dataclass(frozen=True)
class Wanted:
    """The demand as the ranking reads it: its node, its enterprise and that one's county, and
    the enterprises already matched to it."""

    node_id: int | None
    enterprise_id: int
    county: str | None
    matched_enterprises: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Tier:
    kind: Kind
    valid_until: date | None


@dataclass(frozen=True)
class Line:
    """One line of the shortlist: its place (1 first), the reasons that hold and their words."""

    place: int
    offer: Offer
    same_node: bool
    gap_node: str | None  # the node's status when it is weak or missing
    same_county: bool
    tier: Tier | None
    why: Said


def best_title(
    titles: Iterable[Title], today: date, kinds: tuple[Kind, ...] = DEFAULT_KINDS
) -> Tier | None:
    """The highest-ranked title among ``titles`` that counts on ``today`` (a kind unknown to
    the catalogue ranks nowhere); ties go to the one valid longest."""
    catalogue = kinds_by_code(kinds)
    best: Tier | None = None
    for title in titles:
        kind = catalogue.get(title.kind)
        if kind is None or not counts(title.status, title.valid_until, today):
            continue
        if best is None or _tier_key(kind, title.valid_until) > _tier_key(
            best.kind, best.valid_until
        ):
            best = Tier(kind, title.valid_until)
    return best


def _tier_key(kind: Kind, until: date | None) -> tuple[int, date]:
    return kind.rank, until or date.max


def tier_rank(tier: Tier | None) -> int:
    return tier.kind.rank if tier is not None else 0


def rank(
    wanted: Wanted,
    offers: Iterable[Offer],
    today: date,
    *,
    kinds: tuple[Kind, ...] = DEFAULT_KINDS,
    top: int = DEFAULT_TOP,
) -> list[Line]:
    """The shortlist: at most ``top`` lines, one per supplier, best first."""
    best: dict[int, tuple[tuple[int, int, int, int, int], Line]] = {}
    for offer in offers:
        if offer.enterprise_id == wanted.enterprise_id:
            continue
        if offer.enterprise_id in wanted.matched_enterprises:
            continue
        line = _line(wanted, offer, today, kinds)
        if line is None:
            continue
        key = sort_key(line)
        held = best.get(offer.enterprise_id)
        if held is None or key < held[0]:
            best[offer.enterprise_id] = (key, line)
    ordered = sorted(best.values(), key=lambda pair: pair[0])[: max(top, 0)]
    return [_placed(line, place) for place, (_, line) in enumerate(ordered, start=1)]


def sort_key(line: Line) -> tuple[int, int, int, int, int]:
    """Smaller is better: same node, gap node, same county, tier, then the item's id."""
    return (
        0 if line.same_node else 1,
        0 if line.gap_node else 1,
        0 if line.same_county else 1,
        -tier_rank(line.tier),
        line.offer.capability_id,
    )


def _line(wanted: Wanted, offer: Offer, today: date, kinds: tuple[Kind, ...]) -> Line | None:
    same_node = wanted.node_id is not None and offer.node_id == wanted.node_id
    gap = offer.node_status if offer.node_status in GAP_STATUSES else None
    gap_node = gap if offer.node_id is not None else None
    same_county = bool(wanted.county) and offer.county == wanted.county
    tier = best_title(offer.titles, today, kinds)
    if not (same_node or gap_node or same_county or tier):
        return None
    line = Line(0, offer, same_node, gap_node, same_county, tier, Said("", ""))
    return Line(0, offer, same_node, gap_node, same_county, tier, explain(line))


def _placed(line: Line, place: int) -> Line:
    return Line(
        place, line.offer, line.same_node, line.gap_node, line.same_county, line.tier, line.why
    )


# A gap node's words: as a reason of its own, and as a note on the demand's own node.
_GAP_WORDS = {
    NodeStatus.WEAK.value: ("薄弱节点", "weak node", "薄弱", "weak"),
    NodeStatus.MISSING.value: ("缺失节点", "missing node", "缺失", "missing"),
}


def explain(line: Line) -> Said:
    """The line's reasons in both languages, in the order they rank: "同一节点：轴承钢（薄弱）；
    县：临清市；专精特新“小巨人”，有效期至2027-06-30"."""
    zh: list[str] = []
    en: list[str] = []
    node = line.offer.node_name or ""
    if line.same_node:
        if line.gap_node:
            _, _, gap_zh, gap_en = _GAP_WORDS[line.gap_node]
            zh.append(f"同一节点：{node}（{gap_zh}）")
            en.append(f"same node: {node} ({gap_en})")
        else:
            zh.append(f"同一节点：{node}")
            en.append(f"same node: {node}")
    elif line.gap_node:
        node_zh, node_en, _, _ = _GAP_WORDS[line.gap_node]
        zh.append(f"{node_zh}：{node}")
        en.append(f"{node_en}: {node}")
    if line.same_county:
        zh.append(f"县：{line.offer.county}")
        en.append(f"county: {line.offer.county}")
    if line.tier is not None:
        kind, until = line.tier.kind, line.tier.valid_until
        zh.append(f"{kind.name_zh}，有效期至{until.isoformat()}" if until else kind.name_zh)
        en.append(f"{kind.name_en} valid until {until.isoformat()}" if until else kind.name_en)
    return Said("; ".join(en), "；".join(zh))
