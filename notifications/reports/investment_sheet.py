"""The rollup workbook's investment sheet (招商引资, issue 17): the city, each chain and each
county with the investment figures of the month, then the projects signed and not started.

Apart from ``workbook`` so that module keeps to its five sheets' layout; it uses the same
column list (``columns.INVESTMENT``) so the page and the workbook name each figure alike.
"""

from collections.abc import Callable
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from notifications.reports import columns
from notifications.reports.formats import Kind
from notifications.reports.view import BulletinView

SHEET = {"zh-CN": "招商引资", "en": "Investment"}
_WORDS: dict[str, dict[str, Any]] = {
    "zh-CN": {"scope": "范围", "name": "名称", "city": "全市", "chain": "产业链", "county": "区县",
              "waiting": ("签约未开工项目", "产业链", "项目编号", "项目名称", "区县", "首次签约",
                          "已等待（月）", "提示")},
    "en": {"scope": "Scope", "name": "Name", "city": "City", "chain": "Chain", "county": "County",
           "waiting": ("Signed, not started", "Chain", "Code", "Project", "County", "First signed",
                       "Months waiting", "Light")},
}  # fmt: skip
Writer = Callable[..., Any]


def investment_sheet(
    sheet: Worksheet, view: BulletinView, locale: str, *, text: Writer, number: Writer,
    header: Writer,
) -> None:  # fmt: skip
    """Fill ``sheet``; a month closed before issue 17 gets its header and no rows."""
    words = _WORDS["zh-CN" if locale == "zh-CN" else "en"]
    header(sheet, [words["scope"], words["name"], *(c.label(locale) for c in columns.INVESTMENT)],
           frozen_columns=2)  # fmt: skip
    city = view.city.figures.get("investment")
    if city is None:
        return
    rows: list[tuple[str, str, dict[str, Any]]] = [(words["city"], words["city"], city)]
    rows += [(words["chain"], line.name(locale), line.figures.get("investment") or {})
             for line in view.chains]  # fmt: skip
    rows += [(words["county"], name, found) for name, found in city.get("counties", {}).items()]
    for at, (scope, name, found) in enumerate(rows, start=2):
        text(sheet, at, 1, scope)
        text(sheet, at, 2, name)
        for index, column in enumerate(columns.INVESTMENT, start=3):
            kind: Kind = column.kind
            number(sheet, at, index, column.value({"investment": found}), kind)
    at = len(rows) + 3
    text(sheet, at, 1, words["waiting"][0])
    for index, label in enumerate(words["waiting"][1:], start=1):
        text(sheet, at + 1, index, label)
    names = {line.code: line.name(locale) for line in view.chains}
    for offset, project in enumerate(city.get("not_started", []), start=at + 2):
        cells = (names.get(project.get("chain") or "", project.get("chain") or ""),
                 project["code"], project["name"], project.get("county") or "",
                 project["signed_on"], project["months"], project["light"])  # fmt: skip
        for index, value in enumerate(cells, start=1):
            if isinstance(value, int):
                sheet.cell(offset, index, value)
            else:
                text(sheet, offset, index, str(value))
