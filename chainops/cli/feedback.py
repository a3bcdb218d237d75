"""``chainops feedback list [--json]``, ``chainops feedback handled ID``: the feedback and
complaints (意见与投诉) sent through the link in every notice, as the office's list shows them."""

from typing import Annotated

import typer

from chainops import wiring
from chainops.cli.common import JsonOption, fail, open_session
from chainops.cli.output import labels_of, print_json, print_rows
from mechanism.vocabulary import FeedbackKind
from services.feedback import NoSuchFeedback, list_feedback, mark_handled
from services.people import Actor

# This table's own Chinese headers (``words.HEADERS`` has "name" as a thing's name).
_HEADERS = {
    "name": "姓名",
    "text": "内容",
    "contact": "联系方式",
    "notice_number": "通知文号",
    "submitted_at": "提交时间",
    "handled": "已处理",
}


def register_feedback(app: typer.Typer) -> None:
    """Add the ``feedback`` group to ``app``."""
    group = typer.Typer(help="Feedback and complaints sent to the office.", no_args_is_help=True)
    app.add_typer(group, name="feedback")

    @group.command("list")
    def list_command(
        unhandled: Annotated[
            bool, typer.Option("--unhandled", help="Only those not yet marked handled.")
        ] = False,
        as_json: JsonOption = False,
    ) -> None:
        """Every message, newest first, with the notice it is about."""
        with open_session() as session:
            rows = list_feedback(session=session, unhandled_only=unhandled)
        if as_json:
            print_json(rows)
            return
        columns = ["id", "kind", "text", "name", "contact", "notice_number", "submitted_at"]
        print_rows(
            "Feedback",
            rows,
            [*columns, "handled"],
            labels={"kind": labels_of(FeedbackKind)},
            headers=_HEADERS,
        )

    @group.command("handled")
    def handled(
        feedback_id: Annotated[int, typer.Argument(help="The message's id (`feedback list`).")],
        by: Annotated[str, typer.Option("--by", help="Who in the office handled it.")] = "office",
    ) -> None:
        """Mark one message handled."""
        with open_session() as session:
            try:
                mark_handled(
                    session=session,
                    feedback_id=feedback_id,
                    actor=Actor(by, is_office=True),
                    now=wiring.now(),
                )
            except NoSuchFeedback as exc:
                raise fail(str(exc)) from exc
        print(f"feedback {feedback_id} handled")
