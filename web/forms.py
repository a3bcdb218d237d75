"""Page forms as pydantic models, and how a page words the field pydantic refuses.

A page's POST is checked for its CSRF token first (``web.deps.CheckedForm``), then read into
its form's model inside the route with ``read_form`` — not by FastAPI before the route runs,
because a page decides who is answered what before it looks at the fields: a task no one may
see is 404 and a move that is never the viewer's is 403 whatever was typed; only then does a
bad field re-render the form (400) with the field named.

Pydantic's own messages are English and about types; a page says instead what its field
holds and why the value sent is not that, in both languages (``Said``), so the page shows the
one it speaks. Each field that can be refused carries its wording (``Worded``) beside its
type; a rule between fields raises ``FormRefused`` from a validator.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError
from pydantic_core import ErrorDetails

from mechanism.wording import Said


class FormRefused(ValueError):
    """A form value the page cannot take: ``field`` is the form's field (None when the refusal
    is about the form as a whole), the message a ``Said`` in both languages."""

    def __init__(self, field: str | None, message: Said) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Worded:
    """How a page says why its field cannot take a value: from the text as sent (trimmed; ''
    when the field was left out) to the refusal. Put it in the field's ``Annotated``."""

    say: Callable[[str], Said]


def always(message: Said) -> Worded:
    """A field refused in the same words whatever was sent."""
    return Worded(lambda _text: message)


class PageForm(BaseModel):
    """A form posted from a page. Keys it does not name (the CSRF token, the buttons) are
    ignored; a form with no fields is read as ``PageForm`` itself."""

    model_config = ConfigDict(extra="ignore", frozen=True)


def _trimmed(value: object) -> str:
    """Text as typed, without the spaces around it; anything but text (a stray file) is blank."""
    return value.strip() if isinstance(value, str) else ""


def _given(value: object) -> object:
    """A blank field is one not filled in."""
    if isinstance(value, str):
        return value.strip() or None
    return value


def _whole(value: object) -> object:
    """A whole number as ``int()`` reads it (blank: not given), so "5.0" stays refused."""
    if isinstance(value, str):
        return int(value) if value.strip() else None
    return value


def _day(value: object) -> object:
    """A date as ``date.fromisoformat`` reads it (blank: not given), as the pages always did:
    pydantic would also take a date-time and refuse 20261127."""
    if isinstance(value, str):
        return date.fromisoformat(value.strip()) if value.strip() else None
    return value


Trimmed = BeforeValidator(_trimmed)
"""Before a typed field: the text without the spaces around it."""

Given = BeforeValidator(_given)
"""Before a typed field: blank is not given (None), else the text trimmed."""

Text = Annotated[str, Trimmed]
"""A text field, trimmed; blank is '' (the services say when blank is wrong)."""

OptionalText = Annotated[str | None, Given]
"""A text field that may be left blank (None)."""

WholeNumber = BeforeValidator(_whole)
"""Before an ``int`` field: the text read by ``int()``; blank is not given (None)."""

Day = BeforeValidator(_day)
"""Before a ``date`` field: the text read by ``date.fromisoformat``; blank is not given."""

FormModel = TypeVar("FormModel", bound=PageForm)


def read_form(model: type[FormModel], form: Mapping[str, Any], **context: object) -> FormModel:
    """The submitted ``form`` as ``model``; the first field it cannot take (in the order the
    model declares them, which is the order the form shows them) raises ``FormRefused``.
    ``context`` is what a validator checks against, such as the choices offered."""
    try:
        return model.model_validate(form, context=context)
    except ValidationError as invalid:
        raise _refusal(model, invalid.errors()[0], form) from invalid


def _refusal(model: type[PageForm], error: ErrorDetails, form: Mapping[str, Any]) -> FormRefused:
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, FormRefused):
        return cause  # a validator's own refusal, worded where it was raised
    field = str(error["loc"][0]) if error["loc"] else ""
    declared = model.model_fields.get(field)
    wording = [m for m in declared.metadata if isinstance(m, Worded)] if declared else []
    if not wording:  # a form written without saying how it refuses: a bug, not a bad value
        raise TypeError(f"{model.__name__} refuses {field or 'the form'} without wording")
    return FormRefused(field, wording[0].say(_trimmed(form.get(field, ""))))
