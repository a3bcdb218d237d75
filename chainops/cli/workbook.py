"""``chainops import`` and ``chainops export``: the office's workbook, in and out."""

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from chainops import wiring
from chainops.cli.common import fail, open_session
from chainops.cli.output import errors, print_rows
from chainops.settings import get_settings
from services.workbook import (
    WorkbookInvalid,
    export_workbook,
    import_workbook,
    read_workbook,
    write_template,
)


def register_workbook(app: typer.Typer) -> None:
    """Add the ``import`` and ``export`` commands to ``app``."""

    @app.command("import")
    def import_(
        file: Annotated[Path, typer.Argument(help="An .xlsx workbook (or its .yaml twin).")],
        dry_run: Annotated[bool, typer.Option(help="Validate and report, write nothing.")] = False,
    ) -> None:
        """Import a workbook. It is checked whole first: one bad row and nothing is written."""
        if not file.is_file():
            raise fail(f"{file}: no such file")
        try:
            with open_session() as session:
                summary = import_workbook(
                    session=session,
                    workbook=read_workbook(file, wiring.sheet_limits()),
                    actor=f"import:{file.name}"[:254],  # the audit's actor column
                    now=wiring.now(),
                    routing={
                        kind.value: code for kind, code in wiring.factor_rules().routing.items()
                    },
                    rules=wiring.engine_rules(),  # new tasks are handed over by their 交办单
                    kinds=wiring.designation_kinds(),
                    pipeline=wiring.pipeline_rules(),  # a first signing's filing days
                )
                if dry_run:
                    session.rollback()
        except WorkbookInvalid as exc:
            for error in exc.errors:
                errors.print(str(error), highlight=False, markup=False)
            raise fail(f"{file}: {len(exc.errors)} problem(s); nothing was imported") from exc
        rows = [{"sheet": key, **asdict(counts)} for key, counts in summary.sheets.items()]
        title = f"{file.name}: " + ("checked, nothing written (dry run)" if dry_run else "imported")
        print_rows(title, rows, ["sheet", "created", "updated", "unchanged"])

    @app.command("export")
    def export(
        file: Annotated[Path, typer.Argument(help="The .xlsx file to write.")],
        template: Annotated[
            bool, typer.Option("--template", help="Write an empty, documented workbook.")
        ] = False,
        locale: Annotated[
            str | None,
            typer.Option(help="Header language: zh-CN or en (default: CHAINOPS_LOCALE)."),
        ] = None,
    ) -> None:
        """Export everything in the import format (or an empty template).

        Every task is in it: action-plan items in the plan tasks sheet, all others (meeting
        decisions, leader instructions, …) in the assigned tasks sheet."""
        chosen = locale or get_settings().locale
        if chosen not in ("zh-CN", "en"):
            raise fail(f"--locale must be zh-CN or en, not {chosen!r}", 2)
        if file.suffix.lower() != ".xlsx":
            raise fail(f"{file}: the export is an .xlsx workbook; name the file *.xlsx", 2)
        if template:
            write_template(path=file, locale=chosen)
            print(f"template written to {file}")
            return
        with open_session() as session:
            counts = export_workbook(session=session, path=file, locale=chosen)
        print(f"exported {sum(counts.values())} rows to {file}")
