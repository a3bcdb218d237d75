"""Investment targets in the services: who may add, edit and move them, what each field must
hold (a refusal names the field and writes nothing), the moves, the audit trail, the lists each
persona reads, and a chain's gaps."""

from datetime import datetime
from typing import Any

import pytest
from sqlmodel import Session, select

from models import AuditEvent, InvestmentTarget
from services.investment import (
    InvestmentHidden,
    InvestmentNotAllowed,
    InvestmentRefused,
    add_target,
    edit_target,
    list_targets,
    move_target,
    target_gaps,
    visible_target,
)
from tests.services.matchmaking.supply_city import City, build_city

JIANGSU = "91320500MA1W3K7Q0C"  # a valid code (check character included)


def _add(session: Session, city: City, now: datetime, **values: Any) -> InvestmentTarget:
    given = {"company_name": "江苏示范精密轴承钢有限公司", "node": "轴承钢", **values}
    return add_target(
        session=session,
        actor=city.viewer(session, given.pop("persona", "team")).actor,
        chain_code=given.pop("chain_code", "BRG"),
        now=now,
        **given,
    )


def test_the_working_group_lists_a_target_for_a_weak_node(session: Session, now: datetime) -> None:
    city = build_city(session)
    made = _add(
        session,
        city,
        now,
        credit_code=" 91320500ma1w3k7q0c ",
        hq_region="江苏省苏州市",
        source="以商招商",
        purpose="strengthen",
        priority=1,
        owner_group="轴承产业链招商专班",
    )
    assert (made.status, made.map_node_id, made.credit_code, made.source, made.priority) == (
        "listed",
        city.nodes["轴承钢"].id,
        JIANGSU,
        "investor_referral",
        1,
    )
    event = session.exec(
        select(AuditEvent).where(AuditEvent.entity_type == "investment_target")
    ).one()
    assert event.action == "created" and event.actor == "team@example.gov.cn"
    row = visible_target(session, city.viewer(session, "leader"), made.id or 0)
    assert {k: row[k] for k in ("chain", "company", "node", "node_status", "projects")} == {
        "chain": "BRG",
        "company": "江苏示范精密轴承钢有限公司",
        "node": "轴承钢",
        "node_status": "weak",
        "projects": 0,
    }


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"company_name": "  "}, "company_name", "company: required"),
        ({"company_name": "x" * 201}, "company_name", "at most 200 characters"),
        ({"credit_code": "91320500MA1W3K7Q0D"}, "credit_code", "credit code: "),
        ({"node": "无缝管"}, "node", "the BRG chain's map has no node '无缝管'"),
        ({"source": "newspaper"}, "source", "产业链图谱 (chain_map)"),
        ({"purpose": "grow"}, "purpose", "补链 (fill), 延链 (extend), 强链 (strengthen)"),
        ({"priority": 4}, "priority", "not 1 (high), 2 (normal) or 3 (low)"),
        ({"hq_region": "省" * 101}, "hq_region", "at most 100 characters"),
    ],
)
def test_a_bad_field_is_refused_by_name_and_nothing_is_written(
    session: Session, now: datetime, changes: dict[str, Any], field: str, words: str
) -> None:
    city = build_city(session)
    with pytest.raises(
        InvestmentRefused, match=words.replace("(", r"\(").replace(")", r"\)")
    ) as no:
        _add(session, city, now, **changes)
    assert no.value.field == field
    assert no.value.message.zh  # the page in Chinese has its words too
    assert session.exec(select(InvestmentTarget)).all() == []
    assert session.exec(select(AuditEvent)).all() == []


def test_one_target_per_company_per_chain(session: Session, now: datetime) -> None:
    city = build_city(session)
    first = _add(session, city, now)
    with pytest.raises(InvestmentRefused, match=rf"already has a target .*\(target {first.id}\)"):
        _add(session, city, now, node="检测")
    # the same firm may be another chain's target
    _add(session, city, now, persona="office", chain_code="PIPE", node="无缝管")
    assert len(session.exec(select(InvestmentTarget)).all()) == 2


@pytest.mark.parametrize("persona", ["leader", "dept", "firm", "outsider", "other_team"])
def test_only_the_office_and_the_chains_working_group_add_targets(
    session: Session, now: datetime, persona: str
) -> None:
    city = build_city(session)
    with pytest.raises(InvestmentNotAllowed):
        _add(session, city, now, persona=persona)
    _add(session, city, now, persona="office", company_name="广东示范轴承检测技术有限公司")


def test_a_target_moves_through_contact_and_visit_and_is_dropped_with_its_reason(
    session: Session, now: datetime
) -> None:
    city = build_city(session)
    team = city.viewer(session, "team")
    target = _add(session, city, now)
    move_target(session=session, viewer=team, target_id=target.id or 0, to="contacted", now=now)
    move_target(session=session, viewer=team, target_id=target.id or 0, to="已拜访", now=now)
    with pytest.raises(InvestmentRefused, match="say why") as no:
        move_target(session=session, viewer=team, target_id=target.id or 0, to="dropped", now=now)
    assert no.value.field == "reason"
    move_target(
        session=session,
        viewer=team,
        target_id=target.id or 0,
        to="dropped",
        reason="企业投资意向转向中西部",
        now=now,
    )
    assert (target.status, target.dropped_reason) == ("dropped", "企业投资意向转向中西部")
    with pytest.raises(InvestmentRefused, match="it may move to listed") as no:
        move_target(session=session, viewer=team, target_id=target.id or 0, to="visited", now=now)
    assert no.value.field == "status"
    move_target(session=session, viewer=team, target_id=target.id or 0, to="listed", now=now)
    assert (target.status, target.dropped_reason) == ("listed", None)
    moves = session.exec(
        select(AuditEvent.from_value, AuditEvent.to_value).where(AuditEvent.action == "moved")
    ).all()
    assert moves == [
        ("listed", "contacted"),
        ("contacted", "visited"),
        ("visited", "dropped"),
        ("dropped", "listed"),
    ]


def test_a_bad_status_names_the_choices(session: Session, now: datetime) -> None:
    city = build_city(session)
    target = _add(session, city, now)
    with pytest.raises(InvestmentRefused, match="已列入 \\(listed\\)"):
        move_target(
            session=session,
            viewer=city.viewer(session, "team"),
            target_id=target.id or 0,
            to="signed",
            now=now,
        )


def test_editing_changes_only_what_is_given_and_audits_it(session: Session, now: datetime) -> None:
    city = build_city(session)
    target = _add(session, city, now, hq_region="江苏省苏州市")
    edit_target(
        session=session,
        viewer=city.viewer(session, "office"),
        target_id=target.id or 0,
        changes={"node": "检测", "priority": "重点", "note": "链主万通推荐"},
        now=now,
    )
    assert (target.map_node_id, target.priority, target.note, target.hq_region) == (
        city.nodes["检测"].id,
        1,
        "链主万通推荐",
        "江苏省苏州市",
    )
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "updated")).one()
    assert set(event.detail or {}) == {"map_node_id", "priority", "note"}


def test_a_bad_edit_is_refused_by_name_and_changes_nothing(session: Session, now: datetime) -> None:
    city = build_city(session)
    target = _add(session, city, now)
    other = _add(session, city, now, company_name="浙江示范检测有限公司", node="检测")
    for changes, field in (
        ({"node": "无缝管"}, "node"),
        ({"company_name": other.company_name}, "company_name"),
        ({"status": "visited"}, "status"),
    ):
        with pytest.raises(InvestmentRefused) as no:
            edit_target(
                session=session,
                viewer=city.viewer(session, "team"),
                target_id=target.id or 0,
                changes=changes,
                now=now,
            )
        assert no.value.field == field
    session.refresh(target)
    assert (target.company_name, target.map_node_id) == (
        "江苏示范精密轴承钢有限公司",
        city.nodes["轴承钢"].id,
    )


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("office", 2),
        ("team", 1),
        ("leader", 1),
        ("dept", 1),  # the chain's lead department reads it
        ("other_team", 1),  # its own chain's only
        ("firm", 0),
        ("outsider", 0),
        ("other_dept", 0),
    ],
)
def test_each_persona_reads_the_targets_of_the_chains_it_reads(
    session: Session, now: datetime, persona: str, sees: int
) -> None:
    city = build_city(session)
    mine = _add(session, city, now)
    _add(session, city, now, persona="office", chain_code="PIPE", node="无缝管")
    viewer = city.viewer(session, persona)
    assert len(list_targets(session=session, viewer=viewer)) == sees
    if persona in ("firm", "outsider", "other_dept", "other_team"):
        with pytest.raises(InvestmentHidden):
            visible_target(session, viewer, mine.id or 0)
        with pytest.raises(InvestmentHidden):
            move_target(
                session=session, viewer=viewer, target_id=mine.id or 0, to="contacted", now=now
            )
    if persona in ("leader", "dept"):
        with pytest.raises(InvestmentNotAllowed):
            move_target(
                session=session, viewer=viewer, target_id=mine.id or 0, to="contacted", now=now
            )


def test_the_list_filters_by_status_and_node(session: Session, now: datetime) -> None:
    city = build_city(session)
    office = city.viewer(session, "office")
    _add(session, city, now)
    tested = _add(session, city, now, company_name="上海示范检测认证有限公司", node="检测")
    move_target(session=session, viewer=office, target_id=tested.id or 0, to="contacted", now=now)

    def companies(**filters: str) -> list[str]:
        return [r["company"] for r in list_targets(session=session, viewer=office, **filters)]

    assert companies(status="contacted") == ["上海示范检测认证有限公司"]
    assert companies(chain="BRG", node="轴承钢") == ["江苏示范精密轴承钢有限公司"]
    assert companies(node="检测") == ["上海示范检测认证有限公司"]
    with pytest.raises(InvestmentRefused, match="no node '无缝管'"):
        companies(chain="BRG", node="无缝管")
    with pytest.raises(InvestmentRefused, match="status: 'won'"):
        companies(status="won")


def test_a_weak_or_missing_node_with_no_live_target_is_a_gap(
    session: Session, now: datetime
) -> None:
    city = build_city(session)
    office = city.viewer(session, "office")

    def gaps() -> list[tuple[str, str]]:
        return [
            (g["node"], g["status"])
            for g in target_gaps(session=session, viewer=office, chain="BRG")
        ]

    assert gaps() == [("轴承钢", "weak"), ("检测", "missing")]
    target = _add(session, city, now)
    assert gaps() == [("检测", "missing")]
    move_target(
        session=session,
        viewer=office,
        target_id=target.id or 0,
        to="dropped",
        reason="对方无扩产计划",
        now=now,
    )
    assert gaps() == [("轴承钢", "weak"), ("检测", "missing")]  # a dropped target fills nothing
    with pytest.raises(InvestmentHidden):
        target_gaps(session=session, viewer=city.viewer(session, "firm"), chain="BRG")
