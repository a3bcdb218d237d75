"""An enterprise's titles (designations): recognise or propose one, move it through its
statuses, complete its dates, and say which titles count today.

Recognising a title sets its last valid day from the kind's validity (民法典 §201/§202,
``mechanism.designations.valid_until``) unless the document gives one; the review falls due
at the end of validity unless given, and the yearly data update on the kind's day (the
designations file) unless given. A 链主 or 领航型 is proposed for its chain as a candidate and
recognised only by the chain leader's approval (``services.enterprises.approval``).
Recognising a title promotes the enterprise's candidacy for that kind in the cultivation
library by itself.
"""

from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from mechanism.designations import (
    DEFAULT_KINDS,
    DesignationLevel,
    DesignationStatus,
    Kind,
    kind_for_recognition,
    kinds_by_code,
    move_refusal,
    next_data_update,
    valid_until,
)
from mechanism.wording import Said
from models import Designation
from services.audit import audit
from services.enterprises.access import manages_enterprise, reads_enterprise
from services.enterprises.errors import (
    EnterpriseInputError,
    EnterpriseNotAllowed,
    EnterpriseNotFound,
    field_error,
)
from services.enterprises.library import promote_candidates
from services.enterprises.lookups import find_chain, find_enterprise, find_kind
from services.people import Viewer

MAX_NOTE = 500


def add_designation(
    *,
    session: Session,
    viewer: Viewer,
    credit_code: str,
    kind: str,
    recognized_on: date | None = None,
    batch: str | None = None,
    doc_no: str | None = None,
    valid_until_on: date | None = None,
    review_due: date | None = None,
    data_update_due: date | None = None,
    chain: str | None = None,
    candidate: bool = False,
    note: str | None = None,
    kinds: tuple[Kind, ...] = DEFAULT_KINDS,
    now: datetime,
    today: date,
) -> Designation:
    """A title of ``kind`` for the enterprise: recognised on ``recognized_on`` (required then),
    or a candidate (declared, not yet recognised). A chain-scoped kind needs ``chain`` and is
    always a candidate until its chain leader approves it."""
    firm = find_enterprise(session, credit_code)
    found = find_kind(kind, kinds)
    chain_row = find_chain(session, chain) if chain else None
    if found.chain_scoped and chain_row is None:
        raise field_error(
            "chain",
            "产业链",
            f"a {found.name_en} is held for one chain: name it",
            f"{found.name_zh}按产业链认定，请填写产业链",
        )
    if not found.chain_scoped and chain_row is not None:
        raise field_error(
            "chain",
            "产业链",
            f"a {found.name_en} is not held for a chain",
            f"{found.name_zh}不按产业链认定，请勿填写产业链",
        )
    chain_id = chain_row.id if chain_row is not None else None
    assert firm.id is not None
    if not reads_enterprise(session, viewer, firm.id, chain_id):
        raise EnterpriseNotFound(
            Said(
                f"no enterprise with credit code {credit_code!r}",
                f"没有信用代码为 {credit_code!r} 的企业",
            )
        )
    if not manages_enterprise(
        session, viewer, firm.id, chain_id=chain_id, chain_scoped=found.chain_scoped
    ):
        raise EnterpriseNotAllowed(_WHO_MANAGES)
    is_candidate = candidate or found.chain_scoped
    if not is_candidate and recognized_on is None:
        raise field_error(
            "recognized_on",
            "认定日期",
            "a recognised title needs the day it was recognised",
            "已认定的称号须填写认定日期",
        )
    if recognized_on is not None and found.code == "innovative":
        found = kinds_by_code(kinds).get(kind_for_recognition(found.code, recognized_on), found)
    _check_text(batch, "batch", "批次", 64)
    _check_text(doc_no, "doc_no", "文号", 100)
    _check_text(note, "note", "备注", MAX_NOTE)
    row = Designation(
        enterprise_id=firm.id,
        chain_id=chain_id,
        kind=found.code,
        level=found.level.value,
        batch=batch or None,
        doc_no=doc_no or None,
        recognized_on=recognized_on,
        status=(
            DesignationStatus.CANDIDATE if is_candidate else DesignationStatus.RECOGNIZED
        ).value,
        note=note or None,
        created_at=now,
        updated_at=now,
    )
    set_dates(row, found, recognized_on, valid_until_on, review_due, data_update_due, today)
    _refuse_duplicate(session, row)
    session.add(row)
    session.flush()
    assert row.id is not None
    audit(
        session, actor=viewer.actor, entity_type="designation", entity_id=row.id,
        action="created", now=now, after=row.status, detail=_detail(row),
    )  # fmt: skip
    if row.status == DesignationStatus.RECOGNIZED.value:
        promote_candidates(session, row, actor=viewer.actor, now=now, today=today)
    return row


_WHO_MANAGES = Said(
    "only the office, the chain's working group or the enterprise itself may change its titles; "
    "a chain's 链主 / 领航型 list is the office's or the working group's",
    "只有链长制办公室、产业链工作专班或企业本身可以变更企业称号；链主、领航型名单由办公室或工作专班提出",
)


def _check_text(value: str | None, field: str, zh_field: str, limit: int) -> None:
    if value is not None and len(value) > limit:
        raise field_error(
            field,
            zh_field,
            f"at most {limit} characters, not {len(value)}",
            f"最多 {limit} 个字，现为 {len(value)} 个",
        )


def set_dates(
    row: Designation,
    kind: Kind,
    recognized_on: date | None,
    given_until: date | None,
    review_due: date | None,
    data_update_due: date | None,
    today: date,
) -> None:
    """The dates the document gives, and the defaults for those it leaves out."""
    until = given_until
    if until is None and recognized_on is not None and kind.validity_years is not None:
        until = valid_until(recognized_on, kind.validity_years)
    if recognized_on is not None and until is not None and until <= recognized_on:
        raise field_error(
            "valid_until",
            "有效期至",
            f"{until} is not after the recognition on {recognized_on}",
            f"{until} 不晚于认定日期 {recognized_on}",
        )
    row.recognized_on = recognized_on
    row.valid_until = until
    row.review_due = review_due or until
    if data_update_due is None and kind.data_update is not None and recognized_on is not None:
        # The first yearly update not yet past: an old title entered late is asked from now.
        data_update_due = next_data_update(
            max(recognized_on, today - timedelta(days=1)), kind.data_update
        )
    row.data_update_due = data_update_due


def _refuse_duplicate(session: Session, row: Designation) -> None:
    """The natural key: enterprise, kind, chain and the day recognised (or an open
    candidacy for the same title)."""
    same = select(Designation).where(
        Designation.enterprise_id == row.enterprise_id,
        Designation.kind == row.kind,
        Designation.chain_id == row.chain_id
        if row.chain_id is not None
        else col(Designation.chain_id).is_(None),
    )
    for other in session.exec(same):
        if other.id == row.id:
            continue
        if other.recognized_on == row.recognized_on or (
            other.status == DesignationStatus.CANDIDATE.value
            and row.status == DesignationStatus.CANDIDATE.value
        ):
            raise EnterpriseInputError(
                Said(
                    f"the enterprise has this title already (designation {other.id})",
                    f"该企业已有此称号（编号 {other.id}）",
                )
            )


def _detail(row: Designation) -> dict[str, object]:
    return {
        "kind": row.kind,
        "chain_id": row.chain_id,
        "recognized_on": row.recognized_on.isoformat() if row.recognized_on else None,
        "valid_until": row.valid_until.isoformat() if row.valid_until else None,
        "review_due": row.review_due.isoformat() if row.review_due else None,
        "data_update_due": row.data_update_due.isoformat() if row.data_update_due else None,
        "batch": row.batch,
        "doc_no": row.doc_no,
    }


def get_designation(session: Session, viewer: Viewer, designation_id: int) -> Designation:
    row = session.get(Designation, designation_id)
    if row is None or not reads_enterprise(session, viewer, row.enterprise_id, row.chain_id):
        raise EnterpriseNotFound(
            Said(f"no designation {designation_id}", f"没有编号为 {designation_id} 的称号")
        )
    return row


def move_designation(
    *,
    session: Session,
    viewer: Viewer,
    designation_id: int,
    to: str,
    reason: str | None = None,
    recognized_on: date | None = None,
    valid_until_on: date | None = None,
    doc_no: str | None = None,
    kinds: tuple[Kind, ...] = DEFAULT_KINDS,
    now: datetime,
    today: date,
) -> Designation:
    """Move a title: under review, renewed (on ``recognized_on``, default today: a new
    validity from then), expired, revoked (with a reason)."""
    row = get_designation(session, viewer, designation_id)
    kind = kinds_by_code(kinds).get(row.kind) or find_kind(row.kind, kinds)
    if not manages_enterprise(
        session, viewer, row.enterprise_id, chain_id=row.chain_id, chain_scoped=kind.chain_scoped
    ):
        raise EnterpriseNotAllowed(_WHO_MANAGES)
    target = DesignationStatus.parse(to)
    if target is None:
        raise field_error(
            "to",
            "变更为",
            f"unknown status {to!r}; known: {DesignationStatus.choices()}",
            f"未知的状态 {to!r}；可选：{DesignationStatus.choices()}",
        )
    refusal = move_refusal(row.status, target.value, chain_scoped=kind.chain_scoped)
    if refusal is not None:
        raise EnterpriseInputError(refusal)
    if target is DesignationStatus.REVOKED and not (reason and reason.strip()):
        raise field_error("reason", "原因", "say why the title is revoked", "请说明撤销原因")
    _check_text(reason, "reason", "原因", MAX_NOTE)
    before = row.status
    if target is DesignationStatus.RENEWED:
        _check_text(doc_no, "doc_no", "文号", 100)
        set_dates(row, kind, recognized_on or today, valid_until_on, None, None, today)
        row.doc_no = doc_no or row.doc_no
    if target is DesignationStatus.RECOGNIZED and row.recognized_on is None:
        set_dates(row, kind, recognized_on or today, valid_until_on, None, None, today)
    row.status = target.value
    if reason:
        row.note = reason.strip()[:MAX_NOTE]
    row.updated_at = now
    session.add(row)
    session.flush()
    assert row.id is not None
    audit(
        session, actor=viewer.actor, entity_type="designation", entity_id=row.id,
        action="moved", now=now, before=before, after=row.status,
        detail={**_detail(row), "reason": reason},
    )  # fmt: skip
    if target is DesignationStatus.RECOGNIZED:
        promote_candidates(session, row, actor=viewer.actor, now=now, today=today)
    return row


def edit_designation(
    *,
    session: Session,
    viewer: Viewer,
    designation_id: int,
    recognized_on: date | None = None,
    valid_until_on: date | None = None,
    review_due: date | None = None,
    data_update_due: date | None = None,
    batch: str | None = None,
    doc_no: str | None = None,
    kinds: tuple[Kind, ...] = DEFAULT_KINDS,
    now: datetime,
    today: date,
) -> Designation:
    """Complete or correct a title's dates and document (a migrated title has none): what is
    given replaces, what is left out stays."""
    row = get_designation(session, viewer, designation_id)
    kind = kinds_by_code(kinds).get(row.kind) or find_kind(row.kind, kinds)
    if not manages_enterprise(
        session, viewer, row.enterprise_id, chain_id=row.chain_id, chain_scoped=kind.chain_scoped
    ):
        raise EnterpriseNotAllowed(_WHO_MANAGES)
    _check_text(batch, "batch", "批次", 64)
    _check_text(doc_no, "doc_no", "文号", 100)
    before = _detail(row)
    day = recognized_on or row.recognized_on
    until = valid_until_on or (row.valid_until if recognized_on is None else None)
    set_dates(
        row, kind, day, until, review_due or (row.review_due if recognized_on is None else None),
        data_update_due or row.data_update_due, today,
    )  # fmt: skip
    row.batch = batch or row.batch
    row.doc_no = doc_no or row.doc_no
    row.updated_at = now
    session.add(row)
    session.flush()
    assert row.id is not None
    audit(
        session, actor=viewer.actor, entity_type="designation", entity_id=row.id,
        action="updated", now=now, detail={"before": before, "after": _detail(row)},
    )  # fmt: skip
    return row


def level_label(level: str) -> str:
    member = DesignationLevel.parse(level)
    return member.zh if member is not None else level
