"""Printing for the CLI: rich tables for people, JSON for scripts.

Tables speak the configured language (CHAINOPS_LOCALE): in Chinese their titles, headers and
coded values (states, lights, kinds, …) are said in Chinese, as the pages say them; JSON keeps
its English keys and codes, whatever the language (a contract with scripts). Times in tables
are the city's local time.
"""

import json
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, tzinfo
from typing import Any

from rich.console import Console
from rich.table import Table

from chainops.cli.words import HEADERS, TITLES
from chainops.settings import get_settings
from mechanism.vocabulary import FactorType, Labelled, Light, MembershipRole
from mechanism.wording import Said
from notifications.render import KINDS, kind_label

# Piped output (logs, scripts) is not cut at 80 columns: Chinese text is twice as wide.
console = Console(width=None if sys.stdout.isatty() else 200)
errors = Console(stderr=True, width=None if sys.stderr.isatty() else 200)

# How a column's codes are said in Chinese. Some columns mean the same everywhere; others
# ("state": a task's, a request's or a delivery's) are named by the table that shows them.
Labels = Mapping[str, Callable[[str], str]]


def labels_of(vocabulary: type[Labelled]) -> Callable[[str], str]:
    """Say a code of ``vocabulary`` by its Chinese label (an unknown code as it is)."""
    chinese = {member.value: member.zh for member in vocabulary}
    return lambda code: chinese.get(code, code)


_EVERYWHERE: Labels = {
    "light": labels_of(Light),
    "factor_type": labels_of(FactorType),
    "role": labels_of(MembershipRole),  # an enterprise's role in a chain
}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def print_json(data: Any) -> None:
    """JSON on stdout, UTF-8 and unescaped, so Chinese names stay readable."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_plain) + "\n")


def print_rows(
    title: str,
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    *,
    labels: Labels | None = None,
    headers: Mapping[str, str] | None = None,
) -> None:
    """A table of ``columns`` of each row; an empty list says so instead of printing a frame.

    ``labels``: how the codes in a column of this table are said in a Chinese table
    (``{"state": labels_of(TaskState)}``); a message that carries its Chinese (a ``Said``) is
    shown in it. ``headers``: Chinese headers of this table's own, where a key means something
    else than in ``words.HEADERS`` (a history's "to": the new value)."""
    settings = get_settings()
    chinese = settings.locale == "zh-CN"
    heading = TITLES.get(title, title) if chinese else title
    if not rows:
        console.print(f"[dim]{heading}{'：无' if chinese else ': none'}[/dim]")
        return
    cell = _Cells({**_EVERYWHERE, **(labels or {})} if chinese else None, settings.zone)
    table = Table(title=heading, title_justify="left")
    said = {**HEADERS, **(headers or {})}
    for column in columns:
        table.add_column(said.get(column, column) if chinese else column)
    for row in rows:
        table.add_row(*(cell(row.get(column), column) for column in columns))
    console.print(table)


class _Cells:
    """How one value is written in a table cell; ``vocabularies`` None: codes as they are."""

    def __init__(self, vocabularies: Labels | None, zone: tzinfo) -> None:
        self.vocabularies, self.zone = vocabularies, zone

    def __call__(self, value: Any, column: str) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "✓" if value else ""
        if isinstance(value, list):
            return ", ".join(self(v, column) for v in value)
        if isinstance(value, dict):  # e.g. a membership: chain/role/tier
            return "/".join(self(v, key) for key, v in value.items() if v)
        if isinstance(value, datetime):
            moment = value.astimezone(self.zone) if value.tzinfo else value
            return f"{moment:%Y-%m-%d %H:%M}"
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, Said) and self.vocabularies is not None:
            return value.zh
        if isinstance(value, str) and self.vocabularies is not None:
            return self._label(value, column)
        return str(value)

    def _label(self, code: str, column: str) -> str:
        assert self.vocabularies is not None
        say = self.vocabularies.get(column)
        if say is not None:
            return say(code)
        if column == "kind" and code in KINDS:
            return kind_label(code, "zh-CN")
        return code
