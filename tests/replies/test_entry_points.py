"""`chainops replies collect` and the collect-replies flow, on the settings' mailbox."""

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select
from typer.testing import CliRunner

from chainops import wiring
from chainops.cli import app
from chainops.settings import Settings, get_settings
from flows.replies import collect_replies_flow
from models import Task
from tests.flows.conftest import prefect_server
from tests.replies.city import MAIL_RULES, TITLE, delivered, reminded_city, reply_to
from tests.replies.conftest import ImapServer

__all__ = ["prefect_server"]


@pytest.fixture
def configured(
    database_url: str, imap: ImapServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Path]:
    """The settings pointing at the test database and mailbox; answers go to .eml files."""
    answers = tmp_path / "answers"
    for name, value in {
        "DATABASE_URL": database_url, "IMAP_HOST": imap.host, "IMAP_PORT": str(imap.port),
        "IMAP_SECURITY": "none", "IMAP_USER": imap.user, "IMAP_PASSWORD": imap.password,
        "EMAIL_TRANSPORT": "file", "OUTBOX_DIR": str(answers),
        "EMAIL_FROM": MAIL_RULES.sender, "SECRET_KEY": MAIL_RULES.secret,
    }.items():  # fmt: skip
        monkeypatch.setenv(f"CHAINOPS_{name}", value)
    get_settings.cache_clear()
    wiring.engine_for.cache_clear()
    yield answers
    get_settings.cache_clear()
    wiring.engine_for.cache_clear()


def progress(session: Session) -> int:
    session.expire_all()
    return session.exec(select(Task.progress).where(Task.title == TITLE)).one()


def test_the_command_collects_as_of_a_time_and_prints_json(
    configured: Path, session: Session, engine: sa.Engine, imap: ImapServer, tmp_path: Path
) -> None:
    imap.append(reply_to(delivered(reminded_city(session, engine, tmp_path)), "进度 60%"))

    result = CliRunner().invoke(
        app, ["replies", "collect", "--as-of", "2026-11-30T10:00", "--json"]
    )

    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["read"], report["applied"], report["answered"]) == (1, 1, 1)
    assert progress(session) == 60
    assert len(list(configured.glob("*.eml"))) == 1


def test_the_command_names_the_mailbox_it_cannot_reach(
    configured: Path, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHAINOPS_IMAP_PASSWORD", "wrong")
    get_settings.cache_clear()

    result = CliRunner().invoke(app, ["replies", "collect"])

    assert result.exit_code == 1
    assert "IMAP 127.0.0.1" in result.output and "as chainops" in result.output
    assert "wrong" not in result.output
    assert "Traceback" not in result.output


def test_without_a_mailbox_the_command_says_what_to_set(
    session: Session, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHAINOPS_DATABASE_URL", database_url)
    monkeypatch.delenv("CHAINOPS_IMAP_HOST", raising=False)
    get_settings.cache_clear()

    result = CliRunner().invoke(app, ["replies", "collect"])
    get_settings.cache_clear()

    assert result.exit_code == 1
    assert "CHAINOPS_IMAP_HOST is not set" in result.output


def test_the_flow_collects_on_a_working_day_and_rests_on_a_holiday(
    prefect_server: None,
    configured: Path,
    session: Session,
    engine: sa.Engine,
    imap: ImapServer,
    tmp_path: Path,
) -> None:
    imap.append(reply_to(delivered(reminded_city(session, engine, tmp_path)), "进度 70% 已开工"))

    holiday = collect_replies_flow(as_of=datetime(2026, 10, 1, 2, 0, tzinfo=UTC))
    report = collect_replies_flow(as_of=datetime(2026, 11, 30, 2, 0, tzinfo=UTC))

    assert holiday == {"today": "2026-10-01", "working_day": False}
    assert (report["working_day"], report["applied"], report["filed"]) == (True, 1, 1)
    assert progress(session) == 70


def test_the_imap_port_follows_the_security_unless_it_is_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CHAINOPS_IMAP_PORT", raising=False)
    for security, port in (("ssl", 993), ("starttls", 143), ("none", 143)):
        monkeypatch.setenv("CHAINOPS_IMAP_SECURITY", security)
        assert Settings().imap_port_used == port
    monkeypatch.setenv("CHAINOPS_IMAP_PORT", "1993")
    assert Settings().imap_port_used == 1993
    monkeypatch.setenv("CHAINOPS_IMAP_HOST", "mail.example.gov.cn")
    monkeypatch.setenv("CHAINOPS_IMAP_PASSWORD", "hunter2-secret")
    config = wiring.mailbox(Settings())
    assert config is not None and config.done_folder == "chainops-done"
    assert "hunter2-secret" not in repr(config)  # never in a log or a traceback
