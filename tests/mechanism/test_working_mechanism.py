"""The working-mechanism checklist: requirement strings and which elements a chain misses."""

import dataclasses

import pytest

from mechanism.vocabulary import MembershipRole, RosterRole
from mechanism.working_mechanism import (
    DEFAULT_ELEMENTS,
    Artefact,
    ArtefactRequirement,
    ChainFacts,
    EnterpriseRequirement,
    MechanismElement,
    MissingElement,
    Requirement,
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


def element(code: str) -> MechanismElement:
    return next(e for e in DEFAULT_ELEMENTS if e.code == code)


# --- the default checklist -------------------------------------------------------------------


def test_the_default_checklist_is_the_five_in_order() -> None:
    assert [(e.code, e.name_zh, e.name_en, e.requires) for e in DEFAULT_ELEMENTS] == [
        ("chain_leader", "链长", "Chain leader", ("role:chain_leader",)),
        (
            "lead_department",
            "牵头部门和工作专班",
            "Lead department with working group",
            ("role:lead_department", "role:working_group"),
        ),
        ("map_and_lists", "一图谱+N清单", "One map + N lists", ("map", "lists")),
        ("action_plan", "一链一策行动计划", "Yearly action plan", ("plan",)),
        (
            "chain_master_and_experts",
            "链主企业和专家团队",
            "Chain-master enterprises with expert team",
            ("enterprise:chain_master", "role:expert"),
        ),
    ]


def test_elements_cannot_be_changed_once_made() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_ELEMENTS[0].code = "other"  # type: ignore[misc]


# --- requirement strings ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "requirement"),
    [
        ("role:chain_leader", RoleRequirement(RosterRole.CHAIN_LEADER)),
        ("role:expert", RoleRequirement(RosterRole.EXPERT)),
        (" Role : Working_Group ", RoleRequirement(RosterRole.WORKING_GROUP)),
        ("enterprise:chain_master", EnterpriseRequirement(MembershipRole.CHAIN_MASTER)),
        ("enterprise:specialized_sme", EnterpriseRequirement(MembershipRole.SPECIALIZED_SME)),
        ("map", ArtefactRequirement(Artefact.MAP)),
        ("lists", ArtefactRequirement(Artefact.LISTS)),
        (" PLAN ", ArtefactRequirement(Artefact.PLAN)),
    ],
)
def test_it_parses_every_kind_of_requirement(text: str, requirement: Requirement) -> None:
    assert parse_requirement(text) == requirement
    assert requirement_problem(text) is None


@pytest.mark.parametrize(
    "text",
    ["role:chain_leader", "role:expert", "enterprise:target", "map", "lists", "plan"],
)
def test_a_parsed_requirement_writes_itself_back_the_same_way(text: str) -> None:
    assert parse_requirement(text).text == text


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "a requirement is empty"),
        ("   ", "a requirement is empty"),
        ("leader", "unknown requirement 'leader'; use role:<roster role>"),
        ("roles:expert", "unknown requirement 'roles:expert'"),
        ("role:", "'role:' names no roster role; use one of 总链长 (chief_chain_leader)"),
        ("role:boss", "unknown roster role 'boss' in 'role:boss'; use one of"),
        ("role:链长", "unknown roster role '链长'"),
        ("role:chain_master", "unknown roster role 'chain_master'"),
        ("enterprise:", "'enterprise:' names no enterprise role; use one of 链主 (chain_master)"),
        ("enterprise:expert", "unknown enterprise role 'expert' in 'enterprise:expert'"),
        ("map:3", "'map' takes nothing after it, got 'map:3'"),
        ("plan:2026", "'plan' takes nothing after it"),
    ],
)
def test_it_rejects_an_unknown_requirement_with_a_clear_message(text: str, fragment: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_requirement(text)
    assert fragment in str(raised.value)
    assert requirement_problem(text) == str(raised.value)


def test_an_element_with_a_mistyped_requirement_cannot_be_made() -> None:
    with pytest.raises(ValueError, match="element 'tour': unknown requirement 'tours'"):
        MechanismElement("tour", "巡链", "Chain tour", ("role:chain_leader", "tours"))


def test_an_office_can_define_its_own_element() -> None:
    sme = MechanismElement(
        "sme_pipeline", "专精特新梯队", "Specialized SME pipeline", ("enterprise:specialized_sme",)
    )
    assert unmet_requirements(sme, COMPLETE, year=YEAR) == ("enterprise:specialized_sme",)
    assert codes(missing_elements([*DEFAULT_ELEMENTS, sme], COMPLETE, year=YEAR)) == [
        "sme_pipeline"
    ]


# --- which elements a chain misses -----------------------------------------------------------


def test_a_chain_with_everything_misses_nothing() -> None:
    assert missing_elements(DEFAULT_ELEMENTS, COMPLETE, year=YEAR) == []


def test_a_new_chain_with_nothing_misses_all_five_with_every_requirement() -> None:
    missing = missing_elements(DEFAULT_ELEMENTS, ChainFacts(), year=YEAR)
    assert [(m.element, m.unmet) for m in missing] == [(e, e.requires) for e in DEFAULT_ELEMENTS]


def test_a_chain_with_everything_but_a_plan_for_the_year_misses_exactly_the_action_plan() -> None:
    facts = dataclasses.replace(COMPLETE, plan_years=frozenset({YEAR - 1, YEAR + 1}))
    assert missing_elements(DEFAULT_ELEMENTS, facts, year=YEAR) == [
        MissingElement(element("action_plan"), ("plan",))
    ]


def test_last_years_plan_does_not_count_but_this_years_does() -> None:
    facts = dataclasses.replace(COMPLETE, plan_years=frozenset({YEAR - 1}))
    assert codes(missing_elements(DEFAULT_ELEMENTS, facts, year=YEAR)) == ["action_plan"]
    assert missing_elements(DEFAULT_ELEMENTS, facts, year=YEAR - 1) == []


@pytest.mark.parametrize(
    ("change", "missing", "unmet"),
    [
        (
            {"roster_roles": COMPLETE.roster_roles - {RosterRole.CHAIN_LEADER}},
            "chain_leader",
            ("role:chain_leader",),
        ),
        (
            {"roster_roles": COMPLETE.roster_roles - {RosterRole.WORKING_GROUP}},
            "lead_department",
            ("role:working_group",),
        ),
        (
            {"roster_roles": COMPLETE.roster_roles - {RosterRole.LEAD_DEPARTMENT}},
            "lead_department",
            ("role:lead_department",),
        ),
        ({"map_nodes": 0}, "map_and_lists", ("map",)),
        ({"list_items": 0}, "map_and_lists", ("lists",)),
        ({"map_nodes": 0, "list_items": 0}, "map_and_lists", ("map", "lists")),
        ({"plan_years": frozenset()}, "action_plan", ("plan",)),
        (
            {"membership_roles": frozenset({MembershipRole.SUPPORTING})},
            "chain_master_and_experts",
            ("enterprise:chain_master",),
        ),
        (
            {"roster_roles": COMPLETE.roster_roles - {RosterRole.EXPERT}},
            "chain_master_and_experts",
            ("role:expert",),
        ),
    ],
)
def test_taking_one_thing_away_misses_exactly_the_element_that_needs_it(
    change: dict[str, object], missing: str, unmet: tuple[str, ...]
) -> None:
    facts = dataclasses.replace(COMPLETE, **change)  # type: ignore[arg-type]
    assert missing_elements(DEFAULT_ELEMENTS, facts, year=YEAR) == [
        MissingElement(element(missing), unmet)
    ]


def test_a_chief_chain_leader_does_not_stand_in_for_the_chain_leader() -> None:
    facts = dataclasses.replace(COMPLETE, roster_roles=frozenset({RosterRole.CHIEF_CHAIN_LEADER}))
    assert unmet_requirements(element("chain_leader"), facts, year=YEAR) == ("role:chain_leader",)


def test_missing_elements_keep_checklist_order_not_severity() -> None:
    facts = ChainFacts(roster_roles=frozenset({RosterRole.CHAIN_LEADER}), map_nodes=1)
    assert codes(missing_elements(DEFAULT_ELEMENTS, facts, year=YEAR)) == [
        "lead_department",
        "map_and_lists",
        "action_plan",
        "chain_master_and_experts",
    ]
    reversed_checklist = list(reversed(DEFAULT_ELEMENTS))
    assert codes(missing_elements(reversed_checklist, facts, year=YEAR)) == [
        "chain_master_and_experts",
        "action_plan",
        "map_and_lists",
        "lead_department",
    ]


def test_unmet_requirements_are_returned_as_written_in_the_checklist() -> None:
    loose = MechanismElement("loose", "宽松", "Loosely written", (" Role:Expert ", "PLAN"))
    assert unmet_requirements(loose, ChainFacts(), year=YEAR) == (" Role:Expert ", "PLAN")
