"""Document numbers of formal notices: 聊链轴承督〔2026〕12号, per chain, kind and year."""

import pytest

from mechanism.numbering import (
    DEFAULT_NUMBER_TEMPLATE,
    KIND_CHARS,
    is_numbered,
    notice_number,
    number_template_problem,
)
from mechanism.vocabulary import NoticeKind

T = DEFAULT_NUMBER_TEMPLATE
URGE, COORDINATE, SUPERVISE = (
    NoticeKind.URGING_SLIP,
    NoticeKind.COORDINATION,
    NoticeKind.SUPERVISION,
)


def test_only_the_escalation_slips_are_formal() -> None:
    assert {kind: is_numbered(kind) for kind in NoticeKind} == {
        NoticeKind.REMINDER: False,
        NoticeKind.URGING_SLIP: True,
        NoticeKind.COORDINATION: True,
        NoticeKind.SUPERVISION: True,
    }


def test_each_formal_kind_has_its_own_character() -> None:
    assert KIND_CHARS == {
        "assignment": "交",  # the 交办单: a hand-over that is itself a document
        NoticeKind.URGING_SLIP: "催",
        NoticeKind.COORDINATION: "协",
        NoticeKind.SUPERVISION: "督",
    }


@pytest.mark.parametrize(
    ("template", "prefix", "chain", "kind", "year", "seq", "number"),
    [
        (T, "聊链", "轴承", SUPERVISE, 2026, 12, "聊链轴承督〔2026〕12号"),
        (T, "聊链", "轴承", URGE, 2026, 1, "聊链轴承催〔2026〕1号"),
        (T, "聊链", "新材料", COORDINATE, 2027, 305, "聊链新材料协〔2027〕305号"),
        # The design's example: no chain short name in the number.
        (T, "聊链", "", SUPERVISE, 2026, 12, "聊链督〔2026〕12号"),
        (
            "{prefix}{kind}〔{year}〕{seq:03d}号",
            "聊链",
            "轴承",
            URGE,
            2026,
            7,
            "聊链催〔2026〕007号",
        ),
        (
            "{chain}{kind}字〔{year}〕第{seq}号",
            "",
            "轴承",
            SUPERVISE,
            2026,
            3,
            "轴承督字〔2026〕第3号",
        ),
        ("{{{year}}}-{seq}", "", "", NoticeKind.SUPERVISION, 2026, 3, "{2026}-3"),
    ],
)
def test_it_fills_in_the_number_template(
    template: str, prefix: str, chain: str, kind: NoticeKind, year: int, seq: int, number: str
) -> None:
    assert number_template_problem(template) is None
    assert (
        notice_number(
            template=template, prefix=prefix, chain_short=chain, kind=kind, year=year, seq=seq
        )
        == number
    )


def test_the_default_template_is_the_default() -> None:
    number = notice_number(
        prefix="聊链", chain_short="轴承", kind=NoticeKind.SUPERVISION, year=2026, seq=12
    )
    assert number == "聊链轴承督〔2026〕12号"


@pytest.mark.parametrize(
    ("template", "words"),
    [
        ("{prefix}{kind}〔{year}〕号", "lacks {seq}"),
        ("{prefix}{kind}{seq}号", "lacks {year}"),
        ("{prefix}{kind}号", "lacks {year} and {seq}"),
        ("{prefix}{unit}〔{year}〕{seq}号", "unknown field {unit}"),
        ("{}〔{year}〕{seq}号", "unknown field {}"),
        ("{0}〔{year}〕{seq}号", "unknown field {0}"),
        ("{prefix.__class__}〔{year}〕{seq}号", "unknown field {prefix.__class__}"),
        ("{prefix[0]}〔{year}〕{seq}号", "unknown field {prefix[0]}"),
        ("{prefix!r}〔{year}〕{seq}号", "drop the !r"),
        ("{prefix〔{year}〕{seq}号", "not a valid format string"),
        ("{prefix}}〔{year}〕{seq}号", "not a valid format string"),
        ("{prefix:d}〔{year}〕{seq}号", "cannot be filled in"),
    ],
)
def test_it_names_what_is_wrong_with_a_template(template: str, words: str) -> None:
    problem = number_template_problem(template)
    assert problem is not None
    assert words in problem
    with pytest.raises(ValueError, match="number template"):
        notice_number(
            template=template,
            prefix="聊链",
            chain_short="",
            kind=NoticeKind.SUPERVISION,
            year=2026,
            seq=1,
        )


def test_a_reminder_has_no_number() -> None:
    with pytest.raises(ValueError, match="carries no number"):
        notice_number(prefix="聊链", chain_short="轴承", kind=NoticeKind.REMINDER, year=2026, seq=1)


@pytest.mark.parametrize(
    ("year", "seq", "words"), [(2026, 0, "start at 1"), (26, 1, "four digits")]
)
def test_it_refuses_impossible_years_and_sequences(year: int, seq: int, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        notice_number(
            prefix="聊链", chain_short="轴承", kind=NoticeKind.URGING_SLIP, year=year, seq=seq
        )
