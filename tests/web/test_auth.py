"""Signing in and out: argon2 passwords, CSRF on every form, throttling, safe redirects."""

import re
from html import unescape

from fastapi.testclient import TestClient

from chainops import wiring
from chainops.settings import Settings
from models.db import session_scope
from services.people import set_password
from tests.web.conftest import PASSWORD, PERSONAS, csrf_of, sign_in


def test_a_page_sends_a_stranger_to_sign_in_and_back(client: TestClient) -> None:
    response = client.get("/?chain=BEARING", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/?chain=BEARING"


def chains_table(page: str) -> str:
    """The overview's table of chains (the lights chart links each chain too)."""
    return page.split('id="chains"', 1)[-1].split("</table>", 1)[0] if 'id="chains"' in page else ""


def test_the_office_signs_in_and_sees_every_chain(client: TestClient) -> None:
    sign_in(client, "office")
    page = client.get("/city").text
    assert "Signed in as gao.wenbo@example.gov.cn · City chain office" in page
    assert chains_table(page).count('href="/chains/') == 10
    assert "Red tasks" in page


def test_a_wrong_password_is_refused_the_same_way_as_an_unknown_account(
    client: TestClient,
) -> None:
    token = csrf_of(client.get("/login").text)
    wrong = client.post(
        "/login",
        data={"username": PERSONAS["office"], "password": "not-the-password", "csrf_token": token},
    )
    unknown = client.post(
        "/login",
        data={"username": "nobody@example.gov.cn", "password": PASSWORD, "csrf_token": token},
    )
    assert wrong.status_code == unknown.status_code == 401
    assert (
        "Wrong account or password." in wrong.text and "Wrong account or password." in unknown.text
    )


def test_after_five_failures_the_account_must_wait_even_with_the_right_password(
    client: TestClient,
) -> None:
    token = csrf_of(client.get("/login").text)
    for _ in range(5):
        client.post(
            "/login",
            data={"username": PERSONAS["team"], "password": "guess-guess", "csrf_token": token},
        )
    right = client.post(
        "/login", data={"username": PERSONAS["team"], "password": PASSWORD, "csrf_token": token}
    )
    assert right.status_code == 429
    assert "Too many attempts: try again in 15 min." in right.text


def test_forms_without_the_sessions_csrf_token_are_refused(client: TestClient) -> None:
    no_token = client.post("/login", data={"username": PERSONAS["office"], "password": PASSWORD})
    assert no_token.status_code == 400
    sign_in(client, "office")
    forged = client.post("/logout", data={"csrf_token": "forged"})
    assert forged.status_code == 400
    assert client.get("/", follow_redirects=False).status_code == 200  # still signed in


def test_sign_out_ends_the_session(client: TestClient) -> None:
    sign_in(client, "leader")
    token = csrf_of(client.get("/").text)
    assert (
        client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code
        == 303
    )
    assert client.get("/", follow_redirects=False).status_code == 303


def test_sign_in_never_redirects_off_the_site(client: TestClient) -> None:
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={
            "username": PERSONAS["office"],
            "password": PASSWORD,
            "csrf_token": token,
            "next": "https://evil.example/",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_the_page_language_switches_and_stays_after_sign_in(client: TestClient) -> None:
    client.get("/lang/zh-CN")
    assert "账号（邮箱）" in client.get("/login").text
    sign_in(client, "office")
    assert "全市总览" in client.get("/city").text


def test_each_persona_sees_only_its_chains_on_the_overview(client: TestClient) -> None:
    seen = {}
    for persona in ("team", "leader", "chief", "dept", "firm", "outsider"):
        client.cookies.clear()
        sign_in(client, persona)
        seen[persona] = chains_table(client.get("/city").text).count('href="/chains/')
    # 郭佳琪 serves on three working groups (BEARING, AUTO, EQUIP); 李振华 leads BEARING.
    assert seen == {"team": 3, "leader": 1, "chief": 10, "dept": 0, "firm": 0, "outsider": 0}


def test_a_saved_session_cookie_stops_working_once_its_user_signs_out(
    client: TestClient,
) -> None:
    sign_in(client, "office")
    saved = dict(client.cookies)
    client.post("/logout", data={"csrf_token": csrf_of(client.get("/").text)})

    client.cookies.clear()
    for name, value in saved.items():
        client.cookies.set(name, value)  # the cookie as it was before signing out
    replayed = client.get("/", follow_redirects=False)
    assert replayed.status_code == 303 and replayed.headers["location"].startswith("/login")


def test_a_new_password_ends_every_session_of_the_account(
    client: TestClient, app_settings: Settings
) -> None:
    sign_in(client, "office")
    assert client.get("/", follow_redirects=False).status_code == 200
    with session_scope(wiring.engine(app_settings)) as session:
        set_password(session=session, username=PERSONAS["office"], password=PASSWORD + "-new")
    after = client.get("/", follow_redirects=False)
    assert after.status_code == 303 and after.headers["location"].startswith("/login")


def test_the_chief_chain_leader_is_called_so(client: TestClient) -> None:
    sign_in(client, "chief")
    assert "· Chief chain leader</span>" in client.get("/").text
    client.get("/lang/zh-CN")
    assert "· 总链长</span>" in client.get("/").text


def _language_link(html: str) -> str:
    found = re.search(r'href="(/lang/[^"]+)"', html)
    assert found, "the page has no language link"
    return unescape(found.group(1))


def test_switching_language_after_a_refused_form_lands_on_the_items_page(
    client: TestClient,
) -> None:
    sign_in(client, "firm")
    token = csrf_of(client.get("/projects/LC2026-HCHEM-01").text)
    refused = client.post(
        "/projects/LC2026-HCHEM-01/report",
        data={"csrf_token": token, "month": "2026-10", "month_investment": "-5"},
    )
    assert refused.status_code == 400  # the page again, at the form's POST-only address

    switched = client.get(_language_link(refused.text), follow_redirects=False)
    assert switched.headers["location"] == "/projects/LC2026-HCHEM-01"
    landed = client.get(switched.headers["location"])
    assert landed.status_code == 200 and "华晟" in landed.text and "月度进展" in landed.text


def test_switching_language_keeps_a_pages_own_address_and_filters(client: TestClient) -> None:
    sign_in(client, "office")
    link = _language_link(client.get("/projects?chain=HCHEM").text)
    switched = client.get(link, follow_redirects=False)
    assert switched.headers["location"] == "/projects?chain=HCHEM"
