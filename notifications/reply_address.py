"""Signed reply addresses: ``chainops+r.<outbox id>.<MAC>@domain`` in a notice's Reply-To.

An owner who answers a reminder or an urging slip replies to this address; the mailbox chainops
reads (plus-addressing delivers ``chainops+anything@`` to ``chainops@``) then knows, from the
address alone, which outbox row — one notice to one person — the reply answers. The MAC stops
anyone from pointing a reply at another person's task by editing the id.

Unlike an acknowledgement link (``notifications.links``) the token is lower-case hex, not
base64: mail servers and clients may change the case of an address, and a reply that comes
back lower-cased must still verify. 128 bits of HMAC-SHA256 (32 hex characters), keyed with
the same secret as the links but under a purpose of its own, so neither token is ever valid
as the other. It does not expire: a reply is welcome for as long as the task is open, and the
task's state decides what the reply may still do.
"""

import hashlib
import hmac
import re

MAC_HEX = 32  # 128 bits
_DOMAIN = b"chainops-reply-v1"
_TOKEN = re.compile(r"r\.([1-9][0-9]{0,18})\.([0-9a-f]{32})")
# The token in an address's plus part: local+r.12.<mac>@domain, whatever the local part.
_IN_ADDRESS = re.compile(r"\+(r\.[^@+]*)@", re.IGNORECASE)


class ReplyTokenError(ValueError):
    """The reply address was not issued by this system, or was changed on the way."""


def _mac(outbox_id: int, secret: str) -> str:
    if not secret:
        raise ValueError("the signing secret is empty")
    message = b"%s:%d" % (_DOMAIN, outbox_id)
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()[:MAC_HEX]


def sign_reply(outbox_id: int, secret: str) -> str:
    """The token naming outbox row ``outbox_id``: ``r.<id>.<mac>``."""
    if outbox_id < 1:
        raise ValueError(f"outbox ids start at 1, not {outbox_id}")
    return f"r.{outbox_id}.{_mac(outbox_id, secret)}"


def reply_address(mailbox: str, outbox_id: int, secret: str) -> str:
    """``mailbox`` (chainops@city.gov.cn) with the signed token as its plus part."""
    local, at, domain = mailbox.rpartition("@")
    if not at or not local or not domain:
        raise ValueError(f"{mailbox!r} is not an email address")
    base = local.split("+", 1)[0]  # the mailbox's own plus part, if any, gives way to ours
    return f"{base}+{sign_reply(outbox_id, secret)}@{domain}"


def token_in(address: str) -> str | None:
    """The reply token in ``address``'s plus part, if it has one (unverified)."""
    match = _IN_ADDRESS.search(address)
    return match[1] if match else None


def verify_reply(token: str, secret: str) -> int:
    """The outbox id ``token`` names; ``ReplyTokenError`` when it is malformed or forged."""
    match = _TOKEN.fullmatch(token.strip().lower())
    if match is None:
        raise ReplyTokenError("the reply address is incomplete or malformed")
    outbox_id = int(match[1])
    # Constant time: the comparison must not tell a forger how much of a guess was right.
    if not hmac.compare_digest(_mac(outbox_id, secret), match[2]):
        raise ReplyTokenError(
            "the reply address is not valid: it was altered or not issued by this system"
        )
    return outbox_id
