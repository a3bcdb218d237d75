"""Designations: the titles an enterprise holds, and when one counts.

The kinds are data — ``DEFAULT_KINDS`` is the catalogue as the 2022 Measures (revised from
2026-04-01) and the quality-enterprise ladder have it; an office's copy may add or change
kinds (``services.config``). A kind's ``rank`` orders the ladder (higher is further up), so the
shortlist can prefer a 小巨人 to an innovative SME and the cultivation library knows which
title is "the next tier". Validity is counted in years, the way the law counts periods
(民法典 §201, §202): recognised on 2024-12-01, a 3-year title runs from 2024-12-02 and its last
day is 2027-12-01.
"""

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from mechanism.vocabulary import Labelled, add_labels
from mechanism.wording import Said
from mechanism.workdays import Workdays

# 科技和创新型中小企业 replaces 创新型中小企业 for recognitions from this day (2026 revision).
TECH_INNOVATIVE_FROM = date(2026, 4, 1)


class DesignationStatus(Labelled):
    """candidate → recognised → under review → renewed | expired | revoked."""

    CANDIDATE = "candidate"
    RECOGNIZED = "recognized"
    UNDER_REVIEW = "under_review"
    RENEWED = "renewed"
    EXPIRED = "expired"
    REVOKED = "revoked"


class DesignationLevel(Labelled):
    CITY = "city"
    PROVINCIAL = "provincial"
    NATIONAL = "national"


# A title under review still counts until its validity ends: the review decides whether it
# goes on, and until then the enterprise holds it.
HOLDING = frozenset(
    {DesignationStatus.RECOGNIZED, DesignationStatus.UNDER_REVIEW, DesignationStatus.RENEWED}
)

MOVES: dict[DesignationStatus, frozenset[DesignationStatus]] = {
    DesignationStatus.CANDIDATE: frozenset(
        {DesignationStatus.RECOGNIZED, DesignationStatus.REVOKED}
    ),
    DesignationStatus.RECOGNIZED: frozenset(
        {DesignationStatus.UNDER_REVIEW, DesignationStatus.EXPIRED, DesignationStatus.REVOKED}
    ),
    DesignationStatus.UNDER_REVIEW: frozenset(
        {DesignationStatus.RENEWED, DesignationStatus.EXPIRED, DesignationStatus.REVOKED}
    ),
    DesignationStatus.RENEWED: frozenset(
        {DesignationStatus.UNDER_REVIEW, DesignationStatus.EXPIRED, DesignationStatus.REVOKED}
    ),
    DesignationStatus.EXPIRED: frozenset(),
    DesignationStatus.REVOKED: frozenset(),
}


@dataclass(frozen=True)
class Kind:
    """A kind of title. ``validity_years`` None: held until revoked (a chain's 链主).
    ``specialised`` marks the 专精特新 tiers that an event's SME condition counts."""

    code: str
    name_zh: str
    name_en: str
    rank: int
    level: DesignationLevel
    validity_years: int | None
    specialised: bool = False
    chain_scoped: bool = False  # held for one chain, approved by its chain leader
    cycle_months: int = 12  # a candidate's cultivation cycle for this title (梯度培育周期)
    # The yearly data update (年度数据更新) as (month, day), e.g. (6, 30); None: not asked.
    data_update: tuple[int, int] | None = None


_CATALOGUE: tuple[Kind, ...] = (
    Kind("innovative", "创新型中小企业", "Innovative SME", 10, DesignationLevel.PROVINCIAL, 3),
    Kind(
        "tech_innovative",
        "科技和创新型中小企业",
        "Technology- and innovation-based SME",
        10,
        DesignationLevel.PROVINCIAL,
        3,
    ),
    Kind("gazelle", "瞪羚企业", "Gazelle", 15, DesignationLevel.PROVINCIAL, 3),
    Kind(
        "zjtx_provincial",
        "省级专精特新中小企业",
        "Provincial specialised SME",
        20,
        DesignationLevel.PROVINCIAL,
        3,
        specialised=True,
    ),
    Kind(
        "single_champion_provincial",
        "省级制造业单项冠军",
        "Provincial single champion",
        25,
        DesignationLevel.PROVINCIAL,
        3,
    ),
    Kind(
        "little_giant",
        "专精特新“小巨人”",
        "Little giant",
        30,
        DesignationLevel.NATIONAL,
        3,
        specialised=True,
    ),
    Kind(
        "key_little_giant",
        "重点“小巨人”",
        "Key little giant",
        35,
        DesignationLevel.NATIONAL,
        3,
        specialised=True,
    ),
    Kind(
        "single_champion_national",
        "国家级制造业单项冠军",
        "National single champion",
        40,
        DesignationLevel.NATIONAL,
        3,
    ),
    Kind(
        "chain_master",
        "链主企业",
        "Chain master",
        50,
        DesignationLevel.CITY,
        None,
        chain_scoped=True,
    ),
    Kind(
        "pilot", "领航型企业", "Pilot enterprise", 60, DesignationLevel.CITY, 3, chain_scoped=True
    ),
)


# The yearly data update the platforms ask (优质中小企业梯度培育平台: provincial titles by the end
# of April, national ones by the end of June) and the cultivation cycle of a candidate.
_YEARLY: dict[str, dict[str, Any]] = {
    "innovative": {"data_update": (4, 30)},
    "tech_innovative": {"data_update": (4, 30)},
    "zjtx_provincial": {"data_update": (4, 30)},
    "little_giant": {"data_update": (6, 30), "cycle_months": 24},
    "key_little_giant": {"data_update": (6, 30), "cycle_months": 24},
    "single_champion_national": {"cycle_months": 24},
}
DEFAULT_KINDS: tuple[Kind, ...] = tuple(replace(k, **_YEARLY.get(k.code, {})) for k in _CATALOGUE)


def kinds_by_code(kinds: tuple[Kind, ...] = DEFAULT_KINDS) -> dict[str, Kind]:
    return {k.code: k for k in kinds}


def counts(status: str, valid_until: date | None, today: date) -> bool:
    """Whether a title with this status and last valid day counts on ``today``: held, and not
    past its validity (a title without an end, such as a 链主, counts while held). Expired
    titles never count, whatever their status still says."""
    if status not in HOLDING:
        return False
    return valid_until is None or today <= valid_until


def valid_until(recognized_on: date, years: int) -> date:
    """The last day of a validity of ``years`` years from a recognition on ``recognized_on``:
    the same date ``years`` later (§201: counted from the next day; §202: a period in years
    ends on the corresponding day). 29 February ends on 28 February in a common year, which
    keeps the period within its years."""
    try:
        return recognized_on.replace(year=recognized_on.year + years)
    except ValueError:
        return recognized_on.replace(year=recognized_on.year + years, day=28)


def kind_for_recognition(code: str, recognized_on: date) -> str:
    """The innovative tier's name by the rule in force on the day of recognition: from
    2026-04-01 it is 科技和创新型中小企业."""
    if code == "innovative" and recognized_on >= TECH_INNOVATIVE_FROM:
        return "tech_innovative"
    return code


add_labels(
    (
        (DesignationStatus.CANDIDATE, ("候选", "Candidate")),
        (DesignationStatus.RECOGNIZED, ("已认定", "Recognised")),
        (DesignationStatus.UNDER_REVIEW, ("复核中", "Under review")),
        (DesignationStatus.RENEWED, ("复核通过", "Renewed")),
        (DesignationStatus.EXPIRED, ("已过期", "Expired")),
        (DesignationStatus.REVOKED, ("已撤销", "Revoked")),
        (DesignationLevel.CITY, ("市级", "City")),
        (DesignationLevel.PROVINCIAL, ("省级", "Provincial")),
        (DesignationLevel.NATIONAL, ("国家级", "National")),
    )
)


class DueKind(Labelled):
    """What a reminder is for: the review of a title (复核) or its yearly data update."""

    REVIEW = "review"
    DATA_UPDATE = "data_update"


class ExitReason(Labelled):
    """Why a candidate left the cultivation library (梯度培育库)."""

    PROMOTED = "promoted"
    CYCLE_ENDED = "cycle_ended"
    WITHDRAWN = "withdrawn"
    NOT_ELIGIBLE = "not_eligible"


add_labels(
    (
        (DueKind.REVIEW, ("复核", "Review")),
        (DueKind.DATA_UPDATE, ("年度数据更新", "Yearly data update")),
        (ExitReason.PROMOTED, ("已晋级", "Promoted")),
        (ExitReason.CYCLE_ENDED, ("培育期满", "Cycle ended")),
        (ExitReason.WITHDRAWN, ("主动退出", "Withdrawn")),
        (ExitReason.NOT_ELIGIBLE, ("不再符合条件", "Not eligible")),
    )
)

# Reminder tasks go to the chain's lead department this many working days before a review or
# a yearly data update is due (issue 16: 60 and 30).
REMINDER_LEAD_DAYS: tuple[int, ...] = (60, 30)


def move_refusal(current: str, target: str, *, chain_scoped: bool = False) -> Said | None:
    """Why a title may not go from ``current`` to ``target`` (None: it may). A chain's 链主 or
    领航型 is recognised only by its chain leader's approval, never by an ordinary move."""
    try:
        here, there = DesignationStatus(current), DesignationStatus(target)
    except ValueError:
        return Said(f"unknown status {target!r}", f"未知的状态 {target!r}")
    if (
        chain_scoped
        and here is DesignationStatus.CANDIDATE
        and (there is DesignationStatus.RECOGNIZED)
    ):
        return Said(
            "a chain master or pilot enterprise is recognised by its chain leader's approval",
            "链主企业、领航型企业须经链长审定",
        )
    if there not in MOVES[here]:
        if not MOVES[here]:
            return Said(
                f"a title {here.en.lower()} is final and moves no further",
                f"{here.zh}的称号不能再变更状态",
            )
        allowed = "、".join(m.zh for m in sorted(MOVES[here]))
        return Said(
            f"a title {here.en.lower()} cannot become {there.en.lower()}; it can become: "
            + ", ".join(m.en.lower() for m in sorted(MOVES[here])),
            f"{here.zh}的称号不能变为{there.zh}；可变为：{allowed}",
        )
    return None


def next_data_update(after: date, month_day: tuple[int, int]) -> date:
    """The first yearly data-update day (month, day) after ``after`` (29 February: the 28th)."""
    month, day = month_day
    for year in (after.year, after.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            candidate = date(year, month, 28)
        if candidate > after:
            return candidate
    raise AssertionError("unreachable: one of two consecutive years has the day after")


def reminder_day(due_on: date, lead_days: int, calendar: Workdays) -> date:
    """The working day ``lead_days`` working days before ``due_on``: when its reminder is made."""
    return calendar.add(due_on, -lead_days)


def reminders_due(
    due_on: date, today: date, calendar: Workdays, leads: tuple[int, ...] = REMINDER_LEAD_DAYS
) -> list[int]:
    """The lead days whose reminder is due by ``today`` for a deadline on ``due_on``: its day
    has come and the deadline has not passed. After a downtime every one missed is due at
    once (the caller makes each once); a deadline already past gets none."""
    if today > due_on:
        return []
    return [n for n in leads if reminder_day(due_on, n, calendar) <= today]


def months_later(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day (a cycle counted in months)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def cycle_ends(entered_on: date, cycle_months: int) -> date:
    """The last day of a candidate's cultivation cycle (§201/§202: counted from the next day,
    ending on the corresponding day ``cycle_months`` later)."""
    return months_later(entered_on, cycle_months)


def candidate_overdue(entered_on: date, cycle_months: int, today: date) -> bool:
    """A candidate still in the library past its cycle's last day."""
    return today > cycle_ends(entered_on, cycle_months)


def next_tier(held: list[Kind], kinds: tuple[Kind, ...] = DEFAULT_KINDS) -> Kind | None:
    """The next title up the 专精特新 ladder from the highest of ``held`` (chain-scoped titles
    are not tiers of it): what the cultivation library would enter the enterprise for."""
    top = max((k.rank for k in held if not k.chain_scoped), default=0)
    above = [k for k in kinds if not k.chain_scoped and k.rank > top and k.code != "innovative"]
    return min(above, key=lambda k: k.rank) if above else None
