"""Pieces every command shares: options, errors and opening the database."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from sqlmodel import Session

from chainops import wiring
from chainops.output import errors

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
