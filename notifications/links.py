"""Signed, expiring acknowledgement links: one per outbox row (one notice to one person).

A token reads ``<outbox id>.<expiry YYYYMMDD>.<MAC>``: the id and the expiry are plain, so
support staff can read a pasted link, and the MAC — HMAC-SHA256 over both, truncated to 144
bits (24 base64url characters, no padding bits, so no two spellings of one MAC) — stops anyone
from changing either. No state is kept: verifying needs only the secret. A token is valid up to
and including its expiry day (Asia/Shanghai ``today`` is the caller's business).

Rotating the secret invalidates every link in circulation; expiring ones then fail with the same
message as tampered ones, which is the honest answer: we can no longer vouch for them.
"""

import base64
import hashlib
import hmac
import re
from datetime import date, datetime

MAC_BYTES = 18  # 144 bits ≥ 128, and a multiple of 3: base64 without padding bits
_TOKEN = re.compile(r"([1-9][0-9]{0,18})\.([0-9]{8})\.([A-Za-z0-9_-]{24})")
_DOMAIN = b"chainops-ack-v1"  # a MAC for this purpose only, never valid as another token


class AckTokenError(ValueError):
    """The link cannot be used: malformed, tampered with (or signed with another secret), or
    expired. The message is fit to show the person who clicked it."""


def _key(secret: str) -> bytes:
    # How strong a secret must be is the settings' policy (placeholders refused in production);
    # an empty one is never meant.
    if not secret:
        raise ValueError("the acknowledgement secret is empty")
    return secret.encode("utf-8")


def _mac(outbox_id: int, expires: date, secret: str) -> str:
    message = b"%s:%d:%s" % (_DOMAIN, outbox_id, expires.isoformat().encode("ascii"))
    digest = hmac.new(_key(secret), message, hashlib.sha256).digest()[:MAC_BYTES]
    return base64.urlsafe_b64encode(digest).decode("ascii")


def sign_ack(outbox_id: int, expires: date, secret: str) -> str:
    """The token acknowledging outbox row ``outbox_id``, valid through ``expires``."""
    if isinstance(expires, datetime):
        raise ValueError("expires must be a date: a link is valid through a whole day")
    if outbox_id < 1:
        raise ValueError(f"outbox ids start at 1, not {outbox_id}")
    return f"{outbox_id}.{expires:%Y%m%d}.{_mac(outbox_id, expires, secret)}"


def verify_ack(token: str, secret: str, today: date) -> int:
    """The outbox id ``token`` acknowledges; ``AckTokenError`` saying why it cannot be used."""
    match = _TOKEN.fullmatch(token.strip())
    if match is None:
        raise AckTokenError("this acknowledgement link is incomplete or malformed")
    outbox_id = int(match[1])
    try:
        expires = datetime.strptime(match[2], "%Y%m%d").date()
    except ValueError:
        raise AckTokenError("this acknowledgement link is incomplete or malformed") from None
    # Constant time: the comparison must not tell an attacker how much of a guess was right.
    if not hmac.compare_digest(_mac(outbox_id, expires, secret), match[3]):
        raise AckTokenError(
            "this acknowledgement link is not valid: it was altered or not issued by this system"
        )
    if today > expires:
        raise AckTokenError(f"this link expired on {expires.isoformat()}")
    return outbox_id


def feedback_url(base_url: str, notice_id: int | None = None) -> str:
    """Where a recipient sends feedback or a complaint (``<base>/feedback``), about the notice
    ``notice_id`` when there is one: the footer of every notice, on every channel."""
    base = f"{base_url.rstrip('/')}/feedback"
    return f"{base}?notice={notice_id}" if notice_id is not None else base


def ack_url(base_url: str, token: str) -> str:
    """Where the person acknowledges: ``<base>/ack/<token>`` (the web app serves it)."""
    return f"{base_url.rstrip('/')}/ack/{token}"
