"""What the QA pass found on the monthly report and factor-request pages: impossible figures
are refused, a form sent twice raises its request once, what a form did is confirmed once
after the redirect, and a bad number or date says what is wrong with it."""

from datetime import date, datetime, timedelta
from html import unescape
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import csrf_of, sign_in

PROJECT = "LC2026-HCHEM-01"  # 华晟化工's; total investment 560,000 万元
ENERGY_NEED = "聚碳酸酯扩建项目新增能耗指标，申请通过用能权交易和存量腾退统筹解决"  # YS2026-002's


def _today() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def _month() -> str:
    return min(_today().replace(day=1), date(2026, 12, 1)).strftime("%Y-%m")


def _as(client: TestClient, persona: str, locale: str = "en") -> TestClient:
    client.cookies.clear()
    client.get(f"/lang/{locale}")
    return sign_in(client, persona)


def _report(client: TestClient, **fields: str) -> Any:
    token = csrf_of(client.get(f"/projects/{PROJECT}").text)
    data = {"csrf_token": token, "month": _month(), "month_investment": "5000", **fields}
    return client.post(f"/projects/{PROJECT}/report", data=data, follow_redirects=False)


def _land(**fields: str) -> dict[str, str]:
    needed = (_today() + timedelta(days=60)).isoformat()
    wanted = {"factor_type": "land", "quantity": "35", "unit": "亩", "needed_by": needed}
    return {"problems": "三期仓储用地指标不足", **wanted, **fields}


def _alert(response: Any, role: str = "alert") -> str:
    text = unescape(response.text)
    start = text.index(f'role="{role}"')
    start = text.index(">", start) + 1
    return text[start : text.index("</div>" if role == "status" else "</p>", start)]


def _codes(client: TestClient) -> list[str]:
    page = client.get(f"/projects/{PROJECT}").text
    return [part.split('"')[0] for part in page.split('href="/requests/')[1:]]


# --- impossible figures --------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["en", "zh-CN"])
def test_a_month_past_the_total_investment_is_refused_and_nothing_is_saved(
    client: TestClient, locale: str
) -> None:
    _as(client, "firm", locale)
    before = client.get(f"/projects/{PROJECT}").text
    refused = _report(client, month_investment="9999999")
    assert refused.status_code == 400
    said = _alert(refused)
    if locale == "en":
        assert said.startswith("Check “Invested this month (万元)”: month_investment 9,999,999")
        assert "more than the total investment of LC2026-HCHEM-01, 560,000 万元" in said
    else:
        assert said.startswith("请检查「本月完成投资（万元）」：本月完成投资 9,999,999 万元")
        assert "超过项目 LC2026-HCHEM-01 的总投资 560,000 万元" in said
    assert 'id="month_investment"' in refused.text and 'aria-invalid="true"' in refused.text
    after = client.get(f"/projects/{PROJECT}").text
    cumulative = 'id="cumulative">'
    assert after.split(cumulative)[1][:40] == before.split(cumulative)[1][:40]


# --- the form sent twice, and what the page confirms ------------------------------------------


def test_the_report_sent_twice_raises_its_request_once_and_says_so(client: TestClient) -> None:
    _as(client, "firm")
    before = _codes(client)
    first = _report(client, **_land())
    assert first.status_code == 303, first.text
    page = client.get(f"/projects/{PROJECT}")
    raised = [code for code in _codes(client) if code not in before]
    assert len(raised) == 1
    assert _alert(page, "status").split("</p>") == [
        f'<p style="margin:0">Report on {_month()} saved',
        f'<p style="margin:0">Factor request {raised[0]} raised, routed to '
        "Natural Resources and Planning Bureau",
        "",
    ]
    assert 'role="status"' not in client.get(f"/projects/{PROJECT}").text  # said once

    asked = _report(client, **_land(month_investment="6000"))
    assert asked.status_code == 409  # a different report on the month: confirm replacing it
    again = _report(client, **_land(month_investment="6000", replace=_month()))
    assert again.status_code == 303, again.text
    page = client.get(f"/projects/{PROJECT}")
    said = _alert(page, "status")
    assert f"Report on {_month()} replaced" in said  # the report is taken (and replaced)
    assert (
        f"The same factor request is already pending as {raised[0]}; no second one was raised"
        in said
    )
    assert sorted(_codes(client)) == sorted([*before, *raised])


def test_the_chinese_page_confirms_the_report_and_the_request_raised(client: TestClient) -> None:
    _as(client, "firm", "zh-CN")
    assert _report(client, **_land()).status_code == 303
    said = _alert(client.get(f"/projects/{PROJECT}"), "status")
    assert f"已报送 {_month()} 月报" in said
    assert "已提出要素保障诉求 YS2026-" in said and "，转交" in said


def test_submitting_a_pending_request_again_names_it_and_marks_the_description(
    client: TestClient,
) -> None:
    _as(client, "firm")
    token = csrf_of(client.get("/requests/new").text)
    data = {
        "csrf_token": token,
        "chain": "HCHEM",
        "project": PROJECT,
        "factor_type": "energy",
        "quantity": "85000",
        "unit": "吨标煤",
        "needed_by": "2027-03-31",
        "description": ENERGY_NEED,
    }
    refused = client.post("/requests", data=data, follow_redirects=False)
    assert refused.status_code == 400
    assert _alert(refused).startswith(
        "Check “What is needed and why”: the same energy request for LC2026-HCHEM-01 is "
        "already pending as YS2026-002"
    )
    assert 'id="description" name="description" rows="4" required style="width:100%" aria' in (
        refused.text
    )
    fresh = client.post(
        "/requests", data={**data, "description": "三期另需能耗指标"}, follow_redirects=False
    )
    assert fresh.status_code == 303
    said = _alert(client.get(fresh.headers["location"]), "status")
    assert "raised, routed to Development and Reform Commission" in said


def test_a_move_on_a_request_is_confirmed_once(client: TestClient) -> None:
    _as(client, "firm")
    before = _codes(client)
    assert _report(client, **_land()).status_code == 303
    code = next(c for c in _codes(client) if c not in before)
    _as(client, "dept", "zh-CN")  # ZRJ handles land
    token = csrf_of(client.get(f"/requests/{code}").text)
    moved = client.post(
        f"/requests/{code}/accept", data={"csrf_token": token}, follow_redirects=False
    )
    assert moved.status_code == 303, moved.text
    said = _alert(client.get(f"/requests/{code}"), "status")
    assert said == f'<p style="margin:0">已受理诉求 {code}</p>'
    assert 'role="status"' not in client.get(f"/requests/{code}").text


# --- what a bad number or date says -----------------------------------------------------------


def test_a_bad_number_or_date_says_what_is_wrong_with_it_naming_the_field_once(
    client: TestClient,
) -> None:
    _as(client, "firm")
    huge = _alert(_report(client, **_land(quantity="1e309")))
    assert huge == "Check “Quantity”: '1e309' is too large; write a finite number"
    no_day = _alert(_report(client, **_land(needed_by="2027-02-30")))
    assert no_day == "Check “Needed by”: 2027-02-30 does not exist: 2027-02 has 28 days"
    words = _alert(_report(client, **_land(quantity="lots")))
    assert words == "Check “Quantity”: 'lots' is not a number"
    _as(client, "firm", "zh-CN")
    huge = _alert(_report(client, **_land(quantity="1e309")))
    assert huge == "请检查「需求数量」：'1e309' 超出数值范围，请填写有限的数字"
    no_day = _alert(_report(client, **_land(needed_by="2027-02-30")))
    assert no_day == "请检查「需求时限」：日期 2027-02-30 不存在：2027年2月只有 28 天"
