"""Export the list a page shows (导出 Excel): the task list, key projects, factor requests and
notices each offer a link to the same URL with ``format=xlsx``, and answer it with every row
its filters keep — not just the page — as one sheet (:func:`notifications.sheets.list_workbook`),
headers in the page's language, named after the list and the day.

A list longer than :data:`MAX_ROWS` is refused with a page that says how many rows matched and
asks for narrower filters: a file that silently stopped at the cap would pass for the list.
"""

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from notifications.sheets import list_workbook
from services.people import Viewer
from web.i18n import translate
from web.templating import page

MAX_ROWS = 100_000  # an export is for a spreadsheet; past this, narrow the filters
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("", "html", "xlsx")


def wants_xlsx(value: str | None) -> bool:
    """``?format=``: xlsx for the export; nothing (or html) for the page; ValueError else."""
    chosen = (value or "").strip().lower()
    if chosen not in FORMATS:
        raise ValueError(value)
    return chosen == "xlsx"


def export_link(request: Request) -> str:
    """This page's URL with its filters, asking for the export (the page number dropped)."""
    query = [(k, v) for k, v in request.query_params.multi_items() if k not in ("page", "format")]
    return f"{request.url.path}?{urlencode([*query, ('format', 'xlsx')])}"


def bad_format(request: Request, viewer: Viewer, locale: str, value: str) -> HTMLResponse:
    """``?format=`` that is neither the page nor xlsx: a 400 page naming the parameter."""
    return _refused(request, viewer, locale, translate(locale, "export.bad_format", value=value))


def too_many(request: Request, viewer: Viewer, locale: str, total: int) -> HTMLResponse | None:
    """The refusal page when ``total`` rows are more than an export holds, else None."""
    if total <= MAX_ROWS:
        return None
    message = translate(locale, "export.too_many", total=f"{total:,}", cap=f"{MAX_ROWS:,}")
    return _refused(request, viewer, locale, message)


def _refused(request: Request, viewer: Viewer, locale: str, message: str) -> HTMLResponse:
    """A 400 page with ``message`` and a link back to the list with its filters."""
    back = [(k, v) for k, v in request.query_params.multi_items() if k != "format"]
    link = f"{request.url.path}?{urlencode(back)}"
    context = {"viewer": viewer, "message": message, "back": link}
    return page(request, "export_refused.html", locale, context, status_code=400)


def xlsx_response(
    *,
    locale: str,
    list_key: str,
    today: date,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[int] = (),
) -> Response:
    """The rows as an .xlsx download named after the list and ``today``
    (督办事项-2026-11-27.xlsx, tasks-2026-11-27.xlsx)."""
    title = translate(locale, f"export.file.{list_key}")
    content = list_workbook(title, headers, rows, widths=widths)
    name = f"{title}-{today.isoformat()}.xlsx"
    ascii_name = f"{translate('en', f'export.file.{list_key}')}-{today.isoformat()}.xlsx"
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return Response(content, media_type=XLSX, headers={"Content-Disposition": disposition})
