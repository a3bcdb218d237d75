"""The chain map drawn as SVG (issue 17 point 5), for the chain page, its ``map.svg`` route and
the monthly bulletin alike: :mod:`mechanism.chain_map` places everything, the template
``templates/map/chain_map.svg`` draws it (autoescaped: node names are the office's text).

Why SVG everywhere, the bulletin included: the bulletin is one HTML page (its charts are PNGs
made by matplotlib), and an inline SVG there keeps the map's Chinese text sharp at any zoom,
selectable and searchable, with no rasteriser to install; the labels use a CJK font stack
Debian has ("Noto Sans CJK SC", "WenQuanYi Micro Hei"). The counts link to their lists where a
page is there to link to (``links``: the chain page); the bulletin file, opened from disk or a
mail, draws them without links.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2

from mechanism.chain_map import NodeIn, Picture, SegmentIn, StageIn, layout, text_width
from mechanism.vocabulary import NodeStatus, Stage

TEMPLATES = Path(__file__).parent.parent / "templates" / "map"
FONTS = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif'
)
# Okabe–Ito colours (safe for the common colour blindnesses), each status with its own marker
# and border too, so the map reads in grey print: strong ● solid, weak ▲ hatched, missing ◻ dashed.
COLOURS = {"strong": "#009E73", "weak": "#E69F00", "missing": "#D55E00"}
COUNTED = ("enterprises", "specialised", "targets", "projects")
LETTERS = {"zh-CN": ("企", "专", "标", "项"), "en": ("E", "S", "T", "P")}
WORDS: dict[str, dict[str, Any]] = {
    "zh-CN": {
        "title": "{chain}产业链图谱",
        "counts": "企＝企业　专＝专精特新　标＝招商目标　项＝招商项目",
        "gap": "！暂无招商目标",
        "count_names": ("企业", "专精特新", "招商目标", "招商项目"),
        "empty": "尚未导入产业链图谱",
    },
    "en": {
        "title": "{chain} chain map",
        "counts": "E firms · S specialised · T targets · P projects",
        "gap": "! no target yet",
        "count_names": ("enterprises", "specialised SMEs", "targets", "projects"),
        "empty": "No chain map imported yet",
    },
}


@dataclass(frozen=True)
class Links:
    """Where a node's counts lead (the chain page's lists), by chain code and node name: the
    targets and pipeline lists filter by the node's name, as their forms and the CLI do."""

    chain: str

    def of(self, index: int, node: str | None) -> str:
        if index < 2:  # enterprises and 专精特新: the chain's enterprise list
            return f"/enterprises?chain={quote(self.chain)}"
        page = "targets" if index == 2 else "pipeline"
        return f"/chains/{quote(self.chain)}/{page}" + (f"?node={quote(node)}" if node else "")


def stages_of(data: Sequence[Mapping[str, Any]], locale: str) -> list[StageIn]:
    """The frozen or live map data (``services.rollup.chain_maps.MapData``) as layout input."""
    return [
        StageIn(
            stage["stage"],
            _label(Stage, stage["stage"], locale),
            [
                SegmentIn(segment["name"], [_node(n) for n in segment["nodes"]])
                for segment in stage["segments"]
            ],
        )
        for stage in data
    ]


def _node(node: Mapping[str, Any]) -> NodeIn:
    counts = tuple(int(node.get(k, 0)) for k in COUNTED)
    return NodeIn(node.get("id"), node["name"], node["status"], counts)


def _label(vocabulary: type[Stage] | type[NodeStatus], code: str, locale: str) -> str:
    try:
        member = vocabulary(code)
    except ValueError:
        return code
    return member.zh if locale == "zh-CN" else member.en


def picture(data: Sequence[Mapping[str, Any]], locale: str, *, columns: int = 3) -> Picture:
    return layout(stages_of(data, locale), columns=columns, letters=LETTERS[_locale(locale)])


def _locale(locale: str) -> str:
    return "zh-CN" if locale == "zh-CN" else "en"


_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,  # every name in the map is the office's text
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,
)


def render_map_svg(
    data: Sequence[Mapping[str, Any]],
    locale: str,
    *,
    chain_name: str,
    columns: int = 3,
    links: Links | None = None,
    standalone: bool = False,
) -> str:
    """The map as an ``<svg>`` element (``standalone``: a whole SVG document, with its XML
    declaration, as ``map.svg`` serves it)."""
    locale = _locale(locale)
    drawn = picture(data, locale, columns=columns)
    words = WORDS[locale]
    labels = {s.value: _label(NodeStatus, s.value, locale) for s in NodeStatus}
    legend, x = [], 12.0
    for status in ("strong", "weak", "missing"):
        legend.append((status, x, labels[status]))
        x += 12 + text_width(labels[status], 12) + 12
    return _ENV.get_template("chain_map.svg").render(
        picture=drawn,
        words=words,
        title=words["title"].format(chain=chain_name),
        fonts=FONTS,
        colours=COLOURS,
        status_label=labels,
        legend=legend,
        gap_x=x,
        links=links,
        standalone=standalone,
        empty=not data,
    )
