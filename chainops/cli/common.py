"""Pieces every command shares: options, errors, reading ``--as-of`` and opening the database."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from sqlmodel import Session

from chainops import wiring
from chainops.cli.output import errors

JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
ChainOption = Annotated[str | None, typer.Option("--chain", help="Only this chain (its code).")]


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``message`` as an error; raise what this returns to exit with ``code``."""
    errors.print(f"[red]error:[/red] {message}", highlight=False)
    return typer.Exit(code)


@contextmanager
def open_session() -> Iterator[Session]:
    """A session on the configured database, or a clear error when it is not ready."""
    try:
        with wiring.session() as session:
            yield session
    except wiring.NotReady as exc:
        raise fail(str(exc)) from exc


def parse_as_of(text: str | None, zone: ZoneInfo) -> datetime:
    """``--as-of``: an ISO date-time, read in the city's zone unless it names its own."""
    if text is None:
        return wiring.now()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise fail(f"--as-of: {text!r} is not a date-time like 2026-10-09T08:30", 2) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)
