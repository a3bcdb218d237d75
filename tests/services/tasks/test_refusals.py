"""Every refusal of the task services speaks Chinese too: assigning, editing, the lifecycle's
moves, extensions and blocks.

Each is triggered for real on a copy of the demo city; the English (what the command line, the
JSON API and the other tests read) is as before, and a page in zh-CN has Chinese to show.
"""

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from mechanism.calendar import WorkingCalendar
from mechanism.lifecycle import Action, IllegalMove, Role, check_move, extension_problem
from mechanism.vocabulary import TaskState
from mechanism.wording import zh
from models import ExtensionRequest, KeyProject
from services import tasks as task_service
from services.config import EngineRules, load_factor_rules
from services.people import actor_by_email
from services.requests import BlockRefused, block_project
from services.tasks import AssignmentRefused, EditRefused, assign_task, edit_task

ROOT = Path(__file__).parents[3]
RULES = EngineRules(calendar=WorkingCalendar(), office_mailbox="office@example.gov.cn")
FACTORS = load_factor_rules(ROOT / "chainops" / "config" / "factors.yaml")
NOW = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)  # Friday 15:00 in Shanghai
TODAY = date(2026, 11, 27)
OFFICE, TEAM = "gao.wenbo@example.gov.cn", "guo.jiaqi@example.gov.cn"  # team: BEARING's
LEADER, ZRJ = "li.zhenhua@example.gov.cn", "liang.xiaoyan@example.gov.cn"
HUASHENG = "liu.qinghua@huasheng-chem.example.com"  # 华晟化工, an HCHEM firm
BEARING_TASK = 32  # in progress, owned by 郭佳琪 (team), due 2026-12-28
LATE_TASK = 37  # in progress, owned by 郭佳琪, due 2026-11-13: past
SIGNED_OFF_TASK = 1
APPROVED_EXTENSION = 1  # of task 16
CJK = re.compile(r"[\u4e00-\u9fff]")

Case = Callable[[Session], object]


def _common(session: Session, by: str, task_id: int = BEARING_TASK) -> dict[str, Any]:
    return {
        "session": session,
        "task_id": task_id,
        "actor": actor_by_email(session, by),
        "now": NOW,
        "rules": RULES,
    }


def _move(name: str, by: str = TEAM, task_id: int = BEARING_TASK, **inputs: Any) -> Case:
    def case(session: Session) -> object:
        return getattr(task_service, name)(**_common(session, by, task_id), **inputs)

    return case


def _ask(
    due: date = date(2027, 1, 15), reason: str = "等设备到货", task_id: int = BEARING_TASK
) -> Case:
    def case(session: Session) -> object:
        return task_service.request_extension(
            **_common(session, TEAM, task_id), proposed_due=due, reason=reason
        )

    return case


def _ask_twice(session: Session) -> object:
    _ask()(session)
    return _ask()(session)


def _decide(request_id: int, by: str = OFFICE) -> Case:
    def case(session: Session) -> object:
        common = _common(session, by)
        del common["task_id"]
        return task_service.decide_extension(
            **common, request_id=request_id, approve=True, note=None
        )

    return case


def _decide_pending_as_team(session: Session) -> object:
    asked = _ask()(session)
    assert isinstance(asked, ExtensionRequest) and asked.id is not None
    return _decide(asked.id, by=TEAM)(session)


def _assign(by: str = OFFICE, **changes: Any) -> Case:
    def case(session: Session) -> object:
        values: dict[str, Any] = {
            "chain_code": "BEARING",
            "title": "开展轴承产业链专题调研",
            "lead_department": "GXJ",
            "owner_email": TEAM,
            "start": TODAY,
            "due": date(2026, 12, 25),
            **changes,
        }
        return assign_task(
            session=session, actor=actor_by_email(session, by), now=NOW, rules=RULES, **values
        )

    return case


def _edit(by: str = OFFICE, task_id: int = BEARING_TASK, **changes: Any) -> Case:
    def case(session: Session) -> object:
        return edit_task(
            session=session,
            task_id=task_id,
            actor=actor_by_email(session, by),
            now=NOW,
            **changes,
        )

    return case


def _block(project: str = "LC2026-HCHEM-01", request: str = "YS2026-002", by: str = OFFICE) -> Case:
    def case(session: Session) -> object:
        return block_project(
            session=session,
            project_code=project,
            request_code=request,
            actor=actor_by_email(session, by),
            now=NOW,
            rules=RULES,
            factors=FACTORS,
        )

    return case


def _block_dropped(session: Session) -> object:
    project = session.exec(select(KeyProject).where(KeyProject.code == "LC2026-HCHEM-01")).one()
    project.state = "dropped"
    session.add(project)
    session.flush()
    return _block()(session)


CASES: list[tuple[str, Case, type[Exception], str]] = [
    # the lifecycle's moves
    ("no such task", _move("accept_task", task_id=999999), task_service.TaskNotFound, "no task"),
    (
        "not from this state",
        _move("accept_task"),
        IllegalMove,
        "cannot accept a task that is in progress",
    ),
    (
        "not this person's move",
        _move("cancel_task", reason="不再需要"),
        IllegalMove,
        "only office may cancel this task",
    ),
    (
        "progress over 100",
        _move("report_progress", progress=150, note=None),
        task_service.BadTaskInput,
        "progress must be 0–100, not 150",
    ),
    (
        "waiting on no request",
        _move("block_task", reason="等批复", request_code="YS2099-999"),
        task_service.BadTaskInput,
        "no factor request 'YS2099-999'",
    ),
    (
        "waiting on a closed request",
        _move("block_task", reason="等批复", request_code="YS2026-008"),
        task_service.BadTaskInput,
        "a task can only wait on an open request",
    ),
    # extensions
    (
        "asked after the due date",
        _ask(task_id=LATE_TASK),
        task_service.ExtensionRefused,
        "an extension must be requested by the due date (2026-11-13)",
    ),
    (
        "not later",
        _ask(due=date(2026, 12, 1)),
        task_service.ExtensionRefused,
        "is not after the current one",
    ),
    ("no reason", _ask(reason="  "), task_service.ExtensionRefused, "give the reason"),
    ("asked twice", _ask_twice, task_service.ExtensionRefused, "still waiting for a decision"),
    ("no such request", _decide(999), task_service.ExtensionRefused, "no extension request 999"),
    (
        "decided twice",
        _decide(APPROVED_EXTENSION),
        task_service.ExtensionRefused,
        "extension request 1 was already approved",
    ),
    (
        "decided by the owner",
        _decide_pending_as_team,
        task_service.ExtensionRefused,
        "only office may decide extension this task",
    ),
    # assigning
    ("unknown chain", _assign(chain_code="NOPE"), AssignmentRefused, "chain: no chain 'NOPE'"),
    (
        "unknown department",
        _assign(lead_department="NOPE"),
        AssignmentRefused,
        "lead department: no department 'NOPE'",
    ),
    (
        "unknown owner",
        _assign(owner_email="nobody@example.gov.cn"),
        AssignmentRefused,
        "owner: no person with email",
    ),
    (
        "not the chain's assigner",
        _assign(by=ZRJ),
        AssignmentRefused,
        "only the office or the 轴承 working group may assign its tasks",
    ),
    ("no due date", _assign(due=None), AssignmentRefused, "due: give either a due date"),
    ("zero days", _assign(due=None, working_days=0), AssignmentRefused, "at least 1"),
    ("due before start", _assign(due=date(2026, 11, 1)), AssignmentRefused, "before the start"),
    ("no title", _assign(title="  "), AssignmentRefused, "title: must not be empty"),
    (
        "unknown co-department",
        _assign(co_departments=("NOPE",)),
        AssignmentRefused,
        "co-departments: no department 'NOPE'",
    ),
    # editing
    ("edited by a leader", _edit(by=LEADER, title="越权修改"), EditRefused, "may edit its tasks"),
    (
        "edited when closed",
        _edit(task_id=SIGNED_OFF_TASK, title="改名"),
        EditRefused,
        "only open tasks can be edited",
    ),
    ("title emptied", _edit(title=" "), EditRefused, "title: must not be empty"),
    ("unknown new owner", _edit(owner_email="nobody@x.cn"), EditRefused, "owner: no person"),
    ("unknown new department", _edit(lead_department="NOPE"), EditRefused, "no department"),
    # blocking a project
    ("no such project", _block(project="LC2099-NONE"), BlockRefused, "no key project"),
    ("no such request", _block(request="YS2099-999"), BlockRefused, "no factor request"),
    (
        "another firm's project",
        _block(project="LC2026-HCHEM-02", by=HUASHENG),
        BlockRefused,
        "or the office may block project LC2026-HCHEM-02",
    ),
    ("project dropped", _block_dropped, BlockRefused, "is dropped, not active"),
    ("request closed", _block(request="YS2026-008"), BlockRefused, "only an open one blocks"),
    (
        "project already waiting",
        _block(project="LC2026-BEARING-04", request="YS2026-003"),
        BlockRefused,
        "already waits on YS2026-007",
    ),
]


@pytest.mark.parametrize(
    ("case", "refusal", "english"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_each_task_refusal_keeps_its_english_and_has_chinese(
    demo_city: Session, case: Case, refusal: type[Exception], english: str
) -> None:
    with pytest.raises(refusal) as raised:
        case(demo_city)
    demo_city.rollback()
    assert english in str(raised.value)
    chinese = zh(raised.value)
    assert chinese != str(raised.value) and CJK.search(chinese), chinese


def test_an_illegal_move_names_the_state_the_move_and_who_may_make_it_in_chinese() -> None:
    with pytest.raises(IllegalMove) as raised:
        check_move(Action.SUBMIT, TaskState.ASSIGNED, frozenset({Role.OWNER}))
    assert zh(raised.value) == "督办事项当前为「已交办」，不能「报结」（仅限已签收、办理中状态）"
    with pytest.raises(IllegalMove) as raised:
        check_move(Action.SIGN_OFF, TaskState.SUBMITTED, frozenset({Role.OWNER}))
    assert str(raised.value) == "only office may sign off this task"
    assert zh(raised.value) == "只有链长制办公室可以「销号」此督办事项"


def test_every_move_and_role_has_its_chinese() -> None:
    for action in Action:
        assert CJK.search(action.zh), action
    for role in Role:
        assert CJK.search(role.zh), role


def test_an_extension_problem_keeps_its_dates_in_both_languages() -> None:
    late = extension_problem(
        today=TODAY, current_due=date(2026, 11, 13), proposed_due=date(2026, 12, 31)
    )
    assert (
        late == "an extension must be requested by the due date (2026-11-13); today is 2026-11-27"
    )
    assert zh(late) == "延期申请须在完成时限（2026-11-13）当天或之前提出；今天是 2026-11-27"
    early = extension_problem(
        today=TODAY, current_due=date(2026, 12, 28), proposed_due=date(2026, 12, 1)
    )
    assert zh(early) == "申请延至的日期 2026-12-01 须晚于当前完成时限（2026-12-28）"
