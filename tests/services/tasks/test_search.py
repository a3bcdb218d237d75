"""The one task list across chains: every filter and sort, for every demo persona, is exactly a
plain Python filter and sort of all the tasks that persona may see, page after page; text in
the title ignores Latin case and takes wildcards literally, through the trigram index that
follows every insert, edit and delete; a value the list does not take names its parameter."""

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from mechanism.calendar import WorkingCalendar
from mechanism.lights import TaskTiming, light_reason
from mechanism.vocabulary import OPEN_TASK_STATES, Light
from models import Chain, Department, Person, Task, User
from services.config import EngineRules
from services.people import Viewer, viewer_for
from services.tasks import BadFilter, TaskFilters, count_tasks, search_tasks, task_chains
from services.workbook import import_workbook, read_workbook
from tests.services.workbooks import small_city, write_workbook

RULES = EngineRules(calendar=WorkingCalendar(), office_mailbox="office@example.gov.cn")
TODAY = date(2026, 12, 1)  # the demo's last day
PERSONAS = (
    "gao.wenbo@example.gov.cn",  # office
    "guo.jiaqi@example.gov.cn",  # working groups of three chains, a department, owns tasks
    "liang.xiaoyan@example.gov.cn",  # a department (ZRJ)
    "li.zhenhua@example.gov.cn",  # a chain leader
    "liu.qinghua@huasheng-chem.example.com",  # a firm: no tasks
    "visitor@example.org",  # an outsider: no tasks
)
OPEN = {s.value for s in OPEN_TASK_STATES}
RANK = {Light.RED.value: 0, Light.YELLOW.value: 1, Light.GREEN.value: 2}


def viewer_of(session: Session, username: str) -> Viewer:
    return viewer_for(session, session.exec(select(User).where(User.username == username)).one())


def listed(session: Session, viewer: Viewer, filters: TaskFilters, **how: Any) -> list[int]:
    """Every id of the list, page by page, seven a page."""
    ids: list[int] = []
    page, pages = 1, 1
    while page <= pages:
        found = search_tasks(
            session=session,
            viewer=viewer,
            today=TODAY,
            filters=filters,
            rules=RULES,
            page=page,
            per_page=7,
            **how,
        )
        assert found.total == count_tasks(
            session=session, viewer=viewer, today=TODAY, filters=filters, rules=RULES
        )
        ids += [row.id for row in found.rows]
        page, pages = page + 1, found.pages
    assert len(ids) == found.total
    return ids


Keep = Callable[[Task, dict[str, Any]], bool]

# Each filter, with the plain Python test it must equal; ``facts`` names what the demo city
# has (a chain, a department, an owner's email), looked up by code and email.
CASES: dict[str, tuple[dict[str, Any], Keep]] = {
    "everything": ({}, lambda t, f: True),
    "chain": ({"chain": "BEARING"}, lambda t, f: t.chain_id == f["BEARING"]),
    "department": ({"department": "ZRJ"}, lambda t, f: t.lead_department_id == f["ZRJ"]),
    "owner": ({"owner": "GUO.JIAQI@example.gov.cn"}, lambda t, f: t.owner_id == f["guo"]),
    "red": ({"light": "red"}, lambda t, f: t.light == "red"),
    "yellow": ({"light": "yellow"}, lambda t, f: t.light == "yellow"),
    "open": ({"state": "open"}, lambda t, f: t.state in OPEN),
    "signed off": ({"state": "signed_off"}, lambda t, f: t.state == "signed_off"),
    "overdue": ({"overdue": True}, lambda t, f: t.state in OPEN and t.due_date < TODAY),
    "due within 0": (
        {"due_within": 0},
        lambda t, f: t.state in OPEN and t.due_date <= TODAY,
    ),
    "due within 15": (
        {"due_within": 15},
        lambda t, f: t.state in OPEN and t.due_date <= RULES.calendar.add(TODAY, 15),
    ),
    "two characters (no index)": ({"q": "轴承"}, lambda t, f: "轴承" in t.title),
    "a phrase (the index)": ({"q": "一链一策"}, lambda t, f: "一链一策" in t.title),
    "chain, red, text": (
        {"chain": "BEARING", "light": "red", "q": "项目"},
        lambda t, f: t.chain_id == f["BEARING"] and t.light == "red" and "项目" in t.title,
    ),
}

SORT_KEYS: dict[str, Callable[[Task], Any]] = {
    "due": lambda t: t.due_date.toordinal(),
    "light": lambda t: RANK[t.light],
    "progress": lambda t: t.progress,
    "chain": lambda t: t.chain_id,
}


def expected(tasks: list[Task], keep: Callable[[Task], bool], sort: str, desc: bool) -> list[int]:
    first = SORT_KEYS[sort]
    sign = -1 if desc else 1
    if sort == "due":
        return [
            t.id or 0 for t in sorted(filter(keep, tasks), key=lambda t: (sign * first(t), t.id))
        ]
    return [
        t.id or 0
        for t in sorted(filter(keep, tasks), key=lambda t: (sign * first(t), t.due_date, t.id))
    ]


@pytest.fixture(scope="module")
def facts(demo_city: Session) -> dict[str, int]:
    chain = demo_city.exec(select(Chain.id).where(Chain.code == "BEARING")).one()
    department = demo_city.exec(select(Department.id).where(Department.code == "ZRJ")).one()
    guo = demo_city.exec(select(Person.id).where(Person.email == "guo.jiaqi@example.gov.cn")).one()
    return {"BEARING": chain or 0, "ZRJ": department or 0, "guo": guo or 0}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("username", PERSONAS)
def test_each_filter_is_the_plain_filter_of_what_the_persona_sees(
    demo_city: Session, facts: dict[str, int], case: str, username: str
) -> None:
    given, keep = CASES[case]
    viewer = viewer_of(demo_city, username)
    tasks = list(demo_city.exec(select(Task)).all())

    def sees(t: Task) -> bool:
        return viewer.sees_task(
            chain_id=t.chain_id, lead_department_id=t.lead_department_id, owner_id=t.owner_id
        )

    want = expected(tasks, lambda t: sees(t) and keep(t, facts), "due", False)
    assert listed(demo_city, viewer, TaskFilters(**given)) == want
    if case == "everything" and username.startswith(("gao", "guo", "liang", "li.")):
        assert want, "the demo city gives this persona tasks to see"


@pytest.mark.parametrize("desc", [False, True])
@pytest.mark.parametrize("sort", sorted(SORT_KEYS))
@pytest.mark.parametrize("username", PERSONAS[:3])
def test_each_sort_is_the_plain_sort(
    demo_city: Session, sort: str, desc: bool, username: str
) -> None:
    viewer = viewer_of(demo_city, username)
    tasks = [
        t
        for t in demo_city.exec(select(Task)).all()
        if viewer.sees_task(
            chain_id=t.chain_id, lead_department_id=t.lead_department_id, owner_id=t.owner_id
        )
    ]
    got = listed(demo_city, viewer, TaskFilters(), sort=sort, descending=desc)
    assert got == expected(tasks, lambda t: True, sort, desc)


def test_a_department_sees_only_the_tasks_it_leads_or_its_member_owns(demo_city: Session) -> None:
    viewer = viewer_of(demo_city, "liang.xiaoyan@example.gov.cn")
    found = search_tasks(
        session=demo_city, viewer=viewer, today=TODAY, filters=TaskFilters(), per_page=None
    )
    assert found.rows and found.total < count_tasks(
        session=demo_city, viewer=None, today=TODAY, filters=TaskFilters()
    )
    assert {
        (r.department_code == "ZRJ" or r.owner_email == viewer.username) for r in found.rows
    } == {True}
    # and the chain filter offers only the chains those tasks are on
    chains = {c.code for c in task_chains(session=demo_city, viewer=viewer)}
    assert chains == {r.chain for r in found.rows}


@pytest.mark.parametrize("username", PERSONAS)
def test_the_chain_filter_offers_the_chains_of_the_tasks_one_sees(
    demo_city: Session, username: str
) -> None:
    viewer = viewer_of(demo_city, username)
    seen = search_tasks(
        session=demo_city, viewer=viewer, today=TODAY, filters=TaskFilters(), per_page=None
    )
    codes = dict(demo_city.exec(select(Chain.id, Chain.code)).all())
    read = {codes[i] for i in codes if viewer.reads_chain(i or 0)}
    offered = [c.code for c in task_chains(session=demo_city, viewer=viewer)]
    assert set(offered) == {r.chain for r in seen.rows} | read
    assert len(offered) == len(set(offered))


def test_a_page_past_the_end_is_the_last_and_rows_say_why_they_are_lit(demo_city: Session) -> None:
    office = viewer_of(demo_city, "gao.wenbo@example.gov.cn")
    lit = TaskFilters(state="open")
    found = search_tasks(
        session=demo_city, viewer=office, today=TODAY, filters=lit, rules=RULES, page=999
    )
    assert found.page == found.pages >= 2 and found.rows
    every = search_tasks(
        session=demo_city, viewer=office, today=TODAY, filters=lit, rules=RULES, per_page=None
    )
    assert (every.pages, len(every.rows)) == (1, every.total)
    for row in every.rows:
        timing = TaskTiming(row.state, row.start_date, row.due_date, row.progress)
        why = light_reason(timing, today=TODAY, calendar=RULES.calendar, rules=RULES.lights)
        assert row.reason == (why if row.light != "green" else None)
    assert any(r.reason and r.reason.startswith("overdue") for r in every.rows)
    assert any(r.reason and r.reason.zh.startswith("逾期") for r in every.rows)


@pytest.mark.parametrize(
    ("given", "field"),
    [
        ({"light": "purple"}, "light"),
        ({"state": "finished"}, "state"),
        ({"chain": "NOPE"}, "chain"),
        ({"department": "NOPE"}, "department"),
        ({"owner": "nobody@example.org"}, "owner"),
        ({"due_within": -1}, "due_within"),
        ({"due_within": 1001}, "due_within"),
        ({"q": "长" * 201}, "q"),
    ],
)
def test_a_value_the_list_does_not_take_names_its_parameter(
    demo_city: Session, given: dict[str, Any], field: str
) -> None:
    office = viewer_of(demo_city, "gao.wenbo@example.gov.cn")
    with pytest.raises(BadFilter) as refused:
        search_tasks(
            session=demo_city, viewer=office, today=TODAY, filters=TaskFilters(**given), rules=RULES
        )
    assert refused.value.field == field
    assert str(refused.value).startswith(f"{field}: ")
    with pytest.raises(BadFilter, match=r"^sort: "):
        search_tasks(
            session=demo_city, viewer=office, today=TODAY, filters=TaskFilters(), sort="owner"
        )


# --- text in the title, on a city of our own ------------------------------------------------

NOW = datetime(2026, 9, 28, 2, 0, tzinfo=UTC)
TITLES = (
    "Bearing steel 50% local",
    "bearing_5 plan",
    "BEARINGS of 5x",
    "=cmd|' /C calc'!A0",
    "轴承套圈热处理",
)


def _titles(session: Session, q: str) -> list[str]:
    found = search_tasks(
        session=session, viewer=None, today=NOW.date(), filters=TaskFilters(q=q), per_page=None
    )
    return sorted(row.title for row in found.rows)


@pytest.fixture
def titled(session: Session, tmp_path: Path) -> Session:
    workbook = read_workbook(write_workbook(tmp_path / "city.xlsx", small_city()))
    import_workbook(session=session, workbook=workbook, actor="t", now=NOW)
    template = session.exec(select(Task)).first()
    assert template is not None
    for title in TITLES:
        fields = template.model_dump(exclude={"id", "title", "plan_item_id"})
        session.add(Task(**fields, title=title))
    session.commit()
    return session


@pytest.mark.parametrize(
    ("q", "titles"),
    [
        ("bearing", ["BEARINGS of 5x", "Bearing steel 50% local", "bearing_5 plan"]),
        ("g STEEL", ["Bearing steel 50% local"]),  # spaces count
        ("50%", ["Bearing steel 50% local"]),  # % is a percent sign, not "anything"
        ("g_5", ["bearing_5 plan"]),  # _ is an underscore, not "any one character"
        ("5%", []),
        ("g%5", []),
        ("=cmd", ["=cmd|' /C calc'!A0"]),
        ('"', []),
        ("套圈热", ["轴承套圈热处理"]),  # three characters: the trigram index
        ("热处", ["轴承套圈热处理"]),  # two: every title is read
        ("轴承", ["推动轴承钢本地化配套", "轴承套圈热处理"]),
        ("  bearing_5  ", ["bearing_5 plan"]),  # the query is trimmed
    ],
)
def test_text_ignores_latin_case_and_takes_wildcards_literally(
    titled: Session, q: str, titles: list[str]
) -> None:
    assert _titles(titled, q) == sorted(titles)


def test_the_title_index_follows_new_edited_and_deleted_tasks(titled: Session) -> None:
    assert _titles(titled, "gearbox") == []
    task = titled.exec(select(Task).where(Task.title == "bearing_5 plan")).one()
    task.title = "Gearbox housings"
    titled.add(task)
    titled.commit()
    assert _titles(titled, "gearbox") == ["Gearbox housings"]
    assert _titles(titled, "bearing_5") == []
    fields = task.model_dump(exclude={"id", "title", "plan_item_id"})
    titled.add(Task(**fields, title="Second gearbox line"))
    titled.commit()
    assert _titles(titled, "GEARBOX") == ["Gearbox housings", "Second gearbox line"]
    titled.delete(task)
    titled.commit()
    assert _titles(titled, "gearbox") == ["Second gearbox line"]
