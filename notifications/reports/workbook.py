"""The monthly bulletin's tables as an .xlsx workbook (openpyxl), in zh-CN or en.

The workbook is for offices that re-sort, filter and quote the figures, so cells hold numbers,
not the page's strings: a rate is the fraction with a percent format, investment a number in
万元, None an empty cell. Columns and labels are the page's (:mod:`notifications.reports.columns`).

Names come from users (a chain called ``=HYPERLINK(…)``): every text cell is written as a
string with Excel's quote prefix, so it is never taken for a formula, now or after an edit.
"""

import io
import unicodedata
from collections.abc import Sequence
from datetime import UTC
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from notifications.reports import columns, points
from notifications.reports.columns import Column
from notifications.reports.formats import Kind, check_locale, month_label
from notifications.reports.investment_sheet import SHEET, investment_sheet
from notifications.reports.view import BulletinView, ScopeLine
from notifications.sheets import text_cell

_FORMATS: dict[Kind, str] = {
    "count": "#,##0",
    "rate": "0.0%",
    "money": "#,##0.00",
    "points": "+0.0;-0.0;0.0",  # stored ×100: percentage points, as the heading says
    "days": "0.0",
    "hours": "0.0",
    "score": "0.0",
}
_CHANGE_FORMATS: dict[Kind, str] = {
    "count": "+#,##0;-#,##0;0",
    "rate": "+0.0%;-0.0%;0.0%",
    "money": "+#,##0.00;-#,##0.00;0",
    "points": "+0.0;-0.0;0.0",
    "days": "+0.0;-0.0;0.0",
    "hours": "+0.0;-0.0;0.0",
    "score": "+0.0;-0.0;0.0",
}
_WORDS: dict[str, dict[str, Any]] = {
    "zh-CN": {
        "sheets": ("汇总", "产业链排名", "责任单位排名", "趋势", "评分方法"),
        "section": "类别",
        "figure": "指标",
        "change": "较上月",
        "rank": "排名",
        "name": "名称",
        "score": "得分",
        "month": "月份",
        "component": "评分分项",
        "weight": "权重",
        "share": "权重占比",
        "formula": "得分 = 100 × Σ（权重 × 分项） ÷ Σ（有数值的分项的权重）；"
        "分项无数据时不参与计算，其余分项按权重占比折算。",
        "sections": {
            "tasks": "督办事项",
            "projects": "重点项目",
            "requests": "要素保障诉求",
            "ladder": "督办阶梯",
            "matchmaking": "融通对接",
            "investment": "招商引资",
        },
    },
    "en": {
        "sheets": ("Summary", "Chains", "Departments", "Trend", "Scoring"),
        "section": "Section",
        "figure": "Figure",
        "change": "vs last month",
        "rank": "Rank",
        "name": "Name",
        "score": "Score",
        "month": "Month",
        "component": "Component",
        "weight": "Weight",
        "share": "Share of weights",
        "formula": "score = 100 × Σ(weight × component) ÷ Σ(weight over the components that "
        "have a value); a component without a value is left out and the others "
        "count in proportion to their weights.",
        "sections": {
            "tasks": "Tasks",
            "projects": "Key projects",
            "requests": "Factor-supply requests",
            "ladder": "Escalation ladder",
            "matchmaking": "Matchmaking",
            "investment": "Investment attraction",
        },
    },
}
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="F2F4F7")


_text = text_cell  # a string cell that Excel shows as text even when it looks like a formula


def _number(
    sheet: Worksheet,
    row: int,
    column: int,
    value: float | None,
    kind: Kind,
    *,
    change: bool = False,
) -> None:
    if value is None:
        return  # an empty cell: nothing to divide, or no previous month
    # Points are stored ×100 (rounded: 0.8329 × 100 is 83.28999… in binary).
    cell = sheet.cell(row, column, round(value * 100, 4) if kind == "points" else value)
    cell.number_format = (_CHANGE_FORMATS if change else _FORMATS)[kind]


def _header(sheet: Worksheet, labels: Sequence[str], *, frozen_columns: int = 0) -> None:
    for index, label in enumerate(labels, start=1):
        cell = _text(sheet, 1, index, label)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    sheet.freeze_panes = sheet.cell(2, frozen_columns + 1)


def _width(value: Any) -> int:
    """How many Latin characters wide ``value`` shows: a Chinese character counts two."""
    if isinstance(value, int | float):
        return 12
    text = str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit_columns(sheet: Worksheet) -> None:
    for index, cells in enumerate(sheet.iter_cols(), start=1):
        widest = max((_width(c.value) for c in cells if c.value is not None), default=8)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(widest + 2, 8), 48)


def _summary(sheet: Worksheet, view: BulletinView, locale: str) -> None:
    words = _WORDS[locale]
    _header(
        sheet, [words["section"], words["figure"], month_label(view.month, locale), words["change"]]
    )
    for row, column in enumerate(columns.SUMMARY, start=2):
        _text(sheet, row, 1, words["sections"][column.path.split(".")[0]])
        _text(sheet, row, 2, column.label(locale))
        _number(sheet, row, 3, column.value(view.city.figures), column.kind)
        _number(sheet, row, 4, columns.city_change(view, column), column.kind, change=True)


def _ranking(
    sheet: Worksheet,
    view: BulletinView,
    lines: Sequence[ScopeLine],
    figures: Sequence[Column],
    locale: str,
    *,
    components: Sequence[str],
) -> None:
    words = _WORDS[locale]
    pointed = points.rules_of(view) is not None  # points mode: group and build, not parts
    components = () if pointed else components
    labels = [words["rank"], words["name"], words["score"]]
    labels += [columns.component_label(key, locale) for key in components]
    labels += points.columns(locale) if pointed else []
    _header(sheet, labels + [c.label(locale) for c in figures], frozen_columns=2)
    for row, line in enumerate(lines, start=2):
        if line.rank is not None:
            sheet.cell(row, 1, line.rank)
        _text(sheet, row, 2, line.name(locale))
        _number(sheet, row, 3, line.score, "score")
        at = 4
        for key in components:
            _number(sheet, row, at, line.components.get(key), "rate")
            at += 1
        for text in points.cells(line.figures, locale) if pointed else []:
            _text(sheet, row, at, text)
            at += 1
        for column in figures:
            _number(sheet, row, at, column.value(line.figures), column.kind)
            at += 1


def _trend(sheet: Worksheet, view: BulletinView, locale: str) -> None:
    _header(
        sheet,
        [_WORDS[locale]["month"], *(c.label(locale) for c in columns.SUMMARY)],
        frozen_columns=1,
    )
    for row, point in enumerate(view.trend, start=2):
        sheet.cell(row, 1, point.month.replace(day=1)).number_format = "yyyy-mm"
        for at, column in enumerate(columns.SUMMARY, start=2):
            _number(sheet, row, at, column.value(point.figures), column.kind)


def _scoring(sheet: Worksheet, view: BulletinView, locale: str) -> None:
    words = _WORDS[locale]
    rules = points.rules_of(view)
    if rules is not None:  # points mode: the table the month was ranked by
        shown = points.scoring(view, locale) or {}
        for row, text in enumerate([*shown["rules"], "", shown["formula"], shown["note"]], 1):
            if text:
                _text(sheet, row, 1, text)
        return
    _header(sheet, [words["component"], words["weight"], words["share"]])
    shares = columns.weight_shares(view)
    for row, key in enumerate(shares, start=2):
        _text(sheet, row, 1, columns.component_label(key, locale))
        weight = view.weights.get(key)
        if weight is not None:
            sheet.cell(row, 2, weight)
        _number(sheet, row, 3, shares[key], "rate")
    _text(sheet, len(shares) + 3, 1, words["formula"])


def bulletin_workbook(view: BulletinView, locale: str) -> bytes:
    """The bulletin's tables as .xlsx bytes: summary, chains, departments, trend, scoring."""
    words = _WORDS[check_locale(locale)]
    workbook = Workbook()
    summary = workbook.active
    summary.title = words["sheets"][0]
    chains, departments, trend, scoring = (workbook.create_sheet(n) for n in words["sheets"][1:])
    _summary(summary, view, locale)
    _ranking(
        chains, view, view.chains, columns.CHAINS, locale, components=columns.component_keys(view)
    )
    _ranking(departments, view, view.departments, columns.DEPARTMENTS, locale, components=())
    _trend(trend, view, locale)
    _scoring(scoring, view, locale)
    investment = workbook.create_sheet(SHEET[locale])  # issue 17
    investment_sheet(investment, view, locale, text=_text, number=_number, header=_header)
    for sheet in (summary, chains, departments, trend, investment):
        _fit_columns(sheet)
    scoring.column_dimensions["A"].width = 36  # the formula row would make A as wide as a page
    scoring.column_dimensions["B"].width = scoring.column_dimensions["C"].width = 14
    # "Created" says when the figures were frozen, in UTC without a zone as openpyxl wants it
    # (it stamps "modified" itself when saving).
    workbook.properties.created = view.closed_at.astimezone(UTC).replace(tzinfo=None)
    workbook.properties.title = month_label(view.month, locale)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
