"""What a robot post says: a message fitted to the vendor's byte limit, and secrets masked.

Both vendors count the markdown's length in UTF-8 *bytes* (a Chinese character is three), and
refuse a longer one rather than cutting it. A digest that does not fit is cut at a line
boundary, so no table row or link is broken halfway, and ends with a link to the page that
has the whole text.
"""

import re

_ELLIPSIS = "……"


def fit_bytes(text: str, limit: int, link: str | None) -> str:
    """``text`` if it fits in ``limit`` UTF-8 bytes; otherwise its first whole lines and a
    pointer to ``link`` (the page with the full text), all within ``limit``."""
    if _size(text) <= limit:
        return text
    tail = f"\n\n{_ELLIPSIS}[查看全文 / full text]({link})" if link else f"\n{_ELLIPSIS}"
    room = limit - _size(tail)
    if room <= 0:
        raise ValueError(f"a limit of {limit} bytes leaves no room for the text")
    kept: list[str] = []
    used = 0
    for line in text.split("\n"):
        cost = _size(line) + (1 if kept else 0)
        if used + cost > room:
            if not kept:  # one very long first line: cut it at a character boundary
                kept.append(_cut(line, room))
            break
        kept.append(line)
        used += cost
    return "\n".join(kept).rstrip() + tail


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def _cut(line: str, room: int) -> str:
    return line.encode("utf-8")[:room].decode("utf-8", "ignore")


def mask(secret: str) -> str:
    """How a secret may be shown: its last four characters, e.g. ``…abcd``."""
    return f"…{secret[-4:]}" if len(secret) > 8 else "…"


# httpx logs every request's URL at INFO, and the robots' URLs carry their secrets.
_SECRET_QUERY = re.compile(r"\b(key|access_token|sign)=([^&\s\"']+)")


def mask_query(text: str) -> str:
    """``text`` with the secrets of any robot URL in it masked (``key=…abcd``)."""
    return _SECRET_QUERY.sub(lambda m: f"{m.group(1)}={mask(m.group(2))}", text)


def scrub(text: str, *secrets: str) -> str:
    """``text`` (an error from the HTTP client or the vendor) with every secret masked."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, mask(secret))
    return mask_query(text)
