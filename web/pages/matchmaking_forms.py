"""The matchmaking pages' forms, as ``web.forms`` models: a new event, an invitation, an
event's move and a match's move. The pages lead a refusal with the field's name; the words
here say what is wrong with the value as typed. Whether it is allowed is the services' to say.
"""

import math
from datetime import date
from typing import Annotated

from pydantic import BeforeValidator

from mechanism.wording import Said
from web.forms import Day, Given, OptionalText, PageForm, Text, Worded


def _not_a_date(text: str) -> Said:
    return Said(f"{text!r} is not a date like 2026-10-20", f"{text!r} 不是日期（如 2026-10-20）")


def _not_an_amount(text: str) -> Said:
    return Said(f"{text!r} is not an amount in 万元", f"{text!r} 不是金额（万元）")


def _checked(value: object) -> bool:
    return isinstance(value, str) and value.strip().lower() in ("on", "true", "1", "yes")


def _amount(value: object) -> object:
    """A number as typed; blank is not given. Infinity and NaN are not amounts."""
    if isinstance(value, str):
        if not value.strip():
            return None
        number = float(value.strip())
        if not math.isfinite(number):
            raise ValueError(value)
        return number
    return value


class EventForm(PageForm):
    title: Text = ""
    kind: Text = ""
    host_department: Text = ""
    held_on: Annotated[date, Day, Worded(_not_a_date)]
    place: OptionalText = None
    online: Annotated[bool, BeforeValidator(_checked)] = False
    platform_partner: OptionalText = None


class InviteForm(PageForm):
    credit_code: Text = ""
    role: Text = ""


class EventMoveForm(PageForm):
    to: Text = ""


class MatchMoveForm(PageForm):
    to: Text = ""
    amount: Annotated[float | None, BeforeValidator(_amount), Worded(_not_an_amount)] = None
    reason: Annotated[str | None, Given] = None
