"""The chain page: who sees it, what it shows, its task pages and filters, and assigning."""

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from chainops import wiring
from mechanism.vocabulary import OPEN_TASK_STATES
from models import Chain, Task
from services.people import actor_by_email
from services.tasks import assign_task
from tests.conftest import NOW
from tests.web.conftest import PERSONAS, csrf_of, sign_in

HCHEM_TASK = "保障恒泰己二腈项目用地指标"  # HCHEM plan item 5, led by ZRJ
BEARING_TASK = "推动轴承钢本地化配套"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo city's 'today' (a Friday late in 2026), whatever day the tests run."""
    monkeypatch.setattr(wiring, "now", lambda: NOW)


def as_persona(client: TestClient, persona: str) -> TestClient:
    client.cookies.clear()
    return sign_in(client, persona)


def add_tasks(client: TestClient, chain: str, count: int) -> None:
    """``count`` more tasks on ``chain``, assigned through the service by the office."""
    rules = client.app.state.rules  # type: ignore[attr-defined]
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        office = actor_by_email(session, PERSONAS["office"])
        for number in range(count):
            assign_task(
                session=session,
                actor=office,
                chain_code=chain,
                title=f"批量事项 {number:03d}",
                lead_department="GXJ",
                owner_email="guo.jiaqi@example.gov.cn",
                start=NOW.date(),
                due=NOW.date() + timedelta(days=10 + number),
                now=NOW,
                rules=rules,
            )
        session.commit()


def practice_tasks(client: TestClient, chain: str, *, light: str | None = None) -> int:
    """The chain's tasks of the standing practices' periods (issue 18), open ones of ``light``
    when given: the demo's daily step makes them, outside the counts these tests were written
    with."""
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        query = (
            select(Task)
            .join(Chain, col(Chain.id) == Task.chain_id)
            .where(Chain.code == chain, col(Task.source).in_(["practice", "practice_problem"]))
        )
        if light is not None:
            query = query.where(
                Task.light == light, col(Task.state).in_([s.value for s in OPEN_TASK_STATES])
            )
        return len(session.exec(query).all())


def tasks_table(html: str) -> str:
    return html.split('id="tasks"', 1)[1].split("</table>", 1)[0] if 'id="tasks"' in html else ""


def task_ids(html: str) -> list[str]:
    return [part.split('"', 1)[0] for part in tasks_table(html).split('href="/tasks/')[1:]]


def test_the_office_sees_roster_map_lists_plan_and_tasks(client: TestClient) -> None:
    sign_in(client, "office")
    page = client.get("/chains/HCHEM")
    assert page.status_code == 200
    html = page.text
    for shown in (
        "Chief chain leader",
        "王建国",  # chief chain leader
        "张立新",  # HCHEM chain leader
        "市工业和信息化局",  # lead department
        "杜宇航",  # working group
        "Chain-master enterprises",
        "示范华晟化工集团股份有限公司",
        "己二腈 · Missing",  # a map node and its mark
        "煤制合成气 · Strong",
        "丙烯 · Weak",
        "Weak links",  # an N list
        "电子化学品配套能力不足",
        "高端化工产业链2026年一链一策行动计划",
        HCHEM_TASK,
        # 16 of the plan and the filing of pipeline project HCHEM-02, and the practices' own
        f"{17 + practice_tasks(client, 'HCHEM')} tasks, page 1 of 1",
        'href="/projects/LC2026-HCHEM-01"',
        'href="/requests/YS2026-001"',
    ):
        assert shown in html, shown


def test_a_working_group_member_sees_their_chain_and_can_assign_on_it(client: TestClient) -> None:
    sign_in(client, "team")
    html = client.get("/chains/BEARING").text
    assert "郭佳琪" in html and BEARING_TASK in html
    assert 'id="assign"' in html
    assert client.get("/chains/HCHEM").status_code == 404


def test_tasks_are_paged_by_due_date_and_a_page_past_the_end_shows_the_last(
    client: TestClient,
) -> None:
    add_tasks(client, "BEARING", 30)  # 30 in the demo (and the practices'): two pages of 50
    total = 60 + practice_tasks(client, "BEARING")
    sign_in(client, "office")
    first = client.get("/chains/BEARING").text
    second = client.get("/chains/BEARING?page=2").text
    assert f"{total} tasks, page 1 of 2" in first and f"{total} tasks, page 2 of 2" in second
    on_first, on_second = task_ids(first), task_ids(second)
    assert len(on_first) == 50 and len(on_second) == total - 50
    assert not set(on_first) & set(on_second)
    assert 'rel="next" href="/chains/BEARING?page=2"' in first
    beyond = client.get("/chains/BEARING?page=99")
    assert beyond.status_code == 200 and task_ids(beyond.text) == on_second
    assert task_ids(client.get("/chains/BEARING?page=x").text) == on_first
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        chain = session.exec(select(Chain).where(Chain.code == "BEARING")).one()
        due = {
            str(t.id): t.due_date
            for t in session.exec(select(Task).where(Task.chain_id == chain.id))
        }
    dates = [due[i] for i in on_first + on_second]
    assert dates == sorted(dates)


def test_tasks_filter_by_light_and_state(client: TestClient) -> None:
    sign_in(client, "office")
    red = client.get("/chains/HCHEM?light=red").text
    assert HCHEM_TASK in tasks_table(red)
    assert "完成化工园区公共管廊二期建设" not in tasks_table(red)  # green
    done = client.get("/chains/HCHEM?state=signed_off").text
    assert "10 tasks" in done and HCHEM_TASK not in tasks_table(done)  # with the filing task
    open_red = client.get("/chains/HCHEM?state=open&light=red&page=1").text
    late = 1 + practice_tasks(client, "HCHEM", light="red")  # only it is late, of the plan's
    assert f"{late} tasks" in open_red and HCHEM_TASK in tasks_table(open_red)


def test_an_unknown_filter_value_names_the_parameter(client: TestClient) -> None:
    sign_in(client, "office")
    page = client.get("/chains/HCHEM?light=purple")
    assert page.status_code == 400
    assert "Filter “Light”: unknown value purple" in page.text
    # the unfiltered list, with the pipeline's filing task and the practices' tasks
    assert f"{17 + practice_tasks(client, 'HCHEM')} tasks" in page.text


def test_a_chain_leader_reads_only_their_chain(client: TestClient) -> None:
    sign_in(client, "leader")
    html = client.get("/chains/BEARING").text
    assert "李振华" in html and BEARING_TASK in html
    assert 'id="assign"' not in html  # leaders read, they do not assign
    assert client.get("/chains/HCHEM").status_code == 404


def test_the_chief_chain_leader_reads_every_chain(client: TestClient) -> None:
    sign_in(client, "chief")
    assert client.get("/chains/HCHEM").status_code == 200
    assert client.get("/chains/BEARING").status_code == 200


@pytest.mark.parametrize("persona", ["firm", "outsider", "dept"])
def test_others_get_404_and_no_chain_data(client: TestClient, persona: str) -> None:
    sign_in(client, persona)
    for code in ("HCHEM", "BEARING"):
        page = client.get(f"/chains/{code}")
        assert page.status_code == 404
        for secret in ("高端化工", "轴承产业链", HCHEM_TASK, BEARING_TASK, "LC2026-", "张立新"):
            assert secret not in page.text
    assert client.get("/chains/NOSUCH").status_code == 404


def test_an_unknown_chain_is_404_even_for_the_office(client: TestClient) -> None:
    sign_in(client, "office")
    assert client.get("/chains/NOSUCH").status_code == 404


def test_the_chain_page_renders_in_chinese(client: TestClient) -> None:
    client.get("/lang/zh-CN")
    sign_in(client, "office")
    html = client.get("/chains/HCHEM").text
    listed = f"共{17 + practice_tasks(client, 'HCHEM')}项"
    for shown in ("链长制组织架构", "总链长", "产业链图谱", "己二腈 · 缺", "补短板", listed):
        assert shown in html, shown


def _assign_form(html: str, **fields: str) -> dict[str, str]:
    form = {
        "csrf_token": csrf_of(html),
        "title": "开展轴承产业链专题调研",
        "lead_department": "GXJ",
        "owner": "guo.jiaqi@example.gov.cn",
        "start": "2026-11-27",
        "due": "2026-12-25",
        "source": "meeting",
        "co:ZRJ": "1",
    }
    form.update(fields)
    return form


def test_the_working_group_assigns_a_task_from_the_chain_page(client: TestClient) -> None:
    sign_in(client, "team")
    html = client.get("/chains/BEARING").text
    response = client.post("/chains/BEARING/tasks", data=_assign_form(html), follow_redirects=False)
    assert response.status_code == 303
    task_page = client.get(response.headers["location"]).text
    assert "开展轴承产业链专题调研" in task_page
    assert "市自然资源和规划局" in task_page  # the co-department
    assert "assigned" in task_page  # the history


def test_assigning_with_bad_input_names_the_field_and_changes_nothing(client: TestClient) -> None:
    sign_in(client, "team")
    html = client.get("/chains/BEARING").text
    bad_date = client.post("/chains/BEARING/tasks", data=_assign_form(html, due="25/12/2026"))
    assert bad_date.status_code == 400
    assert "Due date: give a date as YYYY-MM-DD." in bad_date.text
    unknown_owner = client.post(
        "/chains/BEARING/tasks", data=_assign_form(html, owner="nobody@example.gov.cn")
    )
    assert unknown_owner.status_code == 400
    assert "owner: no person with email" in unknown_owner.text
    assert 'value="开展轴承产业链专题调研"' in unknown_owner.text  # the form keeps what was typed
    assert f"{30 + practice_tasks(client, 'BEARING')} tasks" in client.get("/chains/BEARING").text
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        found = session.exec(select(Task).where(col(Task.title) == "开展轴承产业链专题调研"))
        assert found.first() is None


def test_a_chain_leader_may_not_assign_and_others_cannot_even_find_the_chain(
    client: TestClient,
) -> None:
    sign_in(client, "leader")
    html = client.get("/chains/BEARING").text
    assert client.post("/chains/BEARING/tasks", data=_assign_form(html)).status_code == 403
    as_persona(client, "dept")
    token = csrf_of(client.get("/").text)
    refused = client.post("/chains/BEARING/tasks", data=_assign_form(html, csrf_token=token))
    assert refused.status_code == 404


def test_assigning_without_the_csrf_token_is_refused(client: TestClient) -> None:
    sign_in(client, "office")
    html = client.get("/chains/BEARING").text
    form = _assign_form(html)
    del form["csrf_token"]
    assert client.post("/chains/BEARING/tasks", data=form).status_code == 400
    assert f"{30 + practice_tasks(client, 'BEARING')} tasks" in client.get("/chains/BEARING").text


@pytest.mark.parametrize(
    ("locale", "said"),
    [
        ("zh-CN", "未满足：链主企业、专家人选"),
        ("en", "unmet: a chain master enterprise, an expert on the roster"),
    ],
)
def test_what_a_chain_still_lacks_is_said_in_words_not_codes(
    client: TestClient, locale: str, said: str
) -> None:
    sign_in(client, "office")
    client.get(f"/lang/{locale}")

    page = client.get("/chains/AGRIFOOD").text  # the demo's chain without chain masters

    assert said in page
    assert "enterprise:chain_master" not in page and "role:expert" not in page
