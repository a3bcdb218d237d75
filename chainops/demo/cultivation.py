"""The demo's 一企一策 plans (issue 16 point 6): replayed events that make a plan with its
targets and support measures, through services/cultivation as the pages and the CLI do.

A plan is only for an enterprise holding — or a candidate for — the title on the chain. The
designations are issue 16's designations part (its own rows in the demo city); where that
part has not recorded the title the plan needs, this handler records the least that lets the
plan be made, and says so in the row's note: 华晟化工 as HCHEM's recognised chain master
(链主), 万通轴承 as a candidate pilot enterprise (领航型) of BEARING.
"""

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from mechanism.cultivation import Figures
from models import Chain, Designation, Enterprise
from services import cultivation
from services.people import viewer_by_email

PLAN_ACTIONS = frozenset({"plan"})

_ASSUMED = {
    "chain_master": {"status": "recognized", "level": "city"},
    "pilot": {"status": "candidate", "level": "city"},
}


def happen(session: Session, event: dict[str, Any], *, now: datetime, today: date) -> None:
    """A plan and its measures, made by ``event["by"]`` (an account: the office or the team)."""
    viewer = viewer_by_email(session, event["by"])
    _assume_title(session, event, today)
    targets = event.get("targets", {})
    plan = cultivation.create_plan(
        session=session,
        viewer=viewer,
        chain_code=event["chain"],
        credit_code=str(event["enterprise"]),
        year=int(event["year"]),
        target_kind=event["kind"],
        department_code=event.get("department"),
        targets=Figures(
            targets.get("revenue"),
            targets.get("rd_intensity"),
            targets.get("local_suppliers"),
            targets.get("zjtx_suppliers"),
            targets.get("projects"),
        ),
        now=now,
        today=today,
    )
    assert plan.id is not None
    for measure in event.get("measures", []):
        cultivation.add_measure(
            session=session,
            viewer=viewer,
            plan_id=plan.id,
            text=measure["text"],
            factor_request_code=measure.get("request"),
            project_code=measure.get("project"),
            now=now,
        )


def _assume_title(session: Session, event: dict[str, Any], today: date) -> None:
    """Record the plan's title on the chain unless the demo city already holds one."""
    chain = session.exec(select(Chain).where(Chain.code == event["chain"])).one()
    firm = session.exec(
        select(Enterprise).where(Enterprise.credit_code == str(event["enterprise"]))
    ).one()
    held = session.exec(
        select(Designation.id).where(
            Designation.enterprise_id == firm.id,
            Designation.kind == event["kind"],
            col(Designation.chain_id).is_(None) | (col(Designation.chain_id) == chain.id),
        )
    ).first()
    if held is not None:
        return
    assert firm.id is not None and chain.id is not None
    assumed = _ASSUMED[event["kind"]]
    session.add(
        Designation(
            enterprise_id=firm.id,
            chain_id=chain.id,
            kind=event["kind"],
            level=assumed["level"],
            status=assumed["status"],
            recognized_on=date(today.year, 1, 1) if assumed["status"] == "recognized" else None,
            note="demo: recorded for the 一企一策 plan",
        )
    )
    session.flush()
