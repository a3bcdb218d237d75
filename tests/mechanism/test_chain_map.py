"""The chain map's layout: every node placed inside its segment and stage, none overlapping,
three columns for a desk and one column at phone width, long names cut."""

from itertools import combinations

import pytest

from mechanism.chain_map import (
    NARROW,
    STATUSES,
    WIDE,
    NodeIn,
    SegmentIn,
    StageIn,
    cut,
    layout,
    text_width,
)


def _map(nodes_per_segment: int = 7) -> list[StageIn]:
    def segment(name: str, n: int) -> SegmentIn:
        return SegmentIn(
            name,
            [
                NodeIn(i, f"{name}节点{i}" + ("很长的名字" * (i % 3)), STATUSES[i % 3],
                       (i, i % 2, 0, 1))
                for i in range(n)
            ],
        )  # fmt: skip

    return [
        StageIn("upstream", "上游", [segment("原材料", nodes_per_segment), segment("零部件", 3)]),
        StageIn("midstream", "中游", [segment("整机制造", nodes_per_segment)]),
        StageIn("downstream", "下游", [segment("应用", 2), segment("服务", 0)]),
    ]


@pytest.mark.parametrize("columns", [1, 3])
def test_every_node_is_placed_inside_its_boxes_without_overlap(columns: int) -> None:
    picture = layout(_map(), columns=columns, letters=("企", "专", "标", "项"))
    assert len(picture.nodes()) == 7 + 3 + 7 + 2
    for stage in picture.stages:
        assert stage.box.x >= 0 and stage.box.x + stage.box.w <= picture.width
        assert stage.box.y + stage.box.h <= picture.height
        for segment in stage.segments:
            assert stage.box.holds(segment.box)
            for node in segment.nodes:
                assert segment.box.holds(node.box), (node.name, node.box, segment.box)
    for a, b in combinations(picture.nodes(), 2):
        assert not a.box.overlaps(b.box), (a.name, b.name)
    for a, b in combinations([s.box for st in picture.stages for s in st.segments], 2):
        assert not a.overlaps(b)
    assert len(picture.arrows) == 2  # upstream → midstream → downstream


def test_three_columns_side_by_side_and_one_column_stacked_at_phone_width() -> None:
    wide = layout(_map(), columns=3)
    assert wide.width == WIDE
    assert len({s.box.y for s in wide.stages}) == 1 and len({s.box.x for s in wide.stages}) == 3
    assert all(a.y1 == a.y2 and a.x1 < a.x2 for a in wide.arrows)  # pointing right
    narrow = layout(_map(), columns=1)
    assert narrow.width == NARROW
    assert len({s.box.x for s in narrow.stages}) == 1
    ys = [s.box.y for s in narrow.stages]
    assert ys == sorted(ys) and len(set(ys)) == 3
    assert all(a.x1 == a.x2 and a.y1 < a.y2 for a in narrow.arrows)  # pointing down
    # Drawn at its own size on a phone: the labels stay 14 units, nothing wider than 360.
    assert all(n.box.x + n.box.w <= NARROW for n in narrow.nodes())


def test_a_long_name_is_cut_and_kept_whole_for_the_tooltip() -> None:
    long = "超长的节点名称" * 10
    stages = [
        StageIn("upstream", "上游", [SegmentIn("段", [NodeIn(1, long, "weak", (0, 0, 0, 0))])])
    ]
    node = layout(stages, columns=1).nodes()[0]
    assert node.name == long and node.shown.endswith("…") and len(node.shown) < len(long)
    assert node.gap  # weak, and no target


def test_text_width_and_cut() -> None:
    assert text_width("轴承", 10) == 20 and text_width("ab", 10) == 12
    assert cut("轴承钢", 14, 100) == "轴承钢"
    assert text_width(cut("轴承钢材料", 14, 40), 14) <= 40


def test_an_empty_map_and_bad_columns() -> None:
    assert layout([], columns=3).nodes() == []
    with pytest.raises(ValueError, match="columns"):
        layout([], columns=2)
