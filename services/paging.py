"""A page of a list, as the JSON API serves them: never the whole city at once."""

MAX_PER_PAGE = 200  # a page of a list: enough for a script, never the whole city at once
MAX_PAGE = 1_000_000  # past any list a city has; keeps the offset within a database integer


class BadListInput(ValueError):
    """A list filter or page that does not fit; the message names the parameter."""


def check_page(page: int, per_page: int) -> None:
    """BadListInput unless ``page`` is 1 or more and ``per_page`` 1 to :data:`MAX_PER_PAGE`."""
    if not 1 <= page <= MAX_PAGE:
        raise BadListInput(f"page: must be 1 to {MAX_PAGE}, not {page}")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise BadListInput(f"per_page: must be 1 to {MAX_PER_PAGE}, not {per_page}")
