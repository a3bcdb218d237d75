"""What a workbook column and sheet are: a key, Chinese and English labels, what a cell holds
and whether it is required — the vocabulary ``services.workbook.schema`` describes the format
in, and the columns several sheets share.

Each column names where its cells end up (``stored``: a model and one of its columns), so the
widths and integer ranges a cell is checked against are the database's own, read from the
models (``services.workbook.storage``), never a second table of numbers that could drift."""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from sqlmodel import SQLModel

from mechanism.wording import Said
from models import Chain, Enterprise

Scalar = Literal[
    "text", "int", "number", "date", "email", "credit_code", "codes", "percent", "mobile"
]

Stored = tuple[type[SQLModel], str]
"""A model and the name of the column a cell is stored in (or, for a reference, the column
it names: a department code is checked against ``Department.code``)."""

Bound = Callable[[Any], Said | None]
"""Why a converted value is out of the column's range (English and Chinese), or None."""


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    kind: Scalar | type[StrEnum]
    required: bool = False
    doc: str = ""
    max_chars: int | None = None  # text longer than this is refused (the pages' own limit)
    stored: Stored | None = None
    bound: Bound | None = None  # the range a value keeps beyond what its storage holds

    def header(self, locale: str) -> str:
        return self.en if locale == "en" else self.zh


@dataclass(frozen=True)
class Sheet:
    key: str
    zh: str
    en: str
    columns: tuple[Column, ...]
    natural_key: tuple[str, ...]
    doc: str

    def title(self, locale: str) -> str:
        return self.en if locale == "en" else self.zh

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


def chain_column() -> Column:
    """The chain code column that most sheets begin with."""
    return Column(
        "chain",
        "产业链编码",
        "Chain code",
        "text",
        True,
        "Code from the chains sheet",
        stored=(Chain, "code"),
    )


def credit_code_column(required: bool = True, zh: str = "统一社会信用代码") -> Column:
    return Column(
        "credit_code",
        zh,
        "Credit code",
        "credit_code",
        required,
        "18-character unified social credit code (GB 32100-2015) with a valid check digit",
        stored=(Enterprise, "credit_code"),
    )
