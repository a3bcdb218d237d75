"""Notices: a person's own list, one notice, and the signed acknowledgement link from the mail."""

import re
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient

from chainops.settings import Settings
from notifications.links import ack_url, sign_ack

from .conftest import PERSONAS, csrf_of, sign_in

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _rows(db: Path, sql: str, *args: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql, args).fetchall()


def _delivery_to(db: Path, persona: str, subject_type: str = "task") -> tuple[int, int, int]:
    """An outbox row addressed to the persona: (outbox id, notice id, subject id)."""
    row = _rows(
        db,
        "SELECT o.id, n.id, n.subject_id FROM outbox_message o JOIN notice n"
        " ON n.id = o.notice_id WHERE o.recipient_email = ? AND n.subject_type = ?"
        " AND o.acknowledged_at IS NULL ORDER BY o.id",
        PERSONAS[persona],
        subject_type,
    )[0]
    return int(row[0]), int(row[1]), int(row[2])  # type: ignore[call-overload]


def _link_path(settings: Settings, outbox_id: int, expires: date | None = None) -> str:
    """The path of the link in the mail, built as services.outbox.dispatch builds it."""
    valid_through = expires or date.today() + timedelta(days=settings.ack_valid_days)
    token = sign_ack(outbox_id, valid_through, settings.secret_key.get_secret_value())
    return urlsplit(ack_url(settings.base_url, token)).path


def _acknowledged(db: Path, outbox_id: int) -> object:
    return _rows(db, "SELECT acknowledged_at FROM outbox_message WHERE id = ?", outbox_id)[0][0]


def _listed(html: str) -> set[int]:
    return {int(found) for found in re.findall(r'href="/notices/(\d+)"', html)}


DEPT_MAILBOX = "zrj@lc.example.gov.cn"  # the dept persona works in ZRJ


def _notices_to(db: Path, email: str) -> set[int]:
    sql = "SELECT notice_id FROM outbox_message WHERE recipient_email = ?"
    return {int(r[0]) for r in _rows(db, sql, email)}  # type: ignore[call-overload]


def test_a_person_lists_only_the_notices_addressed_to_them_or_their_department(
    client: TestClient, web_db: Path
) -> None:
    own, department = _notices_to(web_db, PERSONAS["dept"]), _notices_to(web_db, DEPT_MAILBOX)
    assert own and department
    mine = own | department

    page = sign_in(client, "dept").get("/notices")

    assert page.status_code == 200
    assert "My notices" in page.text
    assert _listed(page.text) == mine


def test_the_office_lists_every_notice_and_filters_them(client: TestClient, web_db: Path) -> None:
    total = _rows(web_db, "SELECT count(*) FROM notice")[0][0]
    sign_in(client, "office")

    everything = client.get("/notices")
    supervision = client.get("/notices", params={"kind": "supervision", "chain": "BEARING"})
    wrong = client.get("/notices", params={"kind": "memo"})

    assert f"{total} in all" in everything.text
    listed = ",".join(map(str, _listed(supervision.text)))
    kinds = _rows(
        web_db,
        "SELECT DISTINCT n.kind, c.code FROM notice n JOIN chain c ON c.id = n.chain_id"
        f" WHERE n.id IN ({listed})",
    )
    assert kinds == [("supervision", "BEARING")]
    assert wrong.status_code == 400
    assert "kind: no notice kind memo" in wrong.text


def test_the_office_sees_dead_letters_and_sends_them_again(
    client: TestClient, web_db: Path
) -> None:
    outbox_id, notice_id, _ = _delivery_to(web_db, "dept")
    with sqlite3.connect(web_db) as connection:
        connection.execute(
            "UPDATE outbox_message SET state = 'dead', last_error = '550 no such mailbox'"
            " WHERE id = ?",
            (outbox_id,),
        )
    sign_in(client, "office")

    failed = client.get("/notices", params={"failed": "1"})
    shown = client.get(f"/notices/{notice_id}")
    sent = client.post(
        f"/notices/{notice_id}/retry",
        data={"csrf_token": csrf_of(shown.text)},
        follow_redirects=False,
    )

    assert _listed(failed.text) == {notice_id}
    assert "550 no such mailbox" in shown.text
    assert sent.status_code == 303
    assert sent.headers["location"] == f"/notices/{notice_id}"
    assert _rows(web_db, "SELECT state FROM outbox_message WHERE id = ?", outbox_id) == [
        ("pending",)
    ]


def test_only_the_office_sends_a_notice_again(client: TestClient, web_db: Path) -> None:
    _, notice_id, _ = _delivery_to(web_db, "dept")
    sign_in(client, "dept")
    token = csrf_of(client.get(f"/notices/{notice_id}").text)

    refused = client.post(f"/notices/{notice_id}/retry", data={"csrf_token": token})

    assert refused.status_code == 403


def test_a_notice_shows_as_sent_with_its_recipients_to_those_who_see_it(
    client: TestClient, web_db: Path
) -> None:
    _, notice_id, task_id = _delivery_to(web_db, "dept")
    title = _rows(web_db, "SELECT title FROM task WHERE id = ?", task_id)[0][0]

    recipient = sign_in(client, "dept").get(f"/notices/{notice_id}")
    client.cookies.clear()
    office = sign_in(client, "office").get(f"/notices/{notice_id}")
    for stranger in ("firm", "outsider"):
        client.cookies.clear()
        assert sign_in(client, stranger).get(f"/notices/{notice_id}").status_code == 404

    assert recipient.status_code == 200
    assert str(title) in recipient.text
    assert PERSONAS["dept"] in recipient.text  # among the recipients
    assert f"/tasks/{task_id}" in recipient.text
    form = f'action="/notices/{notice_id}/ack"'
    assert form in recipient.text
    assert office.status_code == 200
    assert form not in office.text  # not the office's to acknowledge


def test_a_recipient_acknowledges_on_the_notice_page(client: TestClient, web_db: Path) -> None:
    outbox_id, notice_id, _ = _delivery_to(web_db, "dept")
    sign_in(client, "office")
    office_token = csrf_of(client.get(f"/notices/{notice_id}").text)
    not_theirs = client.post(f"/notices/{notice_id}/ack", data={"csrf_token": office_token})
    client.cookies.clear()
    sign_in(client, "dept")
    token = csrf_of(client.get(f"/notices/{notice_id}").text)

    done = client.post(
        f"/notices/{notice_id}/ack", data={"csrf_token": token}, follow_redirects=False
    )

    assert not_theirs.status_code == 403
    assert done.status_code == 303
    assert _acknowledged(web_db, outbox_id) is not None
    assert "You acknowledged it on" in client.get(f"/notices/{notice_id}").text


def test_the_ack_link_sends_someone_signed_out_to_sign_in_and_back(
    client: TestClient, web_db: Path, app_settings: Settings
) -> None:
    outbox_id, _, _ = _delivery_to(web_db, "dept")
    path = _link_path(app_settings, outbox_id)

    away = client.get(path, follow_redirects=False)
    login = client.get(away.headers["location"])
    back = client.post(
        "/login",
        data={
            "username": PERSONAS["dept"],
            "password": "chainops-demo",
            "csrf_token": csrf_of(login.text),
            "next": path,
        },
        follow_redirects=False,
    )

    assert away.status_code == 303
    assert away.headers["location"] == f"/login?next={path}"
    assert f'name="next" value="{path}"' in login.text
    assert back.headers["location"] == path
    assert _acknowledged(web_db, outbox_id) is None


def test_following_the_link_changes_nothing_and_the_button_acknowledges(
    client: TestClient, web_db: Path, app_settings: Settings
) -> None:
    outbox_id, _, task_id = _delivery_to(web_db, "dept")
    path = _link_path(app_settings, outbox_id)
    sign_in(client, "dept")

    shown = client.get(path)
    unchanged = _acknowledged(web_db, outbox_id)
    done = client.post(path, data={"csrf_token": csrf_of(shown.text)}, follow_redirects=False)

    assert shown.status_code == 200
    assert "Acknowledge a notice" in shown.text
    assert unchanged is None
    assert done.status_code == 303
    assert done.headers["location"] == f"/tasks/{task_id}"
    assert _acknowledged(web_db, outbox_id) is not None
    again = client.get(path)
    assert "This notice was acknowledged on" in again.text
    assert f'href="/tasks/{task_id}"' in again.text


def test_a_notice_mailed_to_the_department_is_acknowledged_by_one_of_its_staff(
    client: TestClient, web_db: Path, app_settings: Settings
) -> None:
    sql = "SELECT id FROM outbox_message WHERE recipient_email = ? ORDER BY id LIMIT 1"
    outbox_id = int(_rows(web_db, sql, DEPT_MAILBOX)[0][0])  # type: ignore[call-overload]
    path = _link_path(app_settings, outbox_id)
    sign_in(client, "team")  # not in ZRJ
    refused = client.get(path)
    client.post("/logout", data={"csrf_token": csrf_of(client.get("/notices").text)})
    sign_in(client, "dept")

    shown = client.get(path)
    done = client.post(path, data={"csrf_token": csrf_of(shown.text)}, follow_redirects=False)

    assert refused.status_code == 403
    assert shown.status_code == 200
    assert done.status_code == 303
    assert _acknowledged(web_db, outbox_id) is not None


def test_the_link_of_somebody_elses_delivery_is_refused(
    client: TestClient, web_db: Path, app_settings: Settings
) -> None:
    outbox_id, _, _ = _delivery_to(web_db, "team")
    path = _link_path(app_settings, outbox_id)
    sign_in(client, "dept")

    shown = client.get(path)
    posted = client.post(path, data={"csrf_token": csrf_of(client.get("/notices").text)})

    assert shown.status_code == 403
    assert posted.status_code == 403
    assert _acknowledged(web_db, outbox_id) is None


def test_a_tampered_or_expired_link_says_so(
    client: TestClient, web_db: Path, app_settings: Settings
) -> None:
    outbox_id, _, _ = _delivery_to(web_db, "dept")
    good = _link_path(app_settings, outbox_id)
    other_id, _, _ = _delivery_to(web_db, "team")
    tampered = good.replace(f"/ack/{outbox_id}.", f"/ack/{other_id}.")
    expired = _link_path(app_settings, outbox_id, date(2026, 1, 31))
    sign_in(client, "dept")

    forged = client.get(tampered)
    old = client.get(expired)
    junk = client.get("/ack/not-a-token")

    assert forged.status_code == 400
    assert "not valid" in forged.text
    assert old.status_code == 400
    assert "expired on 2026-01-31" in old.text
    assert junk.status_code == 400
    assert _acknowledged(web_db, outbox_id) is None


def test_acknowledging_without_the_form_token_is_refused(
    client: TestClient, web_db: Path, app_settings: Settings
) -> None:
    outbox_id, notice_id, _ = _delivery_to(web_db, "dept")
    sign_in(client, "dept")

    by_link = client.post(_link_path(app_settings, outbox_id), data={})
    on_page = client.post(f"/notices/{notice_id}/ack", data={"csrf_token": "forged"})

    assert by_link.status_code == 400
    assert on_page.status_code == 400
    assert _acknowledged(web_db, outbox_id) is None


def test_the_notice_pages_speak_chinese(client: TestClient, web_db: Path) -> None:
    _, notice_id, _ = _delivery_to(web_db, "dept")
    sign_in(client, "dept")
    client.get("/lang/zh-CN")

    listed = client.get("/notices")
    shown = client.get(f"/notices/{notice_id}")

    assert "我的通知" in listed.text
    assert "催办单" in listed.text
    assert "接收人" in shown.text
    assert "notice." not in shown.text  # no key left untranslated


def test_a_firm_reads_its_project_notice_with_a_link_to_the_project(
    client: TestClient, web_db: Path
) -> None:
    _, notice_id, project_id = _delivery_to(web_db, "firm", "key_project")
    code = _rows(web_db, "SELECT code FROM key_project WHERE id = ?", project_id)[0][0]
    _, task_notice, _ = _delivery_to(web_db, "dept")
    sign_in(client, "firm")

    shown = client.get(f"/notices/{notice_id}")

    assert shown.status_code == 200
    assert f'href="/projects/{code}"' in shown.text
    assert client.get(f"/notices/{task_notice}").status_code == 404


def test_a_firm_does_not_read_the_officials_notices_about_its_own_request(
    client: TestClient, web_db: Path
) -> None:
    firm = PERSONAS["firm"]
    internal = _rows(
        web_db,
        "SELECT n.id FROM notice n JOIN factor_request r ON r.id = n.subject_id"
        " JOIN enterprise e ON e.id = r.enterprise_id WHERE n.subject_type = 'factor_request'"
        " AND e.contact_email = ? AND NOT EXISTS (SELECT 1 FROM outbox_message o"
        " WHERE o.notice_id = n.id AND o.recipient_email = ?)",
        firm,
        firm,
    )
    assert internal  # the demo escalates 华晟化工's energy request to departments and leaders
    sign_in(client, "firm")

    for (notice_id,) in internal:
        shown = client.get(f"/notices/{notice_id}")
        assert shown.status_code == 404
        assert "@example.gov.cn" not in shown.text.split("<main>", 1)[1]



def test_a_sent_notice_shows_the_expiry_its_mail_carried(client: TestClient, web_db: Path) -> None:
    rows = _rows(
        web_db,
        "SELECT notice_id, sent_at FROM outbox_message WHERE recipient_email = ?"
        " AND sent_at IS NOT NULL ORDER BY id LIMIT 1",
        PERSONAS["dept"],
    )
    notice_id, sent_at = rows[0]
    sent = datetime.fromisoformat(str(sent_at)).replace(tzinfo=UTC).astimezone(SHANGHAI).date()
    expires = sent + timedelta(days=14)  # ack_valid_days
    sign_in(client, "dept")

    page = client.get(f"/notices/{notice_id}").text

    assert f"valid until {expires.day} {expires:%b} {expires.year}" in page
