"""Group robots through the dispatcher: one digest per robot per run with the chain's
coordination and supervision notices, the people concerned @-mentioned by mobile (at most
three times a day each), the robot's rate limit kept across runs, nothing off-hours."""

from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from models import ChannelBucket, OutboxMessage
from notifications.robots import DingTalkRobot, WeComRobot
from notifications.transports import FileTransport
from services.config import EngineRules
from services.outbox import Channels, dispatch
from services.people import mobiles_of
from tests.notifications.channel_city import leader_city
from tests.notifications.channel_city import supervise as issue_supervision
from tests.notifications.robot_servers import DingTalkServer, WeComServer
from tests.notifications.test_dispatch import CALENDAR, MONDAY_0900, RULES

ISSUING = EngineRules(calendar=CALENDAR, robots={"BEARING": ("bearing-wecom", "bearing-ding")})


@pytest.fixture
def city(session: Session, tmp_path: Path) -> int:
    return leader_city(session, tmp_path)


def supervise(engine: sa.Engine, chain_id: int, day: str, *subjects: int) -> None:
    issue_supervision(engine, chain_id, *subjects, rules=ISSUING, day=day)


def run(engine: sa.Engine, now: datetime, wecom: WeComServer, ding: DingTalkServer,
        tmp_path: Path) -> object:  # fmt: skip
    channels = Channels(
        robots={
            "bearing-wecom": WeComRobot("wecom-key-0001", base_url=wecom.url),
            "bearing-ding": DingTalkRobot(
                "ding-token-0001", "SECdingtalk-test-secret-0001", (), base_url=ding.url
            ),
        },
        mention_mobiles=partial(mobiles_of, engine, allowing="robot_mentions"),
    )
    try:
        return dispatch(engine=engine, now=now, transport=FileTransport(tmp_path / "mail"),
                        rules=RULES, channels=channels)  # fmt: skip
    finally:
        channels.close()


def markdowns(server: WeComServer | DingTalkServer) -> list[str]:
    found = []
    for receipt in server.received:
        if receipt.body.get("msgtype") == "markdown":
            part = receipt.body["markdown"]
            found.append(str(part.get("content") or part.get("text")))
    return found


def test_the_chains_notices_reach_each_robot_as_one_digest_mentioning_the_leader(
    city: int, engine: sa.Engine, session: Session, wecom_server: WeComServer,
    dingtalk_server: DingTalkServer, tmp_path: Path,
) -> None:  # fmt: skip
    supervise(engine, city, "2026-11-30", 1, 2, 3)
    report = run(engine, MONDAY_0900, wecom_server, dingtalk_server, tmp_path)

    for server in (wecom_server, dingtalk_server):
        [digest] = markdowns(server)
        assert all(f"督办事项{n}" in digest for n in (1, 2, 3))
    [mention] = [r.body for r in wecom_server.received if r.body["msgtype"] == "text"]
    assert mention["text"]["mentioned_mobile_list"] == ["13800000001"]
    [ding] = dingtalk_server.received
    assert ding.body["at"]["atMobiles"] == ["13800000001"]
    assert "@13800000001" in ding.body["markdown"]["text"]
    session.commit()
    robots = session.exec(select(OutboxMessage).where(OutboxMessage.channel == "robot")).all()
    assert len(robots) == 6 and {r.state for r in robots} == {"sent"}
    assert report.dead == 0


def test_nobody_is_mentioned_more_than_three_times_a_day(
    city: int, engine: sa.Engine, wecom_server: WeComServer,
    dingtalk_server: DingTalkServer, tmp_path: Path,
) -> None:  # fmt: skip
    for n in range(1, 5):  # four runs that day, each with a new supervision notice
        supervise(engine, city, "2026-11-30", n)
        run(engine, MONDAY_0900 + timedelta(minutes=10 * n), wecom_server, dingtalk_server,
            tmp_path)  # fmt: skip

    mentioned = [r.body.get("at", {}).get("atMobiles") for r in dingtalk_server.received]
    assert mentioned == [["13800000001"]] * 3 + [[]]
    assert len(markdowns(dingtalk_server)) == 4  # the fourth digest still goes, unmentioned


def test_a_robot_at_its_rate_limit_waits_and_its_digest_goes_when_tokens_are_back(
    city: int, engine: sa.Engine, session: Session, wecom_server: WeComServer,
    dingtalk_server: DingTalkServer, tmp_path: Path,
) -> None:  # fmt: skip
    recent = [(MONDAY_0900 - timedelta(seconds=30)).isoformat()] * 18  # a full minute's posts
    session.add(ChannelBucket(name="bearing-ding", spent=recent))
    session.commit()
    supervise(engine, city, "2026-11-30", 1)

    report = run(engine, MONDAY_0900, wecom_server, dingtalk_server, tmp_path)
    assert report.waiting == 1 and dingtalk_server.received == []
    assert len(markdowns(wecom_server)) == 1  # the other robot is not held back

    run(engine, MONDAY_0900 + timedelta(seconds=31), wecom_server, dingtalk_server, tmp_path)
    assert len(markdowns(dingtalk_server)) == 1


def test_no_robot_posts_outside_working_hours(
    city: int, engine: sa.Engine, wecom_server: WeComServer,
    dingtalk_server: DingTalkServer, tmp_path: Path,
) -> None:  # fmt: skip
    supervise(engine, city, "2026-11-30", 1)
    evening = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    saturday = datetime(2026, 12, 5, 2, 0, tzinfo=UTC)
    for night in (evening, saturday):  # 20:00 in the city; a Saturday morning
        run(engine, night, wecom_server, dingtalk_server, tmp_path)
    assert wecom_server.received == [] and dingtalk_server.received == []


def test_a_robot_that_says_it_is_over_its_limit_is_left_alone_as_long_as_it_asks(
    city: int, engine: sa.Engine, session: Session, wecom_server: WeComServer,
    dingtalk_server: DingTalkServer, tmp_path: Path,
) -> None:  # fmt: skip
    dingtalk_server.answer(90030, "send too fast, exceed 20 times per minute")
    supervise(engine, city, "2026-11-30", 1)
    run(engine, MONDAY_0900, wecom_server, dingtalk_server, tmp_path)

    session.commit()
    [row] = session.exec(
        select(OutboxMessage).where(OutboxMessage.recipient_email == "robot:bearing-ding")
    ).all()
    # DingTalk throttles such a robot for ten minutes: the retry waits that long, not 1 minute.
    assert row.state == "pending" and row.next_attempt_at >= MONDAY_0900 + timedelta(minutes=10)
