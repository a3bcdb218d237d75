"""``chainops investment …``: targeted investment attraction (精准招商) — the pipeline of
projects (``projects``; the targets' commands join this group too)."""

import typer

from chainops.cli.investment_projects import projects_app


def register_investment(app: typer.Typer) -> typer.Typer:
    """Add the ``investment`` group to ``app``; returns it for more subgroups."""
    group = typer.Typer(help="Targeted investment attraction (精准招商).", no_args_is_help=True)
    group.add_typer(projects_app, name="projects")
    app.add_typer(group, name="investment")
    return group
