"""The monthly bulletin (月通报) as one self-contained HTML page, in zh-CN or en.

One file that can be opened from disk, attached to a mail or put on an intranet as it is: the
charts are embedded as ``data:`` PNGs and the CSS is inline, and the page reads on a phone
(viewport meta, tables that scroll sideways). Templates live in ``templates/report/``: the
page's structure once in ``_bulletin.html``, the words of each language in
``<locale>/bulletin.html``. Numbers are formatted here (:mod:`notifications.reports.formats`)
so the page, the charts and the workbook agree; the templates only place strings, autoescaped,
with ``StrictUndefined`` so a missing fact fails loudly instead of printing a blank.
"""

import base64
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from notifications.render import LOCALES
from notifications.reports import columns, points
from notifications.reports.chain_map import render_map_svg
from notifications.reports.charts import CHARTS, render_charts
from notifications.reports.columns import Column
from notifications.reports.formats import (
    DASH,
    change,
    check_locale,
    closed_at_label,
    figure,
    month_label,
    percent,
)
from notifications.reports.practices_section import practices_section
from notifications.reports.supervision import supervision_section
from notifications.reports.view import BulletinView, ScopeLine

TEMPLATES = Path(__file__).parent.parent / "templates" / "report"


def _share(value: float) -> str:
    """A weight's share: "35%", or "33.3%" when it is not whole."""
    text = f"{value * 100:.1f}"
    return (text[:-2] if text.endswith(".0") else text) + "%"


def _tone(delta: float | None, column: Column) -> str:
    if not delta or not column.better:
        return ""
    return "good" if (delta > 0) == (column.better > 0) else "bad"


def _summary(view: BulletinView, locale: str) -> list[dict[str, Any]]:
    groups = [
        ("tasks", columns.TASKS),
        ("projects", columns.PROJECTS),
        ("requests", columns.REQUESTS),
        ("ladder", columns.LADDER),
        ("matchmaking", columns.MATCHMAKING),
        ("investment", columns.INVESTMENT),
    ]
    sections = []
    for key, group in groups:
        rows = []
        for column in group:
            delta = columns.city_change(view, column)
            rows.append(
                {
                    "label": column.label(locale),
                    "value": figure(column.value(view.city.figures), column.kind),
                    "change": change(delta, column.kind, locale),
                    "tone": _tone(delta, column),
                }
            )
        sections.append({"key": key, "rows": rows})
    return sections


def _table(
    view: BulletinView,
    lines: Sequence[ScopeLine],
    figures: Sequence[Column],
    locale: str,
    *,
    with_components: bool,
) -> dict[str, Any]:
    """A ranking table: headings grouped by section, one row of strings per line. In points
    mode the scored parts give way to each line's group and how its score was built."""
    pointed = points.rules_of(view) is not None
    components = columns.component_keys(view) if with_components and not pointed else []
    groups: list[dict[str, Any]] = []
    if components:
        labels = [columns.component_label(key, locale) for key in components]
        groups.append({"key": "components", "columns": labels})
    if pointed:
        groups.append({"key": "components", "columns": points.columns(locale)})
    for column in figures:
        section = column.path.split(".")[0]
        if not groups or groups[-1]["key"] != section:
            groups.append({"key": section, "columns": []})
        groups[-1]["columns"].append(column.label(locale))
    rows = [
        {
            "rank": DASH if line.rank is None else str(line.rank),
            "name": line.name(locale),
            "score": figure(line.score, "score"),
            "cells": [percent(line.components.get(key)) for key in components]
            + (points.cells(line.figures, locale) if pointed else [])
            + [figure(column.value(line.figures), column.kind) for column in figures],
        }
        for line in lines
    ]
    return {"groups": groups, "rows": rows}


_INVESTMENT_WORDS: dict[str, dict[str, Any]] = {
    "zh-CN": {
        "h_not_started": "招商引资：签约未开工项目",
        "h_maps": "产业链图谱",
        "columns": ("产业链", "项目编号", "项目名称", "区县", "首次签约", "已等待（月）", "提示"),
        "lights": {"yellow": "黄灯", "red": "红灯", "green": "绿灯"},
        "shown": "共{total}个，列出等待最久的{shown}个。",
        "none": "本月末无签约三个月以上未开工的项目。",
    },
    "en": {
        "h_not_started": "Investment: projects signed and not started",
        "h_maps": "Chain maps",
        "columns": ("Chain", "Code", "Project", "County", "First signed", "Months waiting",
                    "Light"),
        "lights": {"yellow": "Yellow", "red": "Red", "green": "Green"},
        "shown": "{total} in all; the {shown} waiting longest are listed.",
        "none": "No project signed three months or more ago is waiting to start.",
    },
}  # fmt: skip


def _investment(view: BulletinView, locale: str) -> dict[str, Any]:
    """The signed-not-started list and each chain's frozen map (months closed before issue 17
    have neither: the sections say so or are left out)."""
    words = _INVESTMENT_WORDS["zh-CN" if locale == "zh-CN" else "en"]
    figures = view.city.figures.get("investment") or {}
    names = {line.code: line.name(locale) for line in view.chains}
    waiting = [
        [names.get(p.get("chain") or "", p.get("chain") or DASH), p["code"], p["name"],
         p.get("county") or DASH, p["signed_on"], str(p["months"]),
         words["lights"].get(p["light"], p["light"])]
        for p in figures.get("not_started", [])
    ]  # fmt: skip
    total = int(figures.get("not_started_total", 0))
    maps = [
        {
            "name": line.name(locale),
            "wide": Markup(
                render_map_svg(line.figures["map"], locale, chain_name=line.name(locale))
            ),
            "narrow": Markup(
                render_map_svg(line.figures["map"], locale, chain_name=line.name(locale), columns=1)
            ),
        }
        for line in view.chains
        if line.figures.get("map")
    ]
    note = words["shown"].format(total=total, shown=len(waiting)) if total > len(waiting) else ""
    return {"words": words, "waiting": waiting, "note": note, "maps": maps,
            "frozen": "investment" in view.city.figures}  # fmt: skip


_GAP_WORDS: dict[str, dict[str, Any]] = {
    "zh-CN": {
        "heading": "对标差距",
        "columns": ("范围", "指标", "对标对象（年份）", "我方", "对方", "差距", "已转化"),
        "city": "全市",
        "task": "任务 #{id}",
        "target": "招商目标 #{id}",
        "none": "本月无对标差距（或尚未录入对标数据）。",
    },
    "en": {
        "heading": "Gaps to benchmark peers",
        "columns": ("Scope", "Indicator", "Peer (year)", "Ours", "Theirs", "Gap", "Work"),
        "city": "City",
        "task": "task #{id}",
        "target": "target #{id}",
        "none": "No gap to a peer this month (or no benchmarking figures yet).",
    },
}  # fmt: skip


def _benchmarks(view: BulletinView, locale: str) -> dict[str, Any]:
    """The frozen gap lists, the city's first, then each chain's (months closed before they
    were frozen have none: the section is left out)."""
    words = _GAP_WORDS["zh-CN" if locale == "zh-CN" else "en"]
    scopes = [(words["city"], view.city.figures)]
    scopes += [(line.name(locale), line.figures) for line in view.chains]

    def work(gap: dict[str, Any]) -> str:
        done = [
            words[k].format(id=gap[f"{k}_id"]) for k in ("task", "target") if gap.get(f"{k}_id")
        ]
        return "、".join(done) if done else DASH

    rows = [
        [scope, gap["name_zh"] if locale == "zh-CN" else gap["name_en"],
         f"{gap['peer']}（{gap['year']}）", f"{gap['ours']:g} {gap['unit']}",
         f"{gap['theirs']:g} {gap['unit']}", f"{gap['difference']:g}", work(gap)]
        for scope, figures in scopes
        for gap in figures.get("benchmarks", [])
    ]  # fmt: skip
    return {"words": words, "rows": rows, "frozen": "benchmarks" in view.city.figures}


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def context(
    view: BulletinView, locale: str, charts: Mapping[str, bytes] | None = None
) -> dict[str, Any]:
    """What the templates show, every number already a string."""
    charts = render_charts(view, locale) if charts is None else charts
    shares = columns.weight_shares(view)
    return {
        "office_name": view.office_name,
        "month": month_label(view.month, locale),
        "closed_at": closed_at_label(view.closed_at, locale),
        "timing_progress": percent(view.city.figures["projects"].get("timing_progress")),
        "summary": _summary(view, locale),
        "charts": [{"name": name, "src": _data_uri(charts[name])} for name in CHARTS],
        "chains": _table(view, view.chains, columns.CHAINS, locale, with_components=True),
        "departments": _table(
            view, view.departments, columns.DEPARTMENTS, locale, with_components=False
        ),
        "investment": _investment(view, locale),
        "gaps": _benchmarks(view, locale),
        "supervision": supervision_section(view, locale),
        "practices": practices_section(view, locale),
        "weights": [
            {"label": columns.component_label(key, locale), "share": _share(share)}
            for key, share in shares.items()
        ],
        "points": points.scoring(view, locale),  # None: the month was ranked by weights
    }


def _environment(locale: str) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([TEMPLATES / locale, TEMPLATES]),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates ship with the code; no stat() per render
    )


_ENVIRONMENTS = {locale: _environment(locale) for locale in LOCALES}


def render_html(view: BulletinView, locale: str, charts: Mapping[str, bytes] | None = None) -> str:
    """The bulletin page of ``view`` in ``locale``. ``charts`` (PNG bytes by name, as
    :func:`~notifications.reports.charts.render_charts` gives) saves drawing them twice when
    the caller also writes them as files; they are drawn here when not given."""
    template = _ENVIRONMENTS[check_locale(locale)].get_template("bulletin.html")
    return template.render(context(view, locale, charts))
