"""The CJK font of the bulletin's charts: Noto Sans CJK SC, shipped by the ``mplfonts`` package.

A server rarely has a Chinese font installed, and matplotlib's default (DejaVu Sans) has no
Chinese glyphs: chain names would be drawn as empty boxes, with only a "Glyph … missing from
font" warning to tell. So the charts never rely on what the machine has: they use the font
file inside ``mplfonts`` (SIL Open Font License), registered with matplotlib's font manager
once per process. ``mplfonts.use_font``/its init are not called on purpose: they rewrite the
user's matplotlib configuration, and we only want one extra font known to this process.
"""

import threading
from importlib.resources import files
from pathlib import Path

from matplotlib import font_manager

FONT_PACKAGE = "mplfonts"
FONT_FILE = "fonts/NotoSansCJKsc-Regular.otf"
FONT_FAMILY = "Noto Sans CJK SC"

_lock = threading.Lock()
_registered = False


class ChartFontMissingError(RuntimeError):
    """The bundled CJK font cannot be found; the charts would show boxes instead of Chinese."""


def font_path() -> Path:
    """Where the bundled font file is; raises :class:`ChartFontMissingError` if it is not."""
    try:
        path = Path(str(files(FONT_PACKAGE).joinpath(FONT_FILE)))
    except ModuleNotFoundError as error:
        raise ChartFontMissingError(
            f"the bulletin charts need the {FONT_PACKAGE!r} package (it ships {FONT_FILE}); "
            f"install chainops' dependencies"
        ) from error
    if not path.is_file():
        raise ChartFontMissingError(
            f"the bulletin charts need {FONT_FILE} from the {FONT_PACKAGE!r} package, "
            f"but {path} does not exist; reinstall {FONT_PACKAGE}"
        )
    return path


def chart_font() -> str:
    """The family name to draw every chart text with, registering the font on first use.

    Registration is process-wide (matplotlib has one font manager), so it happens once,
    under a lock in case two threads draw the first bulletin at the same time.
    """
    global _registered
    if not _registered:
        with _lock:
            if not _registered:
                font_manager.fontManager.addfont(str(font_path()))
                _registered = True
    return FONT_FAMILY
