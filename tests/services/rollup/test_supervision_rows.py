"""The supervision figures frozen by closing November 2026 on a real database: tasks moved
through the services (a return, an extension request, a cancellation), notices and their
acknowledgements, a key project's reports and a rated factor request, as built by hand.

The hand-worked month (November 2026 has no holiday; every task is led by GXJ on BEARING):

- A: 11-02 → due 11-13; returned once (11-06), signed off 11-10: early, 6 working days;
  a reminder (level 0) on 11-10, acknowledged in 2 hours.
- B: 11-02 → due 11-13; asked for an extension on 11-12 (granted: it does not move the
  statistical date), signed off 11-18: late, 12 working days; no notice.
- C: 11-03 → due 11-20; never signed off: open overdue. An urging slip (level 1) on 11-20,
  acknowledged 11-23 10:30 (74 hours, 1 working day); a supervision notice (level 3) on 11-27.
- D: 11-02 → due 11-30, cancelled: counts nowhere.
- E: 10-12 → due 10-30 (in the year to date, not the month); an urging slip on 10-30,
  signed off 11-04: late, 17 working days, top rung 1.
- The project's reminder (level 0) on 11-16 is a rung's notice (counted in the ladder) but
  no task's fact. The two imported tasks are cancelled.

month: assigned A B C (closed A B); due A B C: on time A (early), late B, open overdue C;
urgings 2 (C); extension B; returned A. Signed off A B E: 6, 12, 17 days (mean 11.7,
median 12). Year to date adds E: assigned 4, closed 3; due 4, late 2; urgings 3.

reports: October's, due 11-06 (5th working day), came in at 23:30 that day: on time.
September's, due 10-13 (National Day moved it), came at 00:30 on 10-14 — still 10-13 in UTC,
late in the city. The other months' are missing: 10 owed by the year to date, 1 on time.

ladder: signed off in November: A (top rung 0), B (none), E (1). Level 0: 2 notices, 1
acknowledged, reached by A and E, resolved A; level 1: C's slip, reached and resolved by E;
level 2 (a rung of the ladder, no notice): zeros; level 3: C's notice, reached by none.
Supervision reached C.
"""

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, col, select

from mechanism.calendar import WorkingCalendar
from mechanism.project_lights import ProjectRules
from mechanism.ranking import Weights
from models import (
    Chain,
    FactorRequest,
    KeyProject,
    Notice,
    OutboxMessage,
    ProjectMonthlyReport,
    Task,
)
from services import tasks as task_service
from services.config import EngineRules, load_factor_rules
from services.people import actor_by_email, add_user
from services.rollup import RollupResult, close_month
from services.workbook import import_workbook, read_workbook
from tests.services.workbooks import small_city, write_workbook

ROOT = Path(__file__).parents[3]
ZONE = ZoneInfo("Asia/Shanghai")
RULES = EngineRules(calendar=WorkingCalendar(), office_mailbox="office@example.gov.cn")
FACTORS = load_factor_rules(ROOT / "chainops" / "config" / "factors.yaml")
OWNER = "wang.lei@example.gov.cn"  # GXJ
OFFICE = "li.na@example.gov.cn"  # ZRJ, and an office account
NOVEMBER = date(2026, 11, 1)


def local(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """That moment of 2026 in Shanghai, as a UTC instant."""
    return datetime.combine(date(2026, month, day), time(hour, minute), ZONE).astimezone(UTC)


class November:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.chain_id = session.exec(select(Chain)).one().id

    def move(self, action: str, task_id: int, now: datetime, **inputs: object) -> None:
        by = OFFICE if action in ("sign_off", "cancel", "return") else OWNER
        function = getattr(task_service, f"{action}_task")
        function(session=self.session, task_id=task_id, actor=actor_by_email(self.session, by),
                 now=now, rules=RULES, **inputs)  # fmt: skip
        self.session.commit()

    def assign(self, title: str, start: date, due: date) -> int:
        now = local(start.month, start.day, 9)
        task = task_service.assign_task(
            session=self.session, actor=actor_by_email(self.session, OFFICE),
            chain_code="BEARING", title=title, lead_department="GXJ", owner_email=OWNER,
            start=start, due=due, now=now, rules=RULES,
        )  # fmt: skip
        assert task.id is not None
        self.move("accept", task.id, now)
        return task.id

    def finish(self, task_id: int, day: date) -> None:
        self.move("submit", task_id, local(day.month, day.day, 9), note="完成")
        self.move("sign_off", task_id, local(day.month, day.day, 11))

    def notice(self, level: int, kind: str, subject: tuple[str, int], issued: datetime,
               acknowledged: datetime | None = None) -> None:  # fmt: skip
        subject_type, subject_id = subject
        key = f"{subject_type}:{subject_id}:L{level}:{issued:%m%d}"
        notice = Notice(key=key, kind=kind, level=level, chain_id=self.chain_id,
                        subject_type=subject_type, subject_id=subject_id, year=2026, facts={},
                        issued_at=issued)  # fmt: skip
        self.session.add(notice)
        self.session.flush()
        self.session.add(
            OutboxMessage(notice_id=notice.id or 0, recipient_email=OWNER,
                          recipient_role="owner", dedupe_key=key, acknowledged_at=acknowledged)
        )  # fmt: skip
        self.session.commit()


@pytest.fixture
def november(session: Session, tmp_path: Path) -> November:
    path = write_workbook(tmp_path / "city.xlsx", small_city())
    import_workbook(session=session, workbook=read_workbook(path), actor="t", now=local(10, 9))
    add_user(session=session, email=OFFICE, office=True, now=local(10, 9))
    session.commit()
    month = November(session)
    for imported in session.exec(select(col(Task.id))).all():  # not part of this November
        month.move("cancel", imported or 0, local(10, 9), reason="另行安排")
    d, at = date, local
    e = month.assign("E 十月交办、十一月销号", d(2026, 10, 12), d(2026, 10, 30))
    month.notice(1, "urging_slip", ("task", e), at(10, 30, 8, 30))
    month.finish(e, d(2026, 11, 4))
    a = month.assign("A 退回一次后提前办结", d(2026, 11, 2), d(2026, 11, 13))
    b = month.assign("B 申请延期、逾期办结", d(2026, 11, 2), d(2026, 11, 13))
    c = month.assign("C 超期未办结", d(2026, 11, 3), d(2026, 11, 20))
    cancelled = month.assign("D 撤销", d(2026, 11, 2), d(2026, 11, 30))
    month.move("submit", a, at(11, 5), note="初稿")
    month.move("return", a, at(11, 6), reason="材料不全")
    month.move("submit", a, at(11, 9), note="补齐")
    month.notice(0, "reminder", ("task", a), at(11, 10, 8, 30), at(11, 10, 10, 30))
    month.move("sign_off", a, at(11, 10, 11))
    task_service.request_extension(
        session=month.session, task_id=b, actor=actor_by_email(month.session, OWNER),
        proposed_due=d(2026, 11, 20), reason="设备到货推迟", now=at(11, 12), rules=RULES,
    )  # fmt: skip
    month.session.commit()
    month.move("cancel", cancelled, at(11, 12), reason="另行安排")
    project = month.session.exec(select(KeyProject)).one()
    month.notice(0, "reminder", ("key_project", project.id or 0), at(11, 16, 8, 30))
    month.finish(b, d(2026, 11, 18))
    month.notice(1, "urging_slip", ("task", c), at(11, 20, 8, 30), at(11, 23, 10, 30))
    month.notice(3, "supervision", ("task", c), at(11, 27, 8, 30))
    for report_month, reported in ((9, at(10, 14, 0, 30)), (10, at(11, 6, 23, 30))):
        month.session.add(
            ProjectMonthlyReport(project_id=project.id or 0, month=d(2026, report_month, 1),
                                 investment_completed=1000.0 * report_month,
                                 reported_at=reported)
        )  # fmt: skip
    request = month.session.exec(select(FactorRequest)).one()
    request.state, request.resolved_at = "resolved", at(11, 17)
    request.confirmed_at, request.satisfaction = at(11, 20), 4
    month.session.commit()
    return month


def close(session: Session) -> RollupResult:
    result = close_month(
        session=session, month=NOVEMBER, now=local(12, 1, 9), rules=RULES, factors=FACTORS,
        weights=Weights(), projects=ProjectRules(),
    )  # fmt: skip
    session.commit()
    return result


MONTH = {
    "assigned": 3, "closed": 2, "closure_rate": 0.6667,
    "due": 3, "closed_on_time": 1, "closed_early": 1, "closed_late": 1, "open_overdue": 1,
    "on_time_rate": 0.3333, "overdue_rate": 0.6667,
    "signed_off": 3, "mean_handling_days": 11.7, "median_handling_days": 12.0,
    "urgings": 2, "urgings_per_task": 0.6667,
    "extension_requests": 1, "extension_rate": 0.3333,
    "returned": 1, "returned_tasks": 1, "returned_rate": 0.3333,
    "reports_required": 1, "reports_on_time": 1, "reports_late": 0,
    "feedback_on_time_rate": 1.0,
    "requests_rated": 1, "requests_satisfied": 1, "satisfaction_rate": 1.0,
}  # fmt: skip
YEAR_TO_DATE = {
    **MONTH,
    "assigned": 4, "closed": 3, "closure_rate": 0.75,
    "due": 4, "closed_late": 2, "on_time_rate": 0.25, "overdue_rate": 0.75,
    "urgings": 3, "urgings_per_task": 0.75, "extension_rate": 0.25, "returned_rate": 0.25,
    "reports_required": 10, "reports_late": 9, "feedback_on_time_rate": 0.1,
}  # fmt: skip


def rung(kind: str, notices: int, acknowledged: int, days: float | None, hours: float | None,
         reached: int, resolved: int, share: float | None) -> dict[str, object]:  # fmt: skip
    return {
        "kind": kind, "notices": notices, "acknowledged": acknowledged,
        "median_working_days_to_acknowledge": days, "p90_working_days_to_acknowledge": days,
        "median_hours_to_acknowledge": hours, "p90_hours_to_acknowledge": hours,
        "reached": reached, "resolved": resolved, "resolved_share": share,
    }  # fmt: skip


LADDER = {
    "levels": {
        "0": rung("reminder", 2, 1, 0.0, 2.0, 2, 1, 0.5),
        "1": rung("urging_slip", 1, 1, 1.0, 74.0, 1, 1, 1.0),
        "2": rung("coordination", 0, 0, None, None, 0, 0, None),  # a rung of the ladder
        "3": rung("supervision", 1, 0, None, None, 0, 0, None),
    },
    "resolved_without_notice": 1,
    "reached_supervision": 1,
}


def test_every_supervision_figure_of_a_hand_built_month_is_frozen(
    session: Session, november: November
) -> None:
    result = close(session)

    expected = {"month": MONTH, "year_to_date": YEAR_TO_DATE, "ladder": LADDER}
    assert result.city["supervision"] == expected
    assert result.chains["BEARING"]["supervision"] == expected  # the one chain is the city
    gxj, zrj = result.departments["GXJ"]["supervision"], result.departments["ZRJ"]["supervision"]
    # GXJ leads the tasks and serves the project; ZRJ handles the rated request. No ladder.
    assert "ladder" not in gxj and "ladder" not in zrj
    assert gxj["month"] == {**MONTH, "requests_rated": 0, "requests_satisfied": 0,
                            "satisfaction_rate": None}  # fmt: skip
    assert (zrj["month"]["due"], zrj["month"]["requests_rated"]) == (0, 1)
    assert zrj["year_to_date"]["reports_required"] == 0


def test_the_json_of_a_closed_month_carries_the_supervision_figures(
    session: Session, november: November
) -> None:
    data = close(session).as_dict()

    assert data["supervision"]["city"] == data["city"]["supervision"]
    assert data["supervision"]["chains"]["BEARING"]["ladder"] == LADDER
    assert data["supervision"]["departments"]["ZRJ"]["month"]["satisfaction_rate"] == 1.0
    # The month compared with October (none closed): every supervision change is None.
    assert data["city"]["changes"]["supervision.month.due"] is None


def test_later_moves_do_not_change_the_frozen_figures(session: Session, november: November) -> None:
    first = close(session)
    c = session.exec(select(Task).where(col(Task.title).startswith("C "))).one()
    c.state, c.signed_off_on = "signed_off", date(2026, 11, 20)  # as if on time
    session.commit()

    again = close(session)

    assert again.city["supervision"] == first.city["supervision"]
    assert first.city["supervision"]["month"]["open_overdue"] == 1


def test_a_report_in_after_midnight_in_the_city_is_late_though_utc_says_the_deadline_day(
    session: Session, november: November
) -> None:
    report = session.exec(
        select(ProjectMonthlyReport).where(ProjectMonthlyReport.month == date(2026, 9, 1))
    ).one()
    assert report.reported_at.astimezone(UTC).date() == date(2026, 10, 13)  # the deadline
    report.reported_at -= timedelta(hours=1)  # 23:30 on 10-13 in the city: on time
    session.commit()

    ytd = close(session).city["supervision"]["year_to_date"]

    assert (ytd["reports_on_time"], ytd["reports_late"]) == (2, 8)
