"""Messages for people in both languages of the city: English and Chinese.

A refusal raised by the rules or the services is read by an official on a Chinese page as often
as by an operator at the command line. ``Said`` is a ``str`` — the English, which the CLI, the
logs, the JSON API and the tests read unchanged — that also carries its Chinese, which a page in
zh-CN shows instead. Both are written side by side where the refusal is raised, like the
``en``/``zh`` pairs of the domain's enums, so neither can drift from the other.
"""

from typing import Self


class Said(str):
    """An English message (its value) with its Chinese (``zh``)."""

    zh: str

    def __new__(cls, en: str, zh: str) -> Self:
        made = super().__new__(cls, en)
        made.zh = zh
        return made


def zh(message: object) -> str:
    """The Chinese of a message or of an exception raised with one; English if it has none.

    For composing: ``Said(f"chain: {exc}", f"产业链：{zh(exc)}")``."""
    if isinstance(message, BaseException):
        message = message.args[0] if len(message.args) == 1 else str(message)
    return message.zh if isinstance(message, Said) else str(message)


def in_language(message: object, locale: str) -> str:
    """The message (or exception) as a page in ``locale`` shows it."""
    if locale == "zh-CN":
        return zh(message)
    return str(message)
