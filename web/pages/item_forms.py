"""The forms of the key-project and factor-request pages, as ``web.forms`` models: a project's
monthly report and the factor request its problem may raise, a new factor request, and the
inputs of each move on one.

These pages lead a refusal with the field's name (``items.field_message``), so the words
here say only what is wrong with the value as it was typed: ``'lots' is not a number``,
``2027-02-30 does not exist``. Whether a value read is allowed (more than zero, not in the
past, within the ledger's year) is the services' to say.
"""

import math
import re
from calendar import monthrange
from datetime import date
from typing import Annotated, Self

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from mechanism.project_lights import month_of
from mechanism.vocabulary import MilestoneKind
from mechanism.wording import Said
from web.forms import (
    Day,
    FormRefused,
    OptionalText,
    PageForm,
    Text,
    Trimmed,
    WholeNumber,
    Worded,
)


def _not_a_number(text: str) -> Said:
    return Said(f"{text!r} is not a number", f"{text!r} 不是数字")


def _why_not_a_number(text: str) -> Said:
    """Not a number at all, or one too large for any ledger (1e309 reads as infinity)."""
    try:
        value = float(text)
    except ValueError:
        return _not_a_number(text)
    if math.isinf(value):
        return Said(
            f"{text!r} is too large; write a finite number",
            f"{text!r} 超出数值范围，请填写有限的数字",
        )
    return _not_a_number(text)  # nan


def _why_not_a_date(text: str) -> Said:
    return _no_such_date(text) or Said(
        f"{text!r} is not a date (YYYY-MM-DD)", f"{text!r} 不是日期（格式为 YYYY-MM-DD）"
    )


def _no_such_date(text: str) -> Said | None:
    """A date written right that the calendar does not have (2027-02-30, 2026-13-01)."""
    found = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if not found:
        return None
    year, month, day = (int(part) for part in found.groups())
    if not 1 <= month <= 12:
        return Said(
            f"{text} does not exist: there is no month {month}",
            f"日期 {text} 不存在：没有 {month} 月",
        )
    days = monthrange(year, month)[1]
    if not 1 <= day <= days:
        return Said(
            f"{text} does not exist: {year}-{month:02d} has {days} days",
            f"日期 {text} 不存在：{year}年{month}月只有 {days} 天",
        )
    return None


def _why_not_a_month(text: str) -> Said:
    return Said(
        f"month: {text!r} is not a month like 2026-10",
        f"{text!r} 不是月份，应写作 2026-10 这样的格式",
    )


def _first_day(value: object) -> object:
    """A month as the form's month input sends it (2026-10) is read as its first day."""
    if isinstance(value, str):
        text = value.strip()
        return f"{text}-01" if len(text) == 7 else text
    return value


def _why_not_a_grade(text: str) -> Said:
    return Said(
        f"satisfaction: {text!r} is not a whole number from 1 to 5",
        f"{text!r} 不是 1 至 5 的整数",
    )


Amount = Annotated[float, Field(allow_inf_nan=False), Trimmed, Worded(_why_not_a_number)]
Date = Annotated[date, Day, Worded(_why_not_a_date)]
OptionalDate = Annotated[date | None, Day, Worded(_why_not_a_date)]
Month = Annotated[
    date, Day, BeforeValidator(_first_day), AfterValidator(month_of), Worded(_why_not_a_month)
]


class ReportForm(PageForm):
    """A project's monthly report: the month, what was invested in it, the milestones reached
    (their actual dates; blank is not reached) and the problems met. A factor type chosen
    raises the problem as a factor request (``RaisedRequest``), so it needs the problem."""

    month: Month
    month_investment: Amount
    milestone_approvals: OptionalDate = None
    milestone_construction_start: OptionalDate = None
    milestone_statistics_entry: OptionalDate = None
    milestone_completion: OptionalDate = None
    milestone_production: OptionalDate = None
    problems: OptionalText = None
    factor_type: OptionalText = None
    # The month the page's confirm step showed the existing report of (2026-10): the report
    # replaces that month's only if it is still the month sent.
    replace: OptionalText = None

    @model_validator(mode="after")
    def _problem_to_raise(self) -> Self:
        if self.factor_type and self.problems is None:
            raise FormRefused(
                "problems",
                Said(
                    "problems: describe the problem the request is about", "请说明诉求所针对的问题"
                ),
            )
        return self

    @property
    def replaces(self) -> bool:
        """Whether the reporter confirmed replacing the existing report on this month."""
        return self.replace == self.month.strftime("%Y-%m")

    def reached(self) -> dict[MilestoneKind, date]:
        """The milestones reached, each on its own field ``milestone_<kind>``."""
        dates = {kind: getattr(self, f"milestone_{kind.value}") for kind in MilestoneKind}
        return {kind: day for kind, day in dates.items() if day is not None}


class RaisedRequest(PageForm):
    """The factor request a report's problem is raised as: read only when a factor type is
    chosen, since until then these fields are not part of the report."""

    factor_type: Text = ""
    quantity: Amount
    unit: Text = ""
    needed_by: Date


class RequestForm(PageForm):
    """A new factor request. Its key project, if any, is one of those the page offered
    (``projects`` in the context): the form's own choices, not a lookup."""

    project: OptionalText = None
    chain: Text = ""
    credit_code: Text = ""
    factor_type: Text = ""
    quantity: Amount
    unit: Text = ""
    needed_by: Date
    description: Text = ""

    @field_validator("project")
    @classmethod
    def _offered(cls, code: str | None, info: ValidationInfo) -> str | None:
        if code is not None and code not in (info.context or {}).get("projects", ()):
            raise FormRefused(
                "project", Said(f"project: no key project {code!r}", f"没有重点项目 {code!r}")
            )
        return code


class ReplyInputs(PageForm):
    """Starting on a request (the plan) or resolving it (the answer)."""

    reply: Text = ""


class ReasonInputs(PageForm):
    """Rejecting a request: why."""

    reason: Text = ""


class SatisfactionInputs(PageForm):
    """Confirming a resolved request: how satisfied (1–5; blank says nothing)."""

    satisfaction: Annotated[int | None, WholeNumber, Worded(_why_not_a_grade)] = None


class ReopenInputs(ReasonInputs, SatisfactionInputs):
    """Reopening a resolved request: why it is not resolved, and how satisfied."""
