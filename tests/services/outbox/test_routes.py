"""Routes as data: which notices also go to the chain's group robots and by SMS, decided when
they are issued (ladder.yaml ``routes``, ``sms_to``), and only where a channel is configured."""

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from mechanism.calendar import WorkingCalendar
from mechanism.ladder import RecipientRole
from models import OutboxMessage
from services.config import EngineRules, load_ladder_and_routes
from services.outbox import NewNotice, issue_notices
from services.people import Directory, Recipient, set_mobile
from services.workbook import import_workbook, read_workbook
from tests.services.workbooks import small_city, write_workbook

NOW = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
SHIPPED = Path(__file__).resolve().parents[3] / "chainops" / "config" / "ladder.yaml"
LEADER = Recipient("wang.lei@example.gov.cn", "王磊", RecipientRole.CHAIN_LEADER)
OWNER = Recipient("li.na@example.gov.cn", "李娜", RecipientRole.OWNER)
GXJ = Recipient("gxj@example.gov.cn", "市工业和信息化局", RecipientRole.LEAD_DEPARTMENT)


@pytest.fixture
def city(session: Session, tmp_path: Path) -> int:
    workbook = read_workbook(write_workbook(tmp_path / "city.xlsx", small_city()))
    import_workbook(session=session, workbook=workbook, actor="t", now=NOW)
    for person in (LEADER, OWNER):  # both can be texted; only the chain leader's role is
        set_mobile(session=session, email=person.email, mobile="13800000001", actor="t", now=NOW)
    session.commit()
    chain_id = session.connection().execute(sa.text("SELECT id FROM chain")).scalar_one()
    return int(chain_id)


def _issue(engine: sa.Engine, chain_id: int, kind: str, rules: EngineRules) -> None:
    notice = NewNotice(
        key=f"task:1:{kind}:2026-11-30", kind=kind, level=3, chain_id=chain_id,
        subject_type="task", subject_id=1, year=2026, facts={"title": "推动轴承钢本地化配套"},
        recipients=[LEADER, OWNER],
    )  # fmt: skip
    with engine.begin() as connection:
        directory = Directory(connection)
        issue_notices(connection, [notice], now=NOW, directory=directory, rules=rules)


def _rows(session: Session) -> list[tuple[str, str]]:
    session.commit()  # end the read snapshot: see what the issuing transaction wrote
    return sorted(
        (row.channel, row.recipient_email) for row in session.exec(select(OutboxMessage))
    )


def test_a_supervision_notice_goes_to_the_chains_robots_and_texts_the_chain_leader(
    city: int, engine: sa.Engine, session: Session
) -> None:
    _, _, routes = load_ladder_and_routes(SHIPPED)
    rules = EngineRules(
        calendar=WorkingCalendar(), routes=routes,
        robots={"BEARING": ("bearing-wecom", "bearing-dingtalk")}, sms=True,
    )  # fmt: skip

    _issue(engine, city, "supervision", rules)

    assert _rows(session) == [
        ("email", OWNER.email),
        ("email", LEADER.email),
        ("robot", "robot:bearing-dingtalk"),
        ("robot", "robot:bearing-wecom"),
        ("sms", LEADER.email),  # the chain leader only, not the owner
    ]


def test_a_reminder_goes_by_email_alone_and_nothing_unconfigured_is_queued(
    city: int, engine: sa.Engine, session: Session
) -> None:
    _, _, routes = load_ladder_and_routes(SHIPPED)
    configured = EngineRules(
        calendar=WorkingCalendar(), routes=routes, robots={"BEARING": ("bearing-wecom",)}
    )
    _issue(engine, city, "reminder", configured)
    # A coordination notice where no robot is configured for the chain and SMS is off.
    _issue(engine, city, "supervision", replace(configured, robots={}, sms=False))

    assert {channel for channel, _ in _rows(session)} == {"email"}


def test_no_text_is_queued_for_a_leader_without_a_mobile_or_who_turned_texts_off(
    city: int, engine: sa.Engine, session: Session
) -> None:
    from services.notices import set_preference

    set_preference(session=session, email=LEADER.email, locale=None, digest=None, sms=False,
                   now=NOW)  # fmt: skip
    session.commit()
    rules = EngineRules(calendar=WorkingCalendar(), sms=True)
    _issue(engine, city, "supervision", rules)

    assert {channel for channel, _ in _rows(session)} == {"email"}


def test_routes_in_the_ladder_file_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "ladder.yaml"
    path.write_text("routes:\n  supervision: [robots]\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"routes\.supervision: .*includes email"):
        load_ladder_and_routes(path)
    path.write_text("routes:\n  supervision: [email, fax]\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"unknown channel\(s\) \['fax'\]"):
        load_ladder_and_routes(path)
    path.write_text("routes:\n  memo: [email]\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"routes\.memo: unknown notice kind"):
        load_ladder_and_routes(path)


def test_a_notice_to_a_department_also_reaches_that_departments_robot(
    city: int, engine: sa.Engine, session: Session
) -> None:
    from mechanism.routing import Route, Routes

    routes = Routes({"urging_slip": frozenset({Route.ROBOTS})})
    rules = EngineRules(
        calendar=WorkingCalendar(), routes=routes, robots={"BEARING": ("bearing-wecom",)},
        department_robots={"GXJ": ("gxj-wecom",), "ZRJ": ("zrj-wecom",)},
    )  # fmt: skip
    notice = NewNotice(
        key="task:1:urging_slip:2026-11-30", kind="urging_slip", level=1, chain_id=city,
        subject_type="task", subject_id=1, year=2026, facts={"title": "推动轴承钢本地化配套"},
        recipients=[OWNER, GXJ],
    )  # fmt: skip
    with engine.begin() as connection:
        issue_notices(connection, [notice], now=NOW, directory=Directory(connection), rules=rules)

    robots = [address for channel, address in _rows(session) if channel == "robot"]
    assert robots == ["robot:bearing-wecom", "robot:gxj-wecom"]  # not ZRJ's: not addressed
