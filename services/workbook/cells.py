"""Turn one cell into a typed value, or say in plain words why it cannot be one.

Offices type dates every way there is: Excel dates, ``2026-03-31``, ``2026/3/31`` and
``2026年3月31日`` are all accepted.
"""

import math
import re
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from mechanism.mobile import BadMobile, normalize_mobile
from mechanism.uscc import credit_code_problem, normalize_credit_code
from mechanism.vocabulary import Labelled
from mechanism.wording import Said, zh
from services.workbook.columns import Column
from services.workbook.storage import integer_range, width

_DATE_TEXT = re.compile(
    r"^\s*(\d{4})\s*(?:[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?)"
    r"(?:[ T]00:00(?::00)?)?\s*$"
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Neither database stores these in text: PostgreSQL refuses NUL, and a lone surrogate (which
# YAML's "\ud800" makes) is no UTF-8 at all. Other control characters are typing accidents.
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_CODE_SEPARATORS = re.compile(r"[,，、;；\s]+")
# Excel counts days from 1899-12-30 (it believes 1900 was a leap year).
_EXCEL_EPOCH = date(1899, 12, 30)


class CellError(ValueError):
    """A cell's value does not fit its column; the message (a ``Said``: English and Chinese)
    is shown to the user as is."""


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def convert(column: Column, value: Any) -> Any:
    """The typed value of a non-blank cell for ``column``; raises CellError when it has none:
    not of the column's type, wider than the database column (or the pages' limit) it is
    stored in, or outside the column's range."""
    if isinstance(value, list | tuple | dict | set):  # YAML can nest; a cell holds one value
        raise CellError(
            Said("expected a single value, got a list or mapping", "应为单个值，实际为列表或映射")
        )
    kind = column.kind
    if isinstance(kind, type) and issubclass(kind, StrEnum):
        converted: Any = _member(kind, value)
    else:
        converted = _CONVERTERS[kind](value)
    _check_width(column, converted)
    problem = column.bound(converted) if column.bound is not None else None
    if problem is None and isinstance(converted, float):
        problem = _not_finite(converted)
    if problem is None and kind == "int":
        problem = _out_of_range(column, converted)
    if problem is not None:
        raise CellError(problem)
    return converted


def _check_width(column: Column, converted: Any) -> None:
    most = width(column)
    if most is None:
        return
    # A list of codes is checked code by code: each is stored in its own row.
    for text in converted if isinstance(converted, tuple) else (converted,):
        given = len(str(text))
        if given > most:
            raise CellError(
                Said(
                    f"at most {most} characters, not {given}",
                    f"最多 {most} 个字，当前 {given} 个字",
                )
            )


def _not_finite(number: float) -> Said | None:
    if math.isfinite(number):
        return None
    return Said(f"expected a finite number, got {number!r}", f"应为有限的数字，实际为 {number!r}")


def _out_of_range(column: Column, number: int) -> Said | None:
    low, high = integer_range(column)
    if low <= number <= high:
        return None
    # Past 38 digits the number is not shown: Python refuses to turn an int of more than
    # 4,300 digits into text, and nobody reads one anyway.
    big = number.bit_length() > 128
    shown = "a number of more than 38 digits" if big else str(number)
    shown_zh = "超过 38 位的数字" if big else str(number)
    return Said(
        f"expected a whole number from {low:,} to {high:,}, got {shown}",
        f"应为 {low:,} 到 {high:,} 之间的整数，实际为 {shown_zh}",
    )


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 12.0 typed into a text column means "12"
    if isinstance(value, datetime | date):
        raise CellError(
            Said(
                f"expected text, got a date ({value:%Y-%m-%d})",
                f"应为文字，实际为日期（{value:%Y-%m-%d}）",
            )
        )
    try:
        text = str(value).strip()
    except ValueError:  # Python turns no int of more than 4,300 digits (from YAML) into text
        raise CellError(
            Said(
                "expected text, got a number of more than 4,300 digits",
                "应为文字，实际为超过 4,300 位的数字",
            )
        ) from None
    if match := _UNSTORABLE.search(text):
        code = f"U+{ord(match.group()):04X}"
        at = match.start() + 1
        raise CellError(
            Said(
                f"contains a character that cannot be stored ({code}, character {at}); remove it",
                f"含有无法保存的字符（{code}，第 {at} 个字）；请删除",
            )
        )
    return text


def _int(value: Any) -> int:
    if isinstance(value, bool):
        raise CellError(
            Said(f"expected a whole number, got {value!r}", f"应为整数，实际为 {value!r}")
        )
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip()
    if re.fullmatch(r"[+-]?\d+", text):
        if len(text) > 40:  # int() refuses past 4,300 digits; no column holds 40
            raise CellError(
                Said(
                    f"expected a whole number of at most 38 digits, got {len(text)} digits",
                    f"应为不超过 38 位的整数，实际为 {len(text)} 位",
                )
            )
        return int(text)
    shown = text if len(text) <= 60 else text[:57] + "…"
    raise CellError(Said(f"expected a whole number, got {shown!r}", f"应为整数，实际为 {shown!r}"))


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise CellError(Said(f"expected a number, got {value!r}", f"应为数字，实际为 {value!r}"))
    if isinstance(value, int | float):
        try:
            return float(value)
        except OverflowError:  # an int past a float's range, from YAML
            raise CellError(_TOO_LARGE) from None
    text = str(value).strip().replace(",", "").replace("，", "")
    try:
        return float(text)
    except ValueError:
        shown = str(value).strip()
        shown = shown if len(shown) <= 60 else shown[:57] + "…"
        raise CellError(
            Said(f"expected a number, got {shown!r}", f"应为数字，实际为 {shown!r}")
        ) from None


_TOO_LARGE = Said("expected a number, got one too large for any", "应为数字，实际数值过大")


def _percent(value: Any) -> int:
    text = str(value).strip()
    number = _number(text.rstrip("%").strip()) if isinstance(value, str) else _number(value)
    if not 0 <= number <= 100:
        raise CellError(
            Said(
                f"expected a percentage from 0 to 100, got {text!r}",
                f"应为 0 到 100 之间的百分比，实际为 {text!r}",
            )
        )
    return round(number)


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise CellError(
                Said(
                    f"expected a date, got a date and time ({value:%Y-%m-%d %H:%M})",
                    f"应为日期，实际为日期加时间（{value:%Y-%m-%d %H:%M}）",
                )
            )
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466 and float(value).is_integer():
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise CellError(
            Said(f"expected a date, got the number {value!r}", f"应为日期，实际为数字 {value!r}")
        )
    text = str(value).strip()
    match = _DATE_TEXT.match(text)
    if match:
        year = int(match.group(1))
        month = int(match.group(2) or match.group(4))
        day = int(match.group(3) or match.group(5))
        try:
            return date(year, month, day)
        except ValueError:
            pass
    raise CellError(
        Said(
            f"{text!r} is not a date; write it as 2026-03-31, 2026/3/31 or 2026年3月31日",
            f"{text!r} 不是日期；请写作 2026-03-31、2026/3/31 或 2026年3月31日",
        )
    )


def _email(value: Any) -> str:
    text = _text(value).lower()
    if not _EMAIL.match(text):
        raise CellError(Said(f"{text!r} is not an email address", f"{text!r} 不是邮箱地址"))
    return text


def _credit_code(value: Any) -> str:
    text = normalize_credit_code(_text(value))
    problem = credit_code_problem(text)
    if problem:
        raise CellError(
            Said(
                f"credit code {text!r} is invalid: {problem}",
                f"统一社会信用代码 {text!r} 无效：{zh(problem)}",
            )
        )
    return text


def _mobile(value: Any) -> str:
    try:
        return normalize_mobile(_text(value))
    except BadMobile as exc:
        raise CellError(exc.args[0]) from None


def _codes(value: Any) -> tuple[str, ...]:
    parts = [p for p in _CODE_SEPARATORS.split(_text(value)) if p]
    return tuple(dict.fromkeys(parts))  # keep order, drop repeats


def _member(kind: type[StrEnum], value: Any) -> StrEnum:
    text = _text(value)
    member = kind.parse(text) if issubclass(kind, Labelled) else None
    if member is None:
        if issubclass(kind, Labelled):
            choices = kind.choices()
            choices_zh = "、".join(f"{m.zh}（{m.value}）" for m in kind)
        else:
            choices = choices_zh = ", ".join(kind)
        raise CellError(
            Said(f"{text!r} is not one of: {choices}", f"{text!r} 不是可选值之一：{choices_zh}")
        )
    return member


_CONVERTERS = {
    "text": _text,
    "int": _int,
    "number": _number,
    "percent": _percent,
    "date": _date,
    "email": _email,
    "credit_code": _credit_code,
    "codes": _codes,
    "mobile": _mobile,
}
