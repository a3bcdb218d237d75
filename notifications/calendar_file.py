"""An .ics attachment that puts a notice's deadline in the recipient's calendar (RFC 5545).

The event is all-day on the due date (``DTSTART;VALUE=DATE``, ``DTEND`` the next day, as RFC
5545 §3.6.1 prescribes for a one-day event), transparent so it never blocks free time, with an
alarm the morning before. It is published (``METHOD:PUBLISH``), not a meeting request: nobody is
asked to accept or decline a deadline.

The calendar is built and serialised by ``icalendar``, which folds lines at 75 octets (§3.1) —
octets, not characters, and never inside a UTF-8 sequence, or a Chinese summary arrives as
mojibake. Two things we keep in our hands:

- Text values go through ``escape_text`` (§3.3.11). icalendar 6's own escaper reads a literal
  ``\\N`` in the input as a line break (``C:\\New`` would come out as ``C:`` + newline + ``ew``)
  and leaves a lone carriage return raw, which a lenient reader takes for a line break.
- Properties are written in the order they are added (``to_ical(sorted=False)``), ``ROLE``
  before ``CN``, and ``CN`` is always quoted, as the attachment always was.
"""

from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event, Parameters, vCalAddress, vText
from icalendar.parser import foldline

PRODID = "-//chainops//notices//EN"


def escape_text(value: str) -> str:
    """A TEXT property value (RFC 5545 §3.3.11): backslash, semicolon, comma, newline."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """``line`` folded into lines of at most 75 octets joined by CRLF + space, split only
    between characters so every piece is valid UTF-8 — the folding icalendar applies to
    every line of the attachment."""
    return str(foldline(line))


# icalendar 6 ships no type hints, so mypy sees its classes as Any.
class _Text(vText):  # type: ignore[misc]
    """A TEXT value escaped by ``escape_text`` instead of icalendar's escaper (see above)."""

    def to_ical(self) -> bytes:
        return escape_text(str(self)).encode("utf-8")


class _QuotedParameters(Parameters):  # type: ignore[misc]
    """Parameters whose ``CN`` is always a quoted string (icalendar quotes it only when it
    holds a space, a quote or ``,;:``)."""

    always_quoted = (*Parameters.always_quoted, "CN")


def _parameter(value: str) -> str:
    """A parameter value (CN=…): DQUOTE is not allowed inside, control chars neither."""
    return "".join(char for char in value if char >= " " and char != '"')


def _address(name: str, email: str, role: str | None = None) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    params = _QuotedParameters()
    if role:
        params["ROLE"] = role
    if name:
        params["CN"] = _parameter(name)
    address.params = params
    return address


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

    alarm = Alarm()
    alarm.add("ACTION", "DISPLAY")
    # Relative to the all-day start (midnight): 09:00 on the day before, not midnight.
    alarm.add("TRIGGER", timedelta(hours=-15))
    alarm.add("DESCRIPTION", _Text(summary))

    event = Event()
    event.add("UID", _Text(uid))
    event.add("DTSTAMP", now.astimezone(UTC))
    event.add("DTSTART", due)  # a date: written with VALUE=DATE
    event.add("DTEND", due + timedelta(days=1))
    event.add("SUMMARY", _Text(summary))
    event.add("DESCRIPTION", _Text(description))
    event.add("ORGANIZER", _address(organizer_name, organizer_email))
    event.add("ATTENDEE", _address(attendee_name, attendee_email, "REQ-PARTICIPANT"))
    event.add("TRANSP", "TRANSPARENT")
    event.add("STATUS", "CONFIRMED")
    event.add("SEQUENCE", 0)
    event.add_component(alarm)

    calendar = Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", PRODID)
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    calendar.add_component(event)
    return bytes(calendar.to_ical(sorted=False))
