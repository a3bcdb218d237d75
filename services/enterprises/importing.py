"""A workbook's titles and candidacies (the 企业称号 and 梯度培育库 sheets), upserted by natural
key under the same rules as the pages and the CLI: validity defaults from the kind, a status
changes only by a move its status allows, a recognised title promotes the enterprise's
candidacy, a chain's 链主 / 领航型 is recognised only by its chain leader's approval.

Natural keys. A title: enterprise, kind, chain (for a chain-scoped kind) and the day it was
recognised — a renewal with a new day is a new title; a row with a day finds the title of
that kind without one (a candidate, or a title migrated from the old tier) and completes it.
A candidacy: enterprise, target kind and the day it entered the library.

Each refusal is an ``EnterpriseInputError`` whose message begins with the workbook column's
key (``status: …``), so the workbook names the sheet, row and column.
"""

from datetime import date, datetime
from typing import Any, Literal

from sqlmodel import Session, col, select

from mechanism.designations import (
    DEFAULT_KINDS,
    DesignationStatus,
    ExitReason,
    Kind,
    counts,
    kind_for_recognition,
    kinds_by_code,
    move_refusal,
)
from models import CultivationCandidate, Designation, Person
from services.audit import audit
from services.enterprises.designations import set_dates
from services.enterprises.errors import field_error
from services.enterprises.library import MAX_CYCLE_MONTHS, promote_candidates
from services.enterprises.lookups import find_kind
from services.people import Actor

Outcome = Literal["created", "updated", "unchanged"]
_DATED = ("recognized_on", "valid_until", "review_due", "data_update_due")
_NEEDS_DAY = {
    DesignationStatus.RECOGNIZED,
    DesignationStatus.UNDER_REVIEW,
    DesignationStatus.RENEWED,
    DesignationStatus.EXPIRED,
}


def _kind(code: str, chain_id: int | None, day: date | None, kinds: tuple[Kind, ...]) -> Kind:
    found = find_kind(code, kinds)
    if found.chain_scoped and chain_id is None:
        raise field_error("chain", "产业链编码", f"a {found.name_en} is held for one chain: "
                          "name it", f"{found.name_zh}按产业链认定，请填写产业链编码")  # fmt: skip
    if not found.chain_scoped and chain_id is not None:
        raise field_error("chain", "产业链编码", f"a {found.name_en} is not held for a chain",
                          f"{found.name_zh}不按产业链认定，请勿填写产业链编码")  # fmt: skip
    if day is not None and found.code == "innovative":
        return kinds_by_code(kinds).get(kind_for_recognition(found.code, day), found)
    return found


def _match(
    session: Session, enterprise_id: int, kind: str, chain_id: int | None, day: date | None
) -> Designation | None:
    same = list(
        session.exec(
            select(Designation)
            .where(
                Designation.enterprise_id == enterprise_id,
                Designation.kind == kind,
                Designation.chain_id == chain_id
                if chain_id is not None
                else col(Designation.chain_id).is_(None),
            )
            .order_by(col(Designation.id))
        )
    )
    exact = [r for r in same if r.recognized_on == day]
    if exact:
        return exact[0]
    dateless = [r for r in same if r.recognized_on is None and r.status != "revoked"]
    return dateless[0] if day is not None and dateless else None


def _snapshot(row: Designation) -> dict[str, Any]:
    names = (*_DATED, "batch", "doc_no", "status", "note", "approved_by_id", "approved_on")
    return {name: getattr(row, name) for name in names}


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


def import_designation(
    *,
    session: Session,
    actor: Actor,
    enterprise_id: int,
    chain_id: int | None,
    values: dict[str, Any],
    kinds: tuple[Kind, ...] = DEFAULT_KINDS,
    now: datetime,
    today: date,
) -> Outcome:
    """One row of the 企业称号 sheet: ``values`` by column key (kind, batch, doc_no, the four
    dates, status, note, approved_by (an email), approved_on)."""
    day = values.get("recognized_on")
    kind = _kind(values["kind"], chain_id, day, kinds)
    given = values.get("status")
    status = DesignationStatus(given) if given else None
    row = _match(session, enterprise_id, kind.code, chain_id, day)
    if row is None:
        return _create(session, actor, enterprise_id, chain_id, kind, status, values, now, today)
    before = _snapshot(row)
    if status is not None and status.value != row.status:
        _move(row, kind, status, values)
    same_day = day is None or day == row.recognized_on
    set_dates(
        row, kind, day or row.recognized_on,
        values.get("valid_until") or (row.valid_until if same_day else None),
        values.get("review_due") or (row.review_due if same_day else None),
        values.get("data_update_due") or row.data_update_due, today,
    )  # fmt: skip
    for name in ("batch", "doc_no", "note"):
        if values.get(name):
            setattr(row, name, values[name])
    after = _snapshot(row)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if not changes:
        return "unchanged"
    row.updated_at = now
    session.add(row)
    session.flush()
    assert row.id is not None
    audit(
        session, actor=actor, entity_type="designation", entity_id=row.id, action="imported",
        now=now, before=str(before["status"]), after=row.status,
        detail={k: [_jsonable({"v": a})["v"], _jsonable({"v": b})["v"]]
                for k, (a, b) in changes.items()},
    )  # fmt: skip
    if before["status"] != row.status and row.status == DesignationStatus.RECOGNIZED.value:
        promote_candidates(session, row, actor=actor, now=now, today=today)
    return "updated"


def _move(row: Designation, kind: Kind, status: DesignationStatus, values: dict[str, Any]) -> None:
    refusal = move_refusal(row.status, status.value, chain_scoped=kind.chain_scoped)
    if refusal is not None:
        raise field_error("status", "状态", str(refusal), refusal.zh)
    if status is DesignationStatus.REVOKED and not values.get("note"):
        raise field_error("note", "备注", "say in the note why the title is revoked",
                          "撤销称号须在备注中说明原因")  # fmt: skip
    row.status = status.value


def _create(
    session: Session,
    actor: Actor,
    enterprise_id: int,
    chain_id: int | None,
    kind: Kind,
    status: DesignationStatus | None,
    values: dict[str, Any],
    now: datetime,
    today: date,
) -> Outcome:
    day = values.get("recognized_on")
    chosen = status or (DesignationStatus.RECOGNIZED if day else DesignationStatus.CANDIDATE)
    if chosen in _NEEDS_DAY and day is None:
        raise field_error("recognized_on", "认定日期", f"a title {chosen.en.lower()} needs the "
                          "day it was recognised", f"{chosen.zh}的称号须填写认定日期")  # fmt: skip
    approver = _approver(session, values.get("approved_by"))
    approved = approver is not None and values.get("approved_on") is not None
    if kind.chain_scoped and chosen in _NEEDS_DAY - {DesignationStatus.EXPIRED} and not approved:
        raise field_error(
            "status", "状态",
            f"a {kind.name_en} is recognised by its chain leader's approval: import it as a "
            "candidate for the leader to approve, or give who approved it and when",
            f"{kind.name_zh}须经链长审定：请以“候选”导入待链长审定，或填写审定人和审定日期",
        )  # fmt: skip
    row = Designation(
        enterprise_id=enterprise_id, chain_id=chain_id, kind=kind.code, level=kind.level.value,
        batch=values.get("batch"), doc_no=values.get("doc_no"), status=chosen.value,
        note=values.get("note"), approved_by_id=approver.id if approved and approver else None,
        approved_on=values.get("approved_on") if approved else None, created_at=now,
        updated_at=now,
    )  # fmt: skip
    set_dates(
        row, kind, day, values.get("valid_until"), values.get("review_due"),
        values.get("data_update_due"), today,
    )  # fmt: skip
    session.add(row)
    session.flush()
    assert row.id is not None
    audit(
        session, actor=actor, entity_type="designation", entity_id=row.id, action="imported",
        now=now, after=row.status, detail=_jsonable(_snapshot(row)),
    )  # fmt: skip
    if chosen is DesignationStatus.RECOGNIZED:
        promote_candidates(session, row, actor=actor, now=now, today=today)
    return "created"


def _approver(session: Session, email: str | None) -> Person | None:
    if not email:
        return None
    person = session.exec(select(Person).where(Person.email == email.strip().lower())).first()
    if person is None:
        raise field_error("approved_by", "审定人邮箱", f"no person {email!r}",
                          f"没有人员 {email!r}")  # fmt: skip
    return person


def import_candidate(
    *,
    session: Session,
    actor: Actor,
    enterprise_id: int,
    values: dict[str, Any],
    kinds: tuple[Kind, ...] = DEFAULT_KINDS,
    now: datetime,
    today: date,
) -> Outcome:
    """One row of the 梯度培育库 sheet: ``values`` by column key (target_kind, entered_on,
    cycle_months, left_on, exit_reason, exit_note)."""
    kind = find_kind(values["target_kind"], kinds)
    if kind.chain_scoped:
        raise field_error("target_kind", "培育目标", f"{kind.name_en} is a chain's list, "
                          "approved by its chain leader, not a tier of the library",
                          f"{kind.name_zh}由链长审定，不是梯度培育的层级")  # fmt: skip
    entered, left = values["entered_on"], values.get("left_on")
    months = values.get("cycle_months") or kind.cycle_months
    if not 1 <= months <= MAX_CYCLE_MONTHS:
        raise field_error(
            "cycle_months", "培育周期（月）", f"must be 1 to {MAX_CYCLE_MONTHS}, not {months}",
            f"应为 1 至 {MAX_CYCLE_MONTHS}，现为 {months}",
        )  # fmt: skip
    reason = ExitReason(values["exit_reason"]) if values.get("exit_reason") else None
    if (left is None) != (reason is None):
        missing = ("left_on", "出库日期") if left is None else ("exit_reason", "出库原因")
        raise field_error(*missing, "a candidate leaves with both the day and the reason",
                          "出库须同时填写出库日期和出库原因")  # fmt: skip
    if left is not None and left < entered:
        raise field_error("left_on", "出库日期", f"{left} is before the entry on {entered}",
                          f"{left} 早于入库日期 {entered}")  # fmt: skip
    designation_id = _promoted_by(session, enterprise_id, kind, left) if reason else None
    if reason is ExitReason.PROMOTED and designation_id is None:
        raise field_error("exit_reason", "出库原因", f"promoted, but the enterprise holds no "
                          f"{kind.name_en} recognised on {left}",
                          f"已晋级，但该企业没有 {left} 认定的{kind.name_zh}称号")  # fmt: skip
    row = session.exec(
        select(CultivationCandidate).where(
            CultivationCandidate.enterprise_id == enterprise_id,
            CultivationCandidate.target_kind == kind.code,
            CultivationCandidate.entered_on == entered,
        )
    ).first()
    promoted = designation_id if reason is ExitReason.PROMOTED else None
    wanted: dict[str, Any] = {
        "cycle_months": months,
        "left_on": left,
        "exit_reason": reason.value if reason else None,
        "exit_note": values.get("exit_note"),
        "designation_id": promoted,
    }
    if row is None:
        title = _check_new_candidacy(session, enterprise_id, kind, entered, left, today)
        if title is not None:  # recognised since it entered: it leaves promoted, as it would
            wanted.update(left_on=title.recognized_on, exit_reason=ExitReason.PROMOTED.value,
                          designation_id=title.id)  # fmt: skip
        row = CultivationCandidate(
            enterprise_id=enterprise_id, target_kind=kind.code, entered_on=entered,
            created_at=now, **wanted,
        )  # fmt: skip
        outcome: Outcome = "created"
        changes: dict[str, Any] = _jsonable(wanted)
    else:
        moved = (row.left_on, row.exit_reason) != (left, wanted["exit_reason"])
        if row.left_on is not None and moved:
            raise field_error("left_on", "出库日期", f"the candidate left the library on "
                              f"{row.left_on} ({row.exit_reason}); an exit is not undone",
                              f"该培育对象已于 {row.left_on} 出库，出库不能撤回")  # fmt: skip
        if row.left_on is not None:
            wanted["designation_id"] = row.designation_id
        changes = {k: [getattr(row, k), v] for k, v in wanted.items() if getattr(row, k) != v}
        if not changes:
            return "unchanged"
        for name, value in wanted.items():
            setattr(row, name, value)
        outcome = "updated"
    session.add(row)
    session.flush()
    assert row.id is not None
    audit(
        session, actor=actor, entity_type="cultivation_candidate", entity_id=row.id,
        action="imported", now=now, after=row.exit_reason,
        detail={k: _jsonable({"v": v})["v"] if not isinstance(v, list) else
                [_jsonable({"v": x})["v"] for x in v] for k, v in changes.items()},
    )  # fmt: skip
    return outcome


def _promoted_by(session: Session, enterprise_id: int, kind: Kind, left: date | None) -> int | None:
    """The title whose recognition promoted the candidate: its kind (the innovative tier by
    either name), recognised on the day it left."""
    codes = {kind.code} | ({"innovative", "tech_innovative"} if kind.rank == 10 else set())
    return session.exec(
        select(Designation.id).where(
            Designation.enterprise_id == enterprise_id,
            col(Designation.kind).in_(sorted(codes)),
            Designation.recognized_on == left,
        )
    ).first()


def _check_new_candidacy(
    session: Session, enterprise_id: int, kind: Kind, entered: date, left: date | None, today: date
) -> Designation | None:
    """An open candidacy new to the library: refused if one is open already, or if the
    enterprise held the title before it entered; the title recognised since (an earlier
    sheet of the same workbook) is returned: it promotes the candidacy at once."""
    if left is not None:
        return None  # a past candidacy, as history
    if session.exec(
        select(CultivationCandidate.id).where(
            CultivationCandidate.enterprise_id == enterprise_id,
            CultivationCandidate.target_kind == kind.code,
            col(CultivationCandidate.left_on).is_(None),
        )
    ).first():
        raise _already_candidate(kind)
    for title in session.exec(
        select(Designation)
        .where(Designation.enterprise_id == enterprise_id, Designation.kind == kind.code)
        .order_by(col(Designation.id))
    ):
        if not counts(title.status, title.valid_until, max(entered, today)):
            continue
        if title.recognized_on is not None and title.recognized_on >= entered:
            return title
        raise field_error("target_kind", "培育目标", f"the enterprise holds {kind.name_en} "
                          "already", f"该企业已获{kind.name_zh}称号")  # fmt: skip
    return None


def _already_candidate(kind: Kind) -> Exception:
    return field_error(
        "target_kind", "培育目标",
        f"the enterprise is a candidate for {kind.name_en} already",
        f"该企业已是{kind.name_zh}的培育对象",
    )  # fmt: skip

