"""How the bulletin writes numbers, months and times, the same on the page, in the charts and
in the workbook.

Rates are fractions (0.875) and print as a percentage with one decimal ("87.5%"); a gap
between two rates (``against_timing``, a rate's month-on-month change) prints in percentage
points, since "+2.5%" of a rate is ambiguous. Investment is in 万元 with thousands separators.
None — nothing to divide, no previous month, nothing scored — always prints as "—".
"""

from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from notifications.render import LOCALES

Kind = Literal["count", "rate", "money", "points", "days", "hours", "score"]
"""What a figure is, which decides how it prints: see :func:`figure` and :func:`change`."""

DASH = "—"
CITY_TIME = ZoneInfo("Asia/Shanghai")
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

_POINTS_UNIT = {"zh-CN": "个百分点", "en": " pp"}
_UNCHANGED = {"zh-CN": "持平", "en": "unchanged"}


def _trim(text: str) -> str:
    """Drop a fraction that is all zeros: "1,910,000.00" → "1,910,000", "3.50" → "3.5"."""
    return text.rstrip("0").rstrip(".") if "." in text else text


def percent(value: float | None) -> str:
    return DASH if value is None else f"{value * 100:.1f}%"


def money(value: float | None) -> str:
    """Also what a count prints as: a whole number stays whole, "1,234"."""
    return DASH if value is None else _trim(f"{value:,.2f}")


def figure(value: float | None, kind: Kind) -> str:
    """``value`` as the tables show it (the column heading carries any unit)."""
    if value is None:
        return DASH
    if kind == "rate":
        return percent(value)
    if kind in ("money", "count"):
        return money(value)
    if kind == "points":
        return f"{value * 100:+.1f}"
    if kind == "score":
        return f"{value:.1f}"
    if kind in ("days", "hours"):
        return _trim(f"{value:,.1f}")
    raise ValueError(f"unknown kind of figure {kind!r}")


def change(delta: float | None, kind: Kind, locale: str) -> str:
    """A month-on-month change (环比): an arrow and the size, "—" without a previous month."""
    if delta is None:
        return DASH
    if delta == 0:
        return _UNCHANGED[locale]
    arrow = "↑" if delta > 0 else "↓"
    size = abs(delta)
    if kind in ("rate", "points"):
        return f"{arrow}{size * 100:.1f}{_POINTS_UNIT[locale]}"
    return f"{arrow}{figure(size, kind)}"


def check_locale(locale: str) -> str:
    if locale not in LOCALES:
        raise ValueError(f"unknown locale {locale!r}; known locales: {', '.join(LOCALES)}")
    return locale


def month_label(month: date, locale: str, *, short: bool = False) -> str:
    """ "2026年10月" / "October 2026" ("Oct 2026" when ``short``)."""
    if locale == "zh-CN":
        return f"{month.year}年{month.month}月"
    name = MONTHS_EN[month.month - 1]
    return f"{name[:3] if short else name} {month.year}"


def closed_at_label(moment: datetime, locale: str) -> str:
    """When the month was closed, on the city's clock (it is stored in UTC)."""
    local = moment.astimezone(CITY_TIME)
    if locale == "zh-CN":
        return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}（北京时间）"
    return (
        f"{local.day} {MONTHS_EN[local.month - 1][:3]} {local.year}, {local:%H:%M} (Beijing time)"
    )
