"""Unified social credit codes (GB 32100-2015): check character and validation messages."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mechanism.uscc import (
    CHARSET,
    WEIGHTS,
    check_character,
    credit_code_problem,
    is_valid_credit_code,
    make_credit_code,
    normalize_credit_code,
)

# Published codes of real enterprises, verified against the check-character rule.
REAL_CODES = ["91110000802100433B", "91110108551385082Q"]

# A synthetic Liaocheng (371500) code; its check character is re-derived in a test below.
LIAOCHENG = "91371500MA3C4K7P2D"


def test_the_charset_has_31_characters_without_i_o_z_s_v() -> None:
    assert len(CHARSET) == 31
    assert len(set(CHARSET)) == 31
    assert not set("IOZSV") & set(CHARSET)


def test_the_weights_are_powers_of_three_modulo_31() -> None:
    assert WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


@pytest.mark.parametrize("code", [*REAL_CODES, LIAOCHENG])
def test_it_accepts_real_published_codes(code: str) -> None:
    assert credit_code_problem(code) is None
    assert is_valid_credit_code(code)


@pytest.mark.parametrize("code", REAL_CODES)
def test_it_computes_the_check_character_of_real_codes(code: str) -> None:
    assert check_character(code[:17]) == code[17]


def test_it_accepts_blanks_around_and_lowercase_letters() -> None:
    assert credit_code_problem("  91110000802100433b\t") is None


def test_normalizing_strips_and_uppercases() -> None:
    assert normalize_credit_code(" 91110000802100433b \n") == "91110000802100433B"


def test_a_check_value_of_31_becomes_the_character_0() -> None:
    # Weighted sum ≡ 0 (mod 31) gives 31 - 0 = 31, which is written as '0'.
    assert check_character("00000000000000000") == "0"
    assert make_credit_code("91371500MA3C4K7P8") == "91371500MA3C4K7P80"


def test_check_character_is_chosen_so_the_weighted_sum_is_a_multiple_of_31() -> None:
    code = make_credit_code(LIAOCHENG[:17])
    assert code == LIAOCHENG
    values = [CHARSET.index(char) for char in code]
    weighted = sum(v * w for v, w in zip(values, WEIGHTS, strict=False))
    assert (weighted + values[17]) % 31 == 0


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "must be 18 characters, got 0"),
        ("9111000080210043", "must be 18 characters, got 16"),
        ("91110000802100433", "must be 18 characters, got 17"),
        ("91110000802100433BX", "must be 18 characters, got 19"),
        (
            "9111I000802100433B",
            "character 'I' at position 5 is not allowed (I, O, Z, S and V are never used)",
        ),
        (
            "91110000802100433O",
            "character 'O' at position 18 is not allowed (I, O, Z, S and V are never used)",
        ),
        (
            "91110000-02100433B",
            "character '-' at position 9 is not allowed "
            "(only digits and capital letters other than I, O, Z, S and V are used)",
        ),
        ("91A10000802100433B", "positions 3–8 must be the 6-digit administrative division code"),
        ("9111000A802100433B", "positions 3–8 must be the 6-digit administrative division code"),
    ],
)
def test_it_says_exactly_what_is_wrong(text: str, problem: str) -> None:
    assert credit_code_problem(text) == problem


def test_it_rejects_a_code_with_a_wrong_check_character() -> None:
    assert credit_code_problem("911100008021004330") == "check character should be 'B', got '0'"


def test_it_rejects_a_code_with_two_neighbouring_characters_swapped() -> None:
    assert credit_code_problem("91110000082100433B") is not None


def test_a_lowercase_forbidden_letter_is_reported_in_uppercase() -> None:
    problem = credit_code_problem("9111o000802100433B")
    assert problem is not None
    assert "'O' at position 5" in problem


def test_make_credit_code_appends_the_check_character() -> None:
    assert make_credit_code("91110000802100433") == "91110000802100433B"
    assert make_credit_code(" 91110108551385082 ") == "91110108551385082Q"


@pytest.mark.parametrize(
    ("first17", "message"),
    [
        ("9111000080210043", "need the first 17 characters, got 16"),
        ("9111000080210043IX", "need the first 17 characters, got 18"),
        ("9111000080210043I", "character 'I' at position 17 is not allowed"),
        ("91110000802100#33", "character '#' at position 15 is not allowed"),
    ],
)
def test_check_character_refuses_bad_input(first17: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        check_character(first17)


def test_make_credit_code_refuses_a_prefix_without_a_division_code() -> None:
    with pytest.raises(ValueError, match="positions 3–8 must be the 6-digit"):
        make_credit_code("91AB0000802100433")


_DIGITS = st.sampled_from("0123456789")
_ANY = st.sampled_from(CHARSET)
_FIRST17 = st.tuples(
    st.lists(_ANY, min_size=2, max_size=2),
    st.lists(_DIGITS, min_size=6, max_size=6),
    st.lists(_ANY, min_size=9, max_size=9),
).map(lambda parts: "".join(parts[0] + parts[1] + parts[2]))


@given(first17=_FIRST17)
def test_any_well_formed_prefix_makes_a_code_that_passes(first17: str) -> None:
    code = make_credit_code(first17)
    assert len(code) == 18
    assert code.startswith(first17)
    assert credit_code_problem(code) is None


@given(first17=_FIRST17, position=st.integers(0, 17), data=st.data())
def test_changing_any_single_character_makes_a_code_fail(
    first17: str, position: int, data: st.DataObject
) -> None:
    code = make_credit_code(first17)
    other = data.draw(st.sampled_from([c for c in CHARSET if c != code[position]]))
    changed = code[:position] + other + code[position + 1 :]
    assert credit_code_problem(changed) is not None
