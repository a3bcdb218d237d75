"""The rollup page's investment part (issue 17): the city's and each chain's investment figures
of the month as frozen, and — for ``?chain=CODE``, the chain's own bulletin as a chain leader's
mail links it — that chain's map as it stood at the close. Labels are the bulletin's
(``notifications.reports.columns.INVESTMENT``), so page, bulletin and workbook say the same."""

from typing import Any

from markupsafe import Markup

from notifications.reports import columns
from notifications.reports.chain_map import render_map_svg
from notifications.reports.formats import figure
from notifications.reports.view import BulletinView, ScopeLine


def investment_part(view: BulletinView, highlight: ScopeLine | None, locale: str) -> dict[str, Any]:
    """``inv_heads``, ``inv_rows`` (name, cells) and ``inv_map`` for ``rollup_investment.html``;
    no rows for a month closed before the investment figures existed."""
    if "investment" not in view.city.figures:
        return {"inv_heads": [], "inv_rows": [], "inv_map": None}
    city = "全市" if locale == "zh-CN" else "City"
    lines = [(city, view.city), *((line.name(locale), line) for line in view.chains)]
    rows = [
        (name, [figure(c.value(line.figures), c.kind) for c in columns.INVESTMENT])
        for name, line in lines
    ]
    drawn = None
    if highlight is not None and highlight.figures.get("map"):
        name = highlight.name(locale)
        drawn = {
            "wide": Markup(render_map_svg(highlight.figures["map"], locale, chain_name=name)),
            "narrow": Markup(
                render_map_svg(highlight.figures["map"], locale, chain_name=name, columns=1)
            ),
        }
    return {
        "inv_heads": [c.label(locale) for c in columns.INVESTMENT],
        "inv_rows": rows,
        "inv_map": drawn,
    }
