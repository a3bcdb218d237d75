"""一企一策 plans through services/cultivation on a real database: who a plan may be for, the
targets and measures, what the system knows at year-end, the outcome and its confirmation —
every refusal changing nothing, every change audited."""

import pytest
from sqlmodel import Session, select

from mechanism.cultivation import Figures
from models import AuditEvent, CultivationPlan
from services.cultivation import (
    PlanHidden,
    PlanNotAllowed,
    PlanRefused,
    add_measure,
    confirm_outcome,
    create_plan,
    edit_plan,
    list_plans,
    record_actuals,
    remove_measure,
    show_plan,
)
from tests.services.cultivation.city import (
    MASTER,
    NOW,
    OTHER,
    PILOT,
    TODAY,
    City,
    build,
    department,
    firm,
    office,
    team,
)
from tests.services.workbooks import snapshot

TARGETS = Figures(
    revenue=500_000, rd_intensity=3.5, local_suppliers=2, zjtx_suppliers=2, projects=2
)


@pytest.fixture
def city(session: Session) -> City:
    made = build(session)
    session.commit()
    return made


def _plan(session: Session, city: City, **given: object) -> CultivationPlan:
    values: dict[str, object] = {
        "chain_code": "BEARING",
        "credit_code": MASTER,
        "year": 2026,
        "target_kind": "chain_master",
        "department_code": None,
        "targets": TARGETS,
    }
    values.update(given)
    viewer = given.pop("viewer", None) or office()
    values.pop("viewer", None)
    return create_plan(session=session, viewer=viewer, now=NOW, today=TODAY, **values)  # type: ignore[arg-type]


def test_a_plan_for_the_chain_master_defaults_to_the_lead_department_and_is_audited(
    session: Session, city: City
) -> None:
    plan = _plan(session, city, viewer=team(city.bearing))
    assert plan.owner_department_id == city.gxj.id
    assert plan.revenue_target_wan == 500_000 and plan.projects_target == 2
    event = session.exec(
        select(AuditEvent).where(AuditEvent.entity_type == "cultivation_plan")
    ).one()
    assert event.action == "created" and event.actor == "guo@example.gov.cn"
    assert event.to_value == f"BEARING/{MASTER}/2026/chain_master"


def test_a_pilot_candidate_may_have_a_plan(session: Session, city: City) -> None:
    plan = _plan(session, city, credit_code=PILOT, target_kind="pilot", department_code="ZRJ")
    assert plan.owner_department_id == city.zrj.id


@pytest.mark.parametrize(
    ("given", "field", "says"),
    [
        ({"credit_code": OTHER}, "target_kind", "neither holds a valid chain master"),  # expired
        ({"credit_code": PILOT}, "target_kind", "neither holds"),  # a pilot, not a master
        ({"chain_code": "STPIPE"}, "target_kind", "on STPIPE"),  # the title is BEARING's
        ({"target_kind": "little_giant"}, "target_kind", "chain master or a pilot"),
        ({"chain_code": "NOPE"}, "chain", "no chain 'NOPE'"),
        ({"credit_code": "9137"}, "credit_code", "no enterprise"),
        ({"year": 1999}, "year", "not a plan year"),
        ({"department_code": "XXX"}, "department", "no department 'XXX' (known: GXJ, ZRJ)"),
        ({"targets": Figures()}, "revenue", "at least one yearly target"),
        ({"targets": Figures(rd_intensity=350.0)}, "rd_intensity", "at most 100"),
        ({"targets": Figures(revenue=-5.0)}, "revenue", "negative"),
    ],
)
def test_a_plan_that_cannot_be_is_refused_naming_the_field_and_nothing_changes(
    session: Session, city: City, given: dict[str, object], field: str, says: str
) -> None:
    before = snapshot(session)
    with pytest.raises(PlanRefused) as refused:
        _plan(session, city, **given)
    assert refused.value.field == field
    assert says in str(refused.value) and str(refused.value).startswith(f"{field}:")
    session.rollback()
    assert snapshot(session) == before


def test_one_plan_per_chain_enterprise_and_year(session: Session, city: City) -> None:
    first = _plan(session, city)
    with pytest.raises(
        PlanRefused, match=f"already has a plan on BEARING for 2026 \\(plan {first.id}\\)"
    ):
        _plan(session, city)
    assert _plan(session, city, year=2027).id != first.id


@pytest.mark.parametrize("who", ["department", "firm", "other_team"])
def test_only_the_office_and_the_chains_team_make_plans(
    session: Session, city: City, who: str
) -> None:
    viewer = {
        "department": department(city.gxj),
        "firm": firm(city.master),
        "other_team": team(city.pipe),
    }[who]
    with pytest.raises(PlanNotAllowed):
        _plan(session, city, viewer=viewer)


def test_measures_link_the_firms_own_requests_and_projects_only(
    session: Session, city: City
) -> None:
    plan = _plan(session, city)
    assert plan.id
    one = add_measure(
        session=session,
        viewer=office(),
        plan_id=plan.id,
        text=" 协调技术工人招聘 ",
        factor_request_code="YS-M",
        project_code="P-MASTER",
        now=NOW,
    )
    two = add_measure(
        session=session,
        viewer=team(city.bearing),
        plan_id=plan.id,
        text="组织本地配套对接",
        factor_request_code=None,
        project_code=None,
        now=NOW,
    )
    assert (one.position, two.position) == (1, 2) and one.text == "协调技术工人招聘"
    for code, project, field in [("YS-O", None, "factor_request"), (None, "P-OTHER", "project")]:
        with pytest.raises(PlanRefused, match="another enterprise's") as refused:
            add_measure(
                session=session,
                viewer=office(),
                plan_id=plan.id,
                text="x",
                factor_request_code=code,
                project_code=project,
                now=NOW,
            )
        assert refused.value.field == field
    with pytest.raises(PlanRefused, match="say what the measure is"):
        add_measure(
            session=session,
            viewer=office(),
            plan_id=plan.id,
            text="  ",
            factor_request_code=None,
            project_code=None,
            now=NOW,
        )
    with pytest.raises(PlanNotAllowed):
        add_measure(
            session=session,
            viewer=department(city.gxj),
            plan_id=plan.id,
            text="x",
            factor_request_code=None,
            project_code=None,
            now=NOW,
        )
    shown = show_plan(session=session, viewer=office(), plan_id=plan.id)
    assert [(m["text"], m["factor_request"], m["project"]) for m in shown["measures"]] == [
        ("协调技术工人招聘", "YS-M", "P-MASTER"),
        ("组织本地配套对接", None, None),
    ]
    assert one.id
    remove_measure(session=session, viewer=office(), plan_id=plan.id, measure_id=one.id, now=NOW)
    with pytest.raises(PlanRefused, match=f"no measure {one.id}"):
        remove_measure(
            session=session, viewer=office(), plan_id=plan.id, measure_id=one.id, now=NOW
        )
    actions = session.exec(select(AuditEvent.action).where(AuditEvent.entity_id == plan.id)).all()
    assert actions == ["created", "measure_added", "measure_added", "measure_removed"]


def test_the_system_counts_signed_local_and_zjtx_suppliers_and_the_years_projects(
    session: Session, city: City
) -> None:
    plan = _plan(session, city)
    assert plan.id
    known = show_plan(session=session, viewer=office(), plan_id=plan.id)["from_system"]
    # local: 金恒 (signed twice, counted once) and 鑫达 (delivering); not the Jinan supplier,
    # not an intention, not a 2025 signing. 专精特新 on the signing day: 金恒 and the Jinan one.
    # Projects: P-MASTER only (P-MASTER-OLD is 2025's, P-MASTER-DROPPED left the ledger).
    assert known == {"local_suppliers": 2, "zjtx_suppliers": 2, "projects": 1}


def test_the_outcome_follows_the_rule_and_the_office_confirms_or_overrides_with_a_note(
    session: Session, city: City
) -> None:
    plan = _plan(session, city)
    assert plan.id
    with pytest.raises(PlanRefused, match="cannot judge yet") as waiting:
        confirm_outcome(
            session=session, viewer=office(), plan_id=plan.id, outcome=None, note=None, now=NOW
        )
    assert waiting.value.field == "outcome"
    actuals = Figures(
        revenue=520_000, rd_intensity=3.2, local_suppliers=2, zjtx_suppliers=2, projects=1
    )
    record_actuals(
        session=session, viewer=department(city.gxj), plan_id=plan.id, actuals=actuals, now=NOW
    )
    shown = show_plan(session=session, viewer=office(), plan_id=plan.id)
    assert shown["rule_outcome"] == "partly" and shown["outcome"] is None
    assert [line["reached"] for line in shown["lines"]] == [True, False, True, True, False]
    with pytest.raises(PlanNotAllowed):
        confirm_outcome(
            session=session,
            viewer=team(city.bearing),
            plan_id=plan.id,
            outcome=None,
            note=None,
            now=NOW,
        )
    with pytest.raises(PlanRefused, match="needs a note") as bare:
        confirm_outcome(
            session=session, viewer=office(), plan_id=plan.id, outcome="met", note=" ", now=NOW
        )
    assert bare.value.field == "note"
    confirm_outcome(
        session=session, viewer=office(), plan_id=plan.id, outcome=None, note=None, now=NOW
    )
    assert plan.outcome == "partly"
    confirm_outcome(
        session=session,
        viewer=office(),
        plan_id=plan.id,
        outcome="完成",
        note="研发投入按全口径统计已达标",
        now=NOW,
    )
    assert (plan.outcome, plan.outcome_note) == ("met", "研发投入按全口径统计已达标")
    events = session.exec(
        select(AuditEvent).where(AuditEvent.entity_id == plan.id).order_by(AuditEvent.id)  # type: ignore[arg-type]
    ).all()
    assert [e.action for e in events][-2:] == ["outcome_confirmed", "outcome_overridden"]
    assert events[-1].from_value == "partly" and events[-1].detail == {
        "rule": "partly",
        "note": "研发投入按全口径统计已达标",
    }
    # New figures clear the confirmed outcome: it was confirmed on the old ones.
    record_actuals(
        session=session,
        viewer=office(),
        plan_id=plan.id,
        actuals=Figures(
            revenue=520_000, rd_intensity=3.6, local_suppliers=2, zjtx_suppliers=2, projects=2
        ),
        now=NOW,
    )
    assert plan.outcome is None
    assert show_plan(session=session, viewer=office(), plan_id=plan.id)["rule_outcome"] == "met"


def test_actuals_are_refused_out_of_bounds_and_from_those_not_owning_the_plan(
    session: Session, city: City
) -> None:
    plan = _plan(session, city)
    assert plan.id
    with pytest.raises(PlanRefused) as bad:
        record_actuals(
            session=session,
            viewer=office(),
            plan_id=plan.id,
            actuals=Figures(local_suppliers=-1),
            now=NOW,
        )
    assert bad.value.field == "local_suppliers"
    with pytest.raises(PlanHidden):
        record_actuals(
            session=session,
            viewer=department(city.zrj),
            plan_id=plan.id,
            actuals=Figures(projects=1),
            now=NOW,
        )


def test_editing_targets_and_owner_clears_a_confirmed_outcome(session: Session, city: City) -> None:
    plan = _plan(session, city, targets=Figures(projects=1))
    assert plan.id
    record_actuals(
        session=session, viewer=office(), plan_id=plan.id, actuals=Figures(projects=1), now=NOW
    )
    confirm_outcome(
        session=session, viewer=office(), plan_id=plan.id, outcome=None, note=None, now=NOW
    )
    assert plan.outcome == "met"
    edit_plan(
        session=session,
        viewer=team(city.bearing),
        plan_id=plan.id,
        targets=Figures(projects=3),
        department_code="ZRJ",
        now=NOW,
    )
    assert plan.outcome is None and plan.projects_target == 3
    assert plan.owner_department_id == city.zrj.id
    with pytest.raises(PlanNotAllowed):
        edit_plan(
            session=session,
            viewer=department(city.zrj),
            plan_id=plan.id,
            targets=Figures(projects=3),
            department_code=None,
            now=NOW,
        )


def test_each_sees_only_their_plans(session: Session, city: City) -> None:
    mine = _plan(session, city)
    theirs = _plan(session, city, credit_code=PILOT, target_kind="pilot", department_code="ZRJ")
    assert mine.id and theirs.id
    seen = {
        "office": office(),
        "team": team(city.bearing),
        "other team": team(city.pipe),
        "gxj": department(city.gxj),
        "zrj": department(city.zrj),
        "firm": firm(city.master),
        "other firm": firm(city.other),
    }
    listed = {
        who: {r["id"] for r in list_plans(session=session, viewer=v)} for who, v in seen.items()
    }
    assert listed == {
        "office": {mine.id, theirs.id},
        "team": {mine.id, theirs.id},
        "other team": set(),
        "gxj": {mine.id},
        "zrj": {theirs.id},
        "firm": {mine.id},
        "other firm": set(),
    }
    with pytest.raises(PlanHidden):
        show_plan(session=session, viewer=firm(city.master), plan_id=theirs.id)
    assert list_plans(session=session, viewer=office(), chain_code="STPIPE") == []
    assert list_plans(session=session, viewer=office(), chain_code="NOPE") == []
    in_2026 = {r["id"] for r in list_plans(session=session, viewer=office(), year=2026)}
    assert in_2026 == {mine.id, theirs.id}
    assert list_plans(session=session, viewer=office(), year=2027) == []
