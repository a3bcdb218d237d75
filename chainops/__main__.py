"""``python -m chainops``: the same command as the ``chainops`` script."""

from chainops.cli import app

app(prog_name="chainops")
