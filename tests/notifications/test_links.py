"""Acknowledgement links: signed, expiring, and refused with a clear message otherwise."""

import base64
import re
from datetime import date, datetime

import pytest

from notifications.links import AckTokenError, ack_url, sign_ack, verify_ack

SECRET = "test-secret-0123456789abcdef"
EXPIRES = date(2026, 12, 10)


def test_a_signed_token_gives_back_its_outbox_id() -> None:
    token = sign_ack(4711, EXPIRES, SECRET)
    assert verify_ack(token, SECRET, today=date(2026, 11, 27)) == 4711


def test_a_token_is_url_safe_and_carries_at_least_128_bits_of_mac() -> None:
    token = sign_ack(4711, EXPIRES, SECRET)
    assert re.fullmatch(r"[A-Za-z0-9._-]+", token)
    mac = token.rsplit(".", 1)[1]
    assert len(base64.urlsafe_b64decode(mac)) * 8 >= 128


def test_a_token_is_valid_through_its_expiry_day_and_not_after() -> None:
    token = sign_ack(7, EXPIRES, SECRET)
    assert verify_ack(token, SECRET, today=EXPIRES) == 7
    with pytest.raises(AckTokenError, match=r"^this link expired on 2026-12-10$"):
        verify_ack(token, SECRET, today=date(2026, 12, 11))


def test_changing_any_one_character_breaks_the_token() -> None:
    token = sign_ack(4711, EXPIRES, SECRET)
    for position, char in enumerate(token):
        for replacement in {"0", "1", "A", "_", "."} - {char}:
            tampered = token[:position] + replacement + token[position + 1 :]
            with pytest.raises(AckTokenError):
                verify_ack(tampered, SECRET, today=date(2026, 11, 27))


def test_a_later_expiry_cannot_be_written_in() -> None:
    token = sign_ack(4711, EXPIRES, SECRET)
    extended = token.replace("20261210", "20271210")
    with pytest.raises(AckTokenError, match="altered or not issued by this system"):
        verify_ack(extended, SECRET, today=date(2026, 11, 27))


def test_another_outbox_id_cannot_be_written_in() -> None:
    token = sign_ack(4711, EXPIRES, SECRET)
    with pytest.raises(AckTokenError, match="altered"):
        verify_ack("4712" + token[4:], SECRET, today=date(2026, 11, 27))


def test_a_token_signed_with_another_secret_is_refused() -> None:
    token = sign_ack(4711, EXPIRES, "another-secret-0123456789")
    with pytest.raises(AckTokenError, match="altered or not issued by this system"):
        verify_ack(token, SECRET, today=date(2026, 11, 27))


@pytest.mark.parametrize(
    "token",
    ["", "abc", "4711.20261210", "4711.2026-12-10.AAAAAAAAAAAAAAAAAAAAAAAA",
     "04711.20261210.AAAAAAAAAAAAAAAAAAAAAAAA", "4711.20261310.AAAAAAAAAAAAAAAAAAAAAAAA",
     "4711.20261210.AAAAAAAAAAAAAAAAAAAAAA==", "4711.20261210.AAAAAAAAAAAAAAAAAAAAAAAA.x"],
)  # fmt: skip
def test_a_malformed_token_is_refused_as_such(token: str) -> None:
    with pytest.raises(AckTokenError, match="incomplete or malformed"):
        verify_ack(token, SECRET, today=date(2026, 11, 27))


def test_the_error_is_a_value_error() -> None:
    assert issubclass(AckTokenError, ValueError)


def test_an_empty_secret_is_refused() -> None:
    with pytest.raises(ValueError, match="secret is empty"):
        sign_ack(1, EXPIRES, "")


@pytest.mark.parametrize("outbox_id", [0, -3])
def test_an_impossible_outbox_id_is_refused(outbox_id: int) -> None:
    with pytest.raises(ValueError, match="start at 1"):
        sign_ack(outbox_id, EXPIRES, SECRET)


def test_an_expiry_must_be_a_day_not_a_moment() -> None:
    with pytest.raises(ValueError, match="must be a date"):
        sign_ack(1, datetime(2026, 12, 10, 18, 0), SECRET)


@pytest.mark.parametrize(
    "base", ["https://chainops.example.gov.cn", "https://chainops.example.gov.cn/"]
)
def test_the_url_joins_base_and_token_with_one_slash(base: str) -> None:
    assert ack_url(base, "1.20261210.x") == "https://chainops.example.gov.cn/ack/1.20261210.x"
