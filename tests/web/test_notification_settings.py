"""A person's notification settings page: their own address only, saved as the dispatcher
reads it, in both languages; the CLI's ``notices prefer`` sets the same preference."""

from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from models import RecipientPreference
from models.db import make_engine
from tests.web.conftest import PERSONAS, csrf_of, sign_in


def _preferences(web_db: Path) -> dict[str, RecipientPreference]:
    engine = make_engine(f"sqlite:///{web_db}")
    try:
        with Session(engine) as session:
            return {p.email: p for p in session.exec(select(RecipientPreference)).all()}
    finally:
        engine.dispose()


def _save(client: TestClient, **fields: str) -> object:
    token = csrf_of(client.get("/me/notifications").text)
    return client.post(
        "/me/notifications", data={**fields, "csrf_token": token}, follow_redirects=False
    )


def test_the_settings_round_trip_for_the_signed_in_person(client: TestClient, web_db: Path) -> None:
    sign_in(client, "dept")
    shown = client.get("/me/notifications")
    assert shown.status_code == 200
    assert PERSONAS["dept"] in shown.text
    assert 'name="robot_mentions" value="1" checked' in shown.text  # every channel by default
    assert 'name="sms" value="1" checked' in shown.text
    assert 'value="digest" checked' in shown.text

    saved = _save(client, delivery="each", locale="en", robot_mentions="1")  # SMS unticked
    assert saved.status_code == 303  # type: ignore[attr-defined]
    stored = _preferences(web_db)[PERSONAS["dept"]]
    assert (stored.digest, stored.locale, stored.robot_mentions, stored.sms) == (
        False, "en", True, False,
    )  # fmt: skip
    again = client.get("/me/notifications").text
    assert "Notification settings saved." in again
    assert 'value="each" checked' in again and 'name="sms" value="1">' in again
    assert 'name="robot_mentions" value="1" checked' in again

    _save(client, delivery="digest", locale="zh-CN", sms="1")
    stored = _preferences(web_db)[PERSONAS["dept"]]
    assert (stored.digest, stored.locale, stored.robot_mentions, stored.sms) == (
        True, "zh-CN", False, True,
    )  # fmt: skip


def test_the_page_sets_only_the_viewers_own_address(client: TestClient, web_db: Path) -> None:
    sign_in(client, "team")
    response = _save(
        client, delivery="each", locale="en", email=PERSONAS["office"], address=PERSONAS["office"]
    )
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert PERSONAS["office"] not in _preferences(web_db)
    assert _preferences(web_db)[PERSONAS["team"]].digest is False


def test_bad_choices_are_refused_and_change_nothing(client: TestClient, web_db: Path) -> None:
    sign_in(client, "dept")
    before = _preferences(web_db)
    refused = _save(client, delivery="hourly", locale="en")
    assert refused.status_code == 400  # type: ignore[attr-defined]
    assert "choose a digest or one mail per notice" in refused.text  # type: ignore[attr-defined]
    refused = _save(client, delivery="each", locale="fr")
    assert "the language is Chinese or English" in refused.text  # type: ignore[attr-defined]
    assert _preferences(web_db).keys() == before.keys()
    forged = client.post("/me/notifications", data={"delivery": "each", "locale": "en",
                                                    "csrf_token": "forged"})  # fmt: skip
    assert forged.status_code == 400
    assert _preferences(web_db).keys() == before.keys()


def test_only_a_signed_in_person_has_settings_and_the_menu_links_them(client: TestClient) -> None:
    assert client.get("/me/notifications", follow_redirects=False).status_code == 303
    sign_in(client, "firm")
    home = client.get("/").text
    assert 'href="/me/notifications"' in home
    assert client.get("/me/notifications").status_code == 200


def test_the_page_speaks_chinese(client: TestClient) -> None:
    sign_in(client, "leader")
    client.get("/lang/zh-CN")
    page = client.get("/me/notifications").text
    assert "通知设置" in page and "工作群机器人消息中 @ 我" in page and "短信" in page
