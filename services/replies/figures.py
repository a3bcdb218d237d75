"""The progress figure and the note in a reply's new text.

    进度 60% 已完成用地预审   → 60, "已完成用地预审"
    60%                      → 60, no note
    进度：60                 → 60, no note
    progress 60 land done    → 60, "land done"

The figure is the first whole number after a keyword (进度, 完成, progress), else the first one
with a per-cent sign, else a number the reply starts with. The note is the rest of the text
without it. Full-width digits and signs (６０％) are read as ASCII first.
"""

import re
import unicodedata
from dataclasses import dataclass

MAX_NOTE = 500  # a note is a line or two; the rest of a long mail is not a note

_NUMBER = r"(?<![\d.])(\d{1,4})(?![\d.])"
_KEYWORD = re.compile(
    r"(?:进度|完成|进展|progress)\s*(?:为|是|到|达|[:：=]|is|at)?\s*" + _NUMBER + r"\s*%?",
    re.IGNORECASE,
)
_PERCENT = re.compile(_NUMBER + r"\s*%")
_LEADING = re.compile(r"^\s*" + _NUMBER + r"(?=\s|$|[,，;；。.])")
_SEPARATORS = " \t\n,，.。;；:：、-—"


class NoFigure(ValueError):
    """The reply holds no progress figure, or one beyond 0–100."""

    def __init__(self, reason: str, figure: int | None = None) -> None:
        super().__init__(reason if figure is None else f"{reason}: {figure}")
        self.reason = reason  # "no_figure" or "over_100"
        self.figure = figure


@dataclass(frozen=True)
class Figure:
    progress: int
    note: str | None


def read_figure(text: str) -> Figure:
    """The figure and note in ``text``; ``NoFigure`` saying why there is none."""
    normal = unicodedata.normalize("NFKC", text)
    for pattern in (_KEYWORD, _PERCENT, _LEADING):
        match = pattern.search(normal)
        if match:
            break
    else:
        raise NoFigure("no_figure")
    figure = int(match[1])
    if figure > 100:
        raise NoFigure("over_100", figure)
    before, after = normal[: match.start()], normal[match.end() :]
    words = f"{before.strip(_SEPARATORS)} {after.strip(_SEPARATORS)}".split()
    note = " ".join(words)[:MAX_NOTE].strip(_SEPARATORS)
    return Figure(figure, note or None)
