"""The key-project ledger and its daily check on a real database: reports, refusals, who may
see what, and the urging of missing reports — once, and only from the deadline on."""

import math
import threading
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from mechanism.calendar import WorkingCalendar
from mechanism.project_lights import ProjectRules
from mechanism.vocabulary import MilestoneKind
from models import AuditEvent, KeyProject, Notice, OutboxMessage, ProjectMilestone
from models.db import make_engine
from notifications.examples import EXAMPLE_CONTEXTS
from notifications.render import render
from services.config import EngineRules, ProjectConfigError, load_project_rules
from services.people import Actor, actor_by_email, add_user
from services.projects import (
    ProjectAccessDenied,
    ProjectInputError,
    check_projects,
    list_projects,
    report_month,
    show_project,
)
from services.workbook import import_workbook, read_workbook
from tests.services.workbooks import BEARING_CODE, PIPE_CODE, small_city, snapshot, write_workbook

RULES = EngineRules(calendar=WorkingCalendar(), office_mailbox="office@example.gov.cn")
PROJECTS = ProjectRules()
OCT_9 = datetime(2026, 10, 9, 2, 0, tzinfo=UTC)  # Friday 10:00 in Shanghai
FIRM_A, FIRM_B = "zhang.wei@wantong.example.com", "chen.li@huaguan.example.com"
TEAM, LEADER, OFFICER = "zhao.min@example.gov.cn", "wang.lei@example.gov.cn", "li.na@example.gov.cn"
ONE, TWO = "LC2026-BEARING-01", "LC2026-BEARING-02"
START, APPROVALS = MilestoneKind.CONSTRUCTION_START, MilestoneKind.APPROVALS


def at_nine(day: date) -> datetime:
    """09:00 in Shanghai on ``day``, when the check runs."""
    return datetime(day.year, day.month, day.day, 1, 0, tzinfo=UTC)


def city_sheets(extra_projects: int = 0) -> dict[str, list[list[Any]]]:
    """small_city with two enterprises that have contacts, a project each, and a working group
    member (zhao.min) for the chain; wang.lei is its chain leader."""
    sheets = small_city()
    sheets["People"].append([TEAM, "赵敏", "GXJ", "科员"])
    sheets["Roster"].append(["BEARING", "Working group", TEAM, None])
    sheets["Enterprises"] = [
        ["Credit code", "Name", "County", "Contact name", "Contact email"],
        [BEARING_CODE, "示范轴承集团有限公司", "临清市", "张伟", FIRM_A],
        [PIPE_CODE, "示范华冠钢管有限公司", "东昌府区", "陈丽", FIRM_B],
    ]
    sheets["Chain enterprises"].append(["BEARING", PIPE_CODE, "supporting"])
    projects = sheets["Key projects"]
    for n in range(1 + extra_projects):
        code = TWO if n == 0 else f"LC2026-BEARING-X{n:03d}"
        projects.append(
            [
                code,
                f"轴承钢管项目{n}",
                "BEARING",
                PIPE_CODE,
                "GXJ",
                2026,
                50000,
                20000,
                None,
                None,
                "2026-12-31",
            ]
        )
    return sheets


def load(session: Session, tmp_path: Path, extra_projects: int = 0) -> None:
    path = write_workbook(tmp_path / "city.xlsx", city_sheets(extra_projects))
    import_workbook(session=session, workbook=read_workbook(path), actor="t", now=OCT_9)
    add_user(session=session, email=OFFICER, office=True, now=OCT_9)
    session.commit()


@pytest.fixture
def city(session: Session, tmp_path: Path) -> None:
    load(session, tmp_path)


def report(session: Session, who: str | Actor, **changes: Any) -> Any:
    actor = who if isinstance(who, Actor) else actor_by_email(session, who)
    values: dict[str, Any] = {
        "project_code": ONE,
        "month": date(2026, 9, 1),
        "month_investment": 1000.0,
        "milestones_reached": {},
        "problems": None,
        "now": OCT_9,
    }
    values.update(changes)
    return report_month(session=session, actor=actor, rules=RULES, projects=PROJECTS, **values)


def listed(session: Session, who: str | None, today: date = date(2026, 10, 9)) -> list[Any]:
    actor = actor_by_email(session, who) if who else None
    return list_projects(
        session=session,
        today=today,
        actor=actor,
        chain=None,
        rules=PROJECTS,
        calendar=RULES.calendar,
        locale="en",
    )


# --- the monthly report ---------------------------------------------------------------------


def test_a_report_keeps_the_years_cumulative_figure_and_relights_the_project_at_once(
    session: Session, city: None
) -> None:
    report(session, FIRM_A, month_investment=10000, milestones_reached={START: date(2026, 9, 15)})
    report(session, FIRM_A, month=date(2026, 8, 1), month_investment=5000)  # a late report
    done = report(
        session, FIRM_A, month_investment=12000, problems=" 用地指标不足 ", replace=True
    )
    session.commit()

    assert (done.report.month, done.report.investment_completed) == (date(2026, 9, 1), 17000)
    shown = show_project(
        session=session,
        code=ONE,
        actor=None,
        today=date(2026, 10, 9),
        rules=PROJECTS,
        calendar=RULES.calendar,
        locale="en",
    )
    assert [(r["month"], r["investment_completed"]) for r in shown["reports"]] == [
        ("2026-08", 5000),
        ("2026-09", 17000),
    ]
    assert shown["reports"][1]["problems"] == "用地指标不足"
    assert shown["reports"][1]["reported_by"] == FIRM_A
    # Judged at the end of September (273/365 = 74.8%) against 17000/45000.5 = 37.8%.
    assert (done.light.value, done.reasons) == ("red", ("investment_behind:37.0",))
    project = session.exec(select(KeyProject).where(KeyProject.code == ONE)).one()
    assert (project.light, project.light_reason) == ("red", "投资完成率落后序时进度37.0个百分点")
    start = session.exec(
        select(ProjectMilestone).where(
            ProjectMilestone.project_id == project.id, ProjectMilestone.kind == START.value
        )
    ).one()
    assert start.actual_date == date(2026, 9, 15)
    trail = session.exec(
        select(AuditEvent.actor, AuditEvent.action, AuditEvent.from_value, AuditEvent.to_value)
        .where(
            AuditEvent.entity_type == "key_project",
            AuditEvent.entity_id == project.id,
            AuditEvent.actor != "t",  # the import's own events
        )
        .order_by(col(AuditEvent.id))
    ).all()
    assert trail == [
        (FIRM_A, "monthly_report", None, "10000.0"),
        (FIRM_A, "monthly_report", None, "5000.0"),
        (FIRM_A, "monthly_report", "15000.0", "17000.0"),
    ]


def test_reaching_production_ends_the_tracking(session: Session, city: None) -> None:
    done = report(
        session,
        FIRM_B,
        project_code=TWO,
        milestones_reached={
            START: date(2026, 3, 2),
            MilestoneKind.STATISTICS_ENTRY: date(2026, 4, 1),
            MilestoneKind.COMPLETION: date(2026, 9, 1),
            MilestoneKind.PRODUCTION: date(2026, 9, 30),
        },
    )
    assert (done.project.state, done.light.value, done.reasons) == ("producing", "green", ())
    assert done.report.milestone_reached == "production"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"month_investment": -1.0}, "month_investment must not be negative, not -1 万元"),
        ({"month_investment": math.nan}, "month_investment must be a number of 万元, not nan"),
        ({"month": date(2025, 12, 1)}, f"month 2025-12 is outside the ledger year of {ONE} (2026)"),
        ({"month": date(2026, 11, 1)}, "month 2026-11 is in the future (today is 2026-10-09)"),
        (
            {"milestones_reached": {START: date(2025, 12, 20)}},
            "milestone construction_start (开工) on 2025-12-20 is before the project's year "
            "began (2026-01-01)",
        ),
        (
            {"milestones_reached": {START: date(2026, 4, 1)}},
            "milestone construction_start (开工) on 2026-04-01 is before approvals (前期手续) "
            "on 2026-04-15",
        ),
        (
            {"milestones_reached": {START: date(2026, 9, 15), APPROVALS: date(2026, 9, 20)}},
            "milestone approvals (前期手续) on 2026-09-20 is after construction_start (开工) "
            "on 2026-09-15",
        ),
        (
            {"milestones_reached": {START: date(2026, 10, 20)}},
            "milestone construction_start (开工) on 2026-10-20 is in the future",
        ),
        ({"project_code": "LC2026-NOPE"}, "no key project 'LC2026-NOPE'"),
    ],
)
def test_a_bad_report_is_refused_with_a_clear_error_and_changes_nothing(
    session: Session, city: None, changes: dict[str, Any], message: str
) -> None:
    report(session, FIRM_A)  # an earlier, good report stays as it was
    session.commit()
    before = snapshot(session)
    with pytest.raises(ProjectInputError) as refused:
        report(session, FIRM_A, **changes)
    session.rollback()
    assert message in str(refused.value)
    assert snapshot(session) == before


# --- who may see and touch what -----------------------------------------------------------


def test_a_firm_sees_and_touches_only_its_own_projects(session: Session, city: None) -> None:
    assert [p["code"] for p in listed(session, FIRM_A)] == [ONE]
    assert [p["code"] for p in listed(session, FIRM_B)] == [TWO]
    assert [p["code"] for p in listed(session, OFFICER)] == [ONE, TWO]
    assert [p["code"] for p in listed(session, None)] == [ONE, TWO]

    with pytest.raises(ProjectAccessDenied, match=f"{TWO} is not your enterprise's project"):
        show_project(
            session=session,
            code=TWO,
            actor=actor_by_email(session, FIRM_A),
            today=date(2026, 10, 9),
            rules=PROJECTS,
            calendar=RULES.calendar,
        )
    before = snapshot(session)
    with pytest.raises(ProjectAccessDenied, match=f"{TWO} is not your enterprise's project"):
        report(session, FIRM_A, project_code=TWO)
    session.rollback()
    assert snapshot(session) == before


def test_only_the_chains_working_group_or_the_office_may_report_for_a_firm(
    session: Session, city: None
) -> None:
    with pytest.raises(ProjectAccessDenied, match="only the enterprise's contact, the chain"):
        report(session, LEADER)
    session.rollback()
    assert report(session, TEAM).report.reported_by == TEAM
    assert report(session, OFFICER, month=date(2026, 8, 1)).report.reported_by == OFFICER


def test_every_listed_project_has_its_light_and_the_reason_for_it(
    session: Session, city: None
) -> None:
    rows = listed(session, None, today=date(2026, 11, 27))
    one = next(r for r in rows if r["code"] == ONE)
    # Planned to start 2026-06-30, not started; nothing ever reported.
    assert one["light"] == "red"
    assert one["reasons"] == ["start_late:5", "investment_behind:83.3", "report_missing:10"]
    assert one["light_reason"].startswith("not started 5 month(s) after the planned start month")
    assert (one["next_milestone"], one["next_milestone_planned"]) == (
        "construction_start",
        date(2026, 6, 30),
    )
    assert all(r["light"] in ("green", "yellow", "red") and r["light_reason"] for r in rows)


# --- the daily check ------------------------------------------------------------------------


def outbox(session: Session) -> list[tuple[str, str, str, str]]:
    session.commit()  # the check wrote through other connections
    rows = session.exec(
        select(Notice.key, Notice.kind, OutboxMessage.recipient_email, OutboxMessage.recipient_role)
        .join(OutboxMessage, col(OutboxMessage.notice_id) == Notice.id)
        .order_by(Notice.key, OutboxMessage.recipient_email)
    ).all()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def check(engine: sa.Engine, day: date) -> Any:
    return check_projects(engine=engine, now=at_nine(day), rules=RULES, projects=PROJECTS)


def test_a_missing_report_is_urged_once_from_its_deadline_on_to_the_contact_and_working_group(
    session: Session, engine: sa.Engine, city: None
) -> None:
    report(session, FIRM_A)  # both reported through September
    report(session, FIRM_B, project_code=TWO)
    session.commit()
    ids = dict(session.exec(select(KeyProject.code, KeyProject.id)).all())

    before_deadline = check(engine, date(2026, 11, 5))  # October's is due on 11-06
    assert (before_deadline.stale, outbox(session)) == (0, [])

    first = check(engine, date(2026, 11, 6))
    again = check(engine, date(2026, 11, 6))
    later_that_week = check(engine, date(2026, 11, 12))

    assert (first.stale, first.notices, first.outbox_rows) == (2, 2, 4)
    assert (again.notices, later_that_week.notices) == (0, 0)
    assert outbox(session) == sorted(  # by key as text: id 100 sorts before id 99
        [
            (f"key_project:{ids[ONE]}:stale:2026-10:r0", "project_stale", FIRM_A, "enterprise"),
            (f"key_project:{ids[ONE]}:stale:2026-10:r0", "project_stale", TEAM, "working_group"),
            (f"key_project:{ids[TWO]}:stale:2026-10:r0", "project_stale", FIRM_B, "enterprise"),
            (f"key_project:{ids[TWO]}:stale:2026-10:r0", "project_stale", TEAM, "working_group"),
        ]
    )
    assert check(engine, date(2026, 11, 13)).notices == 2  # the weekly reminder


def test_the_urging_says_what_the_templates_need(
    session: Session, engine: sa.Engine, city: None
) -> None:
    report(session, FIRM_A)
    session.commit()
    check(engine, date(2026, 11, 6))
    session.commit()
    notice = session.exec(select(Notice).where(Notice.subject_type == "key_project")).first()
    assert notice is not None

    added_by_dispatch = {"ack_url", "ack_expires", "recipient_name", "office_name", "feedback_url"}
    assert set(notice.facts) == set(EXAMPLE_CONTEXTS["project_stale"]) - added_by_dispatch
    assert notice.facts["last_report_month"] == "2026-09"
    assert notice.facts["months_missing"] == 1
    context = {
        **notice.facts,
        "ack_url": "https://x/ack/1",
        "ack_expires": "2026-11-20",
        "recipient_name": "张伟",
        "office_name": "市链长制办公室",
        "feedback_url": "https://x/feedback?notice=1",
    }
    rendered = render("project_stale", "zh-CN", context)
    assert "自2026年9月以后已有1个月未报送月度进展" in rendered.text


def test_the_check_stores_lights_that_changed_and_leaves_the_rest(
    session: Session, engine: sa.Engine, city: None
) -> None:
    first = check(engine, date(2026, 11, 27))
    again = check(engine, date(2026, 11, 27))

    assert (first.examined, first.lights_changed, first.changed_to) == (2, 2, {"red": 2})
    assert (again.lights_changed, again.lost_claims) == (0, 0)
    session.commit()
    stored = {p.code: (p.light, p.light_reason) for p in session.exec(select(KeyProject))}
    live = {
        r["code"]: (r["light"], r["light_reason"])
        for r in list_projects(
            session=session,
            today=date(2026, 11, 27),
            actor=None,
            chain=None,
            rules=PROJECTS,
            calendar=RULES.calendar,
            locale="zh-CN",
        )
    }
    assert stored == live


def test_the_check_rests_on_a_non_working_day(
    session: Session, engine: sa.Engine, city: None
) -> None:
    result = check(engine, date(2026, 11, 7))  # a Saturday
    assert not result.working_day
    assert result.examined == 0
    assert outbox(session) == []


def test_two_checks_racing_urge_each_project_once(
    session: Session, engine: sa.Engine, database_url: str, tmp_path: Path
) -> None:
    load(session, tmp_path, extra_projects=60)
    engines = [make_engine(database_url), make_engine(database_url)]
    results: list[Any] = []
    start = threading.Barrier(2)

    def run(own: sa.Engine) -> None:
        start.wait()
        results.append(
            check_projects(
                engine=own,
                now=at_nine(date(2026, 11, 27)),
                rules=RULES,
                projects=PROJECTS,
                chunk_size=7,
            )
        )

    threads = [threading.Thread(target=run, args=(own,)) for own in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for own in engines:
        own.dispose()

    rows = outbox(session)
    assert len(rows) == len(set(rows)) == 62 * 2  # the contact and the working group, once
    assert sum(r.notices for r in results) == 62
    assert sum(r.lights_changed for r in results) == 62


# --- the configuration file -----------------------------------------------------------------


def test_the_shipped_projects_file_holds_the_defaults_and_a_missing_file_means_defaults(
    tmp_path: Path,
) -> None:
    shipped = Path(__file__).parents[3] / "chainops" / "config" / "projects.yaml"
    assert load_project_rules(shipped) == ProjectRules()
    assert load_project_rules(tmp_path / "absent.yaml") == ProjectRules()


def test_a_city_may_set_its_own_thresholds(tmp_path: Path) -> None:
    path = tmp_path / "projects.yaml"
    path.write_text(
        "lights:\n  investment_yellow_points: 12.5\nreports:\n  deadline_working_day: 3\n"
    )
    rules = load_project_rules(path)
    assert (rules.investment_yellow_points, rules.report_deadline_working_day) == (12.5, 3)
    assert rules.start_red_months == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("lights:\n  start_red_month: 3\n", "lights: unknown key(s) ['start_red_month']"),
        ("light: {}\n", "unknown key(s) ['light']; known: ['lights', 'reports']"),
        ("lights:\n  start_red_months: three\n", "lights.start_red_months: must be a whole number"),
        ("lights:\n  start_red_months: 2.5\n", "lights.start_red_months: must be a whole number"),
        ("reports:\n  deadline_working_day: yes\n", "reports.deadline_working_day: must be"),
        ("lights:\n  start_yellow_months: 4\n", "need 1 <= start_yellow_months <= start_red"),
        ("lights: [1, 2]\n", "lights: expected a mapping"),
        ("lights: {\n", "not valid YAML"),
    ],
)
def test_a_bad_projects_file_names_the_file_and_the_key(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "projects.yaml"
    path.write_text(text)
    with pytest.raises(ProjectConfigError) as refused:
        load_project_rules(path)
    assert str(refused.value).startswith(str(path))
    assert message in str(refused.value)
