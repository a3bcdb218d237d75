"""The permissions matrix: every persona of DESIGN.md against every kind of page and API route,
on objects of their own and of others — allowed (200) or refused (403/404), and a refusal
never shows the object (its title, its enterprise).

The demo city's objects used here:
- chains BEARING (team guo.jiaqi's and leader li.zhenhua's) and HCHEM (neither's);
- task 32 (BEARING, led by GXJ) and task 5 (HCHEM, led by ZRJ, the dept persona's bureau);
- projects LC2026-BEARING-01 (GXJ serves), LC2026-HCHEM-01 (华晟, the firm's own, FGW serves)
  and LC2026-HCHEM-02 (恒泰, another firm, FGW serves);
- requests YS2026-006 (BEARING, RSJ handles), YS2026-002 (华晟's, FGW) and YS2026-001 (恒泰's,
  ZRJ handles);
- the October 2026 bulletin, and the office's workbook page.
"""

from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from chainops.settings import Settings
from models.db import make_engine, session_scope
from services.people import issue_token
from tests.web.conftest import PERSONAS, csrf_of, sign_in

# route → text that only that object's page would show (checked absent from every refusal)
OBJECTS: dict[str, str] = {
    "/chains/BEARING": "Bearings",
    "/chains/HCHEM": "High-end chemicals",
    "/tasks/32": "推动轴承钢本地化配套",
    "/tasks/5": "保障恒泰己二腈项目用地指标",
    "/projects/LC2026-BEARING-01": "示范万通轴承集团有限公司",
    "/projects/LC2026-HCHEM-01": "示范华晟化工集团股份有限公司",
    "/projects/LC2026-HCHEM-02": "示范恒泰新材料科技有限公司",
    "/requests/YS2026-006": "招聘数控操作、热处理技术工人",
    "/requests/YS2026-002": "聚碳酸酯扩建项目新增能耗指标",
    "/requests/YS2026-001": "己二腈及尼龙66一体化项目二期用地",
    "/rollups/2026-10": "",  # the bulletin page shows every chain: nothing of one to leak
    "/workbook": "",
}
ALL = set(OBJECTS)
EXPECTED_PAGES: dict[str, set[str]] = {  # persona → the routes it may open; the rest refused
    "office": ALL,
    "chief": ALL - {"/workbook"},
    "team": {"/chains/BEARING", "/tasks/32", "/projects/LC2026-BEARING-01",
             "/requests/YS2026-006", "/rollups/2026-10"},
    "leader": {"/chains/BEARING", "/tasks/32", "/projects/LC2026-BEARING-01",
               "/requests/YS2026-006", "/rollups/2026-10"},
    "dept": {"/tasks/5", "/requests/YS2026-001", "/rollups/2026-10"},
    "firm": {"/projects/LC2026-HCHEM-01", "/requests/YS2026-002"},
    "outsider": set(),
}  # fmt: skip
API_ROUTES = {
    "/api/chains/BEARING": "/chains/BEARING",
    "/api/chains/HCHEM": "/chains/HCHEM",
    "/api/tasks/32": "/tasks/32",
    "/api/tasks/5": "/tasks/5",
    "/api/projects/LC2026-BEARING-01": "/projects/LC2026-BEARING-01",
    "/api/projects/LC2026-HCHEM-01": "/projects/LC2026-HCHEM-01",
    "/api/projects/LC2026-HCHEM-02": "/projects/LC2026-HCHEM-02",
    "/api/requests/YS2026-006": "/requests/YS2026-006",
    "/api/requests/YS2026-002": "/requests/YS2026-002",
    "/api/requests/YS2026-001": "/requests/YS2026-001",
    "/api/rollups/2026-10": "/rollups/2026-10",
}


def outcome(status: int) -> str:
    if status == 200:
        return "allowed"
    assert status in (403, 404), f"a refusal must be 403 or 404, not {status}"
    return "refused"


@pytest.mark.parametrize("persona", list(EXPECTED_PAGES))
def test_each_persona_opens_exactly_its_pages_and_a_refusal_shows_nothing(
    client: TestClient, persona: str
) -> None:
    sign_in(client, persona)
    seen: dict[str, str] = {}
    for route in OBJECTS:
        response = client.get(route, follow_redirects=False)
        seen[route] = outcome(response.status_code)
        if seen[route] == "refused":
            for marker in filter(None, OBJECTS.values()):
                assert marker not in response.text, f"{persona} {route} shows {marker}"
    assert {r for r, o in seen.items() if o == "allowed"} == EXPECTED_PAGES[persona]


@pytest.mark.parametrize("persona", list(EXPECTED_PAGES))
def test_each_persona_reads_exactly_the_same_through_the_api(
    client: TestClient, app_settings: Settings, persona: str
) -> None:
    headers = {"Authorization": f"Bearer {_token(app_settings, persona)}"}
    seen = {
        route: outcome(client.get(route, headers=headers).status_code) for route in API_ROUTES
    }
    allowed = {page for route, page in API_ROUTES.items() if seen[route] == "allowed"}
    assert allowed == EXPECTED_PAGES[persona] - {"/workbook"}


@pytest.mark.parametrize("persona", list(EXPECTED_PAGES))
def test_lists_hold_only_what_the_persona_may_open(client: TestClient, persona: str) -> None:
    sign_in(client, persona)
    pages = {"/": client.get("/").text}
    for route in ("/projects", "/requests"):
        pages[route] = client.get(route).text
    listed = {
        route
        for route in OBJECTS
        if route.startswith(("/projects/", "/requests/", "/tasks/", "/chains/"))
        and any(f'href="{route}"' in text for text in pages.values())
    }
    assert listed <= EXPECTED_PAGES[persona], f"{persona} is shown links it may not open"


def _token(settings: Settings, persona: str) -> Any:
    engine = make_engine(settings.database_url)
    with session_scope(engine) as session:
        token = issue_token(
            session=session, username=PERSONAS[persona], name="matrix", now=datetime.now(UTC)
        )
    engine.dispose()
    return token


# Task 32 is in progress; its owner is 郭佳琪 (the team persona) and its lead department GXJ,
# where the office's 高文博 also works: they are its handlers. Signing off is the office's,
# and needs the task submitted first, so the office is refused there for the state (400), not
# for who it is.
POSTS: dict[str, dict[str, Any]] = {
    "/tasks/32/progress": {"progress": "60", "note": "矩阵测试"},
    "/tasks/32/sign-off": {},
    "/chains/BEARING/tasks": {
        "title": "矩阵测试任务",
        "lead_department": "GXJ",
        "owner": "guo.jiaqi@example.gov.cn",
        "start": "2026-11-30",
        "due": "2026-12-31",
    },
}
_ANSWERS = {  # persona → (progress, sign-off, assign)
    "office": (303, 400, 303),
    "team": (303, 403, 303),
    "chief": (403, 403, 403),
    "leader": (403, 403, 403),
    "dept": (404, 404, 404),
    "firm": (404, 404, 404),
    "outsider": (404, 404, 404),
}
EXPECTED_POSTS = {
    persona: dict(zip(POSTS, answers, strict=True)) for persona, answers in _ANSWERS.items()
}


@pytest.mark.parametrize("persona", list(EXPECTED_POSTS))
def test_each_persona_may_act_only_where_it_is_allowed_and_a_refusal_changes_nothing(
    client: TestClient, persona: str
) -> None:
    sign_in(client, persona)
    token = csrf_of(client.get("/").text)
    answers = {}
    for route, data in POSTS.items():
        response = client.post(route, data={**data, "csrf_token": token}, follow_redirects=False)
        answers[route] = response.status_code
    assert answers == EXPECTED_POSTS[persona]
    client.cookies.clear()
    sign_in(client, "office")
    task = client.get("/tasks/32").text
    moved = EXPECTED_POSTS[persona]["/tasks/32/progress"] == 303
    assert ("矩阵测试" in task) == moved  # the progress note is there only if it was allowed
