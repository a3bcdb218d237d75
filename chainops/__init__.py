"""The composition root: settings, the Typer CLI and the demo city."""
