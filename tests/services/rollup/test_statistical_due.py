"""Closing a month counts due, on time and late against one statistical due date, on a real
database: tasks assigned, extended, blocked on land requests, released and signed off through
the services, then October closed.

The same hand-worked October as ``tests/mechanism/test_statistical_due.py``.
"""

from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, col, select

from mechanism.calendar import WorkingCalendar
from mechanism.ranking import Weights
from models import Task, TaskBlock
from services import tasks as task_service
from services.config import EngineRules, load_factor_rules
from services.people import Actor, actor_by_email, add_user
from services.requests import update_request
from services.rollup import RollupResult, close_month, show_month
from services.workbook import import_workbook, read_workbook
from tests.services.workbooks import BEARING_CODE, small_city, write_workbook

ROOT = Path(__file__).parents[3]
ZONE = ZoneInfo("Asia/Shanghai")
RULES = EngineRules(calendar=WorkingCalendar(), office_mailbox="office@example.gov.cn")
FACTORS = load_factor_rules(ROOT / "chainops" / "config" / "factors.yaml")
OWNER = "wang.lei@example.gov.cn"  # GXJ
OFFICE = "li.na@example.gov.cn"  # ZRJ, which handles land, and an office account
OCTOBER = date(2026, 10, 1)


def on(month: int, day: int) -> datetime:
    """10:00 in Shanghai on that day of 2026."""
    return datetime.combine(date(2026, month, day), time(10, 0), ZONE).astimezone(UTC)


class City:
    """The small city with three land requests (YS2026-001 … 003) and the moves of October."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def actor(self, email: str) -> Actor:
        return actor_by_email(self.session, email)

    def assign(self, title: str, due: date) -> int:
        task = task_service.assign_task(
            session=self.session, actor=self.actor(OFFICE), chain_code="BEARING", title=title,
            lead_department="GXJ", owner_email=OWNER, start=date(2026, 9, 1), due=due,
            now=on(9, 1), rules=RULES,
        )  # fmt: skip
        assert task.id is not None
        self.move("accept", task.id, on(9, 1))
        return task.id

    def move(self, action: str, task_id: int, now: datetime, **inputs: Any) -> None:
        by = OFFICE if action in ("sign_off_task", "cancel_task") else OWNER
        function = getattr(task_service, action if action.endswith("_task") else f"{action}_task")
        function(
            session=self.session, task_id=task_id, actor=self.actor(by), now=now, rules=RULES,
            **inputs,
        )  # fmt: skip
        self.session.commit()

    def block(self, task_id: int, request: str, now: datetime) -> None:
        self.move("block", task_id, now, reason="等用地指标", request_code=request)

    def answer(self, request: str, now: datetime) -> None:
        """The natural-resources bureau resolves the request: what it held up resumes."""
        for action in ("accept", "resolve"):
            update_request(
                session=self.session, code=request, actor=self.actor(OFFICE), action=action,
                reply="已供地", now=now, rules=RULES, factors=FACTORS,
            )  # fmt: skip
        self.session.commit()

    def extend(self, task_id: int, to: date, now: datetime) -> None:
        request = task_service.request_extension(
            session=self.session, task_id=task_id, actor=self.actor(OWNER), proposed_due=to,
            reason="设备到货推迟", now=now, rules=RULES,
        )  # fmt: skip
        task_service.decide_extension(
            session=self.session, request_id=request.id or 0, actor=self.actor(OFFICE),
            approve=True, note=None, now=now, rules=RULES,
        )  # fmt: skip
        self.session.commit()

    def finish(self, task_id: int, now: datetime) -> None:
        self.move("submit", task_id, now, note="完成")
        self.move("sign_off_task", task_id, now)


@pytest.fixture
def city(session: Session, tmp_path: Path) -> City:
    sheets = small_city()
    for code in ("YS2026-002", "YS2026-003"):
        sheets["Factor requests"].append(
            [code, "BEARING", BEARING_CODE, "LC2026-BEARING-01", "用地", 30, "亩",
             "2027-03-31", "项目用地指标", "ZRJ"]
        )  # fmt: skip
    path = write_workbook(tmp_path / "city.xlsx", sheets)
    import_workbook(session=session, workbook=read_workbook(path), actor="t", now=on(9, 1))
    add_user(session=session, email=OFFICE, office=True, now=on(9, 1))
    session.commit()
    city = City(session)
    for imported in session.exec(select(col(Task.id))).all():  # not part of this October
        city.move("cancel_task", imported or 0, on(9, 1), reason="另行安排")
    return city


def october(city: City) -> dict[str, int]:
    """The seven tasks of the hand-worked October, moved in order of date."""
    a = city.assign("A 用地受阻后按期完成", date(2026, 10, 20))
    b = city.assign("B 延期至十一月、十月销号", date(2026, 10, 16))
    c = city.assign("C 受阻跨国庆", date(2026, 10, 9))
    d = city.assign("D 延期又受阻", date(2026, 10, 26))
    e = city.assign("E 月末仍受阻", date(2026, 10, 28))
    f = city.assign("F 按期完成", date(2026, 10, 21))
    g = city.assign("G 月后受阻", date(2026, 10, 30))
    city.block(c, "YS2026-002", on(9, 29))
    city.block(a, "YS2026-001", on(10, 12))
    city.answer("YS2026-002", on(10, 12))  # releases C: 5 working days
    city.extend(b, date(2026, 11, 13), on(10, 14))
    city.answer("YS2026-001", on(10, 15))  # releases A: 3 working days
    city.finish(c, on(10, 16))
    city.extend(d, date(2026, 11, 6), on(10, 20))
    city.finish(f, on(10, 21))
    city.finish(a, on(10, 22))
    city.block(e, "YS2026-003", on(10, 26))
    city.block(d, "YS2026-003", on(10, 27))
    city.finish(b, on(10, 28))
    city.move("unblock", d, on(10, 30))
    city.finish(d, on(10, 30))
    city.block(g, "YS2026-003", on(11, 2))
    city.move("unblock", g, on(11, 5))
    return {"A": a, "B": b, "C": c, "D": d, "E": e, "F": f, "G": g}


def close(city: City, now: datetime) -> RollupResult:
    result = close_month(
        session=city.session, month=OCTOBER, now=now, rules=RULES, factors=FACTORS,
        weights=Weights(),
    )  # fmt: skip
    city.session.commit()
    return result


def test_october_counts_due_on_time_and_late_against_the_original_date_moved_by_blocks(
    city: City,
) -> None:
    """The hand-worked October ("lost": working days blocked by 31 October):

    ====  ========  ============  ====================  ====  =====  ======  ==================
    task  original  extension     blocked               lost  stat.  signed  counts in October
    ====  ========  ============  ====================  ====  =====  ======  ==================
    A     10-20     —             10-12 → 10-15 (001)   3     10-23  10-22  due, on time
    B     10-16     to 11-13      —                     0     10-16  10-28  due, late
    C     10-09     —             09-29 → 10-12 (002)   5     10-15  10-16  due, late
    D     10-26     to 11-06      10-27 → 10-30 (003)   3     10-29  10-30  due, late
    E     10-28     —             10-26 → (still, 003)  4     11-03  open   not due
    F     10-21     —             —                     0     10-21  10-21  due, on time
    G     10-30     —             11-02 → 11-05 (003)   0     10-30  open   due
    ====  ========  ============  ====================  ====  =====  ======  ==================

    A and C are released by their request's answer, D and G by their owner; E still waits when
    October is closed on 6 November. Expected: 7 tasks, 6 due (A, B, C, D, F, G), 2 on time
    (A, F), 3 late (B, C, D), 2 open, on-time rate 0.4. Counted by the current due date and
    judged against the original one, as before, it was 4 due (A, C, E, F), 1 on time, 4 late.
    """
    ids = october(city)
    session = city.session
    current = dict(session.exec(select(col(Task.id), col(Task.due_date))).all())
    # What the blocks and extensions did to the current due dates, as the services moved them.
    assert {name: current[i] for name, i in ids.items()} == {
        "A": date(2026, 10, 23),
        "B": date(2026, 11, 13),
        "C": date(2026, 10, 15),
        "D": date(2026, 11, 11),
        "E": date(2026, 10, 28),
        "F": date(2026, 10, 21),
        "G": date(2026, 11, 4),
    }

    result = close(city, on(11, 6))

    tasks = result.city["tasks"]
    assert {k: v for k, v in tasks.items() if k != "open_by_light"} == {
        "total": 7,
        "due_this_month": 6,
        "done_on_time": 2,
        "done_late": 3,
        "on_time_rate": 0.4,
    }
    assert sum(tasks["open_by_light"].values()) == 2
    assert result.chains["BEARING"]["tasks"] == tasks
    assert result.departments["GXJ"]["tasks"] == tasks
    assert result.chains["BEARING"]["ranking"]["parts"]["tasks_on_time"] == 0.4


def test_each_ended_block_is_kept_with_its_request_and_a_closed_month_keeps_its_figures(
    city: City,
) -> None:
    ids = october(city)
    first = close(city, on(11, 6))

    city.move("unblock", ids["E"], on(11, 9))  # E's block ends after October was closed
    again = close(city, on(11, 20))

    blocks = city.session.exec(
        select(TaskBlock.task_id, TaskBlock.blocked_since, TaskBlock.unblocked_on)
        .order_by(col(TaskBlock.id))
    ).all()  # fmt: skip
    assert blocks == [
        (ids["C"], date(2026, 9, 29), date(2026, 10, 12)),
        (ids["A"], date(2026, 10, 12), date(2026, 10, 15)),
        (ids["D"], date(2026, 10, 27), date(2026, 10, 30)),
        (ids["G"], date(2026, 11, 2), date(2026, 11, 5)),
        (ids["E"], date(2026, 10, 26), date(2026, 11, 9)),
    ]
    requests = city.session.exec(select(TaskBlock.request_id).order_by(col(TaskBlock.id))).all()
    assert len(set(requests)) == 3 and None not in requests
    assert not again.newly_closed and again.city == first.city
    assert show_month(session=city.session, month=OCTOBER) == again
