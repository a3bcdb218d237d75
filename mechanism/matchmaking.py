"""Matchmaking (融通对接) rules: how an event and a match move, when an event may be held, and
the figures its report and the monthly rollup count.

An event runs as the programmes run them (事前精准准备、事中充分对接、事后跟踪服务): planned →
collecting the lists → matched → held → following up → reported. It may be held only with
enough chain masters and enough SMEs holding a valid 专精特新 title on the event's day (Inner
Mongolia's "at least 3 certified quality SMEs"; both numbers are configuration). A match goes
proposed → introduced → intention → signed → delivering → done, or lost with its reason; each
stage records its amount (万元). Pure: the services load the rows and apply the verdicts.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from mechanism.designations import Kind, counts, kinds_by_code
from mechanism.vocabulary import Labelled
from mechanism.wording import Said


class _Worded(Labelled):
    """A vocabulary of this module: its labels live here (``_WORDS``), not in the shared
    table of ``mechanism.vocabulary``."""

    @property
    def zh(self) -> str:
        return _WORDS[self.value][0]

    @property
    def en(self) -> str:
        return _WORDS[self.value][1]


class EventKind(_Worded):
    SUPPLY_DEMAND = "supply_demand"
    PRODUCTION_DEMAND = "production_demand"
    POST_AND_TAKE = "post_and_take"
    ROADSHOW = "roadshow"
    CHAIN_MASTER_TOUR = "chain_master_tour"


class EventState(_Worded):
    PLANNED = "planned"
    COLLECTING = "collecting"
    MATCHED = "matched"
    HELD = "held"
    FOLLOWING_UP = "following_up"
    REPORTED = "reported"


class ParticipantRole(_Worded):
    CHAIN_MASTER = "chain_master"
    SME = "sme"


class MatchStage(_Worded):
    PROPOSED = "proposed"
    INTRODUCED = "introduced"
    INTENTION = "intention"
    SIGNED = "signed"
    DELIVERING = "delivering"
    DONE = "done"
    LOST = "lost"


# Codes are unique across this module's vocabularies (chain_master is a role here).
_WORDS: dict[str, tuple[str, str]] = {
    "supply_demand": ("供需对接", "Supply–demand meeting"),
    "production_demand": ("产需对接", "Production–demand meeting"),
    "post_and_take": ("发榜揭榜", "Post and take up"),
    "roadshow": ("路演", "Roadshow"),
    "chain_master_tour": ("链主企业行", "Chain-master tour"),
    "planned": ("计划中", "Planned"),
    "collecting": ("征集清单", "Collecting lists"),
    "matched": ("已匹配", "Matched"),
    "held": ("已举办", "Held"),
    "following_up": ("跟踪服务", "Following up"),
    "reported": ("已报送", "Reported"),
    "chain_master": ("链主企业", "Chain master"),
    "sme": ("中小企业", "SME"),
    "proposed": ("推荐", "Proposed"),
    "introduced": ("已对接", "Introduced"),
    "intention": ("达成意向", "Intention"),
    "signed": ("已签约", "Signed"),
    "delivering": ("履约中", "Delivering"),
    "done": ("已完成", "Done"),
    "lost": ("未成", "Lost"),
}

# One step forward at a time: each step is a fact someone reports (lists in, matches made,
# the event held, follow-up begun, results sent to the province).
EVENT_MOVES: dict[EventState, frozenset[EventState]] = {
    EventState.PLANNED: frozenset({EventState.COLLECTING}),
    EventState.COLLECTING: frozenset({EventState.MATCHED}),
    EventState.MATCHED: frozenset({EventState.HELD}),
    EventState.HELD: frozenset({EventState.FOLLOWING_UP}),
    EventState.FOLLOWING_UP: frozenset({EventState.REPORTED}),
    EventState.REPORTED: frozenset(),
}

# A match may be lost at any stage before it is done; done and lost are final.
_LOSABLE = frozenset(MatchStage) - {MatchStage.DONE, MatchStage.LOST}
MATCH_MOVES: dict[MatchStage, frozenset[MatchStage]] = {
    MatchStage.PROPOSED: frozenset({MatchStage.INTRODUCED, MatchStage.LOST}),
    MatchStage.INTRODUCED: frozenset({MatchStage.INTENTION, MatchStage.LOST}),
    MatchStage.INTENTION: frozenset({MatchStage.SIGNED, MatchStage.LOST}),
    MatchStage.SIGNED: frozenset({MatchStage.DELIVERING, MatchStage.LOST}),
    MatchStage.DELIVERING: frozenset({MatchStage.DONE, MatchStage.LOST}),
    MatchStage.DONE: frozenset(),
    MatchStage.LOST: frozenset(),
}
assert all(MatchStage.LOST in MATCH_MOVES[s] for s in _LOSABLE)

# The amount each stage records, and its name in refusals.
STAGE_AMOUNT: dict[MatchStage, tuple[str, str, str]] = {
    MatchStage.INTENTION: ("intention_wan", "intention amount", "意向金额"),
    MatchStage.SIGNED: ("contract_wan", "contract amount", "合同金额"),
    MatchStage.DELIVERING: ("realised_wan", "realised amount", "实际履约金额"),
    MatchStage.DONE: ("realised_wan", "realised amount", "实际履约金额"),
}

# Stages a match has reached an intention in, or signed in (the report counts them).
INTENDED = frozenset(
    {MatchStage.INTENTION, MatchStage.SIGNED, MatchStage.DELIVERING, MatchStage.DONE}
)
SIGNED = frozenset({MatchStage.SIGNED, MatchStage.DELIVERING, MatchStage.DONE})
HELD_STATES = frozenset({EventState.HELD, EventState.FOLLOWING_UP, EventState.REPORTED})


class IllegalMove(ValueError):
    """A move the table or its inputs do not allow; the message says which and why."""


def check_event_move(before: EventState, after: EventState) -> None:
    if after not in EVENT_MOVES[before]:
        allowed = ", ".join(s.value for s in EVENT_MOVES[before]) or "none (final)"
        raise IllegalMove(
            Said(
                f"state: an event {before.value} cannot move to {after.value}; next: {allowed}",
                f"状态：活动处于“{before.zh}”，不能改为“{after.zh}”",
            )
        )


def money(value: float | None, name: tuple[str, str]) -> float | None:
    """An amount in 万元: finite and not negative (None: not given)."""
    if value is None:
        return None
    if isinstance(value, bool) or not math.isfinite(value) or value < 0:
        raise IllegalMove(
            Said(
                f"{name[0]}: must be a number of 万元, 0 or more, not {value!r}",
                f"{name[1]}：须为不小于0的金额（万元），当前为 {value!r}",
            )
        )
    return float(value)


def check_match_move(
    before: MatchStage,
    after: MatchStage,
    *,
    amount: float | None,
    reason: str | None,
    realised: float | None = None,
) -> None:
    """Refuse a move the table does not have, an amount a stage needs and was not given, and
    a loss without its reason. Done keeps the realised amount recorded while delivering
    (``realised``) unless a final one is given."""
    if after not in MATCH_MOVES[before]:
        allowed = ", ".join(s.value for s in MATCH_MOVES[before]) or "none (final)"
        raise IllegalMove(
            Said(
                f"stage: a match {before.value} cannot move to {after.value}; next: {allowed}",
                f"阶段：对接处于“{before.zh}”，不能改为“{after.zh}”",
            )
        )
    if after == MatchStage.LOST and not (reason or "").strip():
        raise IllegalMove(Said("reason: say why the match was lost", "原因：请填写对接未成的原因"))
    needed = STAGE_AMOUNT.get(after)
    if needed is not None:
        _, en, zh = needed
        if amount is None and not (after == MatchStage.DONE and realised is not None):
            raise IllegalMove(
                Said(f"amount: give the {en} (万元) for {after.value}", f"金额：请填写{zh}（万元）")
            )
        money(amount, (en, zh))


# --- the held condition ----------------------------------------------------------------------


@dataclass(frozen=True)
class Title:
    """One designation an enterprise holds, as the condition reads it."""

    kind: str
    status: str
    valid_until: date | None
    chain_id: int | None = None


@dataclass(frozen=True)
class Invitee:
    enterprise_id: int
    name: str
    titles: tuple[Title, ...] = ()


@dataclass(frozen=True)
class HeldRules:
    """How many chain masters and specialised SMEs an event needs to be held, and the working
    days after an intention its follow-up tasks fall due."""

    min_chain_masters: int = 1
    min_specialised_smes: int = 3
    follow_up_days: tuple[int, ...] = (30, 90)


@dataclass(frozen=True)
class HeldVerdict:
    """Whether the event may be held on its day: who counts, who does not and why."""

    masters: tuple[str, ...]
    smes: tuple[str, ...]
    needed_masters: int
    needed_smes: int
    problems: tuple[Said, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return len(self.masters) >= self.needed_masters and len(self.smes) >= self.needed_smes

    def refusal(self) -> Said:
        """What is missing, in one sentence per number not reached."""
        parts_en, parts_zh = [], []
        why_en = "; ".join(str(p) for p in self.problems)
        why_zh = "；".join(p.zh for p in self.problems)
        if len(self.masters) < self.needed_masters:
            parts_en.append(
                f"{len(self.masters)} of the {self.needed_masters} chain masters needed"
            )
            parts_zh.append(f"链主企业仅{len(self.masters)}家，至少需要{self.needed_masters}家")
        if len(self.smes) < self.needed_smes:
            parts_en.append(f"{len(self.smes)} of the {self.needed_smes} specialised SMEs needed")
            parts_zh.append(
                f"持有效专精特新称号的中小企业仅{len(self.smes)}家，至少需要{self.needed_smes}家"
            )
        return Said(
            "state: the event cannot be held: "
            + ", ".join(parts_en)
            + (f": {why_en}" if why_en else ""),
            "状态：活动不能举办：" + "，".join(parts_zh) + (f"：{why_zh}" if why_zh else ""),
        )


def _title_said(title: Title, kind: Kind | None, day: date) -> tuple[str, str]:
    name_en = kind.name_en if kind else title.kind
    name_zh = kind.name_zh if kind else title.kind
    if title.valid_until is not None and day > title.valid_until:
        return (
            f"{name_en} expired on {title.valid_until}",
            f"{name_zh}已于{title.valid_until}到期",
        )
    return (f"{name_en} is {title.status}", f"{name_zh}状态为{title.status}")


def held_verdict(
    *,
    chain_id: int,
    masters: Sequence[Invitee],
    smes: Sequence[Invitee],
    day: date,
    rules: HeldRules,
    kinds: tuple[Kind, ...] | None = None,
) -> HeldVerdict:
    """Who of the invited chain masters holds a counting 链主 title for this chain on ``day``,
    and who of the invited SMEs holds a counting 专精特新 title (``Kind.specialised``);
    everyone else is named with the reason they do not count."""
    catalogue = kinds_by_code(kinds) if kinds else kinds_by_code()
    problems: list[Said] = []
    counted_masters: list[str] = []
    for invitee in masters:
        own = [t for t in invitee.titles if t.kind == "chain_master" and t.chain_id == chain_id]
        if any(counts(t.status, t.valid_until, day) for t in own):
            counted_masters.append(invitee.name)
        elif own:
            en, zh = _title_said(own[0], catalogue.get("chain_master"), day)
            problems.append(Said(f"{invitee.name}'s {en}", f"{invitee.name}的{zh}"))
        else:
            problems.append(
                Said(
                    f"{invitee.name} holds no chain-master title for this chain",
                    f"{invitee.name}未被认定为本产业链链主企业",
                )
            )
    counted_smes: list[str] = []
    for invitee in smes:
        own = [t for t in invitee.titles if (k := catalogue.get(t.kind)) and k.specialised]
        if any(counts(t.status, t.valid_until, day) for t in own):
            counted_smes.append(invitee.name)
        elif own:
            latest = max(own, key=lambda t: t.valid_until or date.max)
            en, zh = _title_said(latest, catalogue.get(latest.kind), day)
            problems.append(Said(f"{invitee.name}'s {en}", f"{invitee.name}的{zh}"))
        else:
            problems.append(
                Said(f"{invitee.name} holds no 专精特新 title", f"{invitee.name}无专精特新称号")
            )
    return HeldVerdict(
        masters=tuple(counted_masters),
        smes=tuple(counted_smes),
        needed_masters=rules.min_chain_masters,
        needed_smes=rules.min_specialised_smes,
        problems=tuple(problems),
    )


# --- figures -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventRow:
    event_id: int
    chain_id: int
    held_on: date
    state: str
    smes: frozenset[int]


@dataclass(frozen=True)
class MatchRow:
    match_id: int
    chain_id: int
    event_id: int | None
    stage: str
    intention_on: date | None
    intention_wan: float | None
    signed_on: date | None
    contract_wan: float | None
    realised_wan: float | None


def tally(events: Iterable[EventRow], matches: Iterable[MatchRow]) -> dict[str, float | int]:
    """The figures a report line counts: events held, SMEs taking part (each once), intentions
    and signings with their amounts (a match lost later still had its intention), realised."""
    held = [e for e in events if e.state in HELD_STATES]
    smes: set[int] = set()
    for event in held:
        smes |= event.smes
    intentions = [m for m in matches if m.intention_on is not None]
    signings = [m for m in matches if m.signed_on is not None]
    return {
        "events": len(held),
        "smes": len(smes),
        "intentions": len(intentions),
        "intention_wan": round(sum(m.intention_wan or 0.0 for m in intentions), 2),
        "signings": len(signings),
        "contract_wan": round(sum(m.contract_wan or 0.0 for m in signings), 2),
        "realised_wan": round(sum(m.realised_wan or 0.0 for m in signings), 2),
    }


def month_figures(
    events: Iterable[EventRow], matches: Iterable[MatchRow], first: date, last: date
) -> dict[str, float | int]:
    """The month's matchmaking figures (the rollup): events held in it and the SMEs at them,
    intentions reached and contracts signed in it, with their amounts."""
    within = [e for e in events if first <= e.held_on <= last]
    figures = tally(within, [])
    intended = [m for m in matches if m.intention_on and first <= m.intention_on <= last]
    signed = [m for m in matches if m.signed_on and first <= m.signed_on <= last]
    figures.update(
        intentions=len(intended),
        intention_wan=round(sum(m.intention_wan or 0.0 for m in intended), 2),
        signings=len(signed),
        contract_wan=round(sum(m.contract_wan or 0.0 for m in signed), 2),
    )
    del figures["realised_wan"]  # realisation has no day of its own: it is not a month's
    return figures


def share(part: int, whole: int) -> float | None:
    """A share rounded to 4 places; None when there is nothing to divide by."""
    return round(part / whole, 4) if whole else None
