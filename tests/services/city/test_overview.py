"""The overview's red and yellow lists: for every demo persona, exactly the open tasks of that
light the persona may see, soonest due first — however many ways (chain, lead department,
owner) a task is theirs, and wherever the list is cut."""

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, col, create_engine, select

from mechanism.calendar import WorkingCalendar
from mechanism.vocabulary import OPEN_TASK_STATES, Light
from models import Task, User
from services.city import lit_tasks
from services.config import EngineRules
from services.people import viewer_for

TODAY = date(2026, 12, 1)
RULES = EngineRules(calendar=WorkingCalendar())
PERSONAS = (
    "gao.wenbo@example.gov.cn",  # office
    "guo.jiaqi@example.gov.cn",  # working groups of three chains, a department, owns tasks
    "liang.xiaoyan@example.gov.cn",  # a department
    "li.zhenhua@example.gov.cn",  # a chain leader
    "liu.qinghua@huasheng-chem.example.com",  # a firm: no tasks
    "visitor@example.org",  # an outsider: no tasks
)


@pytest.mark.parametrize("light", [Light.RED, Light.YELLOW])
@pytest.mark.parametrize("limit", [1, 3, 50])
def test_the_lists_are_what_the_persona_sees_soonest_due_first(
    demo_db: Path, light: Light, limit: int
) -> None:
    with Session(create_engine(f"sqlite:///{demo_db}")) as session:
        tasks = session.exec(
            select(Task)
            .where(col(Task.state).in_([s.value for s in OPEN_TASK_STATES]))
            .where(Task.light == light.value)
        ).all()
        ways: dict[str, int] = {}
        for username in PERSONAS:
            user = session.exec(select(User).where(User.username == username)).one()
            viewer = viewer_for(session, user)
            ways[username] = len(viewer.task_ways(Task))
            expected = sorted(
                (t.due_date, t.id)
                for t in tasks
                if viewer.sees_task(
                    chain_id=t.chain_id,
                    lead_department_id=t.lead_department_id,
                    owner_id=t.owner_id,
                )
            )[:limit]

            listed = lit_tasks(
                session=session, viewer=viewer, light=light, limit=limit, today=TODAY, rules=RULES
            )

            assert [(row.task.due_date, row.task.id) for row in listed] == expected, username
            assert all(row.reason and row.department for row in listed)  # lit: it says why
        assert ways["guo.jiaqi@example.gov.cn"] == 3  # chains, department and owner: merged
