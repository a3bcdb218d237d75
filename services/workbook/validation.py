"""Check a whole workbook before anything is written: cells, rows, keys and references.

Every problem is collected, so the office fixes the file once instead of once per error.
References may point at rows of the same workbook or at what the database already holds.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from mechanism.vocabulary import MembershipRole, MilestoneKind, RosterRole, TaskState
from services.workbook.cells import CellError, convert, is_blank
from services.workbook.errors import WorkbookError, WorkbookInvalid
from services.workbook.reading import RawSheet, RawWorkbook
from services.workbook.schema import SHEETS


@dataclass(frozen=True)
class ParsedRow:
    number: int
    values: dict[str, Any]  # every column key of the sheet; None where the cell is blank


@dataclass
class KnownKeys:
    """Natural keys the database already holds, so a workbook may refer to them."""

    departments: set[str] = field(default_factory=set)
    people: set[str] = field(default_factory=set)
    chains: set[str] = field(default_factory=set)
    enterprises: set[str] = field(default_factory=set)
    project_enterprise: dict[str, str] = field(default_factory=dict)  # code -> credit code
    routing: dict[str, str] = field(default_factory=dict)  # factor type -> department code


ParsedWorkbook = dict[str, list[ParsedRow]]


class _Collector:
    def __init__(self) -> None:
        self.errors: list[WorkbookError] = []

    def add(self, raw: RawSheet, row: int | None, key: str | None, message: str) -> None:
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
        _check_unique(raw, parsed[key], found)
    _check_references(workbook, parsed, known, found)
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
                found.add(raw, number, column.key, f"{column.zh} ({column.en}) is required")
            continue
        try:
            values[column.key] = convert(column, value)
        except CellError as exc:
            values[column.key] = _INVALID
            found.add(raw, number, column.key, str(exc))
    return ParsedRow(number, values)


# Marks a cell that failed to convert, so later checks neither use it nor report it twice.
_INVALID: Any = object()


def _ok(*values: Any) -> bool:
    return all(v is not None and v is not _INVALID for v in values)


def _check_row(key: str, raw: RawSheet, row: ParsedRow, found: _Collector) -> None:
    v, n = row.values, row.number
    if key == "roster" and _ok(v["role"]):
        if v["role"] == RosterRole.LEAD_DEPARTMENT:
            if v["department"] is None:
                found.add(raw, n, "department", "the lead department needs a department code")
            if v["person"] is not None:
                found.add(raw, n, "person", "the lead department is a department, not a person")
        else:
            if v["person"] is None:
                found.add(raw, n, "person", f"{v['role'].zh} needs a person's email")
            if v["department"] is not None:
                found.add(raw, n, "department", f"{v['role'].zh} is a person, not a department")
    elif key == "memberships" and _ok(v["role"], v["sme_tier"]):
        if v["role"] != MembershipRole.SPECIALIZED_SME:
            found.add(raw, n, "sme_tier", "a tier is only for specialized-and-new SMEs")
    elif key == "plan_tasks":
        if _ok(v["start_date"], v["due_date"]) and v["due_date"] < v["start_date"]:
            found.add(raw, n, "due_date", "the due date is before the start date")
        if _ok(v["year"]) and not 2000 <= v["year"] <= 2100:
            found.add(raw, n, "year", f"{v['year']} is not a plan year")
        signed_off = v["state"] == TaskState.SIGNED_OFF
        if signed_off and v["signed_off_on"] is None:
            found.add(raw, n, "signed_off_on", "a signed-off task needs its sign-off date")
        if _ok(v["signed_off_on"]) and v["state"] is not _INVALID and not signed_off:
            found.add(raw, n, "signed_off_on", "only a signed-off task has a sign-off date")
    elif key == "key_projects":
        if _ok(v["total_investment"], v["year_planned_investment"]) and (
            v["year_planned_investment"] > v["total_investment"]
        ):
            found.add(raw, n, "year_planned_investment", "more than the total investment")
        _check_milestone_order(raw, row, found)
    elif key == "factor_requests" and _ok(v["quantity"]) and v["quantity"] <= 0:
        found.add(raw, n, "quantity", "the quantity must be more than zero")


def _route(raw: RawSheet, row: ParsedRow, routing: dict[str, str], found: _Collector) -> None:
    """A request without a handling department goes where the routing table sends its type."""
    v = row.values
    if v["department"] is not None or not _ok(v["factor_type"]):
        return
    department = routing.get(v["factor_type"].value)
    if department is None:
        found.add(
            raw,
            row.number,
            "department",
            f"no handling department for {v['factor_type'].zh}: give one, or route the factor "
            "type in factors.yaml",
        )
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
            found.add(raw, row.number, key, f"planned before {MilestoneKind(previous[0]).zh}")
        previous = (kind.value, value)


def _check_unique(raw: RawSheet, rows: list[ParsedRow], found: _Collector) -> None:
    first_seen: dict[tuple[Any, ...], int] = {}
    natural = raw.sheet.natural_key
    for row in rows:
        key = tuple(row.values[k] for k in natural)
        if any(v is _INVALID for v in key):
            continue
        if key in first_seen:
            found.add(raw, row.number, natural[-1], f"same as row {first_seen[key]}")
        else:
            first_seen[key] = row.number


def _column_values(parsed: ParsedWorkbook, sheet: str, key: str) -> set[Any]:
    return {r.values[key] for r in parsed.get(sheet, []) if _ok(r.values[key])}


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

    targets: dict[str, tuple[set[str] | dict[str, str], str]] = {
        "department": (departments, "department"),
        "lead_department": (departments, "department"),
        "co_departments": (departments, "department"),
        "chain": (chains, "chain"),
        "person": (people, "person"),
        "owner": (people, "person"),
        "credit_code": (enterprises, "enterprise"),
        "project": (project_enterprise, "key project"),
    }
    for sheet_key, raw, row, column_key, value in _references(workbook, parsed, targets):
        pool, noun = targets[column_key]
        for item in value if isinstance(value, tuple) else (value,):
            if item not in pool:
                message = f"no {noun} {item!r} in the workbook or the database"
                found.add(raw, row.number, column_key, message)
        if sheet_key == "factor_requests" and column_key == "project" and value in pool:
            credit_code = row.values["credit_code"]
            if _ok(credit_code) and project_enterprise[value] != credit_code:
                found.add(raw, row.number, column_key, f"project {value!r} is another enterprise's")


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
