"""The ranges some columns keep beyond what the database can hold: plan and project years,
key-project amounts, factor-request quantities. Each is a ``Bound``: the reason a converted
value is out of range, in English and Chinese, or None."""

import math

from mechanism.wording import Said
from services.projects import amount_problem
from services.requests import MAX_QUANTITY
from services.workbook.columns import Bound

FIRST_YEAR, LAST_YEAR = 2000, 2100


def plan_year(year: int) -> Said | None:
    if FIRST_YEAR <= year <= LAST_YEAR:
        return None
    return Said(f"{year} is not a plan year", f"{year} 不是有效的计划年度")


def project_year(year: int) -> Said | None:
    if FIRST_YEAR <= year <= LAST_YEAR:
        return None
    return Said(
        f"{year} is not a project year (from {FIRST_YEAR} to {LAST_YEAR})",
        f"{year} 不是有效的项目年度（应在 {FIRST_YEAR} 至 {LAST_YEAR} 之间）",
    )


def amount(name: str, name_zh: str) -> Bound:
    """A key project's amount in 万元: the bound every path keeps (services.projects)."""

    def bound(value: float) -> Said | None:
        return amount_problem(value, (name, name_zh))

    return bound


def quantity(value: float) -> Said | None:
    """A factor request's quantity: finite, more than zero, at most what any path takes."""
    if not math.isfinite(value):
        return Said(
            f"the quantity must be a finite number, not {value!r}",
            f"数量须为有限的数字，不能是 {value!r}",
        )
    if value <= 0:
        return Said("the quantity must be more than zero", "数量须大于零")
    if value > MAX_QUANTITY:
        return Said(
            f"the quantity must be at most {MAX_QUANTITY:,.0f}, not {value:g}",
            f"数量最多为 {MAX_QUANTITY:,.0f}，不能是 {value:g}",
        )
    return None
