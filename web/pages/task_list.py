"""The task list across chains (``/tasks``): every task the viewer may see, filtered by chain,
lead department, owner, light, state, overdue, due within N working days and text in the
title, sorted by due date, light, progress or chain, 50 a page — and the same list as an Excel
file (``format=xlsx``: every row the filters keep).

The filters are query parameters, so a list can be bookmarked, sent on and exported as it is
seen; the paging links keep them. A value the list does not take is a 400 page that names the
parameter, with the form as it was filled in. The query is ``services.tasks.search_tasks``,
the one the API and ``chainops tasks list`` ask; each red or yellow row says why in words.
"""

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlmodel import Session

from chainops import wiring
from mechanism.vocabulary import Light, TaskState
from mechanism.wording import in_language
from services.city import list_departments
from services.people import Viewer
from services.projects import ChainChoice
from services.tasks import (
    MAX_DUE_WITHIN,
    MAX_TITLE,
    OPEN,
    SORTS,
    BadFilter,
    TaskFilters,
    TaskRow,
    count_tasks,
    search_tasks,
    task_chains,
)
from web.deps import CurrentViewer, Db, Locale
from web.i18n import translate
from web.pages import export
from web.pages.task_wording import helpers
from web.templating import chain_label, light_label, page, rung_label

router = APIRouter()

_FLAGS = {"": False, "0": False, "1": True, "on": True, "true": True}
_DIGITS = 9  # a page or a number of days past any list: still a number, never a huge one


@dataclass(frozen=True)
class Asked:
    """The list as the query asks for it, read and checked."""

    filters: TaskFilters
    sort: str
    descending: bool
    page: int
    xlsx: bool


@router.get("/tasks")
def task_list(
    request: Request,
    session: Db,
    viewer: CurrentViewer,
    locale: Locale,
    chain: str = "",
    department: str = "",
    owner: str = "",
    light: str = "",
    state: str = "",
    overdue: str = "",
    due_within: str = "",
    q: str = "",
    sort: str = "due",
    desc: str = "",
    number: Annotated[str, Query(alias="page")] = "1",
    format: str = "",
) -> Response:
    given = {
        "chain": chain.strip(),
        "department": department.strip(),
        "owner": owner.strip(),
        "light": light.strip(),
        "state": state.strip(),
        "overdue": overdue.strip(),
        "due_within": due_within.strip(),
        "q": q.strip(),
        "sort": sort.strip() or "due",
        "desc": desc.strip(),
        "page": number.strip(),
        "format": format.strip(),
    }
    rules = request.app.state.rules
    today = rules.today(wiring.now())
    context: dict[str, Any] = {"listed": None, "error": None}
    try:
        asked = _read(given)
        if asked.xlsx:
            return _export(request, session, viewer, locale, asked)
        listed = search_tasks(
            session=session,
            viewer=viewer,
            today=today,
            filters=asked.filters,
            rules=rules,
            sort=asked.sort,
            descending=asked.descending,
            page=asked.page,
        )
        context["listed"] = listed
        context["previous"] = _page_link(given, listed.page - 1) if listed.page > 1 else None
        more = listed.page < listed.pages
        context["next"] = _page_link(given, listed.page + 1) if more else None
    except BadFilter as bad:
        context["error"] = _bad_filter(locale, bad)
    return page(
        request,
        "task_list.html",
        locale,
        {
            **context,
            **_form(session, viewer, locale, given, rules.zone),
            "export": export.export_link(request),
        },
        status_code=400 if context["error"] else 200,
    )


def _export(
    request: Request, session: Session, viewer: Viewer, locale: str, asked: Asked
) -> Response:
    """Every row the filters keep, in the list's order, as an .xlsx file."""
    rules = request.app.state.rules
    today = rules.today(wiring.now())
    total = count_tasks(
        session=session, viewer=viewer, today=today, filters=asked.filters, rules=rules
    )
    refused = export.too_many(request, viewer, locale, total)
    if refused is not None:
        return refused
    listed = search_tasks(
        session=session,
        viewer=viewer,
        today=today,
        filters=asked.filters,
        rules=rules,
        sort=asked.sort,
        descending=asked.descending,
        per_page=None,
    )
    chains = _chains(session, viewer)
    names = _department_names(session, locale)
    words = helpers(locale, rules.zone)
    yes, no = translate(locale, "export.yes"), translate(locale, "export.no")
    headers = [
        translate(locale, key)
        for key in (
            "export.id", "tasks.chain", "task", "tasks.department", "owner",
            "export.owner_email", "export.start", "due", "export.original_due",
            "export.progress", "tasks.light", "tasks.reason", "tasks.rung", "tasks.state",
            "export.overdue", "export.blocked_by",
        )
    ]  # fmt: skip
    rows = (
        [
            row.id,
            chain_label(row.chain, chains, locale),
            row.title,
            names.get(row.department_code, row.department),
            row.owner,
            row.owner_email,
            row.start_date,
            row.due_date,
            row.original_due_date,
            row.progress,
            light_label(row.light, locale),
            in_language(row.reason, locale) if row.reason else None,
            rung_label(row.ladder_level, locale),
            words["label"](row.state),
            yes if row.overdue else no,
            row.blocked_by,
        ]
        for row in listed.rows
    )
    widths = (8, 14, 48, 24, 10, 28, 12, 12, 12, 8, 8, 28, 14, 10, 8, 14)
    return export.xlsx_response(
        locale=locale, list_key="tasks", today=today, headers=headers, rows=rows, widths=widths
    )


def _read(given: dict[str, str]) -> Asked:
    """The query's values as the service takes them; BadFilter naming the first one wrong."""
    flag = _FLAGS.get(given["overdue"].lower())
    if flag is None:
        raise BadFilter("overdue", given["overdue"])
    descending = _FLAGS.get(given["desc"].lower())
    if descending is None:
        raise BadFilter("desc", given["desc"])
    try:
        xlsx = export.wants_xlsx(given["format"])
    except ValueError:
        raise BadFilter("format", given["format"]) from None
    if given["sort"] not in SORTS:
        raise BadFilter("sort", given["sort"])
    filters = TaskFilters(
        chain=given["chain"] or None,
        department=given["department"] or None,
        owner=given["owner"] or None,
        light=given["light"] or None,
        state=given["state"] or None,
        overdue=flag,
        due_within=_number("due_within", given["due_within"]),
        q=given["q"] or None,
    )
    return Asked(filters, given["sort"], descending, _number("page", given["page"]) or 1, xlsx)


def _number(field: str, text: str) -> int | None:
    if not text:
        return None
    if not (text.isascii() and text.isdigit() and len(text) <= _DIGITS):
        raise BadFilter(field, text)
    return int(text)


def _bad_filter(locale: str, bad: BadFilter) -> str:
    label = translate(locale, f"tasks.{bad.field}")
    said = translate(locale, "tasks.bad_filter", label=label, field=bad.field, value=bad.value)
    hint_key = f"tasks.bad_hint.{bad.field}"
    most = MAX_DUE_WITHIN if bad.field == "due_within" else MAX_TITLE
    hint = translate(locale, hint_key, max=most)
    return f"{said} {hint}" if hint != hint_key else said


def _page_link(given: dict[str, str], number: int) -> str:
    """The list's URL at page ``number``, with every filter that was given."""
    kept = [(k, v) for k, v in given.items() if v and k not in ("page", "format")]
    return "/tasks?" + urlencode([*kept, ("page", str(number))])


def _chains(session: Session, viewer: Viewer) -> list[ChainChoice]:
    return [
        ChainChoice(c.code, c.name_zh, c.name_en or c.name_zh)
        for c in task_chains(session=session, viewer=viewer)
    ]


def _department_names(session: Session, locale: str) -> dict[str, str]:
    return {
        d["code"]: d["name_zh"] if locale == "zh-CN" else d["name_en"] or d["name_zh"]
        for d in list_departments(session=session)
    }


def _form(
    session: Session, viewer: Viewer, locale: str, given: dict[str, str], zone: ZoneInfo
) -> dict[str, Any]:
    """What the filter form offers, and the words the rows are shown in."""
    names = _department_names(session, locale)

    def department_label(row: TaskRow) -> str:
        return names.get(row.department_code, row.department)

    return {
        "viewer": viewer,
        "given": given,
        "chains": _chains(session, viewer),
        "departments": [(code, name) for code, name in names.items()],
        "lights": list(Light),
        "states": list(TaskState),
        "open_filter": OPEN,
        "sorts": SORTS,
        "max_due_within": MAX_DUE_WITHIN,
        "department_label": department_label,
        "reason": lambda row: in_language(row.reason, locale) if row.reason else "",
        **helpers(locale, zone),
    }
