"""What the database can hold for a column, read from the models: the width of a text column
and the range of an integer column.

The models are the one source: SQLite stores a 40-character code in a ``VARCHAR(32)`` and a
20-digit number in an ``INTEGER`` without a murmur, where PostgreSQL refuses both with a
``DataError`` naming no sheet, row or column. Checking every cell against the model's own
column before anything is written makes the two databases refuse the same workbooks with the
same messages.
"""

from typing import Any

import sqlalchemy as sa

from services.workbook.columns import Column, Stored

# The range of each integer type, as PostgreSQL keeps it (SQLite's INTEGER is 64 bits).
_INT_BITS: tuple[tuple[type[sa.types.TypeEngine[Any]], int], ...] = (
    (sa.SmallInteger, 16),
    (sa.BigInteger, 64),
    (sa.Integer, 32),
)
_WIDEST = 64  # a column with no stored type: what any database's BIGINT holds


def stored_type(stored: Stored) -> sa.types.TypeEngine[Any]:
    """The type of the table column ``stored`` names (SQLModel's AutoString unwrapped to the
    String it is); a KeyError names a column that does not exist."""
    model, name = stored
    table: sa.Table = model.__table__  # type: ignore[attr-defined]
    kind = table.c[name].type
    if isinstance(kind, sa.types.TypeDecorator):
        return kind.impl_instance
    return kind


def width(column: Column) -> int | None:
    """The most characters a cell of ``column`` may have: the narrower of the stored column's
    length and the pages' own limit (``max_chars``); None when neither bounds it."""
    limits = [column.max_chars] if column.max_chars is not None else []
    if column.stored is not None:
        length = getattr(stored_type(column.stored), "length", None)
        if isinstance(length, int):
            limits.append(length)
    return min(limits) if limits else None


def integer_range(column: Column) -> tuple[int, int]:
    """The smallest and largest whole number the stored column holds."""
    bits = _WIDEST
    if column.stored is not None:
        kind = stored_type(column.stored)
        bits = next((b for t, b in _INT_BITS if isinstance(kind, t)), _WIDEST)
    return -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
