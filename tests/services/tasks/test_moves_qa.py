"""What a QA pass found in the task moves, fixed and kept fixed, on a copy of the demo city:
blank reasons refused, a block names its factor request, a pending extension does not outlive
the office's chance to decide it, and the edit refuses a cleared field."""

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlmodel import Session, col, func, select

from mechanism.calendar import WorkingCalendar
from mechanism.lifecycle import MOVES, Action, IllegalMove, missing_reason
from mechanism.wording import zh
from models import AuditEvent, ExtensionRequest, Task
from services import tasks as task_service
from services.config import EngineRules
from services.people import actor_by_email
from services.tasks import EditRefused, edit_task

RULES = EngineRules(calendar=WorkingCalendar(), office_mailbox="office@example.gov.cn")
NOW = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)  # Friday 15:00 in Shanghai
OFFICE, TEAM = "gao.wenbo@example.gov.cn", "guo.jiaqi@example.gov.cn"
BEARING_TASK = 32  # in progress, owned by 郭佳琪 (team), due 2026-12-28
LATE_TASK = 37  # in progress, owned by 郭佳琪, due 2026-11-13: red
OPEN_REQUEST = "YS2026-001"  # in progress


@pytest.fixture
def city(demo_city: Session) -> Iterator[Session]:
    """The demo city; whatever a test does is rolled back (the services only flush)."""
    yield demo_city
    demo_city.rollback()


def common(session: Session, by: str, task_id: int = BEARING_TASK) -> dict[str, Any]:
    return {
        "session": session,
        "task_id": task_id,
        "actor": actor_by_email(session, by),
        "now": NOW,
        "rules": RULES,
    }


def events(session: Session, task_id: int) -> int:
    query = select(func.count()).where(
        AuditEvent.entity_type == "task", AuditEvent.entity_id == task_id
    )
    return session.exec(query).one()


def submitted(session: Session, task_id: int = BEARING_TASK) -> Task:
    return task_service.submit_task(**common(session, TEAM, task_id), note="完成")


# --- 1. a reason the lifecycle requires cannot be blank ---------------------------------


def test_the_lifecycle_says_which_moves_need_a_reason() -> None:
    needing = {action for action, move in MOVES.items() if move.needs_reason}
    assert needing == {
        Action.RETURN,
        Action.CANCEL,
        Action.BLOCK,
        Action.REQUEST_EXTENSION,
    }
    assert missing_reason(Action.SUBMIT, "") is None  # a submit's note is optional
    assert missing_reason(Action.CANCEL, "不再需要") is None
    blank = missing_reason(Action.CANCEL, " \t\n")
    assert blank == "give the reason for cancelling the task"
    assert zh(blank) == "请填写撤销理由"


@pytest.mark.parametrize(
    ("move", "by", "english", "chinese"),
    [
        ("cancel_task", OFFICE, "give the reason for cancelling the task", "请填写撤销理由"),
        ("return_task", OFFICE, "give the reason for returning the task", "请填写退回理由"),
        ("block_task", TEAM, "give the reason the task is blocked", "请填写受阻理由"),
    ],
)
@pytest.mark.parametrize("blank", ["", "   "])
def test_a_blank_reason_is_refused_in_both_languages_and_changes_nothing(
    city: Session, move: str, by: str, english: str, chinese: str, blank: str
) -> None:
    if move == "return_task":
        submitted(city)
    extra = {"request_code": OPEN_REQUEST} if move == "block_task" else {}
    task = city.get(Task, BEARING_TASK)
    assert task is not None
    state, light, logged = task.state, task.light, events(city, BEARING_TASK)

    with pytest.raises(task_service.BadTaskInput) as refused:
        getattr(task_service, move)(**common(city, by), reason=blank, **extra)

    assert (str(refused.value), zh(refused.value)) == (english, chinese)
    assert (task.state, task.light, task.blocked_since) == (state, light, None)
    assert events(city, BEARING_TASK) == logged


def test_a_block_must_name_the_factor_request_it_waits_on(city: Session) -> None:
    task = city.get(Task, LATE_TASK)
    assert task is not None and task.light == "red"

    with pytest.raises(task_service.BadTaskInput) as refused:
        task_service.block_task(
            **common(city, TEAM, LATE_TASK), reason="等用电接入", request_code="  "
        )

    assert "name the factor request" in str(refused.value)
    assert zh(refused.value).startswith("请填写督办事项所等待的要素保障诉求编号")
    assert (task.state, task.light, task.blocked_since) == ("in_progress", "red", None)


def test_a_block_with_its_request_and_reason_still_pauses_the_clock(city: Session) -> None:
    blocked = task_service.block_task(
        **common(city, TEAM, LATE_TASK), reason="  等用电接入  ", request_code=OPEN_REQUEST
    )
    assert (blocked.state, blocked.blocked_since) == ("blocked", date(2026, 11, 27))
    logged = city.exec(
        select(AuditEvent.detail)
        .where(AuditEvent.entity_id == LATE_TASK, AuditEvent.action == "block")
        .order_by(col(AuditEvent.id).desc())
    ).first()
    assert logged == {"reason": "等用电接入", "request": OPEN_REQUEST}


def test_a_move_not_allowed_at_all_says_so_before_asking_for_a_reason(city: Session) -> None:
    with pytest.raises(IllegalMove, match="only office may cancel"):
        task_service.cancel_task(**common(city, TEAM), reason=" ")


# --- 2. a pending extension does not outlive the office's chance to decide it ------------


def ask_for_extension(session: Session) -> ExtensionRequest:
    return task_service.request_extension(
        **common(session, TEAM), proposed_due=date(2027, 1, 15), reason="等设备到货"
    )


def test_submitting_withdraws_a_pending_extension_and_the_trail_says_so(city: Session) -> None:
    asked = ask_for_extension(city)

    submitted(city)

    assert asked.state == "withdrawn"
    trail = city.exec(
        select(AuditEvent.action, AuditEvent.detail)
        .where(AuditEvent.entity_type == "task", AuditEvent.entity_id == BEARING_TASK)
        .order_by(col(AuditEvent.id).desc())
        .limit(2)
    ).all()
    assert [action for action, _ in trail] == ["withdraw_extension", "submit"]
    assert trail[0][1] == {"request": asked.id, "state": "submitted"}

    with pytest.raises(task_service.ExtensionRefused) as refused:
        task_service.decide_extension(
            session=city,
            request_id=asked.id or 0,
            actor=actor_by_email(city, OFFICE),
            approve=True,
            note=None,
            now=NOW,
            rules=RULES,
        )
    assert "was already withdrawn" in str(refused.value)
    assert "已撤回" in zh(refused.value)
    task_service.sign_off_task(**common(city, OFFICE))
    assert asked.state == "withdrawn"  # and so it stays: never "pending" on a closed task


def test_cancelling_withdraws_a_pending_extension(city: Session) -> None:
    asked = ask_for_extension(city)
    task_service.cancel_task(**common(city, OFFICE), reason="并入其他事项")
    assert asked.state == "withdrawn"


def test_a_blocked_task_keeps_its_extension_request_for_the_office_to_decide(
    city: Session,
) -> None:
    asked = ask_for_extension(city)
    task_service.block_task(**common(city, TEAM), reason="等用地", request_code=OPEN_REQUEST)
    assert asked.state == "pending"
    decided = task_service.decide_extension(
        session=city,
        request_id=asked.id or 0,
        actor=actor_by_email(city, OFFICE),
        approve=False,
        note=None,
        now=NOW,
        rules=RULES,
    )
    assert decided.state == "denied"


# --- 3. the edit refuses a cleared field --------------------------------------------------


@pytest.mark.parametrize(
    ("field", "english", "chinese"),
    [
        ("title", "title: must not be empty", "事项名称：不能为空"),
        ("owner_email", "owner: must not be empty", "责任人：不能为空"),
        ("lead_department", "lead department: must not be empty", "牵头部门：不能为空"),
    ],
)
def test_a_cleared_field_is_refused_not_silently_kept(
    city: Session, field: str, english: str, chinese: str
) -> None:
    with pytest.raises(EditRefused) as refused:
        edit_task(
            session=city,
            task_id=BEARING_TASK,
            actor=actor_by_email(city, OFFICE),
            now=NOW,
            **{field: " "},
        )
    assert (str(refused.value), zh(refused.value)) == (english, chinese)
