"""The bulletin's charts as PNG bytes: lights per chain, investment against timing progress,
the city's trend over the months, the investment rates, and the ladder's rungs.

Drawn with ``matplotlib.figure.Figure`` on an Agg canvas, never through ``pyplot``: no display
is needed on a server, nothing touches the process's matplotlib settings, and no global list
of open figures can leak (each figure is emptied once saved and dropped with its canvas).
Every text uses the bundled CJK font (see :mod:`notifications.reports.fonts`). The PNGs
carry no software or time metadata, so the same view gives the same bytes.
"""

import io
import math
import textwrap
from collections.abc import Callable, Sequence

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator, PercentFormatter

from mechanism.vocabulary import Light
from notifications.reports.fonts import chart_font
from notifications.reports.formats import MONTHS_EN, check_locale, month_label, percent
from notifications.reports.view import BulletinView

DPI = 120
WIDTH = 8.0  # inches: 960 px at 120 dpi, the width of an A4 page's text or an email
LIGHT_COLOURS = {Light.GREEN: "#2e7d32", Light.YELLOW: "#f9a825", Light.RED: "#c62828"}
_INK = "#1d2939"
_GRID = "#d0d5dd"
_TIMING = "#455a64"

_TEXT = {
    "zh-CN": {
        "lights": "各产业链督办事项红黄绿灯（{month}）",
        "lights_axis": "在办督办事项（件）",
        "investment": "各产业链重点项目投资完成率与序时进度（{month}）",
        "investment_axis": "年度投资完成率",
        "timing": "序时进度 {value}",
        "ahead": "达到序时进度",
        "behind": "滞后序时进度",
        "trend": "全市链长制工作趋势（截至{month}）",
        "on_time": "按期办结率",
        "completion": "投资完成率",
        "timing_line": "序时进度",
        "red": "在办红灯事项（件，右轴）",
        "no_data": "暂无产业链数据",
        "rates": "各产业链招商引资三率（{month}，年内签约项目）",
        "rates_axis": "比率",
        "honoured_rate": "履约率",
        "started_rate": "开工率",
        "funds_rate": "资金到位率",
        "ladder": "督办阶梯各级响应与化解（{month}，全市）",
        "ladder_days": "签收用时（工作日）",
        "ladder_share": "本级化解占比（到达本级后不再升级）",
        "median": "中位数",
        "p90": "90%分位",
        "level": "第{level}级",
    },
    "en": {
        "lights": "Open tasks by light, per chain — {month}",
        "lights_axis": "Open tasks",
        "investment": "Investment completed against timing progress, per chain — {month}",
        "investment_axis": "Share of the year's planned investment completed",
        "timing": "Timing progress {value}",
        "ahead": "At or ahead of timing progress",
        "behind": "Behind timing progress",
        "trend": "City-wide trend up to {month}",
        "on_time": "Tasks done on time",
        "completion": "Investment completed",
        "timing_line": "Timing progress",
        "red": "Open red tasks (right axis)",
        "no_data": "No chains to show",
        "rates": "Investment rates per chain, projects signed this year — {month}",
        "rates_axis": "Rate",
        "honoured_rate": "Honoured (履约率)",
        "started_rate": "Started (开工率)",
        "funds_rate": "Funds arrived (资金到位率)",
        "ladder": "How fast each rung is answered and what it resolves — {month}, city",
        "ladder_days": "Working days to acknowledge",
        "ladder_share": "Share resolved at the rung (climbed no further)",
        "median": "Median",
        "p90": "90th percentile",
        "level": "Level {level}",
    },
}


def _month(view: BulletinView, locale: str) -> str:
    return month_label(view.month, locale, short=True)


def _chain_names(view: BulletinView, locale: str) -> list[str]:
    # Chinese names are short; English ones ("Automobiles and new-energy vehicles") wrap.
    width = 12 if locale == "zh-CN" else 22
    return [textwrap.fill(chain.name(locale), width) for chain in view.chains]


def _figure(height: float) -> tuple[Figure, Axes]:
    figure = Figure(figsize=(WIDTH, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(colors=_INK, labelsize=9)
    return figure, axes


def _png(figure: Figure) -> bytes:
    """The figure as PNG, every text in the CJK font; the figure is emptied afterwards."""
    family = chart_font()
    for text in figure.findobj(Text):
        text.set_fontfamily([family])
    buffer = io.BytesIO()
    try:
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    finally:
        figure.clear()
    return buffer.getvalue()


def _legend(figure: Figure, handles: Sequence[Artist]) -> None:
    """The legend under the plot, on one row, where it never covers a bar."""
    figure.legend(
        handles=handles, loc="outside lower center", ncols=len(handles), fontsize=9, frameon=False
    )


def _no_data(axes: Axes, locale: str) -> None:
    axes.set_axis_off()
    axes.text(0.5, 0.5, _TEXT[locale]["no_data"], ha="center", va="center", color=_INK)


def _chain_rows_height(view: BulletinView) -> float:
    return max(2.6, 0.42 * len(view.chains) + 1.6)


def lights_chart(view: BulletinView, locale: str) -> bytes:
    """Open tasks per chain as stacked bars in rank order, red first: what the reader seeks."""
    text = _TEXT[check_locale(locale)]
    figure, axes = _figure(_chain_rows_height(view))
    axes.set_title(text["lights"].format(month=_month(view, locale)), color=_INK, fontsize=12)
    if not view.chains:
        _no_data(axes, locale)
        return _png(figure)
    rows = range(len(view.chains))
    left = [0] * len(view.chains)
    for light in (Light.RED, Light.YELLOW, Light.GREEN):
        counts = [int(c.figures["tasks"]["open_by_light"].get(light.value, 0)) for c in view.chains]
        label = light.zh if locale == "zh-CN" else light.en
        bars = axes.barh(
            rows, counts, left=left, height=0.62, color=LIGHT_COLOURS[light], label=label
        )
        ink = _INK if light == Light.YELLOW else "white"  # dark on yellow, white on red/green
        axes.bar_label(
            bars, [str(n) if n else "" for n in counts], label_type="center", color=ink, fontsize=8
        )
        left = [a + b for a, b in zip(left, counts, strict=True)]
    axes.bar_label(bars, [str(total) for total in left], padding=4, color=_INK, fontsize=9)
    axes.set_yticks(list(rows), _chain_names(view, locale))
    axes.invert_yaxis()  # rank 1 on top
    axes.set_xlabel(text["lights_axis"], color=_INK, fontsize=9)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlim(0, max(max(left), 1) * 1.12)
    axes.grid(axis="x", color=_GRID, linewidth=0.6)
    axes.set_axisbelow(True)
    _legend(figure, axes.get_legend_handles_labels()[0])
    return _png(figure)


def investment_chart(view: BulletinView, locale: str) -> bytes:
    """Each chain's investment completion rate against the city's timing progress (序时进度)."""
    text = _TEXT[check_locale(locale)]
    figure, axes = _figure(_chain_rows_height(view))
    axes.set_title(text["investment"].format(month=_month(view, locale)), color=_INK, fontsize=12)
    if not view.chains:
        _no_data(axes, locale)
        return _png(figure)
    timing = view.city.figures["projects"].get("timing_progress")
    rates = [c.figures["projects"].get("completion_rate") for c in view.chains]
    rows = range(len(view.chains))
    behind = [timing is not None and r is not None and r < timing for r in rates]
    colours = [LIGHT_COLOURS[Light.RED] if b else LIGHT_COLOURS[Light.GREEN] for b in behind]
    heights = [0.0 if r is None else r * 100 for r in rates]
    bars = axes.barh(rows, heights, height=0.62, color=colours)
    axes.bar_label(bars, [percent(r) for r in rates], padding=4, color=_INK, fontsize=9)
    handles: list[Artist] = [
        Patch(color=LIGHT_COLOURS[Light.GREEN], label=text["ahead"]),
        Patch(color=LIGHT_COLOURS[Light.RED], label=text["behind"]),
    ]
    if timing is not None:
        handles.append(
            axes.axvline(
                timing * 100,
                color=_TIMING,
                linestyle="--",
                linewidth=1.4,
                label=text["timing"].format(value=percent(timing)),
            )
        )
    axes.set_yticks(list(rows), _chain_names(view, locale))
    axes.invert_yaxis()
    axes.set_xlabel(text["investment_axis"], color=_INK, fontsize=9)
    axes.xaxis.set_major_formatter(PercentFormatter(decimals=0))
    top = max([100.0, *heights, (timing or 0) * 100])
    axes.set_xlim(0, top * 1.12)
    axes.grid(axis="x", color=_GRID, linewidth=0.6)
    axes.set_axisbelow(True)
    _legend(figure, handles)
    return _png(figure)


def _trend_labels(view: BulletinView, locale: str) -> list[str]:
    """Month labels; the year shows under the first month and under each January."""
    labels = []
    for index, point in enumerate(view.trend):
        month = point.month
        name = f"{month.month}月" if locale == "zh-CN" else MONTHS_EN[month.month - 1][:3]
        labels.append(f"{name}\n{month.year}" if index == 0 or month.month == 1 else name)
    return labels


def _series(view: BulletinView, section: str, name: str) -> list[float]:
    """A rate over the months in %, NaN where it is None (the line shows a gap there)."""
    values = [point.figures.get(section, {}).get(name) for point in view.trend]
    return [math.nan if v is None else v * 100 for v in values]


def trend_chart(view: BulletinView, locale: str) -> bytes:
    """The city's on-time and investment rates against timing progress (lines, left axis) and
    its open red tasks (bars, right axis), month by month; one month draws as single points."""
    text = _TEXT[check_locale(locale)]
    figure, axes = _figure(4.2)
    axes.set_title(text["trend"].format(month=_month(view, locale)), color=_INK, fontsize=12)
    months = list(range(len(view.trend)))
    reds = [p.figures.get("tasks", {}).get("open_by_light", {}).get("red", 0) for p in view.trend]
    bars_axes = axes.twinx()
    bars_axes.bar(
        months, reds, width=0.5, color=LIGHT_COLOURS[Light.RED], alpha=0.22, label=text["red"]
    )
    bars_axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    bars_axes.set_ylim(0, max([*reds, 1]) * 1.25)
    bars_axes.tick_params(colors=_INK, labelsize=9)
    bars_axes.spines[["top"]].set_visible(False)
    # Lines over bars: the twin is drawn after its host unless the host is raised.
    axes.set_zorder(bars_axes.get_zorder() + 1)
    axes.patch.set_visible(False)
    lines = [
        ("tasks", "on_time_rate", text["on_time"], "#1565c0", "-"),
        ("projects", "completion_rate", text["completion"], LIGHT_COLOURS[Light.GREEN], "-"),
        ("projects", "timing_progress", text["timing_line"], _TIMING, "--"),
    ]
    tops: list[float] = [100.0]
    for section, name, label, colour, style in lines:
        values = _series(view, section, name)
        tops.extend(v for v in values if not math.isnan(v))
        axes.plot(months, values, style, color=colour, marker="o", markersize=5, label=label)
    axes.set_ylim(0, max(tops) * 1.12)
    axes.yaxis.set_major_formatter(PercentFormatter(decimals=0))
    axes.set_xticks(months, _trend_labels(view, locale))
    # At least three months' room, so one or two months draw as slim bars, centred.
    room = max(3 - len(months), 0) / 2 + 0.6
    axes.set_xlim(-room, len(months) - 1 + room)
    axes.grid(axis="y", color=_GRID, linewidth=0.6)
    handles = [*axes.get_legend_handles_labels()[0], *bars_axes.get_legend_handles_labels()[0]]
    _legend(figure, handles)
    return _png(figure)


# The three rates of issue 17, each with its own colour and hatch (it reads in grey print).
_RATES = (("honoured_rate", "#0072B2", ""), ("started_rate", "#009E73", "//"),
          ("funds_rate", "#E69F00", ".."))  # fmt: skip


def investment_rates_chart(view: BulletinView, locale: str) -> bytes:
    """Each chain's 履约率, 开工率 and 资金到位率 (projects signed this year) as grouped bars;
    a chain with nothing signed shows no bars and "—"."""
    text = _TEXT[check_locale(locale)]
    figure, axes = _figure(max(2.6, 0.62 * len(view.chains) + 1.6))
    axes.set_title(text["rates"].format(month=_month(view, locale)), color=_INK, fontsize=12)
    if not view.chains:
        _no_data(axes, locale)
        return _png(figure)
    height = 0.26
    for offset, (name, colour, hatch) in enumerate(_RATES):
        values = [(c.figures.get("investment") or {}).get(name) for c in view.chains]
        rows = [index + (offset - 1) * height for index in range(len(view.chains))]
        bars = axes.barh(
            rows,
            [0.0 if v is None else v * 100 for v in values],
            height=height,
            color=colour,
            hatch=hatch,
            edgecolor="white",
            label=text[name],
        )
        axes.bar_label(bars, [percent(v) for v in values], padding=3, color=_INK, fontsize=8)
    axes.set_yticks(list(range(len(view.chains))), _chain_names(view, locale))
    axes.invert_yaxis()
    axes.set_xlabel(text["rates_axis"], color=_INK, fontsize=9)
    axes.xaxis.set_major_formatter(PercentFormatter(decimals=0))
    axes.set_xlim(0, 118)
    axes.grid(axis="x", color=_GRID, linewidth=0.6)
    axes.set_axisbelow(True)
    _legend(figure, axes.get_legend_handles_labels()[0])
    return _png(figure)


def ladder_chart(view: BulletinView, locale: str) -> bytes:
    """The city's ladder in the month (``mechanism.supervision``): per rung, the median and
    90th percentile of working days to acknowledge (left) and the share of the items that
    reached it that it resolved (right). Months closed before issue 18 show no data."""
    text = _TEXT[check_locale(locale)]
    levels = ((view.city.figures.get("supervision") or {}).get("ladder") or {}).get("levels", {})
    figure = Figure(figsize=(WIDTH, max(2.6, 0.5 * len(levels) + 1.8)), dpi=DPI,
                    layout="constrained")  # fmt: skip
    FigureCanvasAgg(figure)
    figure.suptitle(text["ladder"].format(month=_month(view, locale)), color=_INK, fontsize=12)
    days, shares = figure.subplots(1, 2, sharey=True)
    if not levels:
        _no_data(days, locale)
        shares.set_axis_off()
        return _png(figure)
    names = [f"{text['level'].format(level=level)}" for level in levels]
    rows = list(range(len(levels)))
    for offset, (key, colour, hatch) in enumerate(
        (("median", "#0072B2", ""), ("p90", "#E69F00", "//"))
    ):
        values = [rung[f"{key}_working_days_to_acknowledge"] for rung in levels.values()]
        bars = days.barh([r + (offset - 0.5) * 0.36 for r in rows],
                         [v or 0.0 for v in values], height=0.36, color=colour, hatch=hatch,
                         edgecolor="white", label=text[key])  # fmt: skip
        days.bar_label(bars, ["—" if v is None else f"{v:g}" for v in values], padding=3,
                       color=_INK, fontsize=8)  # fmt: skip
    days.set_yticks(rows, names)
    days.invert_yaxis()
    days.set_xlabel(text["ladder_days"], color=_INK, fontsize=9)
    days.xaxis.set_major_locator(MaxNLocator(integer=True))
    share_values = [rung["resolved_share"] for rung in levels.values()]
    bars = shares.barh(rows, [0.0 if v is None else v * 100 for v in share_values], height=0.5,
                       color="#009E73", edgecolor="white")  # fmt: skip
    shares.bar_label(bars, [percent(v) for v in share_values], padding=3, color=_INK, fontsize=8)
    shares.set_xlabel(text["ladder_share"], color=_INK, fontsize=9)
    shares.xaxis.set_major_formatter(PercentFormatter(decimals=0))
    shares.set_xlim(0, 118)
    for axes in (days, shares):
        axes.spines[["top", "right"]].set_visible(False)
        axes.tick_params(colors=_INK, labelsize=9)
        axes.grid(axis="x", color=_GRID, linewidth=0.6)
        axes.set_axisbelow(True)
    _legend(figure, days.get_legend_handles_labels()[0])
    return _png(figure)


CHARTS: dict[str, Callable[[BulletinView, str], bytes]] = {
    "lights": lights_chart,
    "investment": investment_chart,
    "trend": trend_chart,
    "investment_rates": investment_rates_chart,
    "ladder": ladder_chart,
}
"""The charts by the name their files carry (``charts/<name>.<locale>.png``), in page order."""


def render_charts(
    view: BulletinView, locale: str, names: Sequence[str] = tuple(CHARTS)
) -> dict[str, bytes]:
    """The named charts of ``view`` in ``locale``, as PNG bytes by name."""
    return {name: CHARTS[name](view, locale) for name in names}
