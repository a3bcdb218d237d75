"""The pipeline sheets' checks, export rows and writers (their columns are in
``services.workbook.pipeline_sheets``).

A project row is written through ``services.investment`` as the office would write it, so a
workbook keeps the rules the pages and the CLI keep: a new code adds the project (at the lead
stage), a known one has its particulars brought up to the row; a first signing date with its
amount records the first signing (once: the filing task is made then, and only then); a later
stage moves the project forward on the row's stage date. Each row is tried in its own
savepoint; a refusal names its sheet, row and column, and the import then fails whole.
Signings and moves need the city's rules (its working calendar, for the filing deadline): an
import without them (a restore, the demo's go-live load) takes particulars only.
"""

from typing import Any

from sqlmodel import Session, col, select

from mechanism.investment import PipelineRules, ProjectStage
from mechanism.wording import Said, zh
from models import (
    InvestmentMove,
    InvestmentProject,
    InvestmentSigning,
    InvestmentYearTarget,
    MapNode,
)
from services import investment
from services.config import EngineRules
from services.lookups import NaturalKeys
from services.people import Actor
from services.workbook.errors import WorkbookError
from services.workbook.raw import RawSheet, RawWorkbook
from services.workbook.upsert import Outcome, Upserter

# The services' field names (their forms' keys) → the sheet's column keys.
_COLUMN_OF = {
    "planned": "planned_wan",
    "rank": "investor_rank",
    "reason": "terminated_reason",
    "on": "stage_on",
    "company_name": "company_code",
    "target": "code",
}
_SIGNING_NEEDS_BOTH = Said(
    "a first signing needs both its date and its amount",
    "首次签约须同时填写签约日期和签约金额",
)


def check_projects(workbook: RawWorkbook, parsed: dict[str, Any], problem: Any) -> None:
    """What a project row must hold beyond its cells: a first signing's date and amount
    together."""
    for row in parsed.get("investment_projects", []):
        v = row.values
        if (v["signed_on"] is None) != (v["signed_wan"] is None):
            blank = "signed_on" if v["signed_on"] is None else "signed_wan"
            problem(workbook.sheets["investment_projects"], row.number, blank, _SIGNING_NEEDS_BOTH)


def pipeline_rows(session: Session, lookup: NaturalKeys) -> dict[str, list[dict[str, Any]]]:
    """Both sheets' rows as the database holds them: the inverse of importing them."""
    nodes = {n.id: n.name for n in session.exec(select(MapNode))}
    firsts = {
        s.project_id: s
        for s in session.exec(
            select(InvestmentSigning)
            .where(InvestmentSigning.kind == "first")
            .order_by(col(InvestmentSigning.id))
        )
    }
    reached_on = {
        m.project_id: m.moved_on
        for m in session.exec(select(InvestmentMove).order_by(col(InvestmentMove.id)))
    }  # the last move of each project: the day its stage was reached
    projects = []
    for p in session.exec(select(InvestmentProject).order_by(col(InvestmentProject.code))):
        first = firsts.get(p.id or 0)
        projects.append(
            {
                "code": p.code,
                "name": p.name,
                "chain": lookup.chain[p.chain_id],
                "investor": p.investor_name,
                "investor_credit_code": p.investor_credit_code,
                "investor_rank": p.investor_rank,
                "county": p.county,
                "node": nodes.get(p.map_node_id or 0),
                "stage": ProjectStage(p.stage),
                "stage_on": reached_on.get(p.id or 0) if p.stage != "lead" else None,
                "terminated_reason": p.terminated_reason,
                "planned_wan": p.planned_investment_wan,
                "signed_on": first.signed_on if first is not None else None,
                "signed_wan": first.amount_wan if first is not None else None,
                "company_code": lookup.enterprise.get(p.enterprise_id or 0),
                "key_project": lookup.project.get(p.key_project_id or 0),
                "sponsor": lookup.person.get(p.sponsor_leader_id or 0),
                "officer": lookup.person.get(p.service_officer_id or 0),
            }
        )
    targets = [
        {"chain": lookup.chain[t.chain_id], "year": t.year, "funds_target_wan": t.funds_target_wan}
        for t in session.exec(
            select(InvestmentYearTarget).order_by(
                col(InvestmentYearTarget.chain_id), col(InvestmentYearTarget.year)
            )
        )
    ]
    return {"investment_projects": projects, "investment_year_targets": targets}


class PipelineWriter(Upserter):
    """The two sheets' writers (``services.workbook.importing._Writer`` is one). The import
    sets ``raw``, ``row_number`` and the city's ``rules`` (None: particulars only)."""

    raw: RawSheet | None = None
    row_number: int | None = None
    rules: EngineRules | None = None
    pipeline: PipelineRules = PipelineRules()

    @property
    def problems(self) -> list[WorkbookError]:
        if not hasattr(self, "_problems"):
            self._problems: list[WorkbookError] = []
        return self._problems

    def investment_year_targets(self, v: dict[str, Any]) -> None:
        _, outcome = self._upsert(
            InvestmentYearTarget,
            {"chain_id": self.chain_ids[v["chain"]], "year": v["year"]},
            {"funds_target_wan": v["funds_target_wan"]},
        )
        self._tally(outcome)

    def investment_projects(self, v: dict[str, Any]) -> None:
        try:
            with self.session.begin_nested():
                outcome = self._project(v)
        except (investment.InvestmentRefused, investment.InvestmentNotAllowed) as exc:
            self._project_refused(exc, getattr(exc, "field", None))
            return
        self._tally(outcome)

    def _project(self, v: dict[str, Any]) -> Outcome:
        actor = Actor(self.actor, is_office=True)  # an import is the office's act
        found = self.session.exec(
            select(InvestmentProject).where(InvestmentProject.code == v["code"])
        ).first()
        particulars = {
            "name": v["name"],
            "investor_name": v["investor"],
            "investor_credit_code": v["investor_credit_code"],
            "investor_rank": v["investor_rank"].value if v["investor_rank"] else None,
            "county": v["county"],
            "planned_wan": v["planned_wan"],
            "sponsor_email": v["sponsor"],
            "officer_email": v["officer"],
            "node": v["node"],
        }
        if found is None:
            project = investment.add_project(
                session=self.session, actor=actor, chain_code=v["chain"], code=v["code"],
                now=self.now, **particulars,
            )  # fmt: skip
            outcome: Outcome = "created"
        else:
            project, outcome = self._edited(actor, found, v["chain"], particulars)
        if v["signed_on"] is not None and self._signed(actor, project, v):
            outcome = "updated" if outcome == "unchanged" else outcome
        if v["stage"] is not None and v["stage"].value != project.stage:
            self._moved(actor, project, v)
            outcome = "updated" if outcome == "unchanged" else outcome
        return outcome

    def _edited(
        self, actor: Actor, project: InvestmentProject, chain: str, particulars: dict[str, Any]
    ) -> tuple[InvestmentProject, Outcome]:
        if self.chain_ids[chain] != project.chain_id:
            raise investment.InvestmentRefused(
                Said(
                    f"chain: project {project.code} is on another chain; a project keeps its chain",
                    f"产业链：项目 {project.code} 属于另一条产业链，项目不能更换产业链",
                ),
                "chain",
            )
        before = _particulars(project)
        edited = investment.edit_project(
            session=self.session, actor=actor, project_id=project.id or 0, now=self.now,
            **particulars,
        )  # fmt: skip
        return edited, "unchanged" if _particulars(edited) == before else "updated"

    def _signed(self, actor: Actor, project: InvestmentProject, v: dict[str, Any]) -> bool:
        """Record the row's first signing unless the project has one; the same one again is
        no change, another one is refused (later signings are recorded on the project)."""
        if project.signed_on is not None:
            first = self.session.exec(
                select(InvestmentSigning).where(
                    InvestmentSigning.project_id == project.id, InvestmentSigning.kind == "first"
                )
            ).first()
            if first is not None and (first.signed_on, first.amount_wan) != (
                v["signed_on"],
                v["signed_wan"],
            ):
                raise investment.InvestmentRefused(
                    Said(
                        f"signed_on: the project was first signed on {first.signed_on} for "
                        f"{first.amount_wan:g} 万元; record a re-signing or a capital increase "
                        "on the project instead",
                        f"首次签约日期：项目已于{first.signed_on}首次签约（{first.amount_wan:g}万元），"
                        "重新签约或增资请在项目中记录",
                    ),
                    "signed_on",
                )
            return False
        try:
            investment.record_signing(
                session=self.session, actor=actor, project_id=project.id or 0, kind="first",
                on=v["signed_on"], amount_wan=v["signed_wan"], now=self.now,
                rules=self._rules("signed_on"), pipeline=self.pipeline,
            )  # fmt: skip
        except investment.InvestmentRefused as exc:
            # The signing's day and amount are the first signing's columns, not the stage's.
            exc.field = "signed_wan" if exc.field == "amount" else "signed_on"
            raise
        return True

    def _moved(self, actor: Actor, project: InvestmentProject, v: dict[str, Any]) -> None:
        rules = self._rules("stage")
        investment.move_project(
            session=self.session, actor=actor, project_id=project.id or 0,
            to=v["stage"].value, on=v["stage_on"] or rules.today(self.now),
            reason=v["terminated_reason"], key_project_code=v["key_project"],
            company_code=v["company_code"], now=self.now, rules=rules,
        )  # fmt: skip

    def _rules(self, column: str) -> EngineRules:
        if self.rules is None:
            raise investment.InvestmentRefused(
                Said(
                    f"{column}: this import takes particulars only (it runs without the city's "
                    "working calendar); record signings and stages with chainops import or the "
                    "workbook page",
                    f"{column}：本次导入只导入项目基本信息（未加载工作日历），签约和阶段请通过 "
                    "chainops import 或工作簿页面导入",
                ),
                column,
            )
        return self.rules

    def _project_refused(self, exc: Exception, field: str | None) -> None:
        """The service's message begins with its field's name (``planned: …``): the column."""
        assert self.raw is not None
        sheet = self.raw.sheet
        english, chinese = str(exc), zh(exc)
        key = _COLUMN_OF.get(field or "", field or "code")
        if key not in {c.key for c in sheet.columns}:
            key = "code"
        head, sep, rest = english.partition(": ")
        if sep and " " not in head:  # the field's name: the column says it
            english, chinese = rest, chinese.split("：", 1)[-1]
        column = self.raw.headers.get(key) or sheet.column(key).zh
        self.problems.append(
            WorkbookError(self.raw.title, self.row_number, column, Said(english, chinese))
        )


_PARTICULARS = (
    "name", "investor_name", "investor_credit_code", "investor_rank", "county",
    "planned_investment_wan", "sponsor_leader_id", "service_officer_id", "map_node_id",
)  # fmt: skip


def _particulars(project: InvestmentProject) -> tuple[Any, ...]:
    return tuple(getattr(project, name) for name in _PARTICULARS)
