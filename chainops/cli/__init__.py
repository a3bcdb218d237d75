"""The ``chainops`` command: parse, call one service, print. No queries here.

One module per command group, each adding its commands with a ``register_*`` function;
``common`` (options, errors, ``--as-of``, the session) and ``output`` (tables, JSON) are what
they share. The groups are registered in the order ``chainops --help`` lists them.
"""

import typer
from pydantic import ValidationError

from chainops import wiring
from chainops.cli.benchmarks import register_benchmarks
from chainops.cli.calendar import register_calendar
from chainops.cli.channels import register_channels
from chainops.cli.common import fail
from chainops.cli.db import register_db
from chainops.cli.demo import register_demo
from chainops.cli.enterprises import register_enterprises
from chainops.cli.feedback import register_feedback
from chainops.cli.investment import register_investment
from chainops.cli.lists import register_lists
from chainops.cli.matchmaking import register_matchmaking
from chainops.cli.notices import register_notices
from chainops.cli.overview import register_overview
from chainops.cli.plans import register_plans
from chainops.cli.practice_records import records_app
from chainops.cli.projects import register_project_commands
from chainops.cli.replies import register_replies
from chainops.cli.requests import register_request_commands
from chainops.cli.rollup import register_rollup
from chainops.cli.scheduler import register_scheduler
from chainops.cli.supply_lists import register_supply_lists
from chainops.cli.sweep import register_sweep
from chainops.cli.tasks import register_task_actions
from chainops.cli.todo import register_todo
from chainops.cli.users import register_users
from chainops.cli.web import register_web
from chainops.cli.workbook import register_workbook
from chainops.settings import get_settings
from services.config import ChannelConfigError

__all__ = ["app"]

app = typer.Typer(
    help="chainops: the chain-chief system's tasks, deadlines, notices and rollups.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

register_db(app)
groups = register_lists(app)
register_task_actions(groups["tasks"])
register_request_commands(groups["requests"], groups["projects"])
register_project_commands(groups["projects"])
register_enterprises(app)
register_plans(groups["enterprises"])  # 一企一策 plans: `chainops enterprises plans …`
register_sweep(app)
register_notices(app)
register_channels(app)
register_replies(app)
register_feedback(app)
register_rollup(app)
register_calendar(app)
register_scheduler(app)
register_users(app)
register_web(app)
register_workbook(app)
register_overview(app)
register_todo(app)
register_supply_lists(register_matchmaking(app))
register_investment(app)  # issue 17: targets and the pipeline's projects
register_benchmarks(app)
# issue 18: until the practices' group (`chainops practices`) takes these commands in
app.add_typer(records_app, name="practice-records")
register_demo(app)


@app.callback()
def _check_settings() -> None:
    """Refuse to run with settings that are wrong, before touching anything."""
    try:
        get_settings()
    except ValidationError as exc:
        problems = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
        raise fail(f"settings: {problems}", 2) from exc
    try:
        wiring.live_channels()  # the engine routes by it and the dispatcher sends by it
    except ChannelConfigError as exc:
        raise fail(str(exc), 2) from exc
