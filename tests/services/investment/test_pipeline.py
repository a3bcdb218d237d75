"""The investment pipeline's services on the demo city: a project added, signed (filing task
made once and urged through the ladder), filed (task closed), registered, started and handed
over to a key project; refusals that change nothing; and who sees what."""

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from mechanism.calendar import WorkingCalendar
from mechanism.investment import PipelineRules
from mechanism.uscc import make_credit_code
from models import Enterprise, InvestmentProject, InvestmentSigning, KeyProject, Task
from services import investment
from services.config import EngineRules
from services.investment import InvestmentHidden, InvestmentNotAllowed, InvestmentRefused
from services.people import actor_by_email, viewer_by_email

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)  # 10:00 in the city, a Tuesday
RULES = EngineRules(calendar=WorkingCalendar())
PIPELINE = PipelineRules()
TEAM = "guo.jiaqi@example.gov.cn"  # BEARING's working group
LEADER = "li.zhenhua@example.gov.cn"  # BEARING's chain leader
FIRM = "liu.qinghua@huasheng-chem.example.com"  # 华晟化工 (HCHEM), enterprise 1
FIRM_CODE = "91371500914723298G"
DEPT = "liang.xiaoyan@example.gov.cn"  # ZRJ: leads no chain


def _add(session: Session, name: str = "风电主轴轴承项目", **extra: object) -> InvestmentProject:
    return investment.add_project(
        session=session,
        actor=actor_by_email(session, TEAM),
        chain_code="BEARING",
        name=name,
        investor_name="示范洛阳轴研科技",
        node="风电主轴轴承",
        planned_wan=60_000,
        county="临清市",
        now=NOW,
        **extra,  # type: ignore[arg-type]
    )


def _sign(session: Session, project: InvestmentProject, kind: str, on: date, amount: float):  # type: ignore[no-untyped-def]
    return investment.record_signing(
        session=session,
        actor=actor_by_email(session, TEAM),
        project_id=project.id or 0,
        kind=kind,
        on=on,
        amount_wan=amount,
        now=NOW,
        rules=RULES,
        pipeline=PIPELINE,
    )


def _count(session: Session, table: type) -> int:
    return session.exec(select(sa.func.count()).select_from(table)).one()


def test_a_project_gets_a_code_per_chain_and_year(demo_city: Session) -> None:
    project = _add(demo_city, "代码测试项目")
    assert project.code.startswith("ZS2026-BEARING-")
    assert project.stage == "lead" and project.map_node_id is not None
    demo_city.rollback()


def test_the_first_signing_makes_one_filing_task_due_in_five_working_days(
    demo_city: Session,
) -> None:
    project = _add(demo_city)
    signed = _sign(demo_city, project, "first", date(2026, 11, 20), 50_000)
    assert project.stage == "signed" and project.signed_on == date(2026, 11, 20)
    task = signed.filing.task
    assert task is not None and task.title == "备案：风电主轴轴承项目"
    assert task.due_date == date(2026, 11, 27)  # Fri 20 Nov + 5 working days
    assert task.source == "investment" and task.next_action_at is not None  # the ladder has it
    tasks = _count(demo_city, Task)
    again = investment.record_signing(
        session=demo_city,
        actor=actor_by_email(demo_city, TEAM),
        project_id=project.id or 0,
        kind="capital_increase",
        on=date(2026, 11, 25),
        amount_wan=5_000,
        now=NOW,
        rules=RULES,
        pipeline=PIPELINE,
    )
    assert again.filing.task is None and _count(demo_city, Task) == tasks
    assert project.contract_amount_wan == 55_000
    resigned = _sign(demo_city, project, "re_signing", date(2026, 11, 26), 52_000)
    assert resigned.signing.counted_wan == -3_000 and project.contract_amount_wan == 52_000
    counted = demo_city.exec(
        select(sa.func.sum(InvestmentSigning.counted_wan)).where(
            InvestmentSigning.project_id == project.id
        )
    ).one()
    assert counted == 52_000  # the month's signed amount counts the project once
    demo_city.rollback()


def test_a_second_first_signing_is_refused_and_changes_nothing(demo_city: Session) -> None:
    project = _add(demo_city)
    _sign(demo_city, project, "first", date(2026, 11, 20), 50_000)
    demo_city.commit()
    signings, tasks = _count(demo_city, InvestmentSigning), _count(demo_city, Task)
    with pytest.raises(InvestmentRefused) as refused:
        _sign(demo_city, project, "first", date(2026, 11, 23), 70_000)
    assert refused.value.field == "kind" and "re_signing" in str(refused.value)
    demo_city.rollback()
    assert _count(demo_city, InvestmentSigning) == signings and _count(demo_city, Task) == tasks
    assert demo_city.get(InvestmentProject, project.id).contract_amount_wan == 50_000  # type: ignore[union-attr]


def test_filing_closes_the_task_and_starting_hands_over_to_a_new_key_project(
    demo_city: Session,
) -> None:
    project = _add(demo_city, "轴承检测认证中心")
    signed = _sign(demo_city, project, "first", date(2026, 11, 16), 12_000)
    team = actor_by_email(demo_city, TEAM)
    investment.file_project(
        session=demo_city,
        actor=team,
        project_id=project.id or 0,
        on=date(2026, 11, 19),
        now=NOW,
        rules=RULES,
    )
    assert signed.filing.task is not None
    assert demo_city.get(Task, signed.filing.task.id).state == "signed_off"  # type: ignore[union-attr]
    with pytest.raises(InvestmentRefused) as refused:
        investment.move_project(
            session=demo_city,
            actor=team,
            project_id=project.id or 0,
            to="registered",
            on=date(2026, 11, 20),
            now=NOW,
            rules=RULES,
        )
    assert refused.value.field == "company_code"
    code = make_credit_code("91371500MA3C4E5F6")
    investment.move_project(
        session=demo_city,
        actor=team,
        project_id=project.id or 0,
        to="started",
        on=date(2026, 11, 24),
        company_code=code,
        company_name="临清轴研检测有限公司",
        now=NOW,
        rules=RULES,
    )
    company = demo_city.exec(select(Enterprise).where(Enterprise.credit_code == code)).one()
    key = demo_city.get(KeyProject, project.key_project_id)
    assert project.enterprise_id == company.id and key is not None
    assert key.code == project.code and key.total_investment == 12_000
    assert key.enterprise_id == company.id and project.started_on == date(2026, 11, 24)
    demo_city.rollback()


def test_starting_links_an_existing_key_project_of_the_chain(demo_city: Session) -> None:
    project = _add(demo_city, "万通扩产", investor_credit_code="913715818438126800")
    team = actor_by_email(demo_city, TEAM)
    _sign(demo_city, project, "first", date(2026, 11, 2), 30_000)
    with pytest.raises(InvestmentRefused) as refused:
        investment.move_project(
            session=demo_city,
            actor=team,
            project_id=project.id or 0,
            to="started",
            on=date(2026, 11, 24),
            key_project_code="LC2026-HCHEM-01",
            now=NOW,
            rules=RULES,
        )
    assert refused.value.field == "key_project"
    investment.move_project(
        session=demo_city,
        actor=team,
        project_id=project.id or 0,
        to="started",
        on=date(2026, 11, 24),
        key_project_code="LC2026-BEARING-01",
        now=NOW,
        rules=RULES,
    )
    key = demo_city.exec(select(KeyProject).where(KeyProject.code == "LC2026-BEARING-01")).one()
    assert project.key_project_id == key.id and project.enterprise_id == 13
    demo_city.rollback()


def test_moves_go_forward_only_and_terminating_needs_a_reason(demo_city: Session) -> None:
    project = _add(demo_city, "倒退测试")
    team = actor_by_email(demo_city, TEAM)
    with pytest.raises(InvestmentRefused) as refused:
        investment.move_project(
            session=demo_city,
            actor=team,
            project_id=project.id or 0,
            to="signed",
            on=date(2026, 11, 24),
            now=NOW,
            rules=RULES,
        )
    assert "first signing" in str(refused.value)
    with pytest.raises(InvestmentRefused) as refused:
        investment.move_project(
            session=demo_city,
            actor=team,
            project_id=project.id or 0,
            to="terminated",
            on=date(2026, 11, 24),
            now=NOW,
            rules=RULES,
        )
    assert refused.value.field == "reason"
    investment.move_project(
        session=demo_city,
        actor=team,
        project_id=project.id or 0,
        to="terminated",
        on=date(2026, 11, 24),
        reason="投资方战略调整",
        now=NOW,
        rules=RULES,
    )
    assert project.stage == "terminated" and project.terminated_reason == "投资方战略调整"
    demo_city.rollback()


def test_funds_are_one_figure_per_month_and_a_second_report_replaces_it(
    demo_city: Session,
) -> None:
    project = _add(demo_city, "资金测试")
    _sign(demo_city, project, "first", date(2026, 10, 12), 20_000)
    team = actor_by_email(demo_city, TEAM)
    for amount in (1_000, 1_500):
        investment.report_funds(
            session=demo_city,
            actor=team,
            project_id=project.id or 0,
            month="2026-11",
            amount_wan=amount,
            now=NOW,
            rules=RULES,
        )
    shown = investment.show_project(
        session=demo_city,
        viewer=None,
        project_id=project.id or 0,
        today=date(2026, 12, 1),
        pipeline=PIPELINE,
        calendar=RULES.calendar,
    )
    assert shown["funds"] == [{"month": "2026-11", "amount_wan": 1_500}]
    with pytest.raises(InvestmentRefused) as refused:
        investment.report_funds(
            session=demo_city,
            actor=team,
            project_id=project.id or 0,
            month="2027-01",
            amount_wan=1,
            now=NOW,
            rules=RULES,
        )
    assert refused.value.field == "month"
    demo_city.rollback()


def test_who_sees_and_manages_the_pipeline(demo_city: Session) -> None:
    project = _add(demo_city, "权限测试")
    other = _add(demo_city, "华晟落地项目", investor_credit_code=FIRM_CODE)
    other.enterprise_id = 1
    demo_city.flush()
    ids = {project.id, other.id}

    def seen(email: str) -> set[int]:
        rows = investment.list_projects(
            session=demo_city,
            viewer=viewer_by_email(demo_city, email),
            today=date(2026, 12, 1),
            pipeline=PIPELINE,
        )
        return {r["id"] for r in rows} & ids

    assert seen(TEAM) == ids and seen(LEADER) == ids
    assert seen(FIRM) == {other.id}  # its own project only
    assert seen(DEPT) == set()
    with pytest.raises(InvestmentHidden):
        investment.visible_project(demo_city, viewer_by_email(demo_city, FIRM), project.id or 0)
    with pytest.raises(InvestmentNotAllowed):
        investment.move_project(
            session=demo_city,
            actor=actor_by_email(demo_city, LEADER),
            project_id=project.id or 0,
            to="negotiating",
            on=date(2026, 11, 24),
            now=NOW,
            rules=RULES,
        )
    demo_city.rollback()


def test_a_bad_credit_code_is_refused_by_field(demo_city: Session) -> None:
    with pytest.raises(InvestmentRefused) as refused:
        _add(demo_city, "坏代码", investor_credit_code="91371500914723298X")
    assert refused.value.field == "investor_credit_code" and "check character" in str(refused.value)
    demo_city.rollback()
