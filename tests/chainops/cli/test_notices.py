"""Notices from the command line: sent over SMTP once each, waiting while the server is down."""

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from chainops.cli import app
from chainops.settings import get_settings


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def over_smtp(on_demo: Path, smtp_server: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The demo copy mailing through the test's SMTP server, with a fresh day of notices."""
    monkeypatch.setenv("CHAINOPS_EMAIL_TRANSPORT", "smtp")
    monkeypatch.setenv("CHAINOPS_SMTP_HOST", smtp_server.host)
    monkeypatch.setenv("CHAINOPS_SMTP_PORT", str(smtp_server.port))
    get_settings.cache_clear()
    swept = json.loads(run("sweep", "--as-of", "2026-12-03T08:30", "--json").stdout)
    assert swept["outbox_rows"] > 0
    return swept


def delivered_ids(server: Any) -> list[int]:
    return [int(i) for m in server.messages for i in m["X-Chainops-Outbox"].split(",")]


def test_notices_go_out_over_smtp_once_each_and_wait_while_the_server_is_down(
    over_smtp: Any, smtp_server: Any
) -> None:
    smtp_server.stop()
    down = json.loads(run("notices", "send", "--as-of", "2026-12-03T09:00", "--json").stdout)
    smtp_server.start()
    back = json.loads(run("notices", "send", "--as-of", "2026-12-03T09:05", "--json").stdout)
    again = json.loads(run("notices", "send", "--as-of", "2026-12-03T09:30", "--json").stdout)

    assert (down["sent"], down["retrying"]) == (0, over_smtp["outbox_rows"])
    assert back["sent"] == over_smtp["outbox_rows"]
    assert again["claimed"] == 0
    ids = delivered_ids(smtp_server)
    assert len(ids) == len(set(ids)) == over_smtp["outbox_rows"]


def test_at_night_the_outbox_waits(over_smtp: Any, smtp_server: Any) -> None:
    night = run("notices", "send", "--as-of", "2026-12-03T21:00")
    assert "outside the sending window (08:30-18:00 on working days)" in night.stdout
    assert smtp_server.messages == []


def test_dead_letters_are_listed_shown_on_the_overview_and_can_be_retried(
    over_smtp: Any, smtp_server: Any
) -> None:
    smtp_server.mode("refuse", code=550, at="rcpt")
    run("notices", "send", "--as-of", "2026-12-03T09:00")
    dead = json.loads(run("notices", "list", "--failed", "--json").stdout)
    overview = run("overview")
    notice = dead[0]["notice_id"]
    shown = json.loads(run("notices", "show", str(notice), "--json").stdout)

    assert len(dead) == over_smtp["outbox_rows"]
    assert "550" in dead[0]["error"]
    assert "failed for good: see `chainops notices list --failed`" in overview.stdout
    assert shown["deliveries"][0]["history"][0]["permanent"] is True

    smtp_server.mode("accept")
    assert "queued again" in run("notices", "retry", str(notice)).stdout
    retried = json.loads(run("notices", "send", "--as-of", "2026-12-03T09:10", "--json").stdout)
    assert retried["sent"] == len(shown["deliveries"])


def test_a_recipient_may_ask_for_english_and_one_mail_per_notice(
    over_smtp: Any, smtp_server: Any
) -> None:
    rows = json.loads(run("notices", "list", "--json").stdout)
    today = [n for n in rows if n["issued_at"].startswith("2026-12-03")]
    counts: dict[str, int] = {}
    for notice in today:
        for recipient in notice["recipients"]:
            counts[recipient["email"]] = counts.get(recipient["email"], 0) + 1
    busy = max(counts, key=lambda email: counts[email])
    assert counts[busy] > 1

    assert run("notices", "prefer", busy, "--locale", "en", "--each").exit_code == 0
    run("notices", "send", "--as-of", "2026-12-03T09:00")

    mine = [m for m in smtp_server.messages if m["To"].addresses[0].addr_spec == busy]
    assert len(mine) == counts[busy]
    assert all(m["Subject"].split()[0].isascii() for m in mine)  # "Urging slip 聊链…: …"
