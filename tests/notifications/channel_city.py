"""A one-chain city whose chain leader has a mobile, and supervision notices issued to them:
what the robot, SMS and end-to-end channel tests deliver."""

from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from mechanism.ladder import RecipientRole
from notifications.examples import EXAMPLE_CONTEXTS
from services.config import EngineRules
from services.outbox import NewNotice, issue_notices
from services.people import Directory, Recipient, set_mobile
from services.workbook import import_workbook, read_workbook
from tests.notifications.test_dispatch import MONDAY_0830
from tests.services.workbooks import small_city, write_workbook

LEADER = Recipient("wang.lei@example.gov.cn", "王磊", RecipientRole.CHAIN_LEADER)


def leader_city(session: Session, tmp_path: Path) -> int:
    """Import the small city, give its chain leader the mobile 13800000001 (written the way
    people write it); the chain's id."""
    workbook = read_workbook(write_workbook(tmp_path / "city.xlsx", small_city()))
    import_workbook(session=session, workbook=workbook, actor="t", now=MONDAY_0830)
    set_mobile(session=session, email=LEADER.email, mobile="138 0000 0001", actor="t",
               now=MONDAY_0830)  # fmt: skip
    session.commit()
    chain_id = int(session.connection().execute(sa.text("SELECT id FROM chain")).scalar_one())
    session.commit()  # end the read, so what issuing writes next is seen
    return chain_id


def supervise(
    engine: sa.Engine, chain_id: int, *subjects: int, rules: EngineRules, day: str = "2026-11-30"
) -> None:
    """Issue a supervision notice to the chain leader for each task id in ``subjects``."""
    notices = [
        NewNotice(
            key=f"task:{n}:supervision:{day}", kind="supervision", level=3, chain_id=chain_id,
            subject_type="task", subject_id=n, year=2026,
            facts={**EXAMPLE_CONTEXTS["supervision"], "title": f"督办事项{n}"},
            recipients=[LEADER],
        )
        for n in subjects
    ]  # fmt: skip
    with engine.begin() as connection:
        issue_notices(
            connection, notices, now=MONDAY_0830, directory=Directory(connection), rules=rules
        )
