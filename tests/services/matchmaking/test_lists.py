"""Entering and editing demand and capability items: who may, what each field must hold (the
refusal names the field, nothing is written), the node named within its chain, the audit
trail, and the items each viewer sees."""

from datetime import date, datetime

import pytest
from sqlmodel import Session, select

from models import AuditEvent, CapabilityItem, DemandItem
from services.matchmaking import (
    SupplyHidden,
    SupplyInputError,
    SupplyNotAllowed,
    add_capability,
    add_demand,
    edit_demand,
    list_capabilities,
    list_demands,
    visible_demand,
)
from tests.services.matchmaking.supply_city import build_city, capability, demand


def test_a_firm_enters_its_own_demand_with_the_node_named_within_the_chain(
    session: Session, now: datetime
) -> None:
    city = build_city(session)
    firm = city.viewer(session, "firm")
    made = add_demand(
        session=session,
        actor=firm.actor,
        chain_code="BRG",
        credit_code=None,
        item=" 高端轴承钢 ",
        node="轴承钢",
        amount_wan=3600,
        needed_by=date(2027, 3, 31),
        now=now,
    )
    assert (made.item, made.map_node_id, made.status) == (
        "高端轴承钢",
        city.nodes["轴承钢"].id,
        "open",
    )
    event = session.exec(select(AuditEvent).where(AuditEvent.entity_type == "demand_item")).one()
    assert event.action == "created" and event.actor == "ma@wantong.example.com"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"item": "  "}, "item", "demand item: required"),
        ({"item": "x" * 201}, "item", "at most 200 characters"),
        ({"node": "无缝管"}, "node", "the BRG chain's map has no node '无缝管'"),
        ({"amount_wan": -1.0}, "amount_wan", "a number from 0"),
        ({"amount_wan": float("nan")}, "amount_wan", "a number from 0"),
        ({"needed_by": date(1999, 1, 1)}, "needed_by", "out of range"),
        ({"credit_code": "NOPE"}, "credit_code", "no enterprise 'NOPE'"),
        ({"event_id": 42}, "event_id", "the BRG chain has no event 42"),
    ],
)
def test_a_bad_field_is_refused_by_name_and_nothing_is_written(
    session: Session, now: datetime, changes: dict, field: str, words: str
) -> None:
    city = build_city(session)
    values = {"item": "轴承钢", "credit_code": "M0001", **changes}
    with pytest.raises(SupplyInputError, match=words) as refused:
        add_demand(
            session=session,
            actor=city.viewer(session, "team").actor,
            chain_code="BRG",
            now=now,
            **values,
        )
    assert refused.value.field == field
    assert session.exec(select(DemandItem)).all() == []


def test_only_the_firm_itself_the_team_or_the_office_enter_items(
    session: Session, now: datetime
) -> None:
    city = build_city(session)
    for persona in ("leader", "dept", "other_team"):
        with pytest.raises(SupplyNotAllowed):
            add_capability(
                session=session,
                actor=city.viewer(session, persona).actor,
                chain_code="BRG",
                credit_code="S0001",
                product="套圈",
                now=now,
            )
    with pytest.raises(SupplyNotAllowed, match="its own lists only"):
        add_capability(
            session=session,
            actor=city.viewer(session, "sme").actor,
            chain_code="BRG",
            credit_code="S0001",
            product="套圈",
            now=now,
        )
    for persona in ("team", "office"):
        add_capability(
            session=session,
            actor=city.viewer(session, persona).actor,
            chain_code="BRG",
            credit_code="S0001",
            product=f"套圈{persona}",
            now=now,
        )
    own = add_capability(
        session=session,
        actor=city.viewer(session, "sme").actor,
        chain_code="BRG",
        credit_code=None,
        product="钢球",
        now=now,
    )
    assert own.enterprise_id == city.firms["giant"].id
    with pytest.raises(SupplyInputError, match="not on the PIPE chain"):
        add_capability(
            session=session,
            actor=city.viewer(session, "sme").actor,
            chain_code="PIPE",
            credit_code=None,
            product="钢球",
            now=now,
        )


def test_editing_changes_what_differs_and_audits_it(session: Session, now: datetime) -> None:
    city = build_city(session)
    wanted = demand(session, city, "轴承钢")
    team = city.viewer(session, "team")
    edit_demand(
        session=session,
        actor=team.actor,
        viewer=team,
        demand_id=wanted.id or 0,
        item="高端轴承钢",
        node="检测",
        specification=None,
        amount_wan=10.0,
        needed_by=None,
        status="已撤回",
        now=now,
    )
    assert (wanted.map_node_id, wanted.amount_wan, wanted.status) == (
        city.nodes["检测"].id,
        10.0,
        "withdrawn",
    )
    (event,) = session.exec(select(AuditEvent).where(AuditEvent.action == "updated")).all()
    assert set(event.detail or {}) == {"map_node_id", "amount_wan", "status"}  # not the item
    sme = city.viewer(session, "sme")
    with pytest.raises(SupplyHidden):
        edit_demand(
            session=session,
            actor=sme.actor,
            viewer=sme,
            demand_id=wanted.id or 0,
            item="x",
            node=None,
            specification=None,
            amount_wan=None,
            needed_by=None,
            status="open",
            now=now,
        )
    with pytest.raises(SupplyInputError, match="status"):
        edit_demand(
            session=session,
            actor=team.actor,
            viewer=team,
            demand_id=wanted.id or 0,
            item="x",
            node=None,
            specification=None,
            amount_wan=None,
            needed_by=None,
            status="signed",
            now=now,
        )


def test_each_viewer_sees_the_items_it_may(session: Session) -> None:
    city = build_city(session)
    wanted = demand(session, city, "轴承钢")
    capability(session, city, "giant", "钢球", "滚动体")
    capability(session, city, "steel", "轴承钢棒材", "轴承钢")
    seen = {
        persona: (
            len(list_demands(session=session, viewer=city.viewer(session, persona))),
            len(list_capabilities(session=session, viewer=city.viewer(session, persona))),
        )
        for persona in (
            "office",
            "team",
            "leader",
            "dept",
            "other_dept",
            "other_team",
            "firm",
            "sme",
            "outsider",
        )
    }
    assert seen == {
        "office": (1, 2),
        "team": (1, 2),
        "leader": (1, 2),
        "dept": (1, 2),
        "other_dept": (0, 0),
        "other_team": (0, 0),
        "firm": (1, 0),
        "sme": (0, 1),
        "outsider": (0, 0),
    }
    assert visible_demand(session, city.viewer(session, "firm"), wanted.id or 0)["item"]
    with pytest.raises(SupplyHidden):
        visible_demand(session, city.viewer(session, "sme"), wanted.id or 0)
    assert session.exec(select(CapabilityItem)).all()
