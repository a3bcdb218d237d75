"""The per-chain working mechanism (工作机制): a checklist of standing elements, kept as data.

Each chain is expected to have a fixed set of standing elements — by default the "five":
a chain leader, a lead department with a working group, one map + N lists, the yearly
"one chain, one policy" action plan, and chain-master enterprises with an expert team.
Cities word and count these differently, so the checklist is data an office can edit: each
element lists requirement strings, and this module says which elements a chain still misses.

Requirement strings:

- ``role:<roster role>`` — someone holds that roster role (e.g. ``role:chain_leader``);
- ``enterprise:<enterprise role>`` — an enterprise has that role (e.g. ``enterprise:chain_master``);
- ``map`` — the chain map has at least one node;
- ``lists`` — the N lists have at least one item;
- ``plan`` — there is an action plan for the year asked about (a plan is yearly, so last
  year's plan does not count this year).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from mechanism.vocabulary import MembershipRole, RosterRole
from mechanism.wording import Said


@dataclass(frozen=True)
class ChainFacts:
    """What a chain has, as far as the checklist cares; services gather it from the tables."""

    roster_roles: frozenset[RosterRole] = field(default_factory=frozenset)
    membership_roles: frozenset[MembershipRole] = field(default_factory=frozenset)
    map_nodes: int = 0
    list_items: int = 0
    plan_years: frozenset[int] = field(default_factory=frozenset)


class Artefact(StrEnum):
    """The chain documents a requirement can ask for (they take no argument)."""

    MAP = "map"
    LISTS = "lists"
    PLAN = "plan"


@dataclass(frozen=True)
class RoleRequirement:
    """Someone in the chain's roster holds ``role``."""

    role: RosterRole

    @property
    def text(self) -> str:
        return f"role:{self.role.value}"

    @property
    def said(self) -> Said:
        return Said(f"{_a(self.role.en.lower())} on the roster", f"{self.role.zh}人选")

    def is_met(self, facts: ChainFacts, *, year: int) -> bool:
        return self.role in facts.roster_roles


@dataclass(frozen=True)
class EnterpriseRequirement:
    """Some enterprise holds ``role`` in the chain (chain masters are memberships, not roster)."""

    role: MembershipRole

    @property
    def text(self) -> str:
        return f"enterprise:{self.role.value}"

    @property
    def said(self) -> Said:
        return Said(f"{_a(self.role.en.lower())} enterprise", f"{self.role.zh}企业")

    def is_met(self, facts: ChainFacts, *, year: int) -> bool:
        return self.role in facts.membership_roles


@dataclass(frozen=True)
class ArtefactRequirement:
    """The chain has ``artefact``: a non-empty map, a non-empty list, or this year's plan."""

    artefact: Artefact

    @property
    def text(self) -> str:
        return self.artefact.value

    @property
    def said(self) -> Said:
        return _ARTEFACT_SAID[self.artefact]

    def is_met(self, facts: ChainFacts, *, year: int) -> bool:
        match self.artefact:
            case Artefact.MAP:
                return facts.map_nodes > 0
            case Artefact.LISTS:
                return facts.list_items > 0
            case Artefact.PLAN:
                return year in facts.plan_years


Requirement = RoleRequirement | EnterpriseRequirement | ArtefactRequirement

_ARTEFACT_SAID = {
    Artefact.MAP: Said("the chain map", "产业链图谱"),
    Artefact.LISTS: Said("the N lists", "N张清单"),
    Artefact.PLAN: Said("this year's action plan", "本年度行动计划"),
}


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def requirement_said(text: str) -> Said:
    """A requirement as a person reads it (``role:chain_leader`` → 链长人选), for the pages
    that say what a chain still lacks."""
    return parse_requirement(text).said


def _values(vocabulary: type[StrEnum]) -> frozenset[str]:
    """The codes of a vocabulary (``"x" in SomeEnum`` raises TypeError on Python 3.11)."""
    return frozenset(member.value for member in vocabulary)


_FORMS = "role:<roster role>, enterprise:<enterprise role>, map, lists or plan"


def parse_requirement(text: str) -> Requirement:
    """The requirement ``text`` names; raises ValueError saying what is wrong and how to write it.

    Blanks around the text and around the colon are ignored and case does not matter, but
    roles must be written as their codes (``chain_leader``, not 链长) so the stored checklist
    has one spelling per requirement.
    """
    cleaned = text.strip().lower()
    kind, colon, argument = (part.strip() for part in cleaned.partition(":"))
    if not cleaned:
        raise ValueError(f"a requirement is empty; use {_FORMS}")
    if kind == "role":
        if not argument:
            raise ValueError(f"{text!r} names no roster role; use one of {RosterRole.choices()}")
        if argument not in _values(RosterRole):
            raise ValueError(
                f"unknown roster role {argument!r} in {text!r}; use one of {RosterRole.choices()}"
            )
        return RoleRequirement(RosterRole(argument))
    if kind == "enterprise":
        if not argument:
            raise ValueError(
                f"{text!r} names no enterprise role; use one of {MembershipRole.choices()}"
            )
        if argument not in _values(MembershipRole):
            raise ValueError(
                f"unknown enterprise role {argument!r} in {text!r}; "
                f"use one of {MembershipRole.choices()}"
            )
        return EnterpriseRequirement(MembershipRole(argument))
    if kind in _values(Artefact):
        if colon:
            raise ValueError(f"{kind!r} takes nothing after it, got {text!r}")
        return ArtefactRequirement(Artefact(kind))
    raise ValueError(f"unknown requirement {text!r}; use {_FORMS}")


def requirement_problem(text: str) -> str | None:
    """Why ``text`` is not a requirement, for form and workbook validators; None when it is."""
    try:
        parse_requirement(text)
    except ValueError as error:
        return str(error)
    return None


@dataclass(frozen=True)
class MechanismElement:
    """One standing element of the checklist; met when all of its requirements are met.

    Requirements are checked when the element is made, so a mistyped checklist fails when it
    is loaded, not silently every time a chain is checked.
    """

    code: str
    name_zh: str
    name_en: str
    requires: tuple[str, ...]

    def __post_init__(self) -> None:
        for text in self.requires:
            problem = requirement_problem(text)
            if problem is not None:
                raise ValueError(f"working-mechanism element {self.code!r}: {problem}")


@dataclass(frozen=True)
class MissingElement:
    """An element a chain does not meet, with the requirement strings it fails, in order."""

    element: MechanismElement
    unmet: tuple[str, ...]


DEFAULT_ELEMENTS: tuple[MechanismElement, ...] = (
    MechanismElement("chain_leader", "链长", "Chain leader", ("role:chain_leader",)),
    MechanismElement(
        "lead_department",
        "牵头部门和工作专班",
        "Lead department with working group",
        ("role:lead_department", "role:working_group"),
    ),
    MechanismElement("map_and_lists", "一图谱+N清单", "One map + N lists", ("map", "lists")),
    MechanismElement("action_plan", "一链一策行动计划", "Yearly action plan", ("plan",)),
    MechanismElement(
        "chain_master_and_experts",
        "链主企业和专家团队",
        "Chain-master enterprises with expert team",
        ("enterprise:chain_master", "role:expert"),
    ),
)
"""The default "five" of the design: chain leader, lead department and working group, one map
plus N lists, the yearly action plan, chain masters with experts."""


def unmet_requirements(
    element: MechanismElement, facts: ChainFacts, *, year: int
) -> tuple[str, ...]:
    """The requirement strings of ``element`` that ``facts`` do not meet, as written, in order."""
    return tuple(
        text for text in element.requires if not parse_requirement(text).is_met(facts, year=year)
    )


def missing_elements(
    elements: Sequence[MechanismElement], facts: ChainFacts, *, year: int
) -> list[MissingElement]:
    """The elements a chain misses in ``year``, in checklist order; empty when all are met."""
    missing: list[MissingElement] = []
    for element in elements:
        unmet = unmet_requirements(element, facts, year=year)
        if unmet:
            missing.append(MissingElement(element, unmet))
    return missing
