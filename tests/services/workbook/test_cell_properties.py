"""Properties of the cell parsers, over values of every shape a workbook or its YAML twin can
hand them: each cell either converts to a value the database column it is stored in can hold
(text within the column's width and free of what neither database stores, whole numbers in
the column's range, finite numbers, real dates) or is refused with a CellError — never any
other exception, which would be a traceback."""

import math
import re
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from services.workbook import PLAN_TASKS, SHEETS, CellError, convert

COLUMNS = [column for sheet in SHEETS for column in sheet.columns]
DUE = PLAN_TASKS.column("due_date")
ITEM_NO = PLAN_TASKS.column("item_no")
PROGRESS = PLAN_TASKS.column("progress")
CO_DEPARTMENTS = PLAN_TASKS.column("co_departments")
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def _type(column: Any) -> sa.types.TypeEngine[Any]:
    model, name = column.stored
    kind = model.__table__.c[name].type
    return kind.impl_instance if isinstance(kind, sa.types.TypeDecorator) else kind


def _width(column: Any) -> int | None:
    widths = [w for w in (getattr(_type(column), "length", None), column.max_chars) if w]
    return min(widths) if widths else None


def _int_range(column: Any) -> tuple[int, int]:
    kind = _type(column)
    bits = (
        64 if isinstance(kind, sa.BigInteger) else 16 if isinstance(kind, sa.SmallInteger) else 32
    )
    return -(2 ** (bits - 1)), 2 ** (bits - 1) - 1


SCALARS = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec=None), min_size=1, max_size=8),  # surrogates too
    st.integers(),
    st.integers(min_value=-(10**60), max_value=10**60),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**60), max_value=10**60).map(str),
    st.sampled_from(["nan", "inf", "-inf", "1e400", "-1e400", "Infinity", "1_000", "九", "80%"]),
    st.sampled_from(["2026-02-30", "0000-01-01", "9999-12-31", "2026年13月1日", "9" * 5000]),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.text(max_size=300),  # past most widths
)
VALUES = st.one_of(
    SCALARS,
    st.lists(SCALARS, max_size=3),
    st.dictionaries(st.text(max_size=3), SCALARS, max_size=2),
)


@settings(max_examples=1500, deadline=None)
@given(column=st.sampled_from(COLUMNS), value=VALUES)
def test_a_cell_converts_to_what_its_column_holds_or_is_refused(column: Any, value: Any) -> None:
    try:
        converted = convert(column, value)
    except CellError as refused:
        assert str(refused)  # a sentence, in English and Chinese
        return
    kind = column.kind
    if isinstance(kind, type) and issubclass(kind, StrEnum):
        assert isinstance(converted, kind)
    elif kind in ("text", "email", "credit_code"):
        texts = [converted]
    elif kind == "codes":
        texts = list(converted)
    elif kind in ("int", "percent"):
        low, high = _int_range(column)
        assert isinstance(converted, int) and low <= converted <= high
    elif kind == "number":
        assert isinstance(converted, float) and math.isfinite(converted)
    else:
        assert kind == "date" and type(converted) is date
    if kind in ("text", "email", "credit_code", "codes"):
        width = _width(column)
        for text in texts:
            assert isinstance(text, str) and not UNSTORABLE.search(text)
            assert width is None or len(text) <= width


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(1000, 1, 1)))
def test_every_written_form_of_a_date_reads_as_that_date(day: date) -> None:
    for written in (
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        f"{day.isoformat()} 00:00:00",
        datetime.combine(day, time()),
        day,
    ):
        assert convert(DUE, written) == day


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=-(10**30), max_value=10**30))
def test_a_whole_number_is_taken_exactly_when_its_column_holds_it(number: int) -> None:
    low, high = _int_range(ITEM_NO)
    for written in (number, str(number), f" {number} "):
        try:
            assert convert(ITEM_NO, written) == number
            assert low <= number <= high
        except CellError:
            assert not low <= number <= high


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=True, allow_infinity=True))
def test_progress_is_a_percentage_from_0_to_100(number: float) -> None:
    for written in (number, f"{number}%"):
        try:
            progress = convert(PROGRESS, written)
        except CellError:
            assert not 0 <= number <= 100
        else:
            assert 0 <= number <= 100 and progress == round(number)


CODE = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(CODE, min_size=1, max_size=6), st.lists(st.sampled_from(list("、,，;； ")), min_size=6)
)
def test_codes_split_on_any_separator_keep_their_order_and_drop_repeats(
    codes: list[str], separators: list[str]
) -> None:
    written = "".join(code + separator for code, separator in zip(codes, separators, strict=False))
    assert convert(CO_DEPARTMENTS, written) == tuple(dict.fromkeys(codes))
