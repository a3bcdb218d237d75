"""The enterprise pages' forms, as ``web.forms`` models: a new title, a title's move and its
dates, a candidate entered in or exited from the cultivation library, a chain's 链主 / 领航型
proposal and the leader's refusal. The words here say only what is wrong with the value as
typed; whether it is allowed (a move, a date after another) is services.enterprises' to say.
"""

from datetime import date
from typing import Annotated

from pydantic import BeforeValidator

from mechanism.wording import Said
from web.forms import Day, OptionalText, PageForm, Text, WholeNumber, Worded


def _not_a_date(text: str) -> Said:
    return Said(f"{text!r} is not a date like 2026-10-20", f"{text!r} 不是日期（如 2026-10-20）")


def _not_months(text: str) -> Said:
    return Said(f"{text!r} is not a whole number of months", f"{text!r} 不是整月数")


def _checked(value: object) -> bool:
    return isinstance(value, str) and value.strip().lower() in ("on", "true", "1", "yes")


OptionalDay = Annotated[date | None, Day, Worded(_not_a_date)]


class DatesForm(PageForm):
    """A title's dates and document, as the recognising document gives them."""

    recognized_on: OptionalDay = None
    valid_until: OptionalDay = None
    review_due: OptionalDay = None
    data_update_due: OptionalDay = None
    batch: OptionalText = None
    doc_no: OptionalText = None


class TitleForm(DatesForm):
    kind: Text = ""
    chain: OptionalText = None
    candidate: Annotated[bool, BeforeValidator(_checked)] = False


class MoveForm(PageForm):
    to: Text = ""
    reason: OptionalText = None
    recognized_on: OptionalDay = None
    doc_no: OptionalText = None


class CandidateForm(PageForm):
    target_kind: Text = ""
    entered_on: OptionalDay = None
    cycle_months: Annotated[int | None, WholeNumber, Worded(_not_months)] = None


class ExitForm(PageForm):
    reason: Text = ""
    left_on: OptionalDay = None
    note: OptionalText = None


class ProposeForm(PageForm):
    credit_code: Text = ""
    kind: Text = ""


class RefuseForm(PageForm):
    reason: Text = ""
