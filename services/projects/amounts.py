"""The bounds every amount of a key project keeps (万元), on every path that takes one: the
workbook's total and yearly planned investment, and the monthly report's investment (from
the page, the API and the CLI alike, since all three call ``report_month``).

At most 100,000,000 万元 — a trillion yuan, more than any single project a city tracks:
anything above is a slip of the keyboard (a figure typed in 元, a stray row of zeros), not a
plan. Never negative, never NaN or infinity (``float("nan")`` reads "nan" without a murmur,
and a NaN compares false with every bound).
"""

import math

from mechanism.wording import Said

MAX_AMOUNT = 1e8  # 万元


def amount_problem(value: float, field: tuple[str, str]) -> Said | None:
    """Why ``value`` cannot be the amount ``field`` (its English and Chinese names), or None."""
    name, name_zh = field
    if not math.isfinite(value):
        return Said(
            f"{name} must be a number of 万元, not {value!r}",
            f"{name_zh}须为有限的数字（万元），不能是 {value!r}",
        )
    if value < 0:
        return Said(
            f"{name} must not be negative, not {value:g} 万元",
            f"{name_zh}不能为负数（填写的是 {value:g} 万元）",
        )
    if value > MAX_AMOUNT:
        return Said(
            f"{name} must be at most {MAX_AMOUNT:,.0f} 万元, not {value:,.0f} 万元",
            f"{name_zh}最多为 {MAX_AMOUNT:,.0f} 万元，不能是 {value:,.0f} 万元",
        )
    return None
