"""Factor-request pages: submit, handle, reply, confirm — each move as the lifecycle allows it."""

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient

from tests.web.conftest import csrf_of, sign_in

OWN = "YS2026-002"  # 华晟化工's energy request, in progress at FGW
OTHER_FIRMS = "YS2026-001"  # 恒泰新材料's land request, at ZRJ
HENGTAI = "恒泰新材料"
ZRJ = "Natural Resources and Planning Bureau"


def _today() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def _as(client: TestClient, persona: str) -> TestClient:
    client.cookies.clear()
    return sign_in(client, persona)


def _land_request(**changes: str) -> dict[str, str]:
    return {
        "chain": "HCHEM",
        "project": "LC2026-HCHEM-01",
        "factor_type": "land",
        "quantity": "35",
        "unit": "亩",
        "needed_by": (_today() + timedelta(days=60)).isoformat(),
        "description": "三期仓储用地指标",
        **changes,
    }


def _submit(client: TestClient, **changes: str) -> Any:
    token = csrf_of(client.get("/requests/new").text)
    data = {"csrf_token": token, **_land_request(**changes)}
    return client.post("/requests", data=data, follow_redirects=False)


def _move(client: TestClient, code: str, action: str, **inputs: str) -> Any:
    token = csrf_of(client.get(f"/requests/{code}").text)
    return client.post(
        f"/requests/{code}/{action}",
        data={"csrf_token": token, **inputs},
        follow_redirects=False,
    )


def _state(client: TestClient, code: str) -> str:
    page = client.get(f"/requests/{code}").text
    start = page.index('<strong id="state">') + len('<strong id="state">')
    return page[start : page.index("</strong>", start)]


def _codes(client: TestClient) -> set[str]:
    page = client.get("/requests").text
    return {part.split('"')[0] for part in page.split('href="/requests/')[1:]} - {"new"}


def test_the_firm_sees_its_own_requests_only(client: TestClient) -> None:
    _as(client, "firm")
    listing = client.get("/requests").text
    assert OWN in listing and OTHER_FIRMS not in listing and HENGTAI not in listing
    assert client.get(f"/requests/{OWN}").status_code == 200
    for hidden in (OTHER_FIRMS, "YS2026-006", "YS2099-999"):
        response = client.get(f"/requests/{hidden}")
        assert response.status_code == 404 and HENGTAI not in response.text


def test_the_firm_submits_a_request_and_it_is_routed_by_factor_type(client: TestClient) -> None:
    _as(client, "firm")
    form = client.get("/requests/new").text
    assert "Land" in form and "LC2026-HCHEM-01" in form and "LC2026-HCHEM-02" not in form
    response = _submit(client)
    assert response.status_code == 303, response.text
    code = response.headers["location"].removeprefix("/requests/")
    page = client.get(f"/requests/{code}").text
    assert ZRJ in page and "三期仓储用地指标" in page and "35 亩" in page
    assert "Acknowledge" in page and "Service levels" in page
    assert code in _codes(client)


def test_the_department_handles_and_resolves_and_the_firm_confirms(client: TestClient) -> None:
    _as(client, "firm")
    code = _submit(client).headers["location"].removeprefix("/requests/")
    assert 'action="/requests/' not in client.get(f"/requests/{code}").text  # nothing to do yet

    _as(client, "dept")  # 梁晓燕, ZRJ: land requests are hers to handle
    assert code in _codes(client)
    assert 'id="move-accept"' in client.get(f"/requests/{code}").text
    assert _move(client, code, "accept").status_code == 303
    assert _state(client, code) == "Accepted"
    resolved = _move(client, code, "resolve", reply="纳入第四批次建设用地统筹安排")
    assert resolved.status_code == 303
    assert _state(client, code) == "Resolved"

    _as(client, "firm")
    page = client.get(f"/requests/{code}").text
    assert "纳入第四批次建设用地统筹安排" in page and 'id="move-confirm"' in page
    assert _move(client, code, "confirm", satisfaction="5").status_code == 303
    page = client.get(f"/requests/{code}").text
    assert _state(client, code) == "Confirmed"
    assert "5 / 5" in page
    history = page[page.index('id="history"') :]
    for step in ("Submitted", "Accepted", "Resolved", "Confirmed"):
        assert f"<td>{step}</td>" in history


def test_a_move_that_is_not_the_viewers_is_refused_and_changes_nothing(
    client: TestClient,
) -> None:
    _as(client, "firm")
    code = _submit(client).headers["location"].removeprefix("/requests/")
    assert _move(client, code, "resolve", reply="自己解决了").status_code == 403
    assert _move(client, code, "accept").status_code == 403
    assert _state(client, code) == "Submitted"

    _as(client, "dept")
    assert _move(client, code, "confirm", satisfaction="5").status_code == 403
    # The department's move, but not from this state: the lifecycle says why.
    early = _move(client, code, "resolve", reply="已解决")
    assert early.status_code == 400 and "cannot resolve" in early.text
    no_reply = _move(client, code, "accept")
    assert no_reply.status_code == 303
    empty = _move(client, code, "resolve", reply="  ")
    assert empty.status_code == 400 and "give a reply" in empty.text
    assert _state(client, code) == "Accepted"
    assert client.post(f"/requests/{code}/approve", data={}).status_code in (400, 404)


def test_bad_input_names_the_field_and_nothing_is_written(client: TestClient) -> None:
    _as(client, "firm")
    before = _codes(client)
    words = _submit(client, quantity="lots")
    assert words.status_code == 400 and "Check “Quantity”" in words.text
    assert 'id="quantity" name="quantity"' in words.text and 'aria-invalid="true"' in words.text
    negative = _submit(client, quantity="-3")
    assert negative.status_code == 400 and "quantity: must be more than zero" in negative.text
    not_a_date = _submit(client, needed_by="next spring")
    assert not_a_date.status_code == 400 and "Check “Needed by”" in not_a_date.text
    past = _submit(client, needed_by="2026-01-05")
    assert past.status_code == 400 and "is in the past" in past.text
    other = _submit(client, project="LC2026-HCHEM-02")
    assert other.status_code == 400 and "Check “Key project (optional)”" in other.text
    assert "三期仓储用地指标" in past.text  # the form keeps what was typed
    assert _codes(client) == before


def test_who_may_submit(client: TestClient) -> None:
    _as(client, "dept")
    assert client.get("/requests/new").status_code == 403
    _as(client, "team")  # BEARING, AUTO, EQUIP: not HCHEM
    form = client.get("/requests/new").text
    assert "BEARING" in form and 'value="HCHEM"' not in form
    refused = _submit(client, project="", credit_code="91371500914723298G")
    assert refused.status_code == 403


def test_the_bearing_team_sees_bearing_requests_but_not_hchems(client: TestClient) -> None:
    _as(client, "team")
    codes = _codes(client)
    assert "YS2026-006" in codes  # BEARING, labour
    assert OWN not in codes and OTHER_FIRMS not in codes
    assert client.get(f"/requests/{OWN}").status_code == 404


def test_an_outsider_sees_no_request(client: TestClient) -> None:
    _as(client, "outsider")
    listing = client.get("/requests").text
    assert "No factor requests to show." in listing and "/requests/new" not in listing
    assert client.get(f"/requests/{OWN}").status_code == 404
    assert client.get("/requests/new").status_code == 403


def test_the_pages_render_in_chinese(client: TestClient) -> None:
    client.get("/lang/zh-CN")
    sign_in(client, "firm")
    assert "要素保障诉求" in client.get("/requests").text
    page = client.get(f"/requests/{OWN}").text
    for words in ("承办部门", "服务时限", "办理记录", "用能", "办理中"):
        assert words in page
    assert "用地" in client.get("/requests/new").text


def test_forms_without_the_csrf_token_are_refused(client: TestClient) -> None:
    _as(client, "firm")
    before = _codes(client)
    assert client.post("/requests", data=_land_request()).status_code == 400
    assert _codes(client) == before
    _as(client, "office")
    assert client.post(f"/requests/{OWN}/resolve", data={"reply": "x"}).status_code == 400
    assert _state(client, OWN) == "In progress"


def test_what_a_request_holds_up_is_named_in_the_pages_language(client: TestClient) -> None:
    sign_in(client, "office")
    client.get("/lang/zh-CN")

    page = client.get("/requests").text

    assert "阻塞重点项目 LC2026-BEARING-04" in page  # the replay blocks it on YS2026-007
    assert "project LC2026-BEARING-04" not in page


def test_a_requests_notices_say_why_in_the_pages_language(client: TestClient) -> None:
    sign_in(client, "office")
    client.get("/lang/zh-CN")

    page = client.get("/requests/YS2026-001").text  # acknowledged late on 3 November
    notices = page.split('id="notices"', 1)[1].split("</table>", 1)[0]

    assert "受理" in notices and "working day(s)" not in notices
