"""A second monthly report on a month already reported, on the page and through the API: the
page shows the existing figures and asks, the API refuses (409) naming the report there unless
``"replace": true``, and either way the first report stays in the history, marked replaced.
华晟化工 reported October's 152,000 万元 for LC2026-HCHEM-01 on 3 November in the demo."""

from datetime import UTC, datetime
from html import unescape

import pytest
from fastapi.testclient import TestClient

from chainops import wiring
from chainops.settings import Settings
from models.db import session_scope
from services.people import issue_token
from tests.web.conftest import PERSONAS, csrf_of, sign_in

PROJECT = "LC2026-HCHEM-01"
FIRM = PERSONAS["firm"]


def _post(client: TestClient, **fields: str) -> object:
    token = csrf_of(client.get(f"/projects/{PROJECT}").text)
    data = {"csrf_token": token, "month": "2026-10", "month_investment": "150000", **fields}
    return client.post(f"/projects/{PROJECT}/report", data=data, follow_redirects=False)


def _history(client: TestClient) -> str:
    page = unescape(client.get(f"/projects/{PROJECT}").text)
    return page[page.index('id="reports"') : page.index("</table>", page.index('id="reports"'))]


@pytest.mark.parametrize("locale", ["en", "zh-CN"])
def test_the_page_asks_before_replacing_and_shows_the_existing_figures(
    client: TestClient, locale: str
) -> None:
    client.get(f"/lang/{locale}")
    sign_in(client, "firm")
    before = _history(client)

    asked = _post(client, problems="10月数据更正")
    assert asked.status_code == 409  # type: ignore[attr-defined]
    page = unescape(asked.text)  # type: ignore[attr-defined]
    start = page.index('id="replacing"')
    step = page[start : page.index("</a></p>", start)]  # to its buttons
    if locale == "en":
        assert "2026-10 already has a report" in step
        assert "Sending this report replaces the month's existing one" in step
        assert "Replace the report on 2026-10" in step
    else:
        assert "2026-10 已有月报" in step and "确认替换 2026-10 月报" in step
    assert "152,000" in step and FIRM in step  # the existing report: its figure, who sent it
    assert "150000" in step and "10月数据更正" in step  # and the one that would replace it
    assert 'name="replace" value="2026-10"' in page
    assert _history(client) == before  # nothing is taken until confirmed


def test_confirmed_the_report_replaces_and_the_first_stays_marked_replaced(
    client: TestClient,
) -> None:
    client.get("/lang/en")
    sign_in(client, "firm")
    done = _post(client, replace="2026-10", problems="10月数据更正")
    assert done.status_code == 303  # type: ignore[attr-defined]
    page = unescape(client.get(f"/projects/{PROJECT}").text)
    assert "Report on 2026-10 replaced; the earlier one stays in the history" in page
    rows = _history(client).split("<tr")[2:]  # after the header
    october = [row for row in rows if "2026-10" in row]
    assert len(october) == 2
    assert "150,000" in october[0] and "replaced" not in october[0]
    assert 'class="replaced muted"' in october[1] and "<em>replaced</em>" in october[1]
    assert "152,000" in october[1] and f"by {FIRM}'s new report" in october[1]


def test_a_confirmation_of_another_month_does_not_replace_this_one(client: TestClient) -> None:
    sign_in(client, "firm")
    asked = _post(client, replace="2026-09")  # the confirm step was for September
    assert asked.status_code == 409  # type: ignore[attr-defined]


def test_the_api_refuses_a_second_report_naming_the_first_unless_replace(
    client: TestClient, app_settings: Settings
) -> None:
    with session_scope(wiring.engine(app_settings)) as session:
        token = issue_token(session=session, username=FIRM, name="test", now=datetime.now(UTC))
    firm = {"Authorization": f"Bearer {token}"}
    body = {"month": "2026-10", "month_investment": 150000}

    refused = client.post(f"/api/projects/{PROJECT}/reports", json=body, headers=firm)
    assert refused.status_code == 409
    detail = refused.json()["detail"]
    assert detail.startswith(f"{PROJECT} already has a report on 2026-10: 152,000 万元")
    assert f"reported by {FIRM}" in detail
    assert detail.endswith('send "replace": true to replace it')
    shown = client.get(f"/api/projects/{PROJECT}", headers=firm).json()
    assert shown["investment_completed"] == 152000 and shown["replaced_reports"] == []

    taken = client.post(
        f"/api/projects/{PROJECT}/reports", json={**body, "replace": True}, headers=firm
    )
    assert taken.status_code == 200, taken.text
    project = taken.json()["project"]
    assert project["investment_completed"] == 150000
    (kept,) = project["replaced_reports"]
    assert (kept["month"], kept["month_investment"], kept["replaced_by"]) == (
        "2026-10",
        152000,
        FIRM,
    )
