"""The forms of the 一企一策 pages, as ``web.forms`` models: a new plan, its targets, a support
measure, the year-end actuals and the office's confirmation of the outcome.

The words here say only what is wrong with the value as typed (``'lots' is not a number``);
whether a value read is allowed (not negative, at most 100 %) is the plan service's to say.
"""

from typing import Annotated

from pydantic import Field

from mechanism.cultivation import Figures
from mechanism.wording import Said
from web.forms import Given, OptionalText, PageForm, Text, WholeNumber, Worded


def _not_a_number(text: str) -> Said:
    return Said(f"{text!r} is not a number", f"{text!r} 不是数字")


def _not_a_count(text: str) -> Said:
    return Said(f"{text!r} is not a whole number", f"{text!r} 不是整数")


def _not_a_year(text: str) -> Said:
    return Said(f"year: {text!r} is not a year like 2026", f"年度：{text!r} 不是 2026 这样的年份")


Number = Annotated[float | None, Field(allow_inf_nan=False), Given, Worded(_not_a_number)]
Count = Annotated[int | None, WholeNumber, Worded(_not_a_count)]


class FiguresForm(PageForm):
    """The five figures of a plan (targets or actuals); blank is not set."""

    revenue: Number = None
    rd_intensity: Number = None
    local_suppliers: Count = None
    zjtx_suppliers: Count = None
    projects: Count = None

    def figures(self) -> Figures:
        return Figures(
            self.revenue,
            self.rd_intensity,
            self.local_suppliers,
            self.zjtx_suppliers,
            self.projects,
        )


class TargetsForm(FiguresForm):
    department: OptionalText = None


class NewPlanForm(TargetsForm):
    credit_code: Text = ""
    year: Annotated[int, WholeNumber, Worded(_not_a_year)]
    target_kind: Text = ""


class MeasureForm(PageForm):
    text: Text = ""
    factor_request: OptionalText = None
    project: OptionalText = None


class OutcomeForm(PageForm):
    outcome: OptionalText = None
    note: OptionalText = None
