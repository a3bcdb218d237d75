"""Editing a task's title, owner and lead department from its page: the office or the chain's
working group only, each change an audit event, dates untouched, bad values named."""

from fastapi.testclient import TestClient

from tests.web.conftest import csrf_of, sign_in

TASK = "/tasks/32"  # BEARING, led by GXJ, owned by 郭佳琪, in progress


def edit(client: TestClient, **data: str) -> tuple[int, str]:
    token = csrf_of(client.get(TASK).text)
    response = client.post(f"{TASK}/edit", data={**data, "csrf_token": token},
                           follow_redirects=False)  # fmt: skip
    return response.status_code, response.text


def test_the_office_changes_title_and_owner_and_the_history_says_so(client: TestClient) -> None:
    sign_in(client, "office")
    before = client.get(TASK).text

    status, _ = edit(client, title="推动轴承钢本地化配套（第二阶段）",
                  owner="chang.yue@example.gov.cn", lead_department="GXJ")  # fmt: skip

    after = client.get(TASK).text
    assert status == 303
    assert "推动轴承钢本地化配套（第二阶段）" in after
    assert "chang.yue@example.gov.cn" in after
    assert "Owner changed" in after and "Title edited" in after
    assert "guo.jiaqi@example.gov.cn → chang.yue@example.gov.cn" not in before
    assert after.count("2026-12-28") >= 1  # the due date stays where it was


def test_a_bad_owner_is_named_and_nothing_changes(client: TestClient) -> None:
    sign_in(client, "team")
    status, answer = edit(
        client, title="改名不应生效", owner="nobody@example.gov.cn", lead_department="GXJ"
    )
    assert status == 400
    assert "owner: no person with email &#39;nobody@example.gov.cn&#39;" in answer
    assert "改名不应生效" not in client.get(TASK).text.split("<form")[0]  # title unchanged


def test_a_leader_may_read_the_task_but_not_edit_it(client: TestClient) -> None:
    sign_in(client, "leader")
    assert 'action="/tasks/32/edit"' not in client.get(TASK).text
    assert edit(client, title="越权修改")[0] == 403
