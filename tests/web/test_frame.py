"""What every page has around it: the menu each persona may follow, the language switch that
keeps one's place, the home page of an enterprise's contact, and error pages for people."""

import re

import pytest
from fastapi.testclient import TestClient

from .conftest import PERSONAS, sign_in

MENU = (
    "/city", "/tasks", "/notices", "/projects", "/requests", "/plans", "/enterprises",
    "/rollups", "/workbook",
)
SUPPLY = "/supply"  # the matchmaking lists (issue 16): where a firm reaches its own
BENCH = "/benchmarks"  # benchmarking and the gap list (issue 17): every official
MENUS = {  # "/" (the to-do) is everyone's; the city overview only for who reads chains
    "office": (*MENU, "/channels", "/feedback/list", SUPPLY, BENCH),
    "team": (*MENU[:8], SUPPLY, BENCH),
    "dept": (*MENU[1:8], BENCH),
    "leader": (*MENU[:8], SUPPLY, BENCH),
    "chief": (*MENU[:8], SUPPLY, BENCH),
    "firm": (*MENU[2:7], SUPPLY),  # an enterprise owns no tasks: no task list
    "outsider": (),
}


def menu_of(html: str) -> tuple[str, ...]:
    nav = html.split("<nav>", 1)[1].split("</nav>", 1)[0]
    return tuple(href for href in re.findall(r'href="([^"]+)"', nav) if href != "/")


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_each_persona_has_a_menu_of_exactly_the_places_it_may_open(
    client: TestClient, persona: str
) -> None:
    sign_in(client, persona)
    menu = menu_of(client.get("/").text)

    assert menu == MENUS[persona]
    for place in menu:
        assert client.get(place).status_code == 200, place


def test_an_enterprise_sees_its_own_projects_and_requests_on_its_home_page(
    client: TestClient,
) -> None:
    sign_in(client, "firm")
    home = client.get("/").text

    assert "not linked to any chain" not in home
    firm = home.split('id="firm"', 1)[1].split("</div>", 1)[0]
    assert "华晟化工" in firm
    assert re.search(r"\d+ key project\(s\)", firm) and "factor request(s)" in firm
    assert 'href="/requests/new"' in firm


@pytest.mark.parametrize("persona", ["team", "leader", "firm", "outsider"])
def test_only_the_office_is_told_about_missing_calendar_data(
    client: TestClient, persona: str
) -> None:
    office = sign_in(client, "office").get("/").text
    client.cookies.clear()
    other = sign_in(client, persona).get("/").text

    assert "calendar.yaml" in office  # 2027 has no official holidays yet: the office may add them
    assert "calendar.yaml" not in other and 'role="alert"' not in other


def test_switching_language_keeps_the_page_and_its_filters(client: TestClient) -> None:
    sign_in(client, "office")
    page = client.get("/notices", params={"kind": "supervision"}).text

    switch = re.search(r'href="(/lang/zh-CN\?[^"]+)"', page)
    assert switch
    landed = client.get(switch.group(1).replace("&amp;", "&"), follow_redirects=False)

    assert landed.status_code == 303
    assert landed.headers["location"] == "/notices?kind=supervision"


@pytest.mark.parametrize(
    "path", ["/tasks/99999999999999999999", "/notices/99999999999999999999", "/task/1"]
)
def test_a_page_that_does_not_exist_is_a_404_page_with_the_menu(
    client: TestClient, path: str
) -> None:
    sign_in(client, "office")
    missing = client.get(path)

    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("text/html")
    assert "Not found." in missing.text and PERSONAS["office"] in missing.text
    assert "/workbook" in menu_of(missing.text)


def test_the_api_keeps_answering_in_json(client: TestClient) -> None:
    assert client.get("/api/nothing-here").json() == {"detail": "Not Found"}
    assert client.get("/api/tasks/99999999999999999999").status_code in (401, 404)


@pytest.mark.parametrize("path", ["/projects", "/requests", "/notices"])
def test_lists_name_chains_in_the_pages_language_not_by_code(client: TestClient, path: str) -> None:
    sign_in(client, "office")
    client.get("/lang/zh-CN")
    page = client.get(path).text
    cell = r"<td(?: [^>]*)?>"  # a list's cells carry data-label for the phone's cards
    assert re.search(cell + r"([^<]*产业链|(轴承|汽车|化工|装备)[^<]*)</td>", page), path
    assert not re.search(cell + r"(BEARING|HCHEM|EQUIP|AUTO)</td>", page), path
