"""Refusals on the key-project and factor-request pages speak the page's language.

A Chinese official who submits a bad form reads why in Chinese, led by the field's Chinese name;
an English page shows the service's English as before. Neither shows a command-line option.
"""

from datetime import date, datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import csrf_of, sign_in

PROJECT = "LC2026-HCHEM-01"  # 华晟化工's
LOCALES = ("zh-CN", "en")


def _today() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def _as(client: TestClient, persona: str, locale: str) -> TestClient:
    client.cookies.clear()
    client.get(f"/lang/{locale}")
    return sign_in(client, persona)


def _refusal(response: object) -> str:
    """The page's alert, as a reader sees it (entities unescaped)."""
    assert getattr(response, "status_code", None) == 400, getattr(response, "text", "")
    text = unescape(getattr(response, "text", ""))
    start = text.index('role="alert">') + len('role="alert">')
    return text[start : text.index("</p>", start)]


def _submit(client: TestClient, **changes: str) -> str:
    token = csrf_of(client.get("/requests/new").text)
    data = {
        "csrf_token": token,
        "chain": "HCHEM",
        "project": PROJECT,
        "factor_type": "land",
        "quantity": "35",
        "unit": "亩",
        "needed_by": (_today() + timedelta(days=60)).isoformat(),
        "description": "三期仓储用地指标",
        **changes,
    }
    return _refusal(client.post("/requests", data=data, follow_redirects=False))


def _move(client: TestClient, code: str, action: str, **inputs: str) -> str:
    token = csrf_of(client.get(f"/requests/{code}").text)
    data = {"csrf_token": token, **inputs}
    return _refusal(client.post(f"/requests/{code}/{action}", data=data, follow_redirects=False))


def _report(client: TestClient, **fields: str) -> str:
    token = csrf_of(client.get(f"/projects/{PROJECT}").text)
    month = min(_today().replace(day=1), date(2026, 12, 1)).strftime("%Y-%m")
    data = {"csrf_token": token, "month": month, "month_investment": "5000", **fields}
    response = client.post(f"/projects/{PROJECT}/report", data=data, follow_redirects=False)
    return _refusal(response)


# (the form's input, the Chinese page's words, the English page's words)
SUBMISSIONS = [
    ({"quantity": "-3"}, "请检查「需求数量」：需求数量须大于零，不能是 -3", "must be more"),
    ({"quantity": "lots"}, "请检查「需求数量」：'lots' 不是数字", "'lots' is not a number"),
    ({"unit": " "}, "单位不能为空", "unit: must not be empty"),
    ({"description": ""}, "请说明需要什么、为什么需要", "description: say what is needed"),
    ({"needed_by": "2026-01-05"}, "需求时限 2026-01-05 已过", "needed by: 2026-01-05 is in the"),
    ({"needed_by": "soon"}, "'soon' 不是日期（格式为 YYYY-MM-DD）", "is not a date (YYYY-MM-DD)"),
    ({"project": "LC2026-HCHEM-02"}, "没有重点项目 'LC2026-HCHEM-02'", "project: no key project"),
]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize(("changes", "chinese", "english"), SUBMISSIONS)
def test_a_refused_submission_says_why_in_the_pages_language(
    client: TestClient, locale: str, changes: dict[str, str], chinese: str, english: str
) -> None:
    _as(client, "firm", locale)
    said = _submit(client, **changes)
    if locale == "zh-CN":
        assert chinese in said and english not in said
    else:
        assert english in said and chinese not in said


def test_a_refused_move_says_why_in_the_pages_language_without_an_option(
    client: TestClient,
) -> None:
    _as(client, "firm", "zh-CN")
    token = csrf_of(client.get("/requests/new").text)
    submitted = client.post(
        "/requests",
        data={
            "csrf_token": token,
            "chain": "HCHEM",
            "project": PROJECT,
            "factor_type": "land",
            "quantity": "35",
            "unit": "亩",
            "needed_by": (_today() + timedelta(days=60)).isoformat(),
            "description": "三期仓储用地指标",
        },
        follow_redirects=False,
    )
    code = submitted.headers["location"].removeprefix("/requests/")

    _as(client, "dept", "zh-CN")  # ZRJ handles land
    early = _move(client, code, "resolve", reply="已解决")
    assert early == (
        "要素保障诉求当前为「已提交」，不能「答复解决」（仅限已受理、办理中、重新办理状态）"
    )
    token = csrf_of(client.get(f"/requests/{code}").text)
    accepted = client.post(
        f"/requests/{code}/accept", data={"csrf_token": token}, follow_redirects=False
    )
    assert accepted.status_code == 303
    empty = _move(client, code, "resolve", reply="  ")
    assert empty == "答复解决：请填写答复"

    _as(client, "dept", "en")
    empty = _move(client, code, "resolve", reply="  ")
    assert empty == "resolve: give a reply"  # no "(--reply)": a page has no options
    early = _move(client, code, "accept")
    assert early.startswith("cannot accept a factor request that is accepted")


@pytest.mark.parametrize("locale", LOCALES)
def test_a_refused_report_says_why_in_the_pages_language(client: TestClient, locale: str) -> None:
    _as(client, "firm", locale)
    zh_page = locale == "zh-CN"
    negative = _report(client, month_investment="-5")
    implausible = _report(client, month_investment="200000000")
    month = _report(client, month="2026-13")
    ahead = _report(client, month="2027-01")
    request_without_problem = _report(client, factor_type="land", quantity="1", unit="亩")
    if zh_page:
        assert negative.endswith("：本月完成投资不能为负数（填写的是 -5 万元）")
        assert negative.startswith("请检查「本月完成投资（万元）」")
        assert implausible.endswith(
            "：本月完成投资最多为 100,000,000 万元，不能是 200,000,000 万元"
        )
        assert month == "请检查「报送月份」：'2026-13' 不是月份，应写作 2026-10 这样的格式"
        assert ahead.startswith("请检查「报送月份」：报送月份 2027-01 不在 LC2026-HCHEM-01")
        assert request_without_problem == "请检查「存在问题」：请说明诉求所针对的问题"
    else:
        assert negative.endswith("month_investment must not be negative, not -5 万元")
        assert implausible.endswith(
            "month_investment must be at most 100,000,000 万元, not 200,000,000 万元"
        )
        assert month.endswith("month: '2026-13' is not a month like 2026-10")
        assert ahead.endswith("month 2027-01 is outside the ledger year of LC2026-HCHEM-01 (2026)")
        assert request_without_problem.endswith("describe the problem the request is about")
