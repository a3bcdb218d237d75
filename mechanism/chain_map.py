"""The chain map as a picture (产业链图谱, issue 17 point 5): where every box, node and arrow of
the drawing goes — pure geometry; the SVG is ``notifications.reports.chain_map``'s template.

Two layouts of the same map, chosen by the reader's width rather than squeezed into one:

- ``columns=3``, upstream → midstream → downstream side by side with arrows between: how a
  chain map is drawn on paper, for a desk screen or the bulletin (960 units wide);
- ``columns=1``, the three stages stacked top to bottom with arrows down, 360 units wide:
  a phone. A viewBox that only scales the three columns would shrink a 14-unit label to
  under 6 px on a 360 px phone — unreadable — so the phone gets its own tall layout, drawn at
  its natural size, and the page shows one or the other by a CSS media query.

Each segment is a box of its nodes, laid in rows that wrap; a node is a rounded label with its
name and its counts (enterprises, 专精特新, targets, projects), wide as its text (CJK characters
one em, others about 0.6) and never wider than its segment: a longer name is cut with "…" and
the full name kept for the tooltip. ``gap`` marks a weak or missing node without a target.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

WIDE, NARROW = 960, 360
PAD = 12
ARROW = 36  # the room between two stages, where the arrow goes
LEGEND = 44
STAGE_HEAD = 30
SEGMENT_HEAD = 24
NODE_H = 42
NODE_GAP = 6
NAME_SIZE, COUNT_SIZE = 14, 11
NODE_PAD = 8
MARKER = 12  # the status marker's room at a node's left
GAP_BADGE = 14
STATUSES = ("strong", "weak", "missing")


@dataclass(frozen=True)
class NodeIn:
    key: int | None
    name: str
    status: str
    counts: tuple[int, ...]  # enterprises, 专精特新, targets, projects


@dataclass(frozen=True)
class SegmentIn:
    name: str
    nodes: Sequence[NodeIn]


@dataclass(frozen=True)
class StageIn:
    stage: str
    label: str
    segments: Sequence[SegmentIn]


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: "Box") -> bool:
        return (
            self.x < other.x + other.w
            and other.x < self.x + self.w
            and self.y < other.y + other.h
            and other.y < self.y + self.h
        )

    def holds(self, other: "Box") -> bool:
        return (
            self.x <= other.x
            and self.y <= other.y
            and other.x + other.w <= self.x + self.w
            and other.y + other.h <= self.y + self.h
        )


@dataclass(frozen=True)
class CountPlace:
    x: float
    text: str
    index: int  # which count: 0 enterprises, 1 专精特新, 2 targets, 3 projects
    value: int


@dataclass(frozen=True)
class PlacedNode:
    box: Box
    key: int | None
    name: str
    shown: str  # the name as drawn (cut with "…" when it does not fit)
    status: str
    counts: tuple[CountPlace, ...]
    gap: bool


@dataclass(frozen=True)
class PlacedSegment:
    box: Box
    name: str
    nodes: tuple[PlacedNode, ...]


@dataclass(frozen=True)
class PlacedStage:
    box: Box
    stage: str
    label: str
    segments: tuple[PlacedSegment, ...]


@dataclass(frozen=True)
class Arrow:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Picture:
    width: float
    height: float
    columns: int
    stages: tuple[PlacedStage, ...]
    arrows: tuple[Arrow, ...]

    def nodes(self) -> list[PlacedNode]:
        return [n for st in self.stages for sg in st.segments for n in sg.nodes]


def text_width(text: str, size: float) -> float:
    """About how wide ``text`` draws at ``size``: CJK (and full-width) one em, others 0.6."""
    return sum(size if ord(ch) >= 0x2E80 else size * 0.6 for ch in text)


def cut(text: str, size: float, room: float) -> str:
    """``text`` cut with "…" to fit ``room`` (whole when it fits)."""
    if text_width(text, size) <= room:
        return text
    while text and text_width(text + "…", size) > room:
        text = text[:-1]
    return text + "…"


def _node(node: NodeIn, x: float, y: float, room: float, letters: Sequence[str]) -> PlacedNode:
    parts = [f"{letter}{n}" for letter, n in zip(letters, node.counts, strict=False)]
    counts_w = sum(text_width(p, COUNT_SIZE) for p in parts) + COUNT_SIZE * 0.6 * (len(parts) - 1)
    gap = node.status in ("weak", "missing") and len(node.counts) > 2 and node.counts[2] == 0
    badge = GAP_BADGE if gap else 0  # the "！" at the right of a node without a target
    inner = max(text_width(node.name, NAME_SIZE) + badge, counts_w)
    width = min(room, inner + 2 * NODE_PAD + MARKER)
    shown = cut(node.name, NAME_SIZE, width - 2 * NODE_PAD - MARKER - badge)
    places, cx = [], x + NODE_PAD + MARKER
    for index, (part, value) in enumerate(zip(parts, node.counts, strict=False)):
        places.append(CountPlace(cx, part, index, value))
        cx += text_width(part, COUNT_SIZE) + COUNT_SIZE * 0.6
    return PlacedNode(
        Box(x, y, width, NODE_H), node.key, node.name, shown, node.status, tuple(places), gap
    )


def _segment(
    segment: SegmentIn, x: float, y: float, width: float, letters: Sequence[str]
) -> PlacedSegment:
    room = width - 2 * NODE_PAD
    placed: list[PlacedNode] = []
    cx, cy = x + NODE_PAD, y + SEGMENT_HEAD
    for node in segment.nodes:
        drawn = _node(node, cx, cy, room, letters)
        if cx > x + NODE_PAD and cx + drawn.box.w > x + width - NODE_PAD:  # wrap
            cx, cy = x + NODE_PAD, cy + NODE_H + NODE_GAP
            drawn = _node(node, cx, cy, room, letters)
        placed.append(drawn)
        cx += drawn.box.w + NODE_GAP
    rows_bottom = cy + NODE_H if placed else y + SEGMENT_HEAD
    return PlacedSegment(Box(x, y, width, rows_bottom - y + NODE_PAD), segment.name, tuple(placed))


def _stage(stage: StageIn, x: float, y: float, width: float, letters: Sequence[str]) -> PlacedStage:
    segments: list[PlacedSegment] = []
    cy = y + STAGE_HEAD
    for segment in stage.segments:
        drawn = _segment(segment, x + NODE_PAD, cy, width - 2 * NODE_PAD, letters)
        segments.append(drawn)
        cy += drawn.box.h + NODE_GAP
    return PlacedStage(Box(x, y, width, cy - y + NODE_PAD), stage.stage, stage.label,
                       tuple(segments))  # fmt: skip


def layout(
    stages: Sequence[StageIn], *, columns: int = 3, letters: Sequence[str] = ("", "", "", "")
) -> Picture:
    """Place ``stages`` (in chain order) in three columns or one; ``letters`` prefix the
    counts ("企3 专1 标0 项2")."""
    if columns not in (1, 3):
        raise ValueError(f"columns: 1 or 3, not {columns}")
    width = WIDE if columns == 3 else NARROW
    top: float = PAD + LEGEND
    placed: list[PlacedStage] = []
    arrows: list[Arrow] = []
    if columns == 3:
        count = max(len(stages), 1)
        column = (width - 2 * PAD - (count - 1) * ARROW) / count
        for index, stage in enumerate(stages):
            placed.append(_stage(stage, PAD + index * (column + ARROW), top, column, letters))
        tallest = max((s.box.h for s in placed), default=0.0)
        placed = [PlacedStage(Box(s.box.x, s.box.y, s.box.w, tallest), s.stage, s.label,
                              s.segments) for s in placed]  # fmt: skip
        mid = top + STAGE_HEAD / 2
        for left, right in pairwise(placed):
            arrows.append(Arrow(left.box.x + left.box.w + 4, mid, right.box.x - 4, mid))
        height = top + tallest + PAD
    else:
        cy = top
        for stage in stages:
            drawn = _stage(stage, PAD, cy, width - 2 * PAD, letters)
            if placed:
                middle = width / 2
                arrows.append(Arrow(middle, cy - ARROW + 4, middle, cy - 4))
            placed.append(drawn)
            cy += drawn.box.h + ARROW
        height = (cy - ARROW if placed else cy) + PAD
    return Picture(width, height, columns, tuple(placed), tuple(arrows))
