"""``chainops feedback list`` and ``handled``: what came in through the feedback link."""

import json
from datetime import UTC, datetime

from sqlmodel import Session
from typer.testing import CliRunner

from chainops.cli import app
from services.feedback import submit_feedback


def _one(session: Session, text: str, contact: str = "13912345678") -> int:
    row = submit_feedback(
        session=session, kind="complaint", text=text, name="赵敏", contact=contact,
        notice_id=None, viewer=None, address="10.0.0.9", now=datetime(2026, 12, 3, 2, tzinfo=UTC),
    )  # fmt: skip
    session.commit()
    assert row.id is not None
    return row.id


def test_feedback_list_prints_every_message_and_json_keeps_its_keys(
    chainops: CliRunner, session: Session
) -> None:
    first = _one(session, "周末收到督办短信")
    _one(session, "建议按部门汇总", contact="a@b.cn")
    table = chainops.invoke(app, ["feedback", "list"], catch_exceptions=False)
    assert table.exit_code == 0, table.output
    assert "周末收到督办短信" in table.stdout and "a@b.cn" in table.stdout
    listed = json.loads(chainops.invoke(app, ["feedback", "list", "--json"]).stdout)
    assert [row["text"] for row in listed] == ["建议按部门汇总", "周末收到督办短信"]
    assert {"id", "kind", "name", "contact", "notice_id", "submitted_at", "handled"} <= set(
        listed[0]
    )
    done = chainops.invoke(app, ["feedback", "handled", str(first), "--by", "gao@x.cn"])
    assert done.exit_code == 0, done.output
    unhandled = json.loads(
        chainops.invoke(app, ["feedback", "list", "--unhandled", "--json"]).stdout
    )
    assert [row["text"] for row in unhandled] == ["建议按部门汇总"]


def test_marking_a_message_that_does_not_exist_says_so(chainops: CliRunner) -> None:
    result = chainops.invoke(app, ["feedback", "handled", "4242"])
    assert result.exit_code == 1
    assert "there is no feedback 4242" in result.output
