"""``chainops db upgrade``: create the database schema, or bring it up to date."""

import typer

from chainops import wiring
from services.database import upgrade_schema


def register_db(app: typer.Typer) -> None:
    """Add the ``db`` group to ``app``."""
    db_app = typer.Typer(help="The database schema.", no_args_is_help=True)
    app.add_typer(db_app, name="db")

    @db_app.command("upgrade")
    def db_upgrade() -> None:
        """Create the schema, or bring it up to date."""
        before, after = upgrade_schema(engine=wiring.engine())
        if before == after:
            print(f"schema already at revision {after}")
        else:
            print(f"schema upgraded from {before or 'nothing'} to revision {after}")
