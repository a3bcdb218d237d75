"""What a workbook column and sheet are: a key, Chinese and English labels, what a cell holds
and whether it is required — the vocabulary ``services.workbook.schema`` describes the format
in, and the columns several sheets share."""

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

Scalar = Literal["text", "int", "number", "date", "email", "credit_code", "codes", "percent"]


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    kind: Scalar | type[StrEnum]
    required: bool = False
    doc: str = ""
    max_chars: int | None = None  # text longer than this is refused (the pages' own limit)

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
    return Column("chain", "产业链编码", "Chain code", "text", True, "Code from the chains sheet")


def credit_code_column(required: bool = True, zh: str = "统一社会信用代码") -> Column:
    return Column(
        "credit_code",
        zh,
        "Credit code",
        "credit_code",
        required,
        "18-character unified social credit code (GB 32100-2015) with a valid check digit",
    )
