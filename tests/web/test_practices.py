"""The practice pages on the demo city: who sees a chain's periods, a period and a record
(404 for a firm or an outsider, never 500), who files a record and turns its problems into
work (403 for anyone else), bad fields re-rendering the form with the field named — and the
JSON under /api/practices."""

import re
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from chainops import wiring
from chainops.settings import Settings
from models.db import session_scope
from services.people import issue_token
from tests.web.conftest import PERSONAS, csrf_of, sign_in
from tests.web.practice_city import (
    BEARING_FIRM,
    LEADER,
    practice_client,
    practice_settings,
    tour_id,
)

__all__ = ["practice_client", "practice_settings", "tour_id"]

PROBLEMS = "二期项目用地指标不足\n高端轴承钢依赖外购\n"
TASK = {"lead_department": "GXJ", "owner_email": LEADER, "working_days": "10"}
REQUEST = {
    "credit_code": BEARING_FIRM,
    "factor_type": "land",
    "quantity": "30",
    "unit": "亩",
    "needed_by": "2027-03-31",
}


def _post(client: TestClient, page: str, action: str, data: dict[str, str]):  # type: ignore[no-untyped-def]
    token = csrf_of(client.get(page).text)
    return client.post(action, data={**data, "csrf_token": token}, follow_redirects=False)


def _record(client: TestClient, tour_id: int, **given: str):  # type: ignore[no-untyped-def]
    data = {
        "held_on": "2026-11-20",
        "participants": "李振华（链长）、郭佳琪",
        "places": "示范万通轴承集团有限公司",
        "summary": "",
        "problems": PROBLEMS,
        **given,
    }
    return _post(client, f"/practices/{tour_id}", f"/practices/{tour_id}/records", data)


def _filed(client: TestClient, tour_id: int) -> tuple[int, list[int]]:
    """File a record as the signed-in viewer: its id and its problems' ids."""
    response = _record(client, tour_id)
    assert response.status_code == 303, response.text
    record_id = int(response.headers["location"].rsplit("/", 1)[1])
    html = client.get(f"/practice-records/{record_id}").text
    return record_id, [int(n) for n in re.findall(r'id="problem-(\d+)"', html)]


def test_the_working_group_sees_the_chains_periods(
    practice_client: TestClient, tour_id: int
) -> None:
    sign_in(practice_client, "team")
    response = practice_client.get("/chains/BEARING/practices")
    assert response.status_code == 200
    assert f'href="/practices/{tour_id}"' in response.text
    assert "2026-Q4" in response.text


@pytest.mark.parametrize("persona", ["firm", "outsider"])
def test_a_firm_or_an_outsider_gets_404_everywhere(
    practice_client: TestClient, tour_id: int, persona: str
) -> None:
    sign_in(practice_client, "team")
    record_id, _ = _filed(practice_client, tour_id)
    practice_client.post("/logout", data={"csrf_token": csrf_of(practice_client.get("/").text)})
    practice_client.cookies.clear()
    sign_in(practice_client, persona)
    for path in (
        "/chains/BEARING/practices",
        f"/practices/{tour_id}",
        f"/practice-records/{record_id}",
    ):
        assert practice_client.get(path).status_code == 404, path


def test_unknown_chains_periods_and_records_are_404(practice_client: TestClient) -> None:
    sign_in(practice_client, "office")
    unknown = ("/chains/NOPE/practices", "/practices/999999", "/practice-records/999999")
    for path in (*unknown, "/practices/99999999999999999999"):
        assert practice_client.get(path).status_code == 404, path


def test_the_owner_of_the_periods_task_sees_the_record_form(
    practice_client: TestClient, tour_id: int
) -> None:
    sign_in(practice_client, "leader")
    html = practice_client.get(f"/practices/{tour_id}").text
    assert 'id="record"' in html and 'id="period-task"' in html


def test_the_chief_reads_the_period_but_may_not_record_it(
    practice_client: TestClient, tour_id: int
) -> None:
    sign_in(practice_client, "chief")
    html = practice_client.get(f"/practices/{tour_id}").text
    assert 'id="period"' in html and 'id="record"' not in html
    token = csrf_of(html)
    response = practice_client.post(
        f"/practices/{tour_id}/records",
        data={"held_on": "bad", "participants": "", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 403  # not theirs, whatever was typed


def test_the_working_group_files_a_record_and_lands_on_it(
    practice_client: TestClient, tour_id: int
) -> None:
    sign_in(practice_client, "team")
    record_id, problems = _filed(practice_client, tour_id)
    assert len(problems) == 2
    page = practice_client.get(f"/practices/{tour_id}").text
    assert f'href="/practice-records/{record_id}"' in page


@pytest.mark.parametrize(
    ("given", "field"),
    [
        ({"held_on": "2026-09-30"}, "held_on"),
        ({"held_on": "2026-12-02"}, "held_on"),
        ({"held_on": "2026-13-01"}, "held_on"),
        ({"held_on": ""}, "held_on"),
        ({"participants": " "}, "participants"),
        ({"problems": "问" * 501}, "problems"),
    ],
    ids=["q3", "future", "not-a-date", "blank-day", "no-participants", "long-problem"],
)
def test_a_bad_record_field_re_renders_the_form_naming_it(
    practice_client: TestClient, tour_id: int, given: dict[str, str], field: str
) -> None:
    sign_in(practice_client, "team")
    response = _record(practice_client, tour_id, **given)
    assert response.status_code == 400
    assert re.search(rf'id="{field}" name="{field}"[^>]*aria-invalid="true"', response.text)
    assert 'role="alert"' in response.text


def test_problems_become_a_task_and_a_factor_request_in_one_step_each(
    practice_client: TestClient, tour_id: int
) -> None:
    sign_in(practice_client, "team")
    record_id, (first, second) = _filed(practice_client, tour_id)
    page = f"/practice-records/{record_id}"
    task = _post(practice_client, page, f"{page}/problems/{first}/task", TASK)
    assert task.status_code == 303, task.text
    request = _post(practice_client, page, f"{page}/problems/{second}/request", REQUEST)
    assert request.status_code == 303, request.text
    html = practice_client.get(page).text
    assert re.search(r'href="/tasks/\d+" class="became"', html)
    assert re.search(r'href="/requests/YS2026-\d+" class="became"', html)
    again = _post(practice_client, page, f"{page}/problems/{first}/request", REQUEST)
    assert again.status_code == 400 and "already task" in again.text


@pytest.mark.parametrize(
    ("kind", "data", "field"),
    [
        ("task", {**TASK, "owner_email": "no@example.gov.cn"}, "owner"),
        ("task", {**TASK, "working_days": "five"}, "days"),
        ("task", {**TASK, "working_days": ""}, "due"),
        ("request", {**REQUEST, "quantity": "x"}, "quantity"),
        ("request", {**REQUEST, "needed_by": "2026-11-01"}, "needed"),
    ],
    ids=["owner", "days", "no-due", "quantity", "needed-by"],
)
def test_a_bad_turn_field_re_renders_the_form_open_with_the_field_named(
    practice_client: TestClient, tour_id: int, kind: str, data: dict[str, str], field: str
) -> None:
    sign_in(practice_client, "team")
    record_id, (first, _) = _filed(practice_client, tour_id)
    page = f"/practice-records/{record_id}"
    response = _post(practice_client, page, f"{page}/problems/{first}/{kind}", data)
    assert response.status_code == 400
    assert re.search(rf'id="{field}-{first}"[^>]*aria-invalid="true"', response.text), field
    assert f'class="to-{kind}" open' in response.text


def test_the_chain_leader_files_but_may_not_turn_problems_into_work(
    practice_client: TestClient, tour_id: int
) -> None:
    sign_in(practice_client, "leader")
    record_id, (first, _) = _filed(practice_client, tour_id)
    page = f"/practice-records/{record_id}"
    assert 'class="to-task"' not in practice_client.get(page).text
    response = _post(practice_client, page, f"{page}/problems/{first}/task", {})
    assert response.status_code == 403


def test_a_problem_of_another_record_is_404(practice_client: TestClient, tour_id: int) -> None:
    sign_in(practice_client, "team")
    one, _ = _filed(practice_client, tour_id)
    _, (other, _) = _filed(practice_client, tour_id)
    page = f"/practice-records/{one}"
    response = _post(practice_client, page, f"{page}/problems/{other}/task", {})
    assert response.status_code == 404


def test_the_api_gives_periods_a_period_and_a_record(
    practice_client: TestClient, practice_settings: Settings, tour_id: int
) -> None:
    sign_in(practice_client, "team")
    record_id, _ = _filed(practice_client, tour_id)

    def header(persona: str) -> dict[str, str]:
        with session_scope(wiring.engine(practice_settings)) as session:
            token = issue_token(
                session=session, username=PERSONAS[persona], name="t", now=datetime.now(UTC)
            )
        return {"Authorization": f"Bearer {token}"}

    team = header("team")
    periods = practice_client.get("/api/practices/periods?chain=BEARING", headers=team).json()
    mine = next(p for p in periods["periods"] if p["id"] == tour_id)
    assert (mine["period"], mine["done"], mine["gap"]) == ("2026-Q4", True, False)
    period = practice_client.get(f"/api/practices/periods/{tour_id}", headers=team).json()
    assert set(period) == {"chain", "period", "task", "records"}
    assert record_id in [r["id"] for r in period["records"]]
    record = practice_client.get(f"/api/practices/records/{record_id}", headers=team).json()
    assert [p["description"] for p in record["problems"]] == PROBLEMS.split()
    assert set(record["problems"][0]) >= {"task_id", "task_link", "request_id", "request_code"}
    firm = header("firm")
    assert (
        practice_client.get(f"/api/practices/records/{record_id}", headers=firm).status_code == 404
    )
    assert (
        practice_client.get("/api/practices/periods?chain=BEARING", headers=firm).status_code == 404
    )


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_the_pages_speak_both_languages_without_missing_keys(
    practice_client: TestClient, tour_id: int, lang: str
) -> None:
    sign_in(practice_client, "team")
    record_id, _ = _filed(practice_client, tour_id)
    practice_client.get(f"/lang/{lang}")
    paths = ("/chains/BEARING/practices", f"/practices/{tour_id}", f"/practice-records/{record_id}")
    for path in paths:
        text = practice_client.get(path).text
        assert "prec." not in text, path  # a missing key shows the key itself
    record = practice_client.get(f"/practice-records/{record_id}").text
    if lang == "zh-CN":
        assert "转为督办事项" in record and "转为要素诉求" in record and "问题清单" in record
        assert "巡链" in practice_client.get("/chains/BEARING/practices").text
