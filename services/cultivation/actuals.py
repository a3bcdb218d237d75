"""The year-end: the actuals the system already knows, the actuals recorded, and the outcome
the office confirms or overrides (with a note).

What the system knows (shown "from the system" beside what the office enters, and pre-filling
its form): the local suppliers and the 专精特新 suppliers the plan's enterprise brought in — the
distinct suppliers of its demands whose match was signed in the plan's year and is signed,
delivering or done (``mechanism.cultivation`` says which are local and which 专精特新) — and its
key projects of the year, those dropped from the ledger (调出) left out. Revenue and R&D
intensity come from the enterprise's own statements: the system does not know them.
"""

from dataclasses import asdict
from datetime import date, datetime

from sqlmodel import Session, col, func, select

from mechanism.cultivation import Figures, PlanOutcome, held_on, judge, same_city, specialised_codes
from mechanism.designations import Kind, kinds_by_code
from mechanism.vocabulary import ProjectState
from models import (
    CapabilityItem,
    CultivationPlan,
    DemandItem,
    Designation,
    Enterprise,
    KeyProject,
    Match,
)
from services.audit import audit
from services.cultivation.access import confirms_outcome, records_actuals
from services.cultivation.errors import PlanNotAllowed, refused
from services.cultivation.plans import ENTITY, actuals_of, check_figures, targets_of, visible_plan
from services.people import Viewer

SIGNED_STAGES = ("signed", "delivering", "done")


def system_figures(
    session: Session, plan: CultivationPlan, kinds: dict[str, Kind] | None = None
) -> Figures:
    """Local suppliers, 专精特新 suppliers and projects of the plan's year, as the data has them."""
    first, last = date(plan.year, 1, 1), date(plan.year, 12, 31)
    signings = session.exec(
        select(col(Enterprise.id), Enterprise.credit_code, col(Match.signed_on))
        .join(CapabilityItem, col(CapabilityItem.enterprise_id) == Enterprise.id)
        .join(Match, col(Match.capability_id) == CapabilityItem.id)
        .join(DemandItem, col(DemandItem.id) == Match.demand_id)
        .where(
            DemandItem.enterprise_id == plan.enterprise_id,
            col(Match.stage).in_(SIGNED_STAGES),
            col(Match.signed_on) >= first,
            col(Match.signed_on) <= last,
        )
    ).all()
    own = session.get(Enterprise, plan.enterprise_id)
    assert own is not None
    suppliers = {s_id for s_id, _, _ in signings if s_id != plan.enterprise_id}
    local = {
        s_id for s_id, code, _ in signings if s_id in suppliers and same_city(own.credit_code, code)
    }
    specialised = specialised_codes(kinds or kinds_by_code())
    titles = session.exec(
        select(Designation).where(
            col(Designation.enterprise_id).in_(sorted(suppliers)),
            col(Designation.kind).in_(sorted(specialised)),
        )
    ).all() if suppliers else []  # fmt: skip
    zjtx = {
        s_id
        for s_id, _, day in signings
        if s_id in suppliers
        and day is not None
        and any(
            t.enterprise_id == s_id and held_on(t.status, t.recognized_on, t.valid_until, day)
            for t in titles
        )
    }
    projects = session.exec(
        select(func.count())
        .select_from(KeyProject)
        .where(
            KeyProject.enterprise_id == plan.enterprise_id,
            KeyProject.year == plan.year,
            KeyProject.state != ProjectState.DROPPED.value,
        )
    ).one()
    return Figures(None, None, len(local), len(zjtx), int(projects))


def record_actuals(
    *, session: Session, viewer: Viewer, plan_id: int, actuals: Figures, now: datetime
) -> CultivationPlan:
    """The year's actuals as entered (a blank one: not known yet). A confirmed outcome that no
    longer matches its figures is cleared, to be confirmed again."""
    plan = visible_plan(session, viewer, plan_id)
    if not records_actuals(viewer, plan):
        raise PlanNotAllowed(f"{viewer.username} may not record the actuals of plan {plan_id}")
    check_figures(actuals)
    before = asdict(actuals_of(plan))
    plan.revenue_actual_wan = None if actuals.revenue is None else float(actuals.revenue)
    plan.rd_intensity_actual = None if actuals.rd_intensity is None else float(actuals.rd_intensity)
    plan.local_suppliers_actual = actuals.local_suppliers
    plan.zjtx_suppliers_actual = actuals.zjtx_suppliers
    plan.projects_actual = actuals.projects
    detail: dict[str, object] = {"actuals": asdict(actuals), "before": before}
    if plan.outcome is not None and before != asdict(actuals):
        detail["outcome_cleared"] = plan.outcome
        plan.outcome, plan.outcome_note = None, None
    plan.updated_at = now
    session.add(plan)
    audit(
        session, actor=viewer.actor, entity_type=ENTITY, entity_id=plan.id,
        action="actuals_recorded", now=now, detail=detail,
    )  # fmt: skip
    return plan


def confirm_outcome(
    *,
    session: Session,
    viewer: Viewer,
    plan_id: int,
    outcome: str | None,
    note: str | None,
    now: datetime,
) -> CultivationPlan:
    """The office confirms the rule's outcome (``outcome`` None or the same), or overrides it
    with another — which needs a note saying why, as does an outcome the rule cannot give yet."""
    plan = visible_plan(session, viewer, plan_id)
    if not confirms_outcome(viewer):
        raise PlanNotAllowed(f"{viewer.username} may not confirm the outcome of plan {plan_id}")
    judged = judge(targets_of(plan), actuals_of(plan))
    chosen = _outcome(outcome) if outcome and outcome.strip() else judged.outcome
    words = (note or "").strip() or None
    if chosen is None:
        waiting = ", ".join(judged.waiting) or "every target"
        raise refused(
            "outcome",
            f"the rule cannot judge yet (no actual for: {waiting}); record the actuals, or give "
            "an outcome with a note",
            f"尚缺实际完成值（{waiting}），无法自动判定；请先填报实际值，或选择完成情况并说明理由",
        )
    overridden = chosen != judged.outcome
    if overridden and words is None:
        rule = judged.outcome.value if judged.outcome else "none"
        raise refused(
            "note",
            f"overriding the rule's outcome ({rule}) with {chosen.value} needs a note saying why",
            f"与按规则判定的结果（{rule}）不同，须说明理由",
        )
    if words is not None and len(words) > 1000:
        raise refused("note", "at most 1000 characters", "最多 1000 个字")
    before = plan.outcome
    plan.outcome, plan.outcome_note = chosen.value, words
    plan.updated_at = now
    session.add(plan)
    audit(
        session,
        actor=viewer.actor,
        entity_type=ENTITY,
        entity_id=plan.id,
        action="outcome_overridden" if overridden else "outcome_confirmed",
        now=now,
        before=before,
        after=chosen.value,
        detail={"rule": judged.outcome.value if judged.outcome else None, "note": words},
    )
    return plan


def _outcome(text: str) -> PlanOutcome:
    chosen = PlanOutcome.parse(text)
    if chosen is None:
        raise refused(
            "outcome",
            f"{text!r} is not an outcome; one of: {PlanOutcome.choices()}",
            f"{text!r} 不是有效的完成情况，可选：{PlanOutcome.choices()}",
        )
    return chosen
