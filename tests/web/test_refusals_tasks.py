"""A refusal on the task and chain pages is said in the page's language: Chinese on a zh-CN
page (and not the services' English), English on an en page, through the real forms."""

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from chainops import wiring
from tests.conftest import NOW
from tests.web.conftest import csrf_of, sign_in

BEARING_TASK = 32  # in progress, owned by 郭佳琪 (team), due 2026-12-28
LATE_TASK = 37  # in progress, owned by 郭佳琪, due 2026-11-13: past
APPROVED = (16, 1)  # task 16's extension request 1, already approved


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo city's 'today' (a Friday late in 2026), whatever day the tests run."""
    monkeypatch.setattr(wiring, "now", lambda: NOW)


def as_(client: TestClient, persona: str, locale: str) -> TestClient:
    client.get(f"/lang/{locale}")
    return sign_in(client, persona)


def post(client: TestClient, page: str, action: str, **fields: str) -> Response:
    token = csrf_of(client.get(page).text)
    sent: Response = client.post(
        action, data={"csrf_token": token, **fields}, follow_redirects=False
    )
    return sent


def move(client: TestClient, task_id: int, name: str, **fields: str) -> Response:
    return post(client, f"/tasks/{task_id}", f"/tasks/{task_id}/{name}", **fields)


def refusal(response: Response) -> str:
    """The text of the page's refusal banner."""
    assert response.status_code == 400, response.text
    html = response.text
    return html.split('id="refusal">', 1)[1].split("</p>", 1)[0]


# (persona, task, form, fields, Chinese, English)
TASK_REFUSALS = [
    (
        "team",
        BEARING_TASK,
        "progress",
        {"progress": "150"},
        "进度须在 0–100 之间，不能是 150",
        "progress must be 0–100, not 150",
    ),
    (
        "team",
        BEARING_TASK,
        "accept",
        {},
        "督办事项当前为「办理中」，不能「签收」（仅限已交办状态）",
        "cannot accept a task that is in progress",
    ),
    (
        "team",
        LATE_TASK,
        "extensions",
        {"proposed_due": "2026-12-31", "reason": "等设备到货"},
        "延期申请须在完成时限（2026-11-13）当天或之前提出；今天是 2026-11-27",
        "an extension must be requested by the due date (2026-11-13); today is 2026-11-27",
    ),
    (
        "team",
        BEARING_TASK,
        "extensions",
        {"proposed_due": "2027-01-15", "reason": " "},
        "请填写延期理由",
        "give the reason for the extension",
    ),
    (
        "team",
        BEARING_TASK,
        "block",
        {"reason": "等批复", "request": "YS2099-999"},
        "没有编号为 &#39;YS2099-999&#39; 的要素保障诉求",
        "no factor request &#39;YS2099-999&#39;",
    ),
    (
        "team",
        BEARING_TASK,
        "edit",
        {"owner": "nobody@example.gov.cn"},
        "责任人：没有邮箱为 &#39;nobody@example.gov.cn&#39; 的人员",
        "owner: no person with email &#39;nobody@example.gov.cn&#39;",
    ),
]


@pytest.mark.parametrize(
    ("persona", "task_id", "form", "fields", "chinese", "english"),
    TASK_REFUSALS,
    ids=[f"{r[2]}-{r[1]}" for r in TASK_REFUSALS],
)
def test_a_task_refusal_is_chinese_on_a_chinese_page(
    client: TestClient,
    persona: str,
    task_id: int,
    form: str,
    fields: dict[str, str],
    chinese: str,
    english: str,
) -> None:
    as_(client, persona, "zh-CN")
    shown = refusal(move(client, task_id, form, **fields))
    assert shown == f"未能办理：{chinese}"
    assert english not in shown


@pytest.mark.parametrize(
    ("persona", "task_id", "form", "fields", "chinese", "english"),
    TASK_REFUSALS,
    ids=[f"{r[2]}-{r[1]}" for r in TASK_REFUSALS],
)
def test_a_task_refusal_is_english_on_an_english_page(
    client: TestClient,
    persona: str,
    task_id: int,
    form: str,
    fields: dict[str, str],
    chinese: str,
    english: str,
) -> None:
    as_(client, persona, "en")
    shown = refusal(move(client, task_id, form, **fields))
    assert shown.startswith("Not done: ") and english in shown
    assert chinese not in shown


@pytest.mark.parametrize(
    ("locale", "said"),
    [
        ("zh-CN", "未能办理：延期申请 1 已审批（已同意）"),
        ("en", "Not done: extension request 1 was already approved"),
    ],
)
def test_deciding_an_extension_twice_is_refused_in_the_pages_language(
    client: TestClient, locale: str, said: str
) -> None:
    as_(client, "office", locale)
    task_id, request_id = APPROVED
    response = post(
        client,
        f"/tasks/{task_id}",
        f"/tasks/{task_id}/extensions/{request_id}/decide",
        decision="approve",
    )
    assert refusal(response) == said


@pytest.mark.parametrize(
    ("locale", "said"),
    [("zh-CN", "未能办理：进度：请填写0–100的整数。"), ("en", "Not done: Progress: give a whole")],
)
def test_the_pages_own_field_errors_still_show_in_its_language(
    client: TestClient, locale: str, said: str
) -> None:
    as_(client, "team", locale)
    assert refusal(move(client, BEARING_TASK, "progress", progress="lots")).startswith(said)


def _assign_form(html: str, **fields: str) -> dict[str, str]:
    form = {
        "csrf_token": csrf_of(html),
        "title": "开展轴承产业链专题调研",
        "lead_department": "GXJ",
        "owner": "guo.jiaqi@example.gov.cn",
        "start": "2026-11-27",
        "due": "2026-12-25",
        "source": "meeting",
    }
    form.update(fields)
    return form


def assign(client: TestClient, **fields: str) -> str:
    """Post the chain page's assign form; the refusal banner's text."""
    html = client.get("/chains/BEARING").text
    response: Response = client.post("/chains/BEARING/tasks", data=_assign_form(html, **fields))
    assert response.status_code == 400, response.text
    return response.text.split('role="alert">', 1)[1].split("</p>", 1)[0]


ASSIGN_REFUSALS = [
    ({"title": " "}, "事项名称：不能为空", "title: must not be empty"),
    (
        {"due": "2026-11-01"},
        "完成时限：2026-11-01 早于开始日期 2026-11-27",
        "due: 2026-11-01 is before the start 2026-11-27",
    ),
    ({"lead_department": "NOPE"}, "牵头部门：没有部门", "lead department: no department"),
    ({"due": "", "working_days": "0"}, "工作日数：至少为 1", "working days: must be at least 1"),
]


@pytest.mark.parametrize(("fields", "chinese", "english"), ASSIGN_REFUSALS)
def test_assigning_from_a_chinese_chain_page_is_refused_in_chinese(
    client: TestClient, fields: dict[str, str], chinese: str, english: str
) -> None:
    as_(client, "team", "zh-CN")
    shown = assign(client, **fields)
    assert shown.startswith("未能办理：") and chinese in shown
    assert english not in shown


@pytest.mark.parametrize(("fields", "chinese", "english"), ASSIGN_REFUSALS)
def test_assigning_from_an_english_chain_page_is_refused_in_english(
    client: TestClient, fields: dict[str, str], chinese: str, english: str
) -> None:
    as_(client, "team", "en")
    shown = assign(client, **fields)
    assert shown.startswith("Not done: ") and english in shown
    assert chinese not in shown


def test_the_chain_pages_own_field_errors_still_show_in_chinese(client: TestClient) -> None:
    as_(client, "team", "zh-CN")
    assert "工作日数：请填写正整数。" in assign(client, due="", working_days="many")
