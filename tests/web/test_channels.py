"""The office's channel status page: each group robot and the SMS channel with its last
success, its last error and what it delivered today; nobody else may read it."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from fastapi.testclient import TestClient

from models import OutboxMessage
from tests.web.conftest import sign_in

OUTBOX = OutboxMessage.__table__  # type: ignore[attr-defined]


def _queue(web_db: Path) -> None:
    """Three robot rows (two sent, one failing) and an SMS of unknown outcome, on the first
    notice of the demo city."""
    engine = sa.create_engine(f"sqlite:///{web_db}")
    now = datetime.now(UTC)
    with engine.begin() as connection:
        notice_id = connection.execute(sa.text("SELECT min(id) FROM notice")).scalar_one()

        def row(n: int, channel: str, address: str, state: str, **values: object) -> dict:
            return {
                "notice_id": notice_id, "channel": channel, "recipient_email": address,
                "recipient_name": None, "recipient_role": "group",
                "dedupe_key": f"status-test-{n}", "state": state, "attempts": 1,
                "next_attempt_at": now, "sent_at": None, "last_error": None, **values,
            }  # fmt: skip

        connection.execute(
            OUTBOX.insert(),
            [
                row(1, "robot", "robot:bearing-wecom", "sent", sent_at=now - timedelta(days=2)),
                row(2, "robot", "robot:bearing-wecom", "sent", sent_at=now),
                row(3, "robot", "robot:bearing-dingtalk", "pending",
                    last_error="DingTalk errcode 90030: over the limit, waiting 10 minutes"),
                row(4, "sms", "liu.qinghua@example.com", "unknown", sent_at=now,
                    last_error="outcome unknown, not re-sent: the answer was lost"),
            ],
        )  # fmt: skip
    engine.dispose()


def test_the_office_sees_each_channel_with_its_last_success_and_error(
    client: TestClient, web_db: Path
) -> None:
    _queue(web_db)
    sign_in(client, "office")

    page = client.get("/channels")

    assert page.status_code == 200
    text = " ".join(page.text.split())
    assert "robot:bearing-wecom" in text and "robot:bearing-dingtalk" in text
    assert "errcode 90030" in text and "outcome unknown, not re-sent" in text
    # Today: the WeCom robot's second message; the SMS of unknown outcome is not counted sent.
    assert page.text.count('data-label="Sent today">1<') == 1
    assert page.text.count('data-label="Sent today">0<') == 2
    assert 'href="/channels"' in page.text  # in the office's menu


def test_the_channel_status_is_for_the_office_only(client: TestClient, web_db: Path) -> None:
    sign_in(client, "dept")

    assert client.get("/channels").status_code == 403
    assert 'href="/channels"' not in client.get("/").text
