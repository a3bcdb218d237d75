"""Writing and reading back the enterprise half's two sheets (``services.workbook.title_sheets``):
an enterprise's titles (企业称号) and the cultivation library (梯度培育库).

The rows go through ``services.enterprises`` (``import_designation``, ``import_candidate``),
so a workbook obeys the rules the pages and the CLI do: validity defaults from the kind, a
status changes only by a move it allows, a recognised title promotes the candidacy, a chain's
链主 / 领航型 is recognised only by its leader's approval. Natural keys: a title is credit code +
kind + chain (chain-scoped kinds only) + recognition date; a candidacy is credit code + target
kind + entry date (``services.enterprises.importing`` says how a row with a date completes a
title without one). Each row is tried in its own savepoint; every refusal is collected with
its sheet, row and column, and the import then fails whole.
"""

from typing import Any

from sqlmodel import Session, col, select

from mechanism.designations import DEFAULT_KINDS, DesignationStatus, ExitReason, Kind
from mechanism.wording import Said, zh
from models import CultivationCandidate, Designation
from services import enterprises
from services.lookups import NaturalKeys
from services.people import Actor
from services.workbook.errors import WorkbookError
from services.workbook.raw import RawSheet
from services.workbook.upsert import Upserter


def title_rows(session: Session, lookup: NaturalKeys) -> dict[str, list[dict[str, Any]]]:
    """Both sheets' rows, the inverse of importing them (kinds as their codes)."""
    titles = [
        {
            "credit_code": lookup.enterprise[d.enterprise_id],
            "kind": d.kind,
            "chain": lookup.chain.get(d.chain_id or 0),
            "batch": d.batch,
            "doc_no": d.doc_no,
            "recognized_on": d.recognized_on,
            "valid_until": d.valid_until,
            "review_due": d.review_due,
            "data_update_due": d.data_update_due,
            "status": DesignationStatus(d.status),
            "note": d.note,
            "approved_by": lookup.person.get(d.approved_by_id or 0),
            "approved_on": d.approved_on,
        }
        for d in session.exec(select(Designation).order_by(col(Designation.id)))
    ]
    library = [
        {
            "credit_code": lookup.enterprise[c.enterprise_id],
            "target_kind": c.target_kind,
            "entered_on": c.entered_on,
            "cycle_months": c.cycle_months,
            "left_on": c.left_on,
            "exit_reason": ExitReason(c.exit_reason) if c.exit_reason else None,
            "exit_note": c.exit_note,
        }
        for c in session.exec(select(CultivationCandidate).order_by(col(CultivationCandidate.id)))
    ]
    return {"designations": titles, "cultivation_library": library}


class TitleWriter(Upserter):
    """The two sheets' writers (``services.workbook.importing._Writer`` is one). The import
    sets ``raw`` and ``row_number`` before each row; refusals collect in ``problems``."""

    kinds: tuple[Kind, ...] = DEFAULT_KINDS
    raw: RawSheet | None = None
    row_number: int | None = None

    @property
    def problems(self) -> list[WorkbookError]:
        if not hasattr(self, "_problems"):
            self._problems: list[WorkbookError] = []
        return self._problems

    def _try(self, write: Any, fallback: str) -> None:
        try:
            with self.session.begin_nested():
                outcome = write()
        except enterprises.EnterpriseInputError as exc:
            self._refused(exc, fallback)
            return
        self._tally(outcome)

    def _refused(self, exc: Exception, fallback: str) -> None:
        """The service's message begins with the column's key (``status: …``)."""
        assert self.raw is not None
        sheet = self.raw.sheet
        english, chinese = str(exc), zh(exc)
        key, _, rest = english.partition(": ")
        if key not in {c.key for c in sheet.columns}:
            key, rest = fallback, english
        else:
            chinese = chinese.split("：", 1)[-1]
        column = self.raw.headers.get(key) or sheet.column(key).zh
        self.problems.append(WorkbookError(self.raw.title, self.row_number, column,
                                           Said(rest, chinese)))  # fmt: skip

    def designations(self, v: dict[str, Any]) -> None:
        chain = v["chain"]
        values = {**v, "status": v["status"].value if v["status"] else None}
        self._try(
            lambda: enterprises.import_designation(
                session=self.session, actor=Actor(self.actor), kinds=self.kinds,
                enterprise_id=self.enterprise_ids[v["credit_code"]],
                chain_id=self.chain_ids[chain] if chain else None, values=values,
                now=self.now, today=self.now.date(),
            ),
            "kind",
        )  # fmt: skip

    def cultivation_library(self, v: dict[str, Any]) -> None:
        values = {**v, "exit_reason": v["exit_reason"].value if v["exit_reason"] else None}
        self._try(
            lambda: enterprises.import_candidate(
                session=self.session, actor=Actor(self.actor), kinds=self.kinds,
                enterprise_id=self.enterprise_ids[v["credit_code"]], values=values,
                now=self.now, today=self.now.date(),
            ),
            "target_kind",
        )  # fmt: skip
