"""Designations: the titles an enterprise holds, and when one counts.

The kinds are data — ``DEFAULT_KINDS`` is the catalogue as the 2022 Measures (revised from
2026-04-01) and the quality-enterprise ladder have it; an office's copy may add or change
kinds (``services.config``). A kind's ``rank`` orders the ladder (higher is further up), so the
shortlist can prefer a 小巨人 to an innovative SME and the cultivation library knows which
title is "the next tier". Validity is counted in years, the way the law counts periods
(民法典 §201, §202): recognised on 2024-12-01, a 3-year title runs from 2024-12-02 and its last
day is 2027-12-01.
"""

from dataclasses import dataclass
from datetime import date

from mechanism.vocabulary import Labelled

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


DEFAULT_KINDS: tuple[Kind, ...] = (
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
