"""The task list across chains (/tasks), as each persona uses it, in both languages: filters
from the form kept on every paging link, a bad filter a 400 that names it, red and yellow rows
that say why with their lead department and rung, and only what the viewer may see."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from chainops import wiring
from models import Task, User
from services.people import viewer_for
from services.tasks import TaskFilters, search_tasks
from tests.conftest import NOW
from tests.web.conftest import PERSONAS, sign_in


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo city's 'today' (a Friday late in 2026), whatever day the tests run."""
    monkeypatch.setattr(wiring, "now", lambda: NOW)


def rows_of(page: str) -> list[int]:
    return [int(found) for found in re.findall(r'<tr data-task="(\d+)">', page)]


def link(page: str, rel: str) -> str | None:
    found = re.search(rf'<a rel="{rel}" href="([^"]+)"', page)
    return html.unescape(found.group(1)) if found else None


def expected(client: TestClient, persona: str, filters: TaskFilters, **how: object) -> list[int]:
    """The ids the service lists for the persona, every page at once."""
    app = client.app
    with Session(app.state.engine) as session:  # type: ignore[attr-defined]
        user = session.exec(select(User).where(User.username == PERSONAS[persona])).one()
        found = search_tasks(
            session=session,
            viewer=viewer_for(session, user),
            today=NOW.date(),
            filters=filters,
            rules=app.state.rules,  # type: ignore[attr-defined]
            per_page=None,
            **how,  # type: ignore[arg-type]
        )
    return [row.id for row in found.rows]


def test_the_office_pages_through_a_filtered_list_and_every_link_keeps_the_filters(
    client: TestClient,
) -> None:
    sign_in(client, "office")
    first = client.get("/tasks", params={"state": "open", "sort": "light", "desc": ""})
    assert first.status_code == 200
    assert re.search(r"\d+ tasks, page 1 of \d+", first.text)
    seen = rows_of(first.text)
    assert len(seen) == 50
    following = link(first.text, "next")
    assert following is not None
    while following:
        query = parse_qs(urlsplit(following).query)
        assert (query["state"], query["sort"]) == (["open"], ["light"])
        page = client.get(following)
        assert page.status_code == 200
        seen += rows_of(page.text)
        back = link(page.text, "prev")
        assert back and parse_qs(urlsplit(back).query)["state"] == ["open"]
        following = link(page.text, "next")
    assert seen == expected(client, "office", TaskFilters(state="open"), sort="light")


def test_red_rows_say_why_with_their_lead_department_and_rung_in_both_languages(
    client: TestClient,
) -> None:
    sign_in(client, "office")
    english = client.get("/tasks", params={"light": "red", "chain": "BEARING"}).text
    ids = rows_of(english)
    assert ids == expected(client, "office", TaskFilters(light="red", chain="BEARING"))
    table = english.split('id="tasks"', 1)[1]
    assert re.search(r"overdue \d+ working day\(s\)", table)
    assert "Bearings" in table and "Industry and Information Technology Bureau" in table
    assert "Supervision notice" in table or "Urging slip" in table

    client.get("/lang/zh-CN")
    chinese = client.get("/tasks", params={"light": "red", "chain": "BEARING"}).text
    assert rows_of(chinese) == ids
    table = chinese.split('id="tasks"', 1)[1]
    assert "督办事项（全部产业链）" in chinese and "灯色" in chinese
    assert re.search(r"逾期 \d+ 个工作日", table)
    assert "轴承" in table and "市工业和信息化局" in table
    assert "督办通知单" in table or "催办单" in table


def test_text_in_the_title_finds_tasks_across_chains(client: TestClient) -> None:
    sign_in(client, "office")
    page = client.get("/tasks", params={"q": "一链一策"}).text
    found = rows_of(page)
    assert len(found) >= 2
    assert found == expected(client, "office", TaskFilters(q="一链一策"))
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        chains = {session.get(Task, i).chain_id for i in found}  # type: ignore[union-attr]
    assert len(chains) > 1  # across chains
    assert 'value="一链一策"' in page  # the form keeps what was asked


@pytest.mark.parametrize("persona", ["team", "dept", "leader", "firm"])
def test_each_persona_lists_only_what_it_may_see(client: TestClient, persona: str) -> None:
    sign_in(client, persona)
    page = client.get("/tasks", params={"sort": "progress"})
    assert page.status_code == 200
    want = expected(client, persona, TaskFilters(), sort="progress")
    assert rows_of(page.text) == want[:50]
    everything = expected(client, "office", TaskFilters())
    assert set(want) <= set(everything)
    if persona == "firm":
        assert want == [] and "No tasks match." in page.text
    else:
        assert 0 < len(want) < len(everything)


def test_a_department_filters_by_owner_and_due_within_working_days(client: TestClient) -> None:
    sign_in(client, "dept")
    owner = PERSONAS["dept"]
    page = client.get("/tasks", params={"owner": owner.upper(), "due_within": "60"})
    assert page.status_code == 200
    want = expected(client, "dept", TaskFilters(owner=owner, due_within=60))
    assert want and rows_of(page.text) == want
    assert len(want) < len(expected(client, "dept", TaskFilters(owner=owner)))


@pytest.mark.parametrize(
    ("query", "field", "label_en", "label_zh"),
    [
        ({"light": "purple"}, "light", "Light", "灯色"),
        ({"state": "done"}, "state", "State", "状态"),
        ({"chain": "NOPE"}, "chain", "Chain", "产业链"),
        ({"department": "NOPE"}, "department", "Lead department", "牵头部门"),
        ({"owner": "nobody@example.org"}, "owner", "Owner's email", "责任人邮箱"),
        ({"due_within": "abc"}, "due_within", "Due within N working days", "N个工作日内到期"),
        ({"due_within": "5000"}, "due_within", "Due within N working days", "N个工作日内到期"),
        ({"sort": "owner"}, "sort", "Sort by", "排序"),
        ({"overdue": "maybe"}, "overdue", "Overdue only", "仅看逾期"),
        ({"page": "two"}, "page", "Page", "页码"),
        ({"format": "pdf"}, "format", "Format", "格式"),
    ],
)
def test_a_bad_filter_is_a_400_naming_the_parameter(
    client: TestClient, query: dict[str, str], field: str, label_en: str, label_zh: str
) -> None:
    sign_in(client, "office")
    english = client.get("/tasks", params=query)
    assert english.status_code == 400
    said = english.text.split('id="bad-filter">', 1)[1].split("</p>", 1)[0]
    value = html.escape(next(iter(query.values())), quote=True)
    assert f"({field})" in said and label_en in html.unescape(said) and value in said
    assert 'id="task-filters"' in english.text  # the form stays, to put it right
    client.get("/lang/zh-CN")
    chinese = client.get("/tasks", params=query)
    assert chinese.status_code == 400
    said = chinese.text.split('id="bad-filter">', 1)[1].split("</p>", 1)[0]
    assert f"（{field}）" in said and label_zh in said


def test_the_menu_links_the_task_list_and_a_page_past_the_end_is_the_last(
    client: TestClient,
) -> None:
    sign_in(client, "team")
    home = client.get("/").text
    assert re.search(r'<a href="/tasks">Tasks</a>', home)
    last = client.get("/tasks", params={"page": "999"}).text
    count = re.search(r"(\d+) tasks, page (\d+) of (\d+)", last)
    assert count and count.group(2) == count.group(3)
    assert link(last, "next") is None
