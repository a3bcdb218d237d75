"""What a QA pass found on the task page, fixed and kept fixed, through the real forms: blank
reasons refused, a stuck extension request, the edit form's cleared title and lead department,
ids past the database's integers, and a confirmation after each move."""

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from chainops import wiring
from tests.conftest import NOW
from tests.web.conftest import csrf_of, sign_in

BEARING_TASK = 32  # in progress, owned by 郭佳琪 (team), due 2026-12-28
LATE_TASK = 37  # in progress, owned by 郭佳琪, due 2026-11-13: red
OTHER_TASK = 42  # in progress, owned by 郭佳琪
APPROVED = (16, 1)  # task 16's extension request 1


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wiring, "now", lambda: NOW)


def as_(client: TestClient, persona: str, locale: str = "en") -> TestClient:
    client.get(f"/lang/{locale}")
    return sign_in(client, persona)


def move(client: TestClient, task_id: int, name: str, **fields: str) -> Response:
    token = csrf_of(client.get(f"/tasks/{task_id}").text)
    response: Response = client.post(
        f"/tasks/{task_id}/{name}", data={"csrf_token": token, **fields}, follow_redirects=False
    )
    return response


def refusal(response: Response) -> str:
    assert response.status_code == 400, response.text
    return response.text.split('id="refusal">', 1)[1].split("</p>", 1)[0]


def facts(client: TestClient, task_id: int) -> str:
    """The task's facts card (state, light, due, block) as the page shows it now."""
    html: str = client.get(f"/tasks/{task_id}").text
    return html.split("<h1>", 1)[1].split("</dl>", 1)[0]


def confirmation(html: str) -> str | None:
    if 'id="done">' not in html:
        return None
    return html.split('id="done">', 1)[1].split("</p>", 1)[0]


# --- 1. blank reasons -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "said"),
    [
        ("en", "Not done: give the reason the task is blocked"),
        ("zh-CN", "未能办理：请填写受阻理由"),
    ],
)
def test_blocking_with_no_reason_and_no_request_is_refused_and_the_red_task_stays_red(
    client: TestClient, locale: str, said: str
) -> None:
    as_(client, "team", locale)
    before = facts(client, LATE_TASK)
    assert 'class="light red"' in before

    assert refusal(move(client, LATE_TASK, "block", reason="", request="")) == said
    assert facts(client, LATE_TASK) == before  # not blocked, not yellow, clock running


@pytest.mark.parametrize(
    ("locale", "said"),
    [
        ("en", "Not done: name the factor request the task waits on"),
        ("zh-CN", "未能办理：请填写督办事项所等待的要素保障诉求编号"),
    ],
)
def test_blocking_without_a_factor_request_is_refused(
    client: TestClient, locale: str, said: str
) -> None:
    as_(client, "team", locale)
    before = facts(client, LATE_TASK)
    shown = refusal(move(client, LATE_TASK, "block", reason="等用电接入", request=" "))
    assert shown.startswith(said)
    assert facts(client, LATE_TASK) == before


def test_a_blank_return_or_cancel_is_refused_in_the_pages_language(client: TestClient) -> None:
    as_(client, "team")
    assert move(client, BEARING_TASK, "submit", note="完成").status_code == 303
    as_(client, "office", "zh-CN")
    submitted = facts(client, BEARING_TASK)

    assert refusal(move(client, BEARING_TASK, "return", reason="")) == "未能办理：请填写退回理由"
    assert refusal(move(client, BEARING_TASK, "cancel", reason="   ")) == "未能办理：请填写撤销理由"
    assert facts(client, BEARING_TASK) == submitted


# --- 2. a pending extension is withdrawn when the task is submitted ------------------------


def test_an_extension_asked_then_submitted_reads_withdrawn_not_pending(
    client: TestClient,
) -> None:
    as_(client, "team")
    asked = move(client, BEARING_TASK, "extensions", proposed_due="2027-01-15", reason="等设备")
    assert asked.status_code == 303
    assert move(client, BEARING_TASK, "submit", note="完成").status_code == 303

    as_(client, "office")
    assert move(client, BEARING_TASK, "sign-off").status_code == 303
    page = client.get(f"/tasks/{BEARING_TASK}").text
    extensions = page.split('id="extensions">', 1)[1].split("</table>", 1)[0]
    assert "Withdrawn" in extensions and "Pending" not in extensions
    assert "extension request withdrawn" in page.split('id="history">', 1)[1]


# --- 3. the edit form ---------------------------------------------------------------------


def edit(client: TestClient, **fields: str) -> Response:
    return move(client, BEARING_TASK, "edit", **fields)


def test_clearing_the_title_is_refused_and_the_old_title_stays(client: TestClient) -> None:
    as_(client, "office", "zh-CN")
    answer = edit(client, title=" ", owner="guo.jiaqi@example.gov.cn", lead_department="GXJ")
    assert refusal(answer) == "未能办理：事项名称：不能为空"
    assert 'id="edit" open' in answer.text  # the form stays open on the bad field
    assert "推动轴承钢本地化配套" in facts(client, BEARING_TASK)


def test_the_lead_department_is_chosen_by_name_and_sent_as_its_code(client: TestClient) -> None:
    as_(client, "office", "zh-CN")
    form = client.get(f"/tasks/{BEARING_TASK}").text.split('id="edit"', 1)[1]
    select = form.split('<select id="x-dept" name="lead_department"', 1)[1].split("</select>")[0]
    assert '<option value="GXJ" selected>' in select
    assert '<option value="ZRJ">' in select and "自然资源" in select

    answer = edit(client, title="推动轴承钢本地化配套", owner="guo.jiaqi@example.gov.cn",
                  lead_department="ZRJ")  # fmt: skip
    assert answer.status_code == 303
    page = client.get(f"/tasks/{BEARING_TASK}").text
    assert confirmation(page) == "修改已保存。"
    assert "更换责任单位" in page


def test_saving_the_edit_form_unchanged_says_nothing_changed(client: TestClient) -> None:
    as_(client, "team")
    answer = edit(client, title="推动轴承钢本地化配套", owner="guo.jiaqi@example.gov.cn",
                  lead_department="GXJ")  # fmt: skip
    assert answer.status_code == 303
    assert confirmation(client.get(f"/tasks/{BEARING_TASK}").text) == (
        "Nothing changed: same as before."
    )


# --- 4. ids no row can have ------------------------------------------------------------------


@pytest.mark.parametrize(
    "task_id",
    ["99999999999999999999", str(2**63), str(2**63 - 1), "0", "٣", "9" * 5000],
)
def test_a_task_id_no_row_can_have_is_not_found(client: TestClient, task_id: str) -> None:
    as_(client, "office")
    assert client.get(f"/tasks/{task_id}").status_code == 404


def test_an_extension_request_id_past_the_databases_integers_is_not_found(
    client: TestClient,
) -> None:
    as_(client, "office")
    task_id = APPROVED[0]
    token = csrf_of(client.get(f"/tasks/{task_id}").text)
    answer = client.post(
        f"/tasks/{task_id}/extensions/99999999999999999999/decide",
        data={"csrf_token": token, "decision": "approve"},
        follow_redirects=False,
    )
    assert answer.status_code == 404


# --- 5. a move done is confirmed once ---------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "said"), [("en", "Progress reported."), ("zh-CN", "进度已报送。")]
)
def test_a_move_is_confirmed_once_in_the_pages_language(
    client: TestClient, locale: str, said: str
) -> None:
    as_(client, "team", locale)
    done = move(client, BEARING_TASK, "progress", progress="70", note="")
    assert done.status_code == 303 and done.headers["location"] == f"/tasks/{BEARING_TASK}"

    assert confirmation(client.get(f"/tasks/{BEARING_TASK}").text) == said
    assert confirmation(client.get(f"/tasks/{BEARING_TASK}").text) is None  # once only


def test_a_confirmation_waits_for_its_own_tasks_page(client: TestClient) -> None:
    as_(client, "team")
    assert move(client, BEARING_TASK, "submit", note="完成").status_code == 303
    assert confirmation(client.get(f"/tasks/{OTHER_TASK}").text) is None
    assert confirmation(client.get(f"/tasks/{BEARING_TASK}").text) == (
        "Submitted; the office will sign it off."
    )


def test_each_move_says_what_was_done(client: TestClient) -> None:
    as_(client, "team")
    move(client, BEARING_TASK, "extensions", proposed_due="2027-01-15", reason="等设备到货")
    assert confirmation(client.get(f"/tasks/{BEARING_TASK}").text) == "Extension requested."
    assert "/decide" not in client.get(f"/tasks/{BEARING_TASK}").text  # the office decides

    as_(client, "office")
    html = client.get(f"/tasks/{BEARING_TASK}").text
    action = html.split(f'action="/tasks/{BEARING_TASK}/extensions/', 1)[1].split('"', 1)[0]
    decided = client.post(
        f"/tasks/{BEARING_TASK}/extensions/{action}",
        data={"csrf_token": csrf_of(html), "decision": "approve"},
        follow_redirects=False,
    )
    assert decided.status_code == 303
    assert confirmation(client.get(f"/tasks/{BEARING_TASK}").text) == (
        "Extension approved; due date moved."
    )
    assert (
        move(client, LATE_TASK, "block", reason="等用电", request="YS2026-001").status_code == 303
    )
    assert confirmation(client.get(f"/tasks/{LATE_TASK}").text) == "Blocked; the clock is paused."
