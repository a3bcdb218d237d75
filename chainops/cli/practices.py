"""``chainops practices run|list``: the standing practices (巡链, 诊链, 问链, 月调度) from the
command line — make each period's task now (what the daily ``standing-practices`` flow does),
and list the periods made, one chain's or only the gaps.

``app`` is the ``practices`` group; the records' commands (``record``, ``show``,
``problem-task``, ``problem-request``) live in ``chainops.cli.practice_records`` and are added
to this same group where marked below.
"""

from typing import Annotated

import typer

from chainops import wiring
from chainops.cli.common import ChainOption, JsonOption, fail, open_session, parse_as_of
from chainops.cli.output import print_json, print_rows
from chainops.cli.practice_records import records_app
from chainops.settings import get_settings
from mechanism.practices import PracticeRules
from services import practices as service
from services.config import MechanismConfigError

AsOf = Annotated[str | None, typer.Option("--as-of", help="Run as of this local date-time.")]
_COLUMNS = [
    "chain", "practice", "name_zh", "period", "starts_on", "ends_on", "due_on", "task_id",
    "task_state", "done", "gap", "caught_up",
]  # fmt: skip
_ZH = {
    "chain": "产业链", "practice": "工作代码", "name_zh": "工作", "period": "周期",
    "starts_on": "开始", "ends_on": "结束", "due_on": "截止", "task_id": "任务编号",
    "task_state": "任务状态", "done": "已开展", "gap": "缺项", "caught_up": "补建",
}  # fmt: skip

app = typer.Typer(help="Standing practices (巡链, 诊链, 问链, 月调度): periods, tasks and gaps.")


def _rules() -> PracticeRules:
    try:
        return wiring.practice_rules()
    except MechanismConfigError as exc:
        raise fail(f"mechanism file: {exc}", 2) from exc


@app.command("run")
def run(as_of: AsOf = None, as_json: JsonOption = False) -> None:
    """Make each period's task of every chain's practices that is not made yet (once)."""
    practices = _rules()
    rules = wiring.engine_rules()
    now = parse_as_of(as_of, get_settings().zone)
    with open_session() as session:
        report = service.make_periods(session=session, now=now, rules=rules, practices=practices)
    if as_json:
        print_json(report.as_dict())
        return
    print(f"{report.today}: {report.made} period(s) made, {report.caught_up} of them caught up")
    for line in report.skipped:
        print(f"skipped: {line}")


@app.command("list")
def list_command(
    chain: ChainOption = None,
    gaps: Annotated[bool, typer.Option("--gaps", help="Only the periods missed.")] = False,
    as_of: AsOf = None,
    as_json: JsonOption = False,
) -> None:
    """The periods made, the latest-ending first: task, state, done, and whether a gap."""
    practices = _rules()
    today = wiring.engine_rules().today(parse_as_of(as_of, get_settings().zone))
    with open_session() as session:
        try:
            rows = service.list_periods(
                session, today, chain_code=chain, gaps_only=gaps, practices=practices
            )
        except service.UnknownChain as exc:
            raise fail(str(exc)) from exc
    if as_json:
        print_json(rows)
    else:
        print_rows("Practice gaps" if gaps else "Practice periods", rows, _COLUMNS, headers=_ZH)


# The records' commands (``record``, ``show``, ``problem-task``, ``problem-request``) are
# defined beside their own helpers in ``chainops.cli.practice_records`` and join this group.
app.registered_commands += records_app.registered_commands


def register_practices(root: typer.Typer) -> typer.Typer:
    """Add ``chainops practices …`` to the root command."""
    root.add_typer(app, name="practices")
    return app
