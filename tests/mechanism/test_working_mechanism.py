"""The working-mechanism checklist: requirement strings and which elements a chain misses."""

import dataclasses

import pytest

from mechanism.vocabulary import MembershipRole, RosterRole
from mechanism.working_mechanism import (
    DEFAULT_ELEMENTS,
    ArtefactRequirement,
    ChainFacts,
    EnterpriseRequirement,
    MechanismElement,
    MissingElement,
    RoleRequirement,
    missing_elements,
    parse_requirement,
    requirement_problem,
    unmet_requirements,
)

YEAR = 2026

COMPLETE = ChainFacts(
    roster_roles=frozenset(
        {
            RosterRole.CHIEF_CHAIN_LEADER,
            RosterRole.CHAIN_LEADER,
            RosterRole.LEAD_DEPARTMENT,
            RosterRole.WORKING_GROUP,
            RosterRole.EXPERT,
        }
    ),
    membership_roles=frozenset({MembershipRole.CHAIN_MASTER, MembershipRole.SUPPORTING}),
    map_nodes=12,
    list_items=40,
    plan_years=frozenset({YEAR}),
)


def codes(missing: list[MissingElement]) -> list[str]:
    return [m.element.code for m in missing]


def test_the_default_checklist_is_the_five_in_order() -> None:
    assert [e.code for e in DEFAULT_ELEMENTS] == [
        "chain_leader",
        "lead_department",
        "map_and_lists",
        "action_plan",
        "chain_master_and_experts",
    ]
    assert [e.name_zh for e in DEFAULT_ELEMENTS] == [
        "链长",
        "牵头部门和工作专班",
        "一图谱+N清单",
        "一链一策行动计划",
        "链主企业和专家团队",
    ]
    assert [e.requires for e in DEFAULT_ELEMENTS] == [
        ("role:chain_leader",),
        ("role:lead_department", "role:working_group"),
        ("map", "lists"),
        ("plan",),
        ("enterprise:chain_master", "role:expert"),
    ]


@pytest.mark.parametrize(
    ("text", "requirement"),
    [
        ("role:chain_leader", RoleRequirement(RosterRole.CHAIN_LEADER)),
        ("role:expert", RoleRequirement(RosterRole.EXPERT)),
        (" Role : Working_Group ", RoleRequirement(RosterRole.WORKING_GROUP)),
        ("enterprise:chain_master", EnterpriseRequirement(MembershipRole.CHAIN_MASTER)),
        ("enterprise:specialized_sme", EnterpriseRequirement(MembershipRole.SPECIALIZED_SME)),
        ("map", ArtefactRequirement(ArtefactRequirement.__annotations__ and _artefact("map"))),
        ("lists", ArtefactRequirement(_artefact("lists"))),
        ("PLAN", ArtefactRequirement(_artefact("plan"))),
    ],
)
def test_it_parses_every_kind_of_requirement(text: str, requirement: object) -> None:
    assert parse_requirement(text) == requirement
    assert requirement_problem(text) is None
