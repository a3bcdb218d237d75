"""An .ics attachment that puts a notice's deadline in the recipient's calendar (RFC 5545).

The event is all-day on the due date (``DTSTART;VALUE=DATE``, ``DTEND`` the next day, as RFC
5545 §3.6.1 prescribes for a one-day event), transparent so it never blocks free time, with an
alarm the morning before. It is published (``METHOD:PUBLISH``), not a meeting request: nobody is
asked to accept or decline a deadline.

Two details mail clients are strict about: text values escape ``\\ ; ,`` and newlines (§3.3.11),
and lines are folded at 75 octets (§3.1) — octets, not characters, and a fold must never split a
UTF-8 sequence, or a Chinese summary arrives as mojibake.
"""

from datetime import UTC, date, datetime, timedelta

PRODID = "-//chainops//notices//EN"
_MAX_OCTETS = 75  # per line, without the CRLF; a continuation's leading space counts


def escape_text(value: str) -> str:
    """A TEXT property value (RFC 5545 §3.3.11): backslash, semicolon, comma, newline."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """``line`` folded into lines of at most 75 octets joined by CRLF + space, split only
    between characters so every piece is valid UTF-8."""
    pieces: list[str] = []
    current: list[str] = []
    size, limit = 0, _MAX_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, _MAX_OCTETS - 1  # room for the leading space
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def _parameter(value: str) -> str:
    """A quoted parameter value (CN=…): DQUOTE is not allowed inside, control chars neither."""
    cleaned = "".join(char for char in value if char >= " " and char != '"')
    return f'"{cleaned}"'


def _address(name: str, email: str, role: str | None = None) -> str:
    params = f";ROLE={role}" if role else ""
    if name:
        params += f";CN={_parameter(name)}"
    return f"{params}:mailto:{email}"


def deadline_event(
    *,
    uid: str,
    summary: str,
    description: str,
    due: date,
    organizer_email: str,
    attendee_email: str,
    now: datetime,
    organizer_name: str = "",
    attendee_name: str = "",
) -> bytes:
    """A VCALENDAR with one all-day VEVENT on ``due``, UTF-8 with CRLF line endings.

    ``uid`` must be stable for the notice (the same notice re-sent updates the event instead
    of adding a second one); ``now`` (timezone-aware) becomes DTSTAMP in UTC.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware: DTSTAMP is written in UTC")
    if isinstance(due, datetime):
        raise ValueError("due must be a date: the deadline event lasts the whole day")
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{escape_text(uid)}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{due:%Y%m%d}",
        f"DTEND;VALUE=DATE:{due + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"ORGANIZER{_address(organizer_name, organizer_email)}",
        f"ATTENDEE{_address(attendee_name, attendee_email, 'REQ-PARTICIPANT')}",
        "TRANSP:TRANSPARENT",
        "STATUS:CONFIRMED",
        "SEQUENCE:0",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        # Relative to the all-day start (midnight): 09:00 on the day before, not midnight.
        "TRIGGER:-PT15H",
        f"DESCRIPTION:{escape_text(summary)}",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines).encode("utf-8")
