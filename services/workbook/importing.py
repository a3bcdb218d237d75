"""Import a workbook: validate all of it, then upsert every row by its natural key.

Nothing is written unless the whole workbook is valid. Rows are matched by natural keys
(department code, person email, credit code, chain + plan year + item number, chain + start
date + title for a task outside the plan, …): importing the same workbook twice changes
nothing, rows absent from it are left alone, and every change leaves an audit event.
"""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from mechanism.benchmarks import DEFAULT_INDICATORS, Indicator
from mechanism.designations import DEFAULT_KINDS, Kind
from mechanism.investment import PipelineRules
from mechanism.vocabulary import (
    OPEN_TASK_STATES,
    MilestoneKind,
    RequestState,
    TaskSource,
    TaskState,
)
from mechanism.working_mechanism import DEFAULT_ELEMENTS
from models import (
    ActionPlan,
    ActionPlanItem,
    Chain,
    Department,
    Enterprise,
    EnterpriseMembership,
    FactorRequest,
    KeyProject,
    ListItem,
    MapNode,
    MapSegment,
    MechanismItem,
    Person,
    ProjectMilestone,
    RosterEntry,
    Task,
    TaskCoDepartment,
)
from services.config import EngineRules
from services.people import Actor, Directory
from services.tasks import tell_assigned
from services.workbook.errors import WorkbookInvalid
from services.workbook.half_writers import HalfWriters
from services.workbook.known import known_keys
from services.workbook.raw import RawWorkbook
from services.workbook.schema import SHEETS
from services.workbook.upsert import ImportSummary, Outcome, SheetCounts
from services.workbook.validation import validate


def import_workbook(
    *,
    session: Session,
    workbook: RawWorkbook,
    actor: str,
    now: datetime,
    routing: Mapping[str, str] | None = None,
    rules: EngineRules | None = None,
    kinds: tuple[Kind, ...] = DEFAULT_KINDS,
    indicators: tuple[Indicator, ...] = DEFAULT_INDICATORS,
    pipeline: PipelineRules | None = None,
) -> ImportSummary:
    """Validate ``workbook`` whole (raising WorkbookInvalid), then upsert it in ``session``.

    ``routing`` (factor type → department code) fills a factor request's blank handling
    department. With ``rules``, every task the import creates as assigned is handed over by
    its 交办单 in the same transaction (one digest each); without, nobody is told (a restore,
    a city loaded before it goes live) and the pipeline sheet takes particulars only.
    ``kinds``, ``indicators``, ``pipeline``: the title kinds, the benchmarking catalogue and the
    filing days the sheets go by. The caller commits, or rolls back on any exception.
    """
    known = known_keys(session)
    known.routing = dict(routing or {})
    known.today = now.date()
    known.benchmark_indicators |= {i.code for i in indicators}
    parsed = validate(workbook, known)
    writer = _Writer(session, actor=actor, now=now, summary=ImportSummary(workbook.source))
    writer.kinds, writer.indicators = kinds, indicators
    writer.rules, writer.pipeline = rules, pipeline or PipelineRules()
    for sheet in SHEETS:
        if sheet.key in parsed:
            writer.counts = writer.summary.sheets.setdefault(sheet.key, SheetCounts())
            writer.columns = frozenset(workbook.sheets[sheet.key].headers)
            writer.raw = workbook.sheets[sheet.key]
            for row in parsed[sheet.key]:
                writer.row_number = row.number
                getattr(writer, sheet.key)(row.values)
    if writer.problems:  # refused by the enterprise or pipeline rules: nothing is kept
        raise WorkbookInvalid(workbook.source, writer.problems)
    session.flush()
    if rules is not None and writer.assigned:
        directory = Directory(session.connection(), office_mailbox=rules.office_mailbox)
        tell_assigned(
            session, writer.assigned, directory=directory, actor=Actor(actor), now=now, rules=rules
        )
    return writer.summary


class _Writer(HalfWriters):
    """One method per sheet, named by sheet key; ``v`` holds the row's typed values.
    ``assigned`` collects the tasks it created as assigned: new work to hand over."""

    def __init__(
        self, session: Session, *, actor: str, now: datetime, summary: ImportSummary
    ) -> None:
        super().__init__(session, actor=actor, now=now, summary=summary)
        self.assigned: list[Task] = []
        self.columns: frozenset[str] = frozenset()  # the columns the current sheet has

    def _created(self, task: Task, outcome: str) -> None:
        if outcome == "created" and task.state == TaskState.ASSIGNED.value:
            self.assigned.append(task)

    def departments(self, v: dict[str, Any]) -> None:
        row, outcome = self._upsert(
            Department,
            {"code": v["code"]},
            {"name_zh": v["name_zh"], "name_en": v["name_en"], "email": v["email"]},
        )
        self.department_ids[v["code"]] = row.id
        self._tally(outcome)

    def people(self, v: dict[str, Any]) -> None:
        row, outcome = self._upsert(
            Person,
            {"email": v["email"]},
            {
                "name": v["name"],
                "department_id": self.department_ids[v["department"]] if v["department"] else None,
                "title": v["title"],
                "phone": v["phone"],
                # A workbook from before the 手机 column leaves the mobiles as they are; a
                # blank cell in the column clears one.
                **({"mobile": v["mobile"]} if "mobile" in self.columns else {}),
            },
        )
        self.person_ids[v["email"]] = row.id
        self._tally(outcome)

    def chains(self, v: dict[str, Any]) -> None:
        row, outcome = self._upsert(
            Chain,
            {"code": v["code"]},
            {"name_zh": v["name_zh"], "name_en": v["name_en"], "position": v["position"] or 0},
        )
        self.chain_ids[v["code"]] = row.id
        if outcome == "created":
            self._seed_mechanism(row.id)
        self._tally(outcome)

    def _seed_mechanism(self, chain_id: int) -> None:
        """A new chain starts with the default working-mechanism checklist."""
        for position, element in enumerate(DEFAULT_ELEMENTS, start=1):
            self._upsert(
                MechanismItem,
                {"chain_id": chain_id, "code": element.code},
                {
                    "name_zh": element.name_zh,
                    "name_en": element.name_en,
                    "requires": " ".join(element.requires),
                    "position": position,
                },
            )

    def map(self, v: dict[str, Any]) -> None:
        segment, segment_outcome = self._upsert(
            MapSegment,
            {
                "chain_id": self.chain_ids[v["chain"]],
                "stage": v["stage"].value,
                "name": v["segment"],
            },
            {},
        )
        _, node_outcome = self._upsert(
            MapNode,
            {"segment_id": segment.id, "name": v["node"]},
            {"status": v["status"].value, "note": v["note"]},
        )
        self._tally(node_outcome, segment_outcome)

    def roster(self, v: dict[str, Any]) -> None:
        person, department = v["person"], v["department"]
        _, outcome = self._upsert(
            RosterEntry,
            {
                "chain_id": self.chain_ids[v["chain"]],
                "role": v["role"].value,
                "person_id": self.person_ids[person] if person else None,
                "department_id": self.department_ids[department] if department else None,
            },
            {},
        )
        self._tally(outcome)

    def enterprises(self, v: dict[str, Any]) -> None:
        row, outcome = self._upsert(
            Enterprise,
            {"credit_code": v["credit_code"]},
            {
                "name": v["name"],
                "county": v["county"],
                "contact_name": v["contact_name"],
                "contact_email": v["contact_email"],
            },
        )
        self.enterprise_ids[v["credit_code"]] = row.id
        self._tally(outcome)

    def memberships(self, v: dict[str, Any]) -> None:
        _, outcome = self._upsert(
            EnterpriseMembership,
            {
                "chain_id": self.chain_ids[v["chain"]],
                "enterprise_id": self.enterprise_ids[v["credit_code"]],
            },
            {"role": v["role"].value},
        )
        self._tally(outcome)

    def list_items(self, v: dict[str, Any]) -> None:
        credit_code = v["credit_code"]
        _, outcome = self._upsert(
            ListItem,
            {
                "chain_id": self.chain_ids[v["chain"]],
                "list_type": v["list_type"].value,
                "title": v["title"],
            },
            {
                "detail": v["detail"],
                "enterprise_id": self.enterprise_ids[credit_code] if credit_code else None,
            },
        )
        self._tally(outcome)

    def plan_tasks(self, v: dict[str, Any]) -> None:
        chain_id = self.chain_ids[v["chain"]]
        plan = self._find(ActionPlan, chain_id=chain_id, year=v["year"])
        if plan is None:
            chain = self.session.get(Chain, chain_id)
            assert chain is not None
            plan, _ = self._upsert(
                ActionPlan,
                {"chain_id": chain_id, "year": v["year"]},
                {"title": f"{chain.name_zh}产业链{v['year']}年一链一策行动计划"},
            )
        item, item_outcome = self._upsert(
            ActionPlanItem, {"plan_id": plan.id, "item_no": v["item_no"]}, {"title": v["title"]}
        )
        existing: Task | None = self._find(Task, plan_item_id=item.id)
        values: dict[str, Any] = {
            "chain_id": chain_id,
            "title": v["title"],
            "source": TaskSource.PLAN_ITEM.value,
            "lead_department_id": self.department_ids[v["lead_department"]],
            "owner_id": self.person_ids[v["owner"]],
            "start_date": v["start_date"],
            "original_due_date": v["due_date"],
        }
        # The current due date when the row gives it (a restore keeps an approved extension);
        # else a revised plan moves the due date too, unless an extension already has.
        if v["current_due_date"] is not None:
            values["due_date"] = v["current_due_date"]
        elif existing is None or existing.due_date == existing.original_due_date:
            values["due_date"] = v["due_date"]
        if v["requirements"] is not None:  # blank keeps them (older workbooks have none)
            values["requirements"] = v["requirements"]
        if v["progress"] is not None:
            values["progress"] = v["progress"]
        # A blank state keeps what the task has reached since (the import is not a reset).
        if v["state"] is not None:
            values["state"] = v["state"].value
            values["signed_off_on"] = v["signed_off_on"]
        task, task_outcome = self._upsert(Task, {"plan_item_id": item.id}, values)
        self._created(task, task_outcome)
        if task_outcome != "unchanged" and task.state in OPEN_TASK_STATES:
            # The next sweep works out the new light and ladder (import knows no calendar).
            task.next_action_at = self.now
        co_outcome = self._sync_co_departments(task.id, v["co_departments"] or ())
        self._tally(task_outcome, item_outcome, co_outcome)

    def assigned_tasks(self, v: dict[str, Any]) -> None:
        """A task outside the plan, matched by chain, start date and title among the tasks
        that are no plan item's (a plan task with the same title is another task)."""
        chain_id = self.chain_ids[v["chain"]]
        key = {
            "chain_id": chain_id,
            "start_date": v["start_date"],
            "title": v["title"],
            "plan_item_id": None,
        }
        existing: Task | None = self._find(Task, **key)
        values: dict[str, Any] = {
            "lead_department_id": self.department_ids[v["lead_department"]],
            "owner_id": self.person_ids[v["owner"]],
            "due_date": v["due_date"],
            "list_item_id": self._list_item_id(chain_id, v["list_type"], v["list_item"]),
        }
        # Blank source and original due date keep the task's own; a new task starts as
        # assigning one does: from a meeting, its original due date its due date.
        if v["source"] is not None:
            values["source"] = v["source"].value
        elif existing is None:
            values["source"] = TaskSource.MEETING.value
        if v["original_due_date"] is not None:
            values["original_due_date"] = v["original_due_date"]
        elif existing is None:
            values["original_due_date"] = v["due_date"]
        if v["requirements"] is not None:  # blank keeps them (older workbooks have none)
            values["requirements"] = v["requirements"]
        if v["progress"] is not None:
            values["progress"] = v["progress"]
        if v["state"] is not None:
            values["state"] = v["state"].value
            values["signed_off_on"] = v["signed_off_on"]
        task, task_outcome = self._upsert(Task, key, values)
        self._created(task, task_outcome)
        if task_outcome != "unchanged" and task.state in OPEN_TASK_STATES:
            task.next_action_at = self.now  # the next sweep works out light and ladder
        co_outcome = self._sync_co_departments(task.id, v["co_departments"] or ())
        self._tally(task_outcome, co_outcome)

    def _list_item_id(self, chain_id: int, kind: Any, title: str | None) -> int | None:
        if kind is None or title is None:
            return None
        item = self._find(ListItem, chain_id=chain_id, list_type=kind.value, title=title)
        assert item is not None  # validation checked the reference
        return int(item.id)

    def _sync_co_departments(self, task_id: int, codes: tuple[str, ...]) -> Outcome:
        wanted = {self.department_ids[c] for c in codes}
        links = self.session.exec(
            select(TaskCoDepartment).where(TaskCoDepartment.task_id == task_id)
        ).all()
        have = {link.department_id for link in links}
        if wanted == have:
            return "unchanged"
        for link in links:
            if link.department_id not in wanted:
                self.session.delete(link)
        for department_id in wanted - have:
            self.session.add(TaskCoDepartment(task_id=task_id, department_id=department_id))
        self._audit("task", task_id, "updated", {"co_departments": [sorted(have), sorted(wanted)]})
        return "updated"

    def key_projects(self, v: dict[str, Any]) -> None:
        department = v["department"]
        project, outcome = self._upsert(
            KeyProject,
            {"code": v["code"]},
            {
                "name": v["name"],
                "chain_id": self.chain_ids[v["chain"]],
                "enterprise_id": self.enterprise_ids[v["credit_code"]],
                "department_id": self.department_ids[department] if department else None,
                "year": v["year"],
                "total_investment": v["total_investment"],
                "year_planned_investment": v["year_planned_investment"],
            },
        )
        self.project_ids[v["code"]] = project.id
        outcomes: list[Outcome] = [outcome]
        for kind in MilestoneKind:
            planned, actual = v[f"{kind.value}_planned"], v[f"{kind.value}_actual"]
            key = {"project_id": project.id, "kind": kind.value}
            if planned is None and actual is None and self._find(ProjectMilestone, **key) is None:
                continue
            _, milestone_outcome = self._upsert(
                ProjectMilestone, key, {"planned_date": planned, "actual_date": actual}
            )
            outcomes.append(milestone_outcome)
        self._tally(*outcomes)

    def factor_requests(self, v: dict[str, Any]) -> None:
        values: dict[str, Any] = {
            "chain_id": self.chain_ids[v["chain"]],
            "enterprise_id": self.enterprise_ids[v["credit_code"]],
            "project_id": self.project_ids[v["project"]] if v["project"] else None,
            "factor_type": v["factor_type"].value,
            "quantity": v["quantity"],
            "unit": v["unit"],
            "needed_by": v["needed_by"],
            "description": v["description"],
            "department_id": self.department_ids[v["department"]],
        }
        # A blank state keeps whatever the request has reached; a new one starts submitted.
        if v["state"] is not None:
            values["state"] = v["state"].value
        if self._find(FactorRequest, code=v["code"]) is None:
            values.setdefault("state", RequestState.SUBMITTED.value)
            values["submitted_at"] = self.now
        _, outcome = self._upsert(FactorRequest, {"code": v["code"]}, values)
        self._tally(outcome)
