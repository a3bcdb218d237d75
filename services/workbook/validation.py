"""Check a whole workbook before anything is written: cells, rows, keys and references.

Every problem is collected, so the office fixes the file once instead of once per error.
References may point at rows of the same workbook or at what the database already holds.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from mechanism.vocabulary import MilestoneKind, RosterRole, TaskState
from mechanism.wording import Said, zh
from services.tasks import due_problem, start_problem
from services.workbook.benchmark_rows import check_benchmarks
from services.workbook.cells import CellError, convert, is_blank
from services.workbook.errors import WorkbookError, WorkbookInvalid
from services.workbook.investment_rows import check_targets
from services.workbook.known import KnownKeys
from services.workbook.pipeline_rows import check_projects
from services.workbook.raw import RawSheet, RawWorkbook
from services.workbook.schema import SHEETS
from services.workbook.supply_rows import check_nodes


@dataclass(frozen=True)
class ParsedRow:
    number: int
    values: dict[str, Any]  # every column key of the sheet; None where the cell is blank


ParsedWorkbook = dict[str, list[ParsedRow]]


class _Collector:
    def __init__(self) -> None:
        self.errors: list[WorkbookError] = []

    def add(self, raw: RawSheet, row: int | None, key: str | None, message: Said) -> None:
        column = None
        if key is not None:
            column = raw.headers.get(key) or raw.sheet.column(key).zh
        self.errors.append(WorkbookError(raw.title, row, column, message))


def validate(workbook: RawWorkbook, known: KnownKeys) -> ParsedWorkbook:
    """The typed rows of ``workbook``; raises WorkbookInvalid listing every problem."""
    found = _Collector()
    parsed: ParsedWorkbook = {}
    for key, raw in workbook.sheets.items():
        parsed[key] = [_parse_row(raw, row.number, row.cells, found) for row in raw.rows]
        for row in parsed[key]:
            _check_row(key, raw, row, found)
            if key == "factor_requests":
                _route(raw, row, known.routing, found)
            if key in ("plan_tasks", "assigned_tasks"):
                _check_task_dates(raw, row, known.today, found)
        _check_unique(raw, parsed[key], found)
    _check_references(workbook, parsed, known, found)
    check_nodes(workbook, parsed, known, found.add)
    check_targets(workbook, parsed, known, found.add)
    check_benchmarks(workbook, parsed, known, found.add)
    check_projects(workbook, parsed, found.add)
    if found.errors:
        raise WorkbookInvalid(workbook.source, found.errors)
    return parsed


def _parse_row(raw: RawSheet, number: int, cells: dict[str, Any], found: _Collector) -> ParsedRow:
    values: dict[str, Any] = {}
    for column in raw.sheet.columns:
        value = cells.get(column.key)
        if is_blank(value):
            values[column.key] = None
            if column.required:
                message = Said(
                    f"{column.zh} ({column.en}) is required",
                    f"{column.zh}（{column.en}）必须填写",
                )
                found.add(raw, number, column.key, message)
            continue
        try:
            values[column.key] = convert(column, value)
        except CellError as exc:
            values[column.key] = _INVALID
            found.add(raw, number, column.key, Said(str(exc), zh(exc)))
    return ParsedRow(number, values)


# Marks a cell that failed to convert, so later checks neither use it nor report it twice.
_INVALID: Any = object()


def _ok(*values: Any) -> bool:
    return all(v is not None and v is not _INVALID for v in values)


_LEAD_NEEDS_DEPARTMENT = Said(
    "the lead department needs a department code", "牵头部门须填写部门编码"
)
_LEAD_IS_NO_PERSON = Said(
    "the lead department is a department, not a person", "牵头部门是部门，不是个人"
)
_DUE_BEFORE_START = Said("the due date is before the start date", "完成时限早于开始日期")
_SIGNED_OFF_NEEDS_DATE = Said(
    "a signed-off task needs its sign-off date", "已销号的督办事项须填写销号日期"
)
_DATE_ONLY_WHEN_SIGNED_OFF = Said(
    "only a signed-off task has a sign-off date", "只有已销号的督办事项才填写销号日期"
)
_CURRENT_DUE_BEFORE_START = Said(
    "the current due date is before the start date", "当前完成时限早于开始日期"
)
_ORIGINAL_DUE_BEFORE_START = Said(
    "the original due date is before the start date", "原定完成时限早于开始日期"
)
_LIST_NEEDS_BOTH = Said(
    "a source list item needs both its list type and its title",
    "来源清单事项须同时填写清单类型和事项",
)
_MORE_THAN_TOTAL = Said("more than the total investment", "超过总投资")


def _check_row(key: str, raw: RawSheet, row: ParsedRow, found: _Collector) -> None:
    v, n = row.values, row.number
    if key == "roster" and _ok(v["role"]):
        if v["role"] == RosterRole.LEAD_DEPARTMENT:
            if v["department"] is None:
                found.add(raw, n, "department", _LEAD_NEEDS_DEPARTMENT)
            if v["person"] is not None:
                found.add(raw, n, "person", _LEAD_IS_NO_PERSON)
        else:
            role = v["role"].zh
            if v["person"] is None:
                found.add(
                    raw,
                    n,
                    "person",
                    Said(f"{role} needs a person's email", f"{role}须填写人员邮箱"),
                )
            if v["department"] is not None:
                found.add(
                    raw,
                    n,
                    "department",
                    Said(f"{role} is a person, not a department", f"{role}是个人，不是部门"),
                )
    elif key == "plan_tasks":
        _check_task(raw, row, found)
        if _ok(v["start_date"], v["current_due_date"]) and (
            v["current_due_date"] < v["start_date"]
        ):
            found.add(raw, n, "current_due_date", _CURRENT_DUE_BEFORE_START)
    elif key == "assigned_tasks":
        _check_task(raw, row, found)
        if _ok(v["start_date"], v["original_due_date"]) and (
            v["original_due_date"] < v["start_date"]
        ):
            found.add(raw, n, "original_due_date", _ORIGINAL_DUE_BEFORE_START)
        if (v["list_type"] is None) != (v["list_item"] is None):
            blank = "list_type" if v["list_type"] is None else "list_item"
            found.add(raw, n, blank, _LIST_NEEDS_BOTH)
    elif key == "key_projects":
        _check_amounts(raw, row, found)
        _check_milestone_order(raw, row, found)


def _check_amounts(raw: RawSheet, row: ParsedRow, found: _Collector) -> None:
    """The year's plan within the total (each amount is in its bounds already: the columns'
    own, services.workbook.bounds)."""
    v, n = row.values, row.number
    if (
        _ok(v["total_investment"], v["year_planned_investment"])
        and v["year_planned_investment"] > v["total_investment"]
    ):
        found.add(raw, n, "year_planned_investment", _MORE_THAN_TOTAL)


def _check_task(raw: RawSheet, row: ParsedRow, found: _Collector) -> None:
    """What every task row must hold, from the plan or not: dates in order, a sign-off date
    exactly when signed off."""
    v, n = row.values, row.number
    if _ok(v["start_date"], v["due_date"]) and v["due_date"] < v["start_date"]:
        found.add(raw, n, "due_date", _DUE_BEFORE_START)
    signed_off = v["state"] == TaskState.SIGNED_OFF
    if signed_off and v["signed_off_on"] is None:
        found.add(raw, n, "signed_off_on", _SIGNED_OFF_NEEDS_DATE)
    if _ok(v["signed_off_on"]) and v["state"] is not _INVALID and not signed_off:
        found.add(raw, n, "signed_off_on", _DATE_ONLY_WHEN_SIGNED_OFF)


def _check_task_dates(
    raw: RawSheet, row: ParsedRow, today: date | None, found: _Collector
) -> None:
    """The bounds every path keeps (services.tasks): no start before 2000, no deadline more
    than five years after the import."""
    v, n = row.values, row.number
    if _ok(v["start_date"]) and (problem := start_problem(v["start_date"])) is not None:
        found.add(raw, n, "start_date", problem)
    for key in ("due_date", "current_due_date", "original_due_date"):
        due: Any = v.get(key)
        if today is not None and _ok(due) and (problem := due_problem(due, today)) is not None:
            found.add(raw, n, key, problem)


def _route(raw: RawSheet, row: ParsedRow, routing: dict[str, str], found: _Collector) -> None:
    """A request without a handling department goes where the routing table sends its type."""
    v = row.values
    if v["department"] is not None or not _ok(v["factor_type"]):
        return
    department = routing.get(v["factor_type"].value)
    if department is None:
        factor = v["factor_type"].zh
        message = Said(
            f"no handling department for {factor}: give one, or route the factor "
            "type in factors.yaml",
            f"{factor}没有承办部门：请填写承办部门，或在 factors.yaml 中为该要素类型指定承办部门",
        )
        found.add(raw, row.number, "department", message)
    else:
        v["department"] = department


def _check_milestone_order(raw: RawSheet, row: ParsedRow, found: _Collector) -> None:
    """Planned milestones must follow approvals → start → statistics → completion → production."""
    previous: tuple[str, Any] | None = None
    for kind in MilestoneKind:
        key = f"{kind.value}_planned"
        value = row.values[key]
        if not _ok(value):
            continue
        if previous is not None and value < previous[1]:
            earlier = MilestoneKind(previous[0]).zh
            message = Said(f"planned before {earlier}", f"计划日期早于{earlier}")
            found.add(raw, row.number, key, message)
        previous = (kind.value, value)


def _check_unique(raw: RawSheet, rows: list[ParsedRow], found: _Collector) -> None:
    first_seen: dict[tuple[Any, ...], int] = {}
    natural = raw.sheet.natural_key
    for row in rows:
        key = tuple(row.values[k] for k in natural)
        if any(v is _INVALID for v in key):
            continue
        if key in first_seen:
            first = first_seen[key]
            message = Said(f"same as row {first}", f"与第 {first} 行重复")
            found.add(raw, row.number, natural[-1], message)
        else:
            first_seen[key] = row.number


def _column_values(parsed: ParsedWorkbook, sheet: str, key: str) -> set[Any]:
    return {r.values[key] for r in parsed.get(sheet, []) if _ok(r.values[key])}


# What a reference column names, in the messages about a reference to nothing.
_DEPARTMENT = Said("department", "部门")
_CHAIN = Said("chain", "产业链")
_PERSON = Said("person", "人员")
_ENTERPRISE = Said("enterprise", "企业")
_KEY_PROJECT = Said("key project", "重点项目")


def _check_references(
    workbook: RawWorkbook, parsed: ParsedWorkbook, known: KnownKeys, found: _Collector
) -> None:
    departments = known.departments | _column_values(parsed, "departments", "code")
    people = known.people | _column_values(parsed, "people", "email")
    chains = known.chains | _column_values(parsed, "chains", "code")
    enterprises = known.enterprises | _column_values(parsed, "enterprises", "credit_code")
    project_enterprise = dict(known.project_enterprise)
    for row in parsed.get("key_projects", []):
        if _ok(row.values["code"], row.values["credit_code"]):
            project_enterprise[row.values["code"]] = row.values["credit_code"]

    targets: dict[str, tuple[set[str] | dict[str, str], Said]] = {
        "department": (departments, _DEPARTMENT),
        "lead_department": (departments, _DEPARTMENT),
        "co_departments": (departments, _DEPARTMENT),
        "chain": (chains, _CHAIN),
        "person": (people, _PERSON),
        "owner": (people, _PERSON),
        "credit_code": (enterprises, _ENTERPRISE),
        "project": (project_enterprise, _KEY_PROJECT),
        "key_project": (project_enterprise, _KEY_PROJECT),
        "sponsor": (people, _PERSON),
        "officer": (people, _PERSON),
    }
    _check_list_items(workbook, parsed, known, found)
    for sheet_key, raw, row, column_key, value in _references(workbook, parsed, targets):
        pool, noun = targets[column_key]
        for item in value if isinstance(value, tuple) else (value,):
            if item not in pool:
                message = Said(
                    f"no {noun} {item!r} in the workbook or the database",
                    f"工作簿和数据库中都没有{noun.zh} {item!r}",
                )
                found.add(raw, row.number, column_key, message)
        if sheet_key == "factor_requests" and column_key == "project" and value in pool:
            credit_code = row.values["credit_code"]
            if _ok(credit_code) and project_enterprise[value] != credit_code:
                message = Said(
                    f"project {value!r} is another enterprise's",
                    f"重点项目 {value!r} 属于另一家企业",
                )
                found.add(raw, row.number, column_key, message)


def _check_list_items(
    workbook: RawWorkbook, parsed: ParsedWorkbook, known: KnownKeys, found: _Collector
) -> None:
    """A task's source list item is one of the chain's list items, here or in the database."""
    if "assigned_tasks" not in parsed:
        return
    items = set(known.list_items)
    for row in parsed.get("list_items", []):
        v = row.values
        if _ok(v["chain"], v["list_type"], v["title"]):
            items.add((v["chain"], v["list_type"].value, v["title"]))
    raw = workbook.sheets["assigned_tasks"]
    for row in parsed["assigned_tasks"]:
        v = row.values
        if not _ok(v["chain"], v["list_type"], v["list_item"]):
            continue
        if (v["chain"], v["list_type"].value, v["list_item"]) not in items:
            chain, kind, title = v["chain"], v["list_type"], v["list_item"]
            message = Said(
                f"no item {title!r} in the {kind.en} list of chain {chain!r}, "
                "in the workbook or the database",
                f"工作簿和数据库中，产业链 {chain!r} 的{kind.zh}清单都没有事项 {title!r}",
            )
            found.add(raw, row.number, "list_item", message)


def _references(
    workbook: RawWorkbook, parsed: ParsedWorkbook, targets: dict[str, Any]
) -> Iterator[tuple[str, RawSheet, ParsedRow, str, Any]]:
    """Every filled cell that refers to another sheet's natural key."""
    for sheet in SHEETS:
        if sheet.key not in parsed:
            continue
        raw = workbook.sheets[sheet.key]
        own_key = sheet.natural_key[0] if len(sheet.natural_key) == 1 else None
        for row in parsed[sheet.key]:
            for column_key, value in row.values.items():
                if column_key in targets and column_key != own_key and _ok(value):
                    yield sheet.key, raw, row, column_key, value
