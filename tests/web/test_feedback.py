"""The feedback form (意见与投诉) every notice links to, and the office's list of what came in."""

from pathlib import Path

import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from models import Feedback, Notice
from models.db import make_engine
from models.feedback import FEEDBACK_TEXT_LENGTH
from tests.web.conftest import PERSONAS, csrf_of, sign_in


def _stored(web_db: Path) -> list[Feedback]:
    engine = make_engine(f"sqlite:///{web_db}")
    try:
        with Session(engine) as session:
            return list(session.exec(select(Feedback).order_by(sa.text("id"))).all())
    finally:
        engine.dispose()


def _a_notice(web_db: Path) -> int:
    engine = make_engine(f"sqlite:///{web_db}")
    try:
        with Session(engine) as session:
            notice_id = session.exec(select(Notice.id)).first()
            assert notice_id is not None
            return notice_id
    finally:
        engine.dispose()


def _send(client: TestClient, path: str = "/feedback", **fields: str) -> object:
    token = csrf_of(client.get(path).text)
    data = {"kind": "complaint", "text": "催办单一天发了三次。", **fields, "csrf_token": token}
    return client.post("/feedback", data=data, follow_redirects=False)


def test_anyone_with_the_link_may_send_a_complaint_about_a_notice(
    client: TestClient, web_db: Path
) -> None:
    notice_id = _a_notice(web_db)
    form = client.get(f"/feedback?notice={notice_id}")
    assert form.status_code == 200
    assert f'name="notice" value="{notice_id}"' in form.text
    response = _send(
        client, f"/feedback?notice={notice_id}", notice=str(notice_id),
        name="赵敏", contact="13912345678",
    )  # fmt: skip
    assert response.status_code == 303, response.text
    assert "Received, thank you" in client.get("/feedback").text
    [row] = _stored(web_db)
    assert (row.kind, row.name, row.contact, row.notice_id, row.user_id) == (
        "complaint", "赵敏", "13912345678", notice_id, None,
    )  # fmt: skip
    assert row.text == "催办单一天发了三次。" and row.address == "testclient"


def test_a_signed_in_person_finds_the_form_filled_and_may_leave_who_blank(
    client: TestClient, web_db: Path
) -> None:
    sign_in(client, "dept")
    form = client.get("/feedback").text
    assert 'value="liang.xiaoyan@example.gov.cn"' in form
    response = _send(client, kind="feedback", text="建议增加导出功能")
    assert response.status_code == 303, response.text
    [row] = _stored(web_db)
    assert row.contact == PERSONAS["dept"] and row.name and row.user_id is not None


def test_bad_input_names_the_field_and_stores_nothing(client: TestClient, web_db: Path) -> None:
    cases = {
        "Check “What you want to tell us”": {"text": "   ", "name": "赵敏", "contact": "a@b.cn"},
        "at most 2000 characters": {
            "text": "长" * (FEEDBACK_TEXT_LENGTH + 1), "name": "赵敏", "contact": "a@b.cn",
        },
        "Check “Your name”": {"name": "", "contact": "a@b.cn"},
        "is neither an email address nor a phone number": {"name": "赵敏", "contact": "call me"},
        "choose feedback or complaint": {"kind": "praise", "name": "赵敏", "contact": "a@b.cn"},
        "there is no notice 999999": {"notice": "999999", "name": "赵敏", "contact": "a@b.cn"},
        "a notice is named by its number": {"notice": "x1", "name": "赵敏", "contact": "a@b.cn"},
    }  # fmt: skip
    for expected, fields in cases.items():
        response = _send(client, **fields)
        assert response.status_code == 400, (fields, response.text)  # type: ignore[attr-defined]
        assert expected in response.text, fields  # type: ignore[attr-defined]
        assert "Traceback" not in response.text  # type: ignore[attr-defined]
    assert _stored(web_db) == []


def test_the_form_in_chinese_says_the_field_in_chinese(client: TestClient, web_db: Path) -> None:
    client.get("/lang/zh-CN")
    response = _send(client, name="赵敏", contact="不告诉你")
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "请检查「邮箱或电话」" in response.text  # type: ignore[attr-defined]
    assert _stored(web_db) == []


def test_a_form_without_its_csrf_token_is_refused_and_stores_nothing(
    client: TestClient, web_db: Path
) -> None:
    client.get("/feedback")
    data = {"kind": "complaint", "text": "x", "name": "赵敏", "contact": "a@b.cn"}
    response = client.post("/feedback", data={**data, "csrf_token": "forged"})
    assert response.status_code == 400
    assert _stored(web_db) == []


def test_one_address_sending_too_many_in_an_hour_must_wait(
    client: TestClient, web_db: Path
) -> None:
    statuses = [
        _send(client, name="赵敏", contact="a@b.cn").status_code  # type: ignore[attr-defined]
        for _ in range(21)
    ]
    assert statuses == [303] * 20 + [429]
    assert len(_stored(web_db)) == 20


def test_the_list_is_the_offices_and_it_marks_a_message_handled(
    client: TestClient, web_db: Path
) -> None:
    _send(client, name="赵敏", contact="13912345678", text="投诉：周末收到短信")
    assert client.get("/feedback/list", follow_redirects=False).status_code == 303  # sign in
    for persona in ("team", "dept", "leader", "chief", "firm", "outsider"):
        client.cookies.clear()
        sign_in(client, persona)
        assert client.get("/feedback/list").status_code == 403, persona
    client.cookies.clear()
    sign_in(client, "office")
    listed = client.get("/feedback/list")
    assert listed.status_code == 200
    assert "投诉：周末收到短信" in listed.text and "13912345678" in listed.text
    [row] = _stored(web_db)
    token = csrf_of(listed.text)
    marked = client.post(f"/feedback/{row.id}/handled", data={"csrf_token": token})
    assert marked.status_code == 200 and f"No. {row.id} is marked handled" in marked.text
    assert _stored(web_db)[0].handled_by == PERSONAS["office"]
    assert "投诉：周末收到短信" not in client.get("/feedback/list?unhandled=1").text


def test_only_the_office_may_mark_a_message_handled(client: TestClient, web_db: Path) -> None:
    _send(client, name="赵敏", contact="a@b.cn")
    [row] = _stored(web_db)
    sign_in(client, "team")
    token = csrf_of(client.get("/feedback").text)
    assert client.post(f"/feedback/{row.id}/handled", data={"csrf_token": token}).status_code == 403
    assert _stored(web_db)[0].handled_at is None


def test_unhandled_feedback_waits_in_the_offices_to_do_until_it_is_marked(
    client: TestClient, web_db: Path
) -> None:
    _send(client, name="赵敏", contact="a@b.cn", text="夜里收到了机器人消息")
    [row] = _stored(web_db)
    sign_in(client, "team")
    assert "夜里收到了机器人消息" not in client.get("/").text
    client.cookies.clear()
    sign_in(client, "office")
    home = client.get("/").text
    assert 'id="feedback"' in home and "夜里收到了机器人消息" in home
    assert f'href="/feedback/list#feedback-{row.id}"' in home
    token = csrf_of(home)
    client.post(f"/feedback/{row.id}/handled", data={"csrf_token": token})
    assert "夜里收到了机器人消息" not in client.get("/").text
