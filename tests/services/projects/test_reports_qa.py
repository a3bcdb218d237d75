"""What the QA pass found in monthly reports and the factor requests raised from them, on the
demo city: impossible figures are refused, naming both figures in both languages, and the same
request is not submitted twice while the first is pending.

Each test works in the module's shared copy and rolls back, so the next one finds it as it was.
"""

import math
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, select

from mechanism.calendar import WorkingCalendar
from mechanism.project_lights import ProjectRules
from mechanism.wording import zh
from models import FactorRequest, KeyProject, ProjectMonthlyReport
from services.config import EngineRules, load_factor_rules
from services.people import actor_by_email
from services.projects import ProjectInputError, report_month
from services.requests import DuplicateRequest, RequestInputError, submit_request
from tests.services.workbooks import snapshot

ROOT = Path(__file__).parents[3]
RULES = EngineRules(calendar=WorkingCalendar(), office_mailbox="office@example.gov.cn")
FACTORS = load_factor_rules(ROOT / "chainops" / "config" / "factors.yaml")
NOW = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)  # Friday 15:00 in Shanghai
NOVEMBER = date(2026, 11, 1)
OFFICE = "gao.wenbo@example.gov.cn"
HUASHENG = "liu.qinghua@huasheng-chem.example.com"  # 华晟化工: LC2026-HCHEM-01, YS2026-002
HUASHENG_CODE = "91371500914723298G"
PROJECT = "LC2026-HCHEM-01"  # total investment 560,000 万元
ENERGY_NEED = "聚碳酸酯扩建项目新增能耗指标，申请通过用能权交易和存量腾退统筹解决"  # YS2026-002's


@pytest.fixture
def city(demo_city: Session) -> Iterator[Session]:
    yield demo_city
    demo_city.rollback()


def _report(session: Session, **changes: Any) -> Any:
    values: dict[str, Any] = {
        "project_code": PROJECT,
        "month": NOVEMBER,
        "month_investment": 5000.0,
        "milestones_reached": {},
        "problems": None,
    }
    values.update(changes)
    return report_month(
        session=session,
        actor=actor_by_email(session, HUASHENG),
        now=NOW,
        rules=RULES,
        projects=ProjectRules(),
        **values,
    )


def _months(session: Session) -> dict[date, float]:
    project = session.exec(select(KeyProject).where(KeyProject.code == PROJECT)).one()
    rows = session.exec(
        select(ProjectMonthlyReport).where(ProjectMonthlyReport.project_id == project.id)
    ).all()
    return {r.month: r.month_investment for r in rows}


def _submit(session: Session, by: str = HUASHENG, **changes: Any) -> FactorRequest:
    values: dict[str, Any] = {
        "chain_code": "HCHEM",
        "credit_code": HUASHENG_CODE,
        "project_code": PROJECT,
        "factor_type": "energy",
        "quantity": 85000.0,
        "unit": "吨标煤",
        "needed_by": date(2027, 3, 31),
        "description": ENERGY_NEED,
    }
    values.update(changes)
    return submit_request(
        session=session,
        actor=actor_by_email(session, by),
        now=NOW,
        rules=RULES,
        factors=FACTORS,
        **values,
    )


# --- impossible figures --------------------------------------------------------------------


def test_a_month_that_takes_the_year_past_the_total_investment_is_refused_naming_both(
    city: Session,
) -> None:
    before = snapshot(city)
    year_so_far = sum(amount for month, amount in _months(city).items() if month != NOVEMBER)
    with pytest.raises(ProjectInputError) as refused:
        _report(city, month_investment=9999999.0)  # within any amount's bound, past the total
    city.rollback()
    cumulative = f"{9999999 + year_so_far:,.4f}".rstrip("0").rstrip(".")
    english, chinese = str(refused.value), zh(refused.value)
    assert english.startswith("month_investment 9,999,999 万元 would bring the year's")
    assert f"cumulative investment to {cumulative} 万元 (through 2026-11)" in english
    assert f"more than the total investment of {PROJECT}, 560,000 万元" in english
    assert f"年度累计完成投资达到 {cumulative} 万元（截至 2026-11）" in chinese
    assert "超过项目 LC2026-HCHEM-01 的总投资 560,000 万元" in chinese
    assert snapshot(city) == before


def test_the_year_may_reach_the_total_investment_exactly(city: Session) -> None:
    year_so_far = sum(amount for month, amount in _months(city).items() if month != NOVEMBER)
    done = _report(city, month_investment=560000 - year_so_far)
    assert done.report.investment_completed == 560000


def test_a_late_report_on_an_earlier_month_may_not_push_a_later_cumulative_past_the_total(
    city: Session,
) -> None:
    _report(city, month_investment=5000.0)  # November: the last month of the year so far
    months = _months(city)
    march = date(2026, 3, 1)
    room = 560000 - sum(months.values()) + months.get(march, 0.0)
    before = snapshot(city)
    with pytest.raises(ProjectInputError, match=r"\(through 2026-11\)"):
        _report(city, month=march, month_investment=room + 1)
    assert snapshot(city) == before
    # Up to the room left it is taken, and November's cumulative is corrected to the total.
    _report(city, month=march, month_investment=room)
    november = _report(city, month_investment=5000.0)  # the same figure again: a no-op
    assert november.report.investment_completed == 560000


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan])
def test_a_month_that_is_not_a_finite_number_is_refused(city: Session, value: float) -> None:
    with pytest.raises(ProjectInputError) as refused:
        _report(city, month_investment=value)
    assert "month_investment must be a number of 万元" in str(refused.value)
    assert "本月完成投资须为有限的数字" in zh(refused.value)


# --- the same request twice ------------------------------------------------------------------


def test_the_same_request_while_one_is_pending_is_refused_naming_the_pending_one(
    city: Session,
) -> None:
    before = snapshot(city)
    # YS2026-002 asks the same (in progress, on the clock); spacing does not make it another.
    for by, description in ((HUASHENG, ENERGY_NEED), (OFFICE, f"  {ENERGY_NEED} ")):
        with pytest.raises(DuplicateRequest) as refused:
            _submit(city, by=by, description=description)
        assert refused.value.existing == "YS2026-002"
        assert isinstance(refused.value, RequestInputError)  # pages and the CLI refuse it so
        assert str(refused.value) == (
            f"the same energy request for {PROJECT} is already pending as YS2026-002 "
            "(in progress); follow that one instead"
        )
        assert zh(refused.value).startswith(
            f"项目 {PROJECT} 已有相同的用能类要素保障诉求 YS2026-002（办理中）"
        )
    assert snapshot(city) == before


def test_a_request_that_differs_or_whose_twin_is_closed_is_submitted(city: Session) -> None:
    other_need = _submit(city, description="三期项目另需新增能耗指标")
    other_factor = _submit(city, factor_type="power", unit="kVA", quantity=6300.0)
    first = _submit(city, factor_type="land", unit="亩", quantity=35.0, description="三期仓储用地")
    with pytest.raises(DuplicateRequest, match=first.code):
        _submit(city, factor_type="land", unit="亩", quantity=35.0, description="三期仓储用地")
    # Confirmed (办结), the need may be raised again as a new request.
    first.state = "confirmed"
    city.add(first)
    city.flush()
    again = _submit(city, factor_type="land", unit="亩", quantity=35.0, description="三期仓储用地")
    codes = [other_need.code, other_factor.code, first.code, again.code]
    assert len(set(codes)) == 4
    stored = city.exec(select(FactorRequest.code).where(col(FactorRequest.code).in_(codes)))
    assert sorted(stored.all()) == sorted(codes)


def test_an_answered_twin_is_to_be_reopened_not_submitted_again(city: Session) -> None:
    pending = city.exec(select(FactorRequest).where(FactorRequest.code == "YS2026-002")).one()
    pending.state = "resolved"
    city.add(pending)
    city.flush()
    with pytest.raises(DuplicateRequest) as refused:
        _submit(city)
    assert str(refused.value).endswith(
        "already pending as YS2026-002 (resolved); reopen it if the answer does not solve "
        "the problem"
    )
    assert zh(refused.value).endswith("如答复未解决问题，请重新提出该诉求")


def test_a_quantity_that_is_not_finite_is_refused_as_such(city: Session) -> None:
    with pytest.raises(RequestInputError) as refused:
        _submit(city, quantity=math.inf, description="另一项需求")
    assert str(refused.value) == "quantity: must be a finite number, not inf"
    assert zh(refused.value) == "需求数量须为有限的数字，不能是 inf"
