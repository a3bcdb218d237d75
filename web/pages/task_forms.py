"""The forms of the task and chain pages: each move's fields, the edit form and the assign
(交办) form, as ``web.forms`` models.

These pages name a field that cannot be read in a sentence of their own (``task.bad_*`` in
``web.text.chains``): the field and what it must hold, whatever was typed. Whether a value read
is allowed (progress 0–100, a due date after the start) is the services' to say.
"""

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, model_validator

from mechanism.vocabulary import TaskSource
from mechanism.wording import Said
from web.forms import Day, Given, OptionalText, PageForm, Text, WholeNumber, always
from web.i18n import said, translate


def _bad_date(label: str) -> Said:
    """``label`` (a text key): give a date as YYYY-MM-DD — the field named in each language."""
    return Said(
        translate("en", "task.bad_date", field=translate("en", label)),
        translate("zh-CN", "task.bad_date", field=translate("zh-CN", label)),
    )


class ProgressForm(PageForm):
    progress: Annotated[int, WholeNumber, always(said("task.bad_percent"))]
    note: OptionalText = None


class NoteForm(PageForm):
    """Submitting the task as done, with a note for the office."""

    note: OptionalText = None


class ReasonForm(PageForm):
    """Returning or cancelling a task: the reason (the service refuses a blank one)."""

    reason: Text = ""


class BlockForm(PageForm):
    reason: Text = ""
    request: OptionalText = None  # the factor request's code the task waits on


class ExtensionForm(PageForm):
    proposed_due: Annotated[date, Day, always(_bad_date("task.proposed_due"))]
    reason: Text = ""


class DecisionForm(PageForm):
    decision: Annotated[Literal["approve", "deny"], Given, always(said("task.bad_decision"))]
    note: OptionalText = None


class EditForm(PageForm):
    """Title, requirements, owner (an email) and lead department (a code). A field not on the
    form is None and stays as it is; one sent blank is '' and refused by the service, never
    kept silently — except the requirements, which blank clears."""

    title: Text | None = None
    owner: Text | None = None
    lead_department: Text | None = None
    requirements: Text | None = None


def _source(value: object) -> TaskSource:
    """A source by code or label, either language; blank is a meeting's (the form's default)."""
    found = TaskSource.parse(value if isinstance(value, str) and value.strip() else "meeting")
    if found is None:
        raise ValueError(f"no task source {value!r}")
    return found


Source = Annotated[TaskSource, BeforeValidator(_source), always(said("task.bad_source"))]


class AssignForm(PageForm):
    """A new task on the chain. The due date is given, or counted in working days from the
    start (which is today when left blank); the co-departments are ticked boxes ``co:CODE``."""

    source: Source = TaskSource.MEETING
    title: Text = ""
    requirements: OptionalText = None
    lead_department: Text = ""
    owner: Text = ""
    start: Annotated[date | None, Day, always(_bad_date("chain.start"))] = None
    due: Annotated[date | None, Day, always(_bad_date("chain.due_date"))] = None
    working_days: Annotated[int | None, WholeNumber, always(said("task.bad_days"))] = None
    co_departments: tuple[str, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _ticked(cls, form: Any) -> Any:
        """The departments ticked on the form, one checkbox ``co:CODE`` each."""
        if not isinstance(form, dict):
            return form
        ticked = tuple(key.removeprefix("co:") for key in form if key.startswith("co:"))
        return {**form, "co_departments": ticked}
