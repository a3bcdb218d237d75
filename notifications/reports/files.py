"""Write the monthly bulletin (月通报) of a closed month: HTML pages, charts and a workbook.

:func:`write_bulletin` is what the month-end service calls with a :class:`BulletinView`; the
renderers it uses (``html.render_html``, ``charts.render_charts``,
``workbook.bulletin_workbook``) are pure and may also be used on their own.
"""

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from notifications.reports.charts import render_charts
from notifications.reports.formats import check_locale
from notifications.reports.html import render_html
from notifications.reports.view import BulletinView
from notifications.reports.workbook import bulletin_workbook


def _write_atomically(path: Path, content: bytes) -> Path:
    """Write ``content`` to ``path`` so that a reader or a crash sees the old file or the new
    one, never half of one: a temporary file in the same directory, flushed to disk, then
    renamed over ``path`` (``os.replace`` is atomic within one file system)."""
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes it 0600; the bulletin is meant to be read
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def write_bulletin(
    view: BulletinView, directory: Path, locales: Sequence[str] = ("zh-CN", "en")
) -> list[Path]:
    """Write the bulletin of ``view`` into ``directory`` (created if missing), per locale:
    ``bulletin.<locale>.html``, ``rollup-YYYY-MM.<locale>.xlsx`` and
    ``charts/<chart>.<locale>.png``. Each file replaces any earlier one atomically, so writing
    a month again overwrites it cleanly. Returns the paths written, sorted.

    The pages are written last: a page's presence is what tells the month is published
    (``services.rollup.publish.is_published``), so it never appears before the files it
    stands for."""
    for locale in locales:
        check_locale(locale)  # before anything is written
    directory = Path(directory)
    (directory / "charts").mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    pages: dict[Path, bytes] = {}
    for locale in locales:
        charts = render_charts(view, locale)
        for name, png in charts.items():
            written.append(_write_atomically(directory / "charts" / f"{name}.{locale}.png", png))
        workbook = directory / f"rollup-{view.month:%Y-%m}.{locale}.xlsx"
        written.append(_write_atomically(workbook, bulletin_workbook(view, locale)))
        pages[directory / f"bulletin.{locale}.html"] = render_html(view, locale, charts).encode()
    written.extend(_write_atomically(path, page) for path, page in pages.items())
    return sorted(written)
