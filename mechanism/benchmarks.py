"""Benchmarking against advanced regions (对标): which way an indicator is better, the default
indicators as data, and the gap rule of the gap list (差距清单).

The practice (Shandong's 2019 对标 campaign: "差距在哪里、学什么、怎么干"; the 亩产效益 evaluation's
tax per mu, R&D intensity, labour productivity and energy per unit) compares a handful of
figures with a peer's for the same year; where the peer does better, the gap becomes work. The
catalogue below is the default; an office's ``chainops/config/benchmarks.yaml`` replaces it.
"""

from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from mechanism.vocabulary import Labelled

T = TypeVar("T")

# A counted indicator's ``counted_from`` that counts every 专精特新 tier (provincial SMEs,
# 小巨人, key 小巨人), not a single kind of title.
SPECIALISED = "specialised"


class Direction(Labelled):
    """Which way an indicator is better."""

    HIGHER = "higher"
    LOWER = "lower"

    @property
    def zh(self) -> str:
        return _LABELS[self.value][0]

    @property
    def en(self) -> str:
        return _LABELS[self.value][1]


class PeerKind(Labelled):
    """A peer region as a whole (compared with the city), or the same chain elsewhere."""

    REGION = "region"
    CHAIN = "chain"

    @property
    def zh(self) -> str:
        return _LABELS[self.value][0]

    @property
    def en(self) -> str:
        return _LABELS[self.value][1]


_LABELS = {
    "higher": ("越高越好", "Higher is better"),
    "lower": ("越低越好", "Lower is better"),
    "region": ("对标地区", "Peer region"),
    "chain": ("同链对标", "Same chain elsewhere"),
}


@dataclass(frozen=True)
class Indicator:
    """An indicator of the catalogue. ``counted_from``: a designation kind code (or
    ``SPECIALISED``) our own value is counted from; None: entered."""

    code: str
    name_zh: str
    name_en: str
    unit: str
    direction: Direction
    definition_zh: str
    definition_en: str
    counted_from: str | None = None

    @property
    def definition(self) -> str:
        """Both languages in one line, as the table's ``definition`` keeps it."""
        return f"{self.definition_zh} / {self.definition_en}"


_H, _L = Direction.HIGHER, Direction.LOWER

DEFAULT_INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "chain_output",
        "产业链产值",
        "Chain output",
        "亿元",
        _H,
        "产业链规上企业全年营业收入",
        "Yearly revenue of the chain's firms above the size threshold",
    ),
    Indicator(
        "output_growth",
        "产值增速",
        "Output growth",
        "%",
        _H,
        "产业链产值同比增长",
        "Chain output, year-on-year change",
    ),
    Indicator(
        "chain_masters",
        "链主企业数",
        "Chain masters",
        "家",
        _H,
        "持有有效链主称号的企业数",
        "Enterprises holding a valid 链主 title",
        "chain_master",
    ),
    Indicator(
        "little_giants",
        "专精特新“小巨人”数",
        "Little giants",
        "家",
        _H,
        "持有有效国家级专精特新“小巨人”称号的企业数",
        "Enterprises holding a valid little-giant title",
        "little_giant",
    ),
    Indicator(
        "single_champions",
        "单项冠军数",
        "Single champions",
        "家",
        _H,
        "持有有效国家级制造业单项冠军称号的企业数",
        "Enterprises holding a valid national single-champion title",
        "single_champion_national",
    ),
    Indicator(
        "specialised_smes",
        "专精特新企业数",
        "Specialised SMEs",
        "家",
        _H,
        "持有有效专精特新称号（省级、小巨人、重点小巨人）的企业数",
        "Enterprises holding a valid 专精特新 title (provincial, little giant, key)",
        SPECIALISED,
    ),
    Indicator(
        "rd_intensity",
        "研发投入强度",
        "R&D intensity",
        "%",
        _H,
        "研发经费占营业收入比重",
        "R&D spending as a share of revenue",
    ),
    Indicator(
        "tax_per_mu",
        "亩均税收",
        "Tax per mu",
        "万元/亩",
        _H,
        "税收总额除以用地面积（亩产效益评价）",
        "Taxes paid per mu of land used (output-per-mu evaluation)",
    ),
    Indicator(
        "labour_productivity",
        "全员劳动生产率",
        "Labour productivity",
        "万元/人",
        _H,
        "工业增加值除以从业人员数",
        "Value added per employee",
    ),
    Indicator(
        "energy_per_output",
        "单位产值能耗",
        "Energy per unit of output",
        "吨标煤/万元",
        _L,
        "综合能耗除以产值",
        "Energy used per 10,000 yuan of output (tonnes of coal equivalent)",
    ),
    Indicator(
        "local_supporting_rate",
        "本地配套率",
        "Local supporting rate",
        "%",
        _H,
        "本地采购额占采购总额比重",
        "Purchases from local suppliers as a share of all purchases",
    ),
    Indicator(
        "projects_over_1yi",
        "亿元以上项目数",
        "Projects over 1亿",
        "个",
        _H,
        "当年新签约亿元以上招商项目数",
        "Investment projects over 100 million yuan signed in the year",
    ),
    Indicator(
        "funds_arrived",
        "到位资金",
        "Funds arrived",
        "亿元",
        _H,
        "当年招商项目实际到位资金",
        "Funds actually arrived for investment projects in the year",
    ),
)


@dataclass(frozen=True)
class Gap:
    """Where we trail a peer on one indicator in one year: ``difference`` is how much better
    the peer is (always positive, in the indicator's unit); ``ratio`` is ours ÷ theirs (None
    when theirs is zero)."""

    ours: float
    theirs: float
    difference: float
    ratio: float | None

    @property
    def shortfall(self) -> float:
        """How far we trail, relative to the peer, for ordering a gap list across units: the
        share of the peer's figure we lack (higher is better) or exceed (lower is better)."""
        base = abs(self.theirs) or abs(self.ours) or 1.0
        return self.difference / base


def gap(direction: Direction, ours: float, theirs: float) -> Gap | None:
    """The gap when the peer is better in ``direction``; None when we lead or tie."""
    difference = theirs - ours if direction is Direction.HIGHER else ours - theirs
    if difference <= 0:
        return None
    ratio = ours / theirs if theirs else None
    return Gap(ours=ours, theirs=theirs, difference=difference, ratio=ratio)


def by_shortfall(gaps: list[tuple[T, Gap]]) -> list[tuple[T, Gap]]:
    """A gap list in order of how far we trail, the furthest first (stable among equals)."""
    return sorted(gaps, key=lambda pair: -pair[1].shortfall)


def counted_on(year: int, today: date) -> date:
    """The day a counted indicator is counted on for ``year``: its last day, or today while
    the year is still running (a title recognised later does not exist yet)."""
    return min(date(year, 12, 31), today)
