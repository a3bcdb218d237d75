"""Key-project pages: the ledger each persona may see, the monthly report and who may file it."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient

from tests.web.conftest import csrf_of, sign_in

OWN = "LC2026-HCHEM-01"  # 华晟化工's project, served by FGW
OTHER_FIRMS = "LC2026-HCHEM-02"  # 恒泰新材料's, on the same chain
BEARING = "LC2026-BEARING-01"
HUASHENG, HENGTAI = "华晟化工", "恒泰新材料"


def _today() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def _month() -> str:
    """A month the 2026 ledger takes a report on today: this month, or December once past."""
    return min(_today().replace(day=1), date(2026, 12, 1)).strftime("%Y-%m")


def _as(client: TestClient, persona: str) -> TestClient:
    client.cookies.clear()
    return sign_in(client, persona)


def _report(client: TestClient, code: str, **fields: str) -> object:
    token = csrf_of(client.get(f"/projects/{code}").text)
    data = {"csrf_token": token, "month": _month(), "month_investment": "5000", **fields}
    return client.post(f"/projects/{code}/report", data=data, follow_redirects=False)


def _cumulative(html: str) -> str:
    start = html.index('id="cumulative"')
    return html[start : html.index("</td>", start)]


def test_the_firm_sees_its_own_projects_only(client: TestClient) -> None:
    _as(client, "firm")
    listing = client.get("/projects").text
    assert OWN in listing and HUASHENG in listing
    assert OTHER_FIRMS not in listing and HENGTAI not in listing and BEARING not in listing
    assert client.get(f"/projects/{OWN}").status_code == 200
    for hidden in (OTHER_FIRMS, BEARING, "NO-SUCH-PROJECT"):
        response = client.get(f"/projects/{hidden}")
        assert response.status_code == 404
        assert HENGTAI not in response.text


def test_the_ledger_shows_timing_progress_milestones_and_the_projects_requests(
    client: TestClient,
) -> None:
    _as(client, "firm")
    page = client.get(f"/projects/{OWN}").text
    for words in ("Timing progress", "Statistics entry", "Development and Reform Commission"):
        assert words in page
    assert 'id="milestones"' in page and 'id="reports"' in page
    assert "YS2026-002" in page  # its energy request
    assert f'action="/projects/{OWN}/report"' in page


def test_the_firm_reports_a_month_and_the_ledger_shows_the_cumulative_figure(
    client: TestClient,
) -> None:
    _as(client, "firm")
    before = _cumulative(client.get(f"/projects/{OWN}").text)
    assert "152,000" in before
    response = _report(client, OWN, problems="管廊施工受雨季影响")
    assert response.status_code == 303, response.text
    assert response.headers["location"] == f"/projects/{OWN}"
    page = client.get(f"/projects/{OWN}").text
    assert "157,000" in _cumulative(page)
    assert "管廊施工受雨季影响" in page


def test_a_reported_problem_can_become_a_factor_request_in_the_same_step(
    client: TestClient,
) -> None:
    _as(client, "firm")
    needed = (_today() + timedelta(days=60)).isoformat()
    response = _report(
        client,
        OWN,
        problems="三期仓储用地指标不足",
        factor_type="land",
        quantity="35",
        unit="亩",
        needed_by=needed,
    )
    assert response.status_code == 303, response.text
    page = client.get(f"/projects/{OWN}").text
    assert "157,000" in _cumulative(page)
    assert "Natural Resources and Planning Bureau" in page  # land goes to ZRJ
    assert "35 亩" in page


def test_a_bad_value_names_the_field_and_nothing_is_written(client: TestClient) -> None:
    _as(client, "firm")
    bad_month = _report(client, OWN, month="2026-13")
    assert bad_month.status_code == 400
    assert "Month reported" in bad_month.text and "2026-13" in bad_month.text
    bad_amount = _report(client, OWN, month_investment="a lot")
    assert bad_amount.status_code == 400
    assert "Invested this month" in bad_amount.text
    negative = _report(client, OWN, month_investment="-5")
    assert negative.status_code == 400 and "must not be negative" in negative.text
    # The report is fine but its request is not: neither is taken.
    past = _report(
        client,
        OWN,
        problems="用地",
        factor_type="land",
        quantity="35",
        unit="亩",
        needed_by="2026-01-05",
    )
    assert past.status_code == 400 and "Needed by" in past.text
    page = client.get(f"/projects/{OWN}").text
    assert "152,000" in _cumulative(page)
    assert "35 亩" not in page


def test_only_the_enterprise_the_chains_team_and_the_office_may_report(
    client: TestClient,
) -> None:
    _as(client, "leader")  # reads BEARING, does not run it
    page = client.get(f"/projects/{BEARING}")
    assert page.status_code == 200 and "/report" not in page.text
    token = csrf_of(page.text)
    refused = client.post(
        f"/projects/{BEARING}/report",
        data={"csrf_token": token, "month": _month(), "month_investment": "1"},
    )
    assert refused.status_code == 403
    assert "26,000" in _cumulative(client.get(f"/projects/{BEARING}").text)

    _as(client, "team")
    assert _report(client, BEARING).status_code == 303
    assert "31,000" in _cumulative(client.get(f"/projects/{BEARING}").text)


def test_the_bearing_team_sees_bearing_projects_but_not_huashengs(client: TestClient) -> None:
    _as(client, "team")
    listing = client.get("/projects").text
    assert BEARING in listing
    assert OWN not in listing and HUASHENG not in listing
    assert client.get(f"/projects/{OWN}").status_code == 404
    only_bearing = client.get("/projects", params={"chain": "BEARING"}).text
    assert BEARING in only_bearing and "LC2026-AUTO-01" not in only_bearing


def test_an_outsider_sees_no_project(client: TestClient) -> None:
    _as(client, "outsider")
    assert "No key projects to show." in client.get("/projects").text
    assert client.get(f"/projects/{OWN}").status_code == 404


def test_the_office_sees_every_chains_projects(client: TestClient) -> None:
    _as(client, "office")
    listing = client.get("/projects").text
    assert listing.count('href="/projects/LC2026-') == 28


def test_the_pages_render_in_chinese(client: TestClient) -> None:
    client.get("/lang/zh-CN")
    sign_in(client, "firm")
    listing = client.get("/projects").text
    assert "重点项目" in listing and "序时进度" in listing and "正常推进" in listing
    page = client.get(f"/projects/{OWN}").text
    for words in ("项目台账", "服务部门", "纳统入库", "报送月度进展", "用地"):
        assert words in page


def test_a_report_without_the_csrf_token_is_refused(client: TestClient) -> None:
    _as(client, "firm")
    response = client.post(
        f"/projects/{OWN}/report", data={"month": _month(), "month_investment": "5000"}
    )
    assert response.status_code == 400
    assert "152,000" in _cumulative(client.get(f"/projects/{OWN}").text)
