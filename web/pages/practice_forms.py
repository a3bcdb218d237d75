"""The practice pages' forms: a record (held on, participants, places, summary, problems one
a line) and the two one-step forms beside each problem — a task (department, owner, due date
or working days) and a factor request (enterprise, factor type, quantity, unit, needed by).
The words here say only what is wrong with the value as typed; what is allowed is
``services.practices``' to say."""

from datetime import date
from typing import Annotated

from mechanism.wording import Said
from web.forms import Day, OptionalText, PageForm, Text, WholeNumber, Worded, always
from web.pages.item_forms import Amount, Date


def _not_a_date(text: str) -> Said:
    return Said(f"{text!r} is not a date like 2026-11-20", f"{text!r} 不是日期（如 2026-11-20）")


OptionalDay = Annotated[date | None, Day, Worded(_not_a_date)]


class RecordForm(PageForm):
    held_on: OptionalDay = None
    participants: OptionalText = None
    places: OptionalText = None
    summary: OptionalText = None
    problems: OptionalText = None

    @property
    def problem_lines(self) -> list[str]:
        return (self.problems or "").splitlines()


class ProblemTaskForm(PageForm):
    lead_department: Text = ""
    owner_email: Text = ""
    due: OptionalDay = None
    working_days: Annotated[
        int | None,
        WholeNumber,
        always(Said("working days: a whole number of days", "工作日数：请填写整数天数")),
    ] = None
    co_departments: OptionalText = None

    @property
    def co_codes(self) -> tuple[str, ...]:
        return tuple((self.co_departments or "").replace("，", ",").replace(",", " ").split())


class ProblemRequestForm(PageForm):
    credit_code: Text = ""
    factor_type: Text = ""
    quantity: Amount
    unit: Text = ""
    needed_by: Date
