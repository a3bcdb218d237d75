"""Factor requests on a real database: submitted, routed, moved, escalated, and what they block.

The city: the bearing chain with 王磊 (wang.lei) as chain leader, 赵敏 (zhao.min) in its working
group, 李娜 (li.na) at the natural-resources bureau (ZRJ, which handles land), 陈静 (chen.jing)
in the city chain office, and two firms: the bearing group and the pipe company.
"""

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from mechanism.calendar import WorkingCalendar
from mechanism.request_lifecycle import IllegalRequestMove
from models import (
    AuditEvent,
    Department,
    FactorRequest,
    KeyProject,
    Notice,
    OutboxMessage,
    ProjectMilestone,
    Task,
)
from models.db import make_engine
from notifications.examples import EXAMPLE_CONTEXTS
from notifications.render import render
from services import tasks as task_service
from services.config import EngineRules, FactorConfigError, load_factor_rules
from services.people import Actor, actor_by_email, add_user
from services.requests import (
    BlockRefused,
    RequestAccessDenied,
    RequestInputError,
    block_project,
    check_requests,
    due_requests_query,
    list_requests,
    show_request,
    submit_request,
    update_request,
)
from services.workbook import import_workbook, read_workbook
from tests.services.workbooks import BEARING_CODE, PIPE_CODE, small_city, snapshot, write_workbook

ROOT = Path(__file__).parents[3]
ZONE = ZoneInfo("Asia/Shanghai")
RULES = EngineRules(calendar=WorkingCalendar(), office_mailbox="office@example.gov.cn")
FACTORS = load_factor_rules(ROOT / "chainops" / "config" / "factors.yaml")
MONDAY = datetime(2026, 9, 28, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai, the week of National Day
LEADER, TEAM, HANDLER, OFFICE = (
    "wang.lei@example.gov.cn", "zhao.min@example.gov.cn", "li.na@example.gov.cn",
    "chen.jing@example.gov.cn",
)  # fmt: skip
BEARING_FIRM, PIPE_FIRM = "firm@bearing.example.com", "firm@pipe.example.com"
PROJECT = "LC2026-BEARING-01"


def at(day: date, moment: time = time(10, 0)) -> datetime:
    return datetime.combine(day, moment, ZONE)


def request_city(extra_requests: int = 0) -> dict[str, list[list[Any]]]:
    sheets = small_city()
    sheets["People"] += [
        [TEAM, "赵敏", "GXJ", "专班成员"],
        [OFFICE, "陈静", "GXJ", "链长办"],
    ]
    sheets["Roster"].append(["BEARING", "working_group", TEAM, None])
    sheets["Enterprises"] = [
        ["Credit code", "Name", "County", "Contact name", "Contact email"],
        [BEARING_CODE, "示范轴承集团有限公司", "临清市", "张总", BEARING_FIRM],
        [PIPE_CODE, "示范钢管有限公司", "东昌府区", "刘总", PIPE_FIRM],
    ]
    sheets["Chain enterprises"].append(["BEARING", PIPE_CODE, "supporting"])
    sheets["Key projects"] = [
        ["Code", "Name", "Chain code", "Credit code", "Service department", "Year",
         "Total investment (10k CNY)", "Planned investment this year (10k CNY)",
         "Approvals planned", "Approvals actual", "Construction start planned",
         "Statistics entry planned", "Completion planned"],
        [PROJECT, "风电主轴轴承项目", "BEARING", BEARING_CODE, "GXJ", 2026, 120000, 45000,
         "2026-03-31", "2026-04-15", "2026-09-15", "2026-10-09", "2026-12-15"],
        ["LC2026-BEARING-02", "精密钢管项目", "BEARING", PIPE_CODE, "GXJ", 2026, 30000, 10000,
         None, None, None, None, None],
    ]  # fmt: skip
    for n in range(extra_requests):
        sheets["Factor requests"].append(
            [f"YS2026-{100 + n}", "BEARING", BEARING_CODE, PROJECT, "land", 10 + n, "亩",
             "2027-03-31", f"用地{n}", "ZRJ"]
        )  # fmt: skip
    return sheets


@pytest.fixture
def city(session: Session, tmp_path: Path) -> Session:
    load(session, tmp_path, MONDAY)
    return session


def load(session: Session, tmp_path: Path, now: datetime, extra_requests: int = 0) -> None:
    path = write_workbook(tmp_path / "city.xlsx", request_city(extra_requests))
    import_workbook(session=session, workbook=read_workbook(path), actor="t", now=now)
    add_user(session=session, email=OFFICE, office=True, now=now)
    session.commit()


def who(session: Session, email: str) -> Actor:
    return actor_by_email(session, email)


def submit(session: Session, by: str = BEARING_FIRM, **changes: Any) -> FactorRequest:
    values: dict[str, Any] = {
        "chain_code": "BEARING",
        "credit_code": BEARING_CODE,
        "project_code": PROJECT,
        "factor_type": "用地",
        "quantity": 120,
        "unit": "亩",
        "needed_by": date(2027, 3, 31),
        "description": "二期用地指标",
        "now": MONDAY,
        **changes,
    }
    now = values.pop("now")
    request = submit_request(
        session=session, actor=who(session, by), now=now, rules=RULES, factors=FACTORS, **values
    )
    session.commit()
    return request


def move(
    session: Session, code: str, by: str, action: str, day: date, **inputs: Any
) -> FactorRequest:
    request = update_request(
        session=session,
        code=code,
        actor=who(session, by),
        action=action,
        now=at(day),
        rules=RULES,
        factors=FACTORS,
        **inputs,
    )
    session.commit()
    return request


def test_a_request_is_routed_by_factor_type_and_its_acknowledgement_is_due_next_working_day(
    city: Session,
) -> None:
    request = submit(city)

    assert request.code == "YS2026-002"  # YS2026-001 came with the workbook
    assert (request.state, request.factor_type, request.quantity) == ("submitted", "land", 120)
    assert request.department_id == department_id(city, "ZRJ")
    assert request.submitted_by == BEARING_FIRM
    assert request.stage_due == date(2026, 9, 29)
    assert (request.light, request.light_reason) == ("yellow", "due_soon")
    assert request.next_action_at == RULES.start_of(date(2026, 9, 29))  # the day the rung fires
    event = city.exec(
        select(AuditEvent).where(
            AuditEvent.entity_type == "factor_request", AuditEvent.entity_id == request.id
        )
    ).one()
    assert (event.actor, event.action, event.to_value) == (BEARING_FIRM, "submit", "submitted")
    assert event.detail == {
        "factor_type": "land", "quantity": 120, "unit": "亩", "department": "ZRJ",
        "stage_due": "2026-09-29",
    }  # fmt: skip
    [routed] = city.exec(
        select(Notice).where(
            Notice.subject_type == "factor_request", Notice.subject_id == request.id
        )
    ).all()  # the handling department is told the day the request is routed to it
    assert (routed.kind, routed.level) == ("factor_request", -1)
    assert routed.facts["stage"] == "acknowledge"
    assert routed.facts["stage_due"] == "2026-09-29"


def department_id(session: Session, code: str) -> int | None:
    return session.exec(select(Department.id).where(Department.code == code)).one()


@pytest.mark.parametrize(
    ("by", "changes", "refusal", "message"),
    [
        (BEARING_FIRM, {"quantity": -5}, RequestInputError, "quantity: must be more than zero"),
        (BEARING_FIRM, {"quantity": 0}, RequestInputError, "quantity: must be more than zero"),
        (BEARING_FIRM, {"factor_type": "gold"}, RequestInputError,
         r"factor type: unknown 'gold'; choose one of: 用地 \(land\), 用能 \(energy\)"),
        (BEARING_FIRM, {"needed_by": date(2025, 12, 31)}, RequestInputError,
         r"needed by: 2025-12-31 is before project LC2026-BEARING-01 began \(2026\)"),
        (BEARING_FIRM, {"project_code": None, "needed_by": date(2026, 9, 1)}, RequestInputError,
         "needed by: 2026-09-01 is in the past"),
        (BEARING_FIRM, {"credit_code": PIPE_CODE, "project_code": None}, RequestAccessDenied,
         "an enterprise may submit requests for itself only, not for 示范钢管有限公司"),
        (BEARING_FIRM, {"project_code": "LC2026-BEARING-02"}, RequestAccessDenied,
         "project: LC2026-BEARING-02 is another enterprise's"),
        (HANDLER, {}, RequestAccessDenied,
         "only the enterprise, the BEARING chain's working group or the office"),
        (OFFICE, {"factor_type": "energy"}, RequestInputError,
         r"energy requests go to department 'FGW' \(factors.yaml\), which does not exist"),
        (TEAM, {"chain_code": "PIPES"}, RequestInputError, r"no chain 'PIPES' \(known: BEARING\)"),
    ],
)  # fmt: skip
def test_bad_submissions_are_refused_with_a_clear_error_and_change_nothing(
    city: Session, by: str, changes: dict[str, Any], refusal: type[Exception], message: str
) -> None:
    before = snapshot(city)

    with pytest.raises(refusal, match=message):
        submit(city, by=by, **changes)
    city.rollback()

    assert snapshot(city) == before


def test_the_working_group_and_the_office_may_submit_for_any_firm_of_the_chain(
    city: Session,
) -> None:
    by_team = submit(city, by=TEAM, credit_code=PIPE_CODE, project_code=None)
    by_office = submit(city, by=OFFICE, factor_type="Land", quantity=12.5)

    assert [by_team.code, by_office.code] == ["YS2026-002", "YS2026-003"]
    assert (by_team.enterprise_id, by_team.project_id) != (by_office.enterprise_id, None)
    assert by_office.quantity == 12.5


def test_a_firm_cannot_see_or_touch_another_firms_request(city: Session) -> None:
    theirs = submit(city, by=PIPE_FIRM, credit_code=PIPE_CODE, project_code=None)
    ours = submit(city, by=BEARING_FIRM)
    before = snapshot(city)
    bearing = who(city, BEARING_FIRM)

    seen = list_requests(session=city, today=date(2026, 9, 28), rules=RULES, factors=FACTORS,
                         actor=bearing)  # fmt: skip
    with pytest.raises(RequestAccessDenied, match=f"{theirs.code} is another enterprise's"):
        show_request(session=city, code=theirs.code, today=date(2026, 9, 28), rules=RULES,
                     factors=FACTORS, actor=bearing)  # fmt: skip
    with pytest.raises(RequestAccessDenied, match=f"{theirs.code} is another enterprise's"):
        move(city, theirs.code, BEARING_FIRM, "reopen", date(2026, 9, 28), reason="x")
    city.rollback()
    everything = list_requests(session=city, today=date(2026, 9, 28), rules=RULES,
                               factors=FACTORS, actor=who(city, OFFICE))  # fmt: skip

    assert [row["code"] for row in seen] == ["YS2026-001", ours.code]
    assert {row["code"] for row in everything} == {"YS2026-001", ours.code, theirs.code}
    assert snapshot(city) == before


def test_the_department_answers_and_the_requester_confirms_or_reopens(city: Session) -> None:
    code = submit(city).code

    with pytest.raises(IllegalRequestMove, match="only the handling department or the office"):
        move(city, code, BEARING_FIRM, "accept", date(2026, 9, 28))
    accepted = move(city, code, HANDLER, "accept", date(2026, 9, 28))
    assert (accepted.state, accepted.light) == ("accepted", "green")
    assert accepted.stage_due == date(2026, 10, 10)  # plan: 5 working days from acceptance
    started = move(city, code, HANDLER, "start", date(2026, 9, 30), reply="调整村庄规划后供地")
    assert started.reply == "调整村庄规划后供地"
    assert started.stage_due == date(2026, 10, 30)  # close: 20 working days from submission
    resolved = move(city, code, HANDLER, "resolve", date(2026, 10, 9), reply="已列入供地计划")
    assert (resolved.state, resolved.stage_due, resolved.next_action_at) == ("resolved", None, None)
    with pytest.raises(IllegalRequestMove, match="only the requester may confirm"):
        move(city, code, HANDLER, "confirm", date(2026, 10, 9), satisfaction=5)
    city.rollback()
    reopened = move(city, code, BEARING_FIRM, "reopen", date(2026, 10, 12), reason="指标未落实",
                    satisfaction=2)  # fmt: skip
    # A fresh closing level from the reopening day; the acknowledgement and plan stay met.
    assert (reopened.state, reopened.reopened, reopened.stage_due) == (
        "reopened",
        1,
        date(2026, 11, 9),
    )
    replanned = move(city, code, HANDLER, "start", date(2026, 10, 13), reply="省厅追加指标")
    assert replanned.stage_due == date(2026, 11, 9)  # still counted from the reopening
    move(city, code, OFFICE, "resolve", date(2026, 10, 20), reply="指标已下达")
    done = move(city, code, BEARING_FIRM, "confirm", date(2026, 10, 21), satisfaction=5)

    assert (done.state, done.satisfaction, done.light) == ("confirmed", 5, "green")
    shown = show_request(session=city, code=code, today=date(2026, 10, 21), rules=RULES,
                         factors=FACTORS)  # fmt: skip
    assert [(h["actor"], h["action"], h["to"]) for h in shown["history"]] == [
        (BEARING_FIRM, "submit", "submitted"),
        (HANDLER, "accept", "accepted"),
        (HANDLER, "start", "in_progress"),
        (HANDLER, "resolve", "resolved"),
        (BEARING_FIRM, "reopen", "reopened"),
        (HANDLER, "start", "in_progress"),
        (OFFICE, "resolve", "resolved"),
        (BEARING_FIRM, "confirm", "confirmed"),
    ]
    assert shown["light_reason"] == "企业已确认办结"  # zh-CN, the default locale


def run_checks(engine: sa.Engine, first: date, last: date) -> None:
    day = first
    while day <= last:
        check_requests(engine=engine, now=at(day, time(8, 45)), rules=RULES, factors=FACTORS)
        day = date.fromordinal(day.toordinal() + 1)


def notices_of(session: Session, request_id: int | None) -> list[tuple[str, int, list[str]]]:
    session.commit()  # see what the checks wrote through their own connections
    found = []
    for notice in session.exec(
        select(Notice)
        .where(Notice.subject_type == "factor_request", Notice.subject_id == request_id)
        .order_by(col(Notice.id))
    ):
        emails = session.exec(
            select(OutboxMessage.recipient_email)
            .where(OutboxMessage.notice_id == notice.id)
            .order_by(col(OutboxMessage.recipient_email))
        ).all()
        found.append((notice.facts["issued_on"], notice.level, list(emails)))
    return found


def test_an_overdue_request_notifies_the_department_then_the_working_group_then_the_leader(
    city: Session, engine: sa.Engine
) -> None:
    request = submit(city)

    run_checks(engine, date(2026, 9, 28), date(2026, 10, 16))

    assert notices_of(city, request.id) == [
        ("2026-09-28", -1, ["zrj@example.gov.cn"]),  # routed: the department told at once
        ("2026-09-29", 0, ["zrj@example.gov.cn"]),  # due today: the handling department
        ("2026-10-08", 1, [TEAM]),  # 2 working days late, after the holiday: the working group
        ("2026-10-12", 2, [LEADER]),  # 5 working days late (10-10 was worked): the chain leader
    ]
    city.refresh(request)
    assert (request.light, request.light_reason, request.ladder_level) == ("red", "overdue", 2)
    assert request.next_action_at is None  # nothing left to send until someone acts


def test_meeting_a_stage_starts_its_ladder_afresh(city: Session, engine: sa.Engine) -> None:
    request = submit(city)
    run_checks(engine, date(2026, 9, 29), date(2026, 9, 29))  # level 0 for the acknowledgement
    move(city, request.code, HANDLER, "accept", date(2026, 9, 29))  # at 10:00, on time

    run_checks(engine, date(2026, 9, 30), date(2026, 10, 14))

    assert notices_of(city, request.id) == [
        ("2026-09-28", -1, ["zrj@example.gov.cn"]),  # routed
        ("2026-09-29", 0, ["zrj@example.gov.cn"]),
        ("2026-10-12", 0, ["zrj@example.gov.cn"]),  # plan: 5 working days, 10-10 one of them
        ("2026-10-14", 1, [TEAM]),
    ]
    facts = city.exec(select(Notice.facts).where(Notice.subject_id == request.id)).all()[-1]
    assert (facts["stage"], facts["stage_due"], facts["working_days_overdue"]) == (
        "plan",
        "2026-10-12",
        2,
    )
    needed = set(EXAMPLE_CONTEXTS["factor_request"]) - {
        "number", "ack_url", "ack_expires", "recipient_name", "office_name", "feedback_url"
    }  # fmt: skip
    assert needed <= set(facts)
    context = {**EXAMPLE_CONTEXTS["factor_request"], **facts, "number": None}
    assert "YS2026-002" in render("factor_request", "zh-CN", context).subject


def test_a_request_imported_without_a_clock_is_adopted_by_the_first_check(
    session: Session, engine: sa.Engine, tmp_path: Path
) -> None:
    load(session, tmp_path, at(date(2026, 9, 1)))

    report = check_requests(engine=engine, now=at(date(2026, 9, 28), time(8, 45)), rules=RULES,
                            factors=FACTORS)  # fmt: skip

    imported = session.exec(select(FactorRequest).where(FactorRequest.code == "YS2026-001")).one()
    session.refresh(imported)
    assert (report.adopted, report.notices) == (1, 1)
    assert (imported.stage_due, imported.light, imported.ladder_level) == (
        date(2026, 9, 2),
        "red",
        0,
    )


def blocked_task(session: Session, code: str) -> Task:
    task = session.exec(select(Task).where(Task.title == "推动轴承钢本地化配套")).one()
    task.due_date = task.original_due_date = date(2026, 10, 16)
    session.add(task)
    session.commit()
    return task_service.block_task(
        session=session, task_id=task.id or 0, actor=who(session, LEADER), reason="等用地",
        request_code=code, now=MONDAY, rules=RULES,
    )  # fmt: skip


def test_a_blocked_task_resumes_with_its_due_date_moved_by_exactly_the_blocked_working_days(
    city: Session,
) -> None:
    code = submit(city).code
    task = blocked_task(city, code)
    city.commit()
    waiting = list_requests(session=city, today=date(2026, 9, 28), rules=RULES, factors=FACTORS)
    assert [(r["light"], r["reasons"], r["blocks"]) for r in waiting if r["code"] == code] == [
        ("yellow", ["due_soon", "blocks_work"], [f"task {task.id}"])
    ]
    move(city, code, HANDLER, "accept", date(2026, 9, 28))

    move(city, code, HANDLER, "resolve", date(2026, 10, 12), reply="已供地")

    city.refresh(task)
    # Blocked 09-28 → 10-12: 09-29, 09-30, 10-08, 10-09, 10-10 (make-up), 10-12 = 6 days.
    assert (task.state, task.due_date, task.original_due_date) == (
        "assigned",
        date(2026, 10, 26),
        date(2026, 10, 16),
    )
    assert task.blocked_by_request_id is None
    unblock = city.exec(
        select(AuditEvent).where(AuditEvent.entity_type == "task", AuditEvent.action == "unblock")
    ).one()
    assert (unblock.actor, unblock.detail) == (
        "system",
        {"blocked_since": "2026-09-28", "due_date": ["2026-10-16", "2026-10-26"]},
    )


def test_a_blocked_project_moves_its_milestones_still_ahead_by_the_blocked_working_days(
    city: Session,
) -> None:
    code = submit(city).code

    def block(by: str) -> KeyProject:
        return block_project(
            session=city, project_code=PROJECT, request_code=code, actor=who(city, by),
            now=MONDAY, rules=RULES, factors=FACTORS,
        )  # fmt: skip

    with pytest.raises(BlockRefused, match="only the project's enterprise"):
        block(PIPE_FIRM)
    block(BEARING_FIRM)
    city.commit()
    with pytest.raises(BlockRefused, match=f"already waits on {code}"):
        block(OFFICE)
    move(city, code, HANDLER, "accept", date(2026, 9, 28))

    move(city, code, HANDLER, "reject", date(2026, 10, 12), reason="不符合国土空间规划")

    project = city.exec(select(KeyProject).where(KeyProject.code == PROJECT)).one()
    milestones = dict(
        city.exec(
            select(ProjectMilestone.kind, ProjectMilestone.planned_date).where(
                ProjectMilestone.project_id == project.id
            )
        ).all()
    )
    assert milestones == {
        "approvals": date(2026, 3, 31),  # reached on 04-15: history
        "construction_start": date(2026, 9, 15),  # late before the block began: stays late
        "statistics_entry": date(2026, 10, 16),  # 10-09 + 6 working days
        "completion": date(2026, 12, 23),  # 12-15 + 6 working days
    }
    assert (project.blocked_by_request_id, project.blocked_since) == (None, None)
    events = city.exec(
        select(AuditEvent.actor, AuditEvent.action, AuditEvent.detail)
        .where(AuditEvent.entity_type == "key_project", AuditEvent.actor != "t")  # not the import
        .order_by(col(AuditEvent.id))
    ).all()
    assert [(actor, action) for actor, action, _ in events] == [
        (BEARING_FIRM, "block"),
        ("system", "unblock"),
    ]
    assert events[1][2]["working_days"] == 6


def test_two_checks_racing_issue_each_notice_once(
    session: Session, database_url: str, tmp_path: Path
) -> None:
    load(session, tmp_path, at(date(2026, 9, 1)), extra_requests=80)
    engines = [make_engine(database_url), make_engine(database_url)]
    reports: list[Any] = []
    start = threading.Barrier(2)

    def run(own: sa.Engine) -> None:
        start.wait()
        reports.append(
            check_requests(engine=own, now=at(date(2026, 9, 28), time(8, 45)), rules=RULES,
                           factors=FACTORS, chunk_size=10)
        )  # fmt: skip

    threads = [threading.Thread(target=run, args=(own,)) for own in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for own in engines:
        own.dispose()

    session.commit()
    keys = session.exec(select(Notice.key)).all()
    rows = session.exec(select(OutboxMessage.dedupe_key)).all()
    assert len(keys) == len(set(keys)) == 81
    assert len(rows) == len(set(rows)) == 81  # each to the ZRJ mailbox, once
    assert sum(r.adopted for r in reports) == 81
    assert sum(r.notices for r in reports) == 81
    assert sum(r.examined - r.lost_claims for r in reports) == 81


def test_the_check_reads_only_open_due_requests_through_the_partial_index(
    engine: sa.Engine,
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's query plan; PostgreSQL chooses by statistics")
    executed: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        executed.append((statement, parameters))

    with engine.connect() as connection:
        sa.event.listen(connection, "before_cursor_execute", capture)
        connection.execute(due_requests_query("sqlite", MONDAY, 200)).all()
        sa.event.remove(connection, "before_cursor_execute", capture)
        statement, parameters = executed[-1]
        plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
    assert "USING INDEX ix_factor_request_sweep" in " ".join(str(row[-1]) for row in plan)


@pytest.fixture
def factors_file(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "factors.yaml"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("close: 20}", "clsoe: 20}"), r"service_levels.land: unknown key\(s\) \['clsoe'\]"),
        (("  land: ZRJ", "  gold: ZRJ"), "routing.gold: unknown factor type; choose from 用地"),
        (("  approvals: SPJ", "  # approvals"), "factors.yaml, routing: no entry for approvals"),
        (("plan: 2, close: 10", "plan: 2, close: 2"), r"approvals: close \(2\) must leave time"),
        (("recipients: [working_group]", "recipients: [owner]"),
         r"ladder\[1\].recipients: unknown 'owner'; known: chain_leader"),
        (("after_days: 5", "after_days: five"), r"ladder\[2\].after_days: expected a whole"),
    ],
)  # fmt: skip
def test_a_wrong_factors_file_is_refused_naming_the_key(
    factors_file: Path, edit: tuple[str, str], message: str
) -> None:
    text = (ROOT / "chainops" / "config" / "factors.yaml").read_text(encoding="utf-8")
    assert edit[0] in text
    factors_file.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")

    with pytest.raises(FactorConfigError, match=message):
        load_factor_rules(factors_file)


def test_the_shipped_factors_file_routes_every_factor_to_the_demo_departments() -> None:
    assert {factor.value: code for factor, code in FACTORS.routing.items()} == {
        "land": "ZRJ", "energy": "FGW", "power": "GDGS", "funds": "JRB", "labour": "RSJ",
        "environment": "STJ", "approvals": "SPJ",
    }  # fmt: skip
    assert [rung.after_days for rung in FACTORS.ladder] == [0, 2, 5]
