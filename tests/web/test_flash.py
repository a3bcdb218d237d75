"""The one-time confirmation after a form (``web.flash``): kept for the page of its own item
until that page reads it, shown there once, whatever other pages are read in between."""

from datetime import date, datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.testclient import TestClient
from starlette.middleware.sessions import SessionMiddleware

from chainops import wiring
from tests.conftest import NOW
from tests.web.conftest import csrf_of, sign_in
from web.flash import confirm, confirmation

# --- the rule, on an app of its own ------------------------------------------------------------


def _items_app() -> FastAPI:
    """Items with a page each (``/items/{n}``) and a form on it that confirms what it did."""
    app = FastAPI()
    app.add_middleware(SessionMiddleware, secret_key="a-test-secret-that-is-long-enough")

    @app.post("/items/{number}/do")
    def do(request: Request, number: int) -> RedirectResponse:
        return confirm(request, f"/items/{number}", f"did {number}", "and told the office")

    @app.get("/items/{number}")
    def item(request: Request, number: int) -> list[str]:
        return confirmation(request, f"/items/{number}")

    return app


@pytest.fixture
def items() -> TestClient:
    return TestClient(_items_app())


def test_confirming_sends_the_browser_to_the_items_page(items: TestClient) -> None:
    done = items.post("/items/1/do", follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/items/1"


def test_a_confirmation_is_shown_once_on_its_own_items_page(items: TestClient) -> None:
    items.post("/items/1/do", follow_redirects=False)
    assert items.get("/items/1").json() == ["did 1", "and told the office"]
    assert items.get("/items/1").json() == []


def test_a_confirmation_meant_for_item_1_survives_a_visit_to_item_2(items: TestClient) -> None:
    items.post("/items/1/do", follow_redirects=False)
    assert items.get("/items/2").json() == []
    assert items.get("/items/2").json() == []
    assert items.get("/items/1").json() == ["did 1", "and told the office"]
    assert items.get("/items/1").json() == []


def test_the_next_confirmation_replaces_one_never_read(items: TestClient) -> None:
    items.post("/items/1/do", follow_redirects=False)
    items.post("/items/2/do", follow_redirects=False)
    assert items.get("/items/1").json() == []
    assert items.get("/items/2").json() == ["did 2", "and told the office"]


# --- the rule on the city's pages: tasks, projects and requests ---------------------------------

BEARING_TASK, OTHER_TASK = 32, 42  # both in progress, owned by 郭佳琪 (team)
BEARING_PROJECT = "LC2026-BEARING-01"
PROJECT, REQUEST = "LC2026-HCHEM-01", "YS2026-002"  # 华晟化工's project and energy request


@pytest.fixture
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wiring, "now", lambda: NOW)


def _status(html: str) -> str | None:
    """The page's confirmation as a reader sees it, if it shows one."""
    if 'role="status"' not in html:
        return None
    start = html.index(">", html.index('role="status"')) + 1
    return unescape(html[start : html.index("</", start)]).removeprefix('<p style="margin:0">')


@pytest.mark.usefixtures("fixed_clock")
def test_a_tasks_confirmation_waits_through_other_items_pages(client: TestClient) -> None:
    sign_in(client, "team")
    token = csrf_of(client.get(f"/tasks/{BEARING_TASK}").text)
    moved = client.post(
        f"/tasks/{BEARING_TASK}/progress",
        data={"csrf_token": token, "progress": "70"},
        follow_redirects=False,
    )
    assert moved.status_code == 303

    assert _status(client.get(f"/tasks/{OTHER_TASK}").text) is None
    assert _status(client.get(f"/projects/{BEARING_PROJECT}").text) is None
    assert _status(client.get(f"/tasks/{BEARING_TASK}").text) == "Progress reported."
    assert _status(client.get(f"/tasks/{BEARING_TASK}").text) is None


def test_a_reports_confirmation_waits_through_a_requests_page_for_its_project(
    client: TestClient,
) -> None:
    sign_in(client, "firm")
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    month = min(today.replace(day=1), date(2026, 12, 1)).strftime("%Y-%m")
    token = csrf_of(client.get(f"/projects/{PROJECT}").text)
    reported = client.post(
        f"/projects/{PROJECT}/report",
        data={"csrf_token": token, "month": month, "month_investment": "5000"},
        follow_redirects=False,
    )
    assert reported.status_code == 303

    assert _status(client.get(f"/requests/{REQUEST}").text) is None
    assert _status(client.get(f"/projects/{PROJECT}").text) == f"Report on {month} saved"
    assert _status(client.get(f"/projects/{PROJECT}").text) is None
