"""Mainland mobile numbers: every way people write one is the same 11 digits; junk is refused."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mechanism.mobile import MOBILE, BadMobile, normalize_mobile
from mechanism.wording import zh

valid = st.builds(
    lambda second, rest: f"1{second}{rest}",
    st.sampled_from("3456789"),
    st.text(alphabet="0123456789", min_size=9, max_size=9),
)


def _written(number: str, style: int) -> str:
    """One of the ways offices write a number."""
    head, middle, tail = number[:3], number[3:7], number[7:]
    return [
        number,
        f"{head} {middle} {tail}",
        f"{head}-{middle}-{tail}",
        f"+86 {head} {middle} {tail}",
        f"+86-{number}",
        f"0086{number}",
        f"86 {number}",
        f"（+86）{head}　{middle}　{tail}",  # full-width brackets, ideographic spaces
        number.translate(str.maketrans("0123456789", "０１２３４５６７８９")),  # full-width
        f"  {head}.{middle}.{tail}  ",
    ][style]


@given(valid, st.integers(min_value=0, max_value=9))
def test_every_valid_number_round_trips_however_it_is_written(number: str, style: int) -> None:
    assert normalize_mobile(_written(number, style)) == number
    assert normalize_mobile(number) == number  # a stored number is stored again unchanged


@pytest.mark.parametrize(
    "junk",
    [
        "",
        "1380000000",  # 10 digits
        "138000000000",  # 12 digits
        "12800000000",  # no mobile block begins 12
        "10086",
        "0635-8888888",  # a Liaocheng landline
        "+1 415 555 0100",  # not mainland
        "+85 13800000000",  # a country code that is not China's
        "138 0000 000O",  # a letter O for a zero
        "١٣٨٠٠٠٠٠٠٠٠",  # Arabic-Indic digits are digits to Python, not to a carrier
        "13800000000 ext 1",
    ],
)
def test_anything_else_is_refused_saying_what_is_expected(junk: str) -> None:
    with pytest.raises(BadMobile) as raised:
        normalize_mobile(junk)
    assert repr(junk.strip()) in str(raised.value)
    assert "11 digits beginning 13 to 19" in str(raised.value)
    assert "11 位数字" in zh(raised.value)


@given(st.text(max_size=30))
def test_whatever_is_accepted_is_11_ascii_digits(text: str) -> None:
    try:
        number = normalize_mobile(text)
    except BadMobile:
        return
    assert MOBILE.fullmatch(number)
