"""The city workbook (数据导入导出), for the office only: export everything in the import
format, an empty documented template, and import — validated whole, as ``chainops import``
does: one bad row and nothing is written, and every problem is listed with its sheet, row and
column."""

import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Self

from fastapi import APIRouter, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import AfterValidator, model_validator
from sqlmodel import Session

from chainops import wiring
from mechanism.wording import in_language
from services.people import NotAllowed, Viewer
from services.workbook import (
    SHEETS,
    ImportSummary,
    WorkbookError,
    WorkbookInvalid,
    export_workbook,
    import_workbook,
    read_workbook,
    write_template,
)
from web.deps import CheckedForm, CurrentViewer, Db, Locale
from web.forms import FormRefused, PageForm, always, read_form
from web.i18n import said, translate
from web.templating import page

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_MB = 20  # a city's workbook is a few hundred kB; anything near this is not one
SUFFIXES = (".xlsx", ".xlsm")
SESSION_SUMMARY = "workbook_summary"  # the last import's counts, shown once after redirecting


def _office(viewer: Viewer) -> None:
    if not viewer.is_office:
        raise NotAllowed("only the city chain office imports and exports the workbook")


def _sheet_titles(locale: str) -> dict[str, str]:
    return {sheet.key: sheet.title(locale) for sheet in SHEETS}


def _form_page(
    request: Request,
    viewer: Viewer,
    locale: str,
    *,
    summary: dict[str, Any] | None = None,
    problem: str | None = None,
    errors: list[WorkbookError] | None = None,
    status_code: int = 200,
) -> Response:
    context = {
        "viewer": viewer,
        "summary": summary,
        "problem": problem,
        "errors": errors or [],
        "titles": _sheet_titles(locale),
    }
    return page(request, "workbook.html", locale, context, status_code=status_code)


@router.get("/workbook", response_class=HTMLResponse)
def workbook(request: Request, viewer: CurrentViewer, locale: Locale) -> Response:
    _office(viewer)
    return _form_page(request, viewer, locale, summary=request.session.pop(SESSION_SUMMARY, None))


@contextmanager
def _scratch(name: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="chainops-workbook-") as folder:
        yield Path(folder) / name


def _download(path: Path, name: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(path.read_bytes(), media_type=XLSX, headers=headers)


@router.get("/workbook/export")
def export(request: Request, session: Db, viewer: CurrentViewer, locale: Locale) -> Response:
    """Everything in the import format (as ``chainops export``), headers in the page's language."""
    _office(viewer)
    name = f"chainops-{wiring.today(request.app.state.settings)}.{locale}.xlsx"
    with _scratch(name) as path:
        export_workbook(session=session, path=path, locale=locale)
        return _download(path, name)


@router.get("/workbook/template")
def template(viewer: CurrentViewer, locale: Locale) -> Response:
    """An empty, documented workbook (as ``chainops export --template``)."""
    _office(viewer)
    name = f"chainops-template.{locale}.xlsx"
    with _scratch(name) as path:
        write_template(path=path, locale=locale)
        return _download(path, name)


def _named(upload: UploadFile) -> UploadFile:
    """A file chosen: a form sent with none still has the field, with no file name."""
    if not upload.filename:
        raise ValueError("no file chosen")
    return upload


class ImportForm(PageForm):
    """The import form: one workbook, an Excel file by its name (.xlsx or .xlsm)."""

    file: Annotated[UploadFile, AfterValidator(_named), always(said("workbook.no_file"))]

    @property
    def name(self) -> str:
        """The upload's own name, reduced to a safe file name (it names the file in messages)."""
        name = re.sub(r"[^\w.\-]", "_", Path(self.file.filename or "").name).lstrip(".")
        return name or "workbook"

    @model_validator(mode="after")
    def _a_workbook(self) -> Self:
        if not self.name.lower().endswith(SUFFIXES):
            raise FormRefused("file", said("workbook.not_xlsx", name=self.name))
        return self


@router.post("/workbook/import", response_class=HTMLResponse)
def import_(
    request: Request, session: Db, viewer: CurrentViewer, locale: Locale, form: CheckedForm
) -> Response:
    """Check the uploaded workbook whole, then write it; a problem anywhere writes nothing and
    lists every problem (400). Success redirects to the page, which shows what changed."""
    _office(viewer)
    try:
        sent = read_form(ImportForm, form)
    except FormRefused as refused:
        problem = in_language(refused, locale)
        return _form_page(request, viewer, locale, problem=problem, status_code=400)
    name = sent.name
    content = sent.file.file.read(MAX_MB * 1024 * 1024 + 1)
    if len(content) > MAX_MB * 1024 * 1024:
        problem = translate(locale, "workbook.too_big", name=name, mb=MAX_MB)
        return _form_page(request, viewer, locale, problem=problem, status_code=400)
    try:
        summary = _import(request, session, viewer, name, content)
    except WorkbookInvalid as exc:
        session.rollback()
        problem = translate(locale, "workbook.problems", name=name, count=len(exc.errors))
        return _form_page(
            request, viewer, locale, problem=problem, errors=exc.errors, status_code=400
        )
    request.session[SESSION_SUMMARY] = {
        "name": name,
        "changed": summary.changed,
        "sheets": {key: vars(counts) for key, counts in summary.sheets.items()},
    }
    return RedirectResponse("/workbook", status_code=303)


def _import(
    request: Request, session: Session, viewer: Viewer, name: str, content: bytes
) -> ImportSummary:
    routing = wiring.factor_rules(request.app.state.settings).routing
    with _scratch(name) as path:
        path.write_bytes(content)
        return import_workbook(
            session=session,
            workbook=read_workbook(path, wiring.sheet_limits(request.app.state.settings)),
            actor=f"{viewer.actor.label} (import:{name})"[:254],
            now=wiring.now(),
            routing={kind.value: code for kind, code in routing.items()},
            rules=request.app.state.rules,  # new tasks are handed over by their 交办单
            kinds=wiring.designation_kinds(request.app.state.settings),
            pipeline=wiring.pipeline_rules(request.app.state.settings),
        )
