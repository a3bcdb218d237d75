"""Upserting a workbook's rows by natural key: create the row or bring it up to date, audit
what changed naming the workbook, and count each sheet's rows created, updated or unchanged.
The per-sheet writers that use it are in ``services.workbook.importing``."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from sqlmodel import Session, SQLModel, select

from models import AuditEvent, Chain, Department, Enterprise, KeyProject, Person

Outcome = Literal["created", "updated", "unchanged"]


@dataclass
class SheetCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportSummary:
    source: str
    sheets: dict[str, SheetCounts] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated for c in self.sheets.values())


def _jsonable(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


class Upserter:
    """Upserts one sheet's rows at a time, keeping natural key → id maps as it goes."""

    def __init__(
        self, session: Session, *, actor: str, now: datetime, summary: ImportSummary
    ) -> None:
        self.session = session
        self.actor = actor
        self.now = now
        self.summary = summary
        self.counts = SheetCounts()
        self.department_ids = self._ids(Department, "code")
        self.person_ids = self._ids(Person, "email")
        self.chain_ids = self._ids(Chain, "code")
        self.enterprise_ids = self._ids(Enterprise, "credit_code")
        self.project_ids = self._ids(KeyProject, "code")

    def _ids(self, model: type[SQLModel], key: str) -> dict[str, int]:
        return {getattr(row, key): row.id for row in self.session.exec(select(model)).all()}  # type: ignore[attr-defined]

    def _find(self, model: type[SQLModel], **key: Any) -> Any:
        query = select(model)
        for name, value in key.items():
            query = query.where(getattr(model, name) == value)
        return self.session.exec(query).first()

    def _upsert(
        self, model: type[SQLModel], key: dict[str, Any], values: dict[str, Any]
    ) -> tuple[Any, Outcome]:
        """Create the row with ``key`` or bring its ``values`` up to date; audit what changed."""
        row: Any = self._find(model, **key)
        entity = str(model.__tablename__)
        if row is None:
            row = model(**key, **values)
            self.session.add(row)
            self.session.flush()
            self._audit(entity, row.id, "imported", {k: _jsonable(v) for k, v in values.items()})
            return row, "created"
        changes = {
            name: [_jsonable(getattr(row, name)), _jsonable(value)]
            for name, value in values.items()
            if getattr(row, name) != value
        }
        if not changes:
            return row, "unchanged"
        for name in changes:
            setattr(row, name, values[name])
        self.session.add(row)
        self._audit(entity, row.id, "updated", changes)
        return row, "updated"

    def _tally(self, *outcomes: Outcome) -> None:
        """Count a sheet row once: created if its main row was, else updated if anything was."""
        if outcomes[0] == "created":
            self.counts.created += 1
        elif "created" in outcomes or "updated" in outcomes:
            self.counts.updated += 1
        else:
            self.counts.unchanged += 1

    def _audit(self, entity: str, entity_id: int, action: str, detail: dict[str, Any]) -> None:
        self.session.add(
            AuditEvent(
                at=self.now,
                actor=self.actor,
                entity_type=entity,
                entity_id=entity_id,
                action=action,
                detail=detail,
            )
        )
