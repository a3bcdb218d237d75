"""One outgoing email, as the transports see it, and its RFC 5322 form.

An ``OutgoingEmail`` is what the dispatcher hands a transport: one recipient, both bodies, any
attachments, and a Message-ID chosen by us (never by the transport, so a retried delivery of the
same outbox row keeps its identity and the delivery log can name it).

``to_bytes`` is the one place the message is built. The file transport writes its bytes and the
SMTP transport submits the same bytes, so a file-transport ``.eml`` is exactly what a mail server
would have received; ``to_mime`` reads them back for tests and previews.
"""

import io
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.encoders import encode_base64
from email.generator import BytesGenerator
from email.header import Header
from email.message import EmailMessage
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr
from types import MappingProxyType
from typing import cast
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")

# What goes on the wire: RFC 5322 with CRLF line ends.
WIRE_POLICY = policy.compat32.clone(linesep="\r\n")

# Headers to_bytes writes itself (or that would change who receives the message); callers'
# extra headers may not add a second one.
_STRUCTURAL_HEADERS = frozenset(
    {
        "from", "sender", "to", "cc", "bcc", "subject", "date", "message-id", "auto-submitted",
        "mime-version", "content-type", "content-transfer-encoding", "content-disposition",
    }
)  # fmt: skip
_PLAIN_ADDRESS = re.compile(r"[^@\s<>,;\"]+@[^@\s<>,;\"]+")
_MESSAGE_ID = re.compile(r"<[^<>@\s]+@[^<>@\s]+>")
_HEADER_NAME = re.compile(r"[!-9;-~]+")  # printable ASCII except ':' (RFC 5322 §2.2)


# What no file name may hold: path separators, characters Windows refuses (a mail client
# saves attachments there too), and control characters.
_NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
FILE_NAME_CHARS = 80  # a notice's title may be 200 characters; a file name need not be


def bare_file_name(stem: str, suffix: str) -> str:
    """``stem`` made a bare file name ending in ``suffix``: each run of characters a file
    name may not hold becomes "-", runs of dots and leading or trailing dots and spaces go,
    and it is cut to ``FILE_NAME_CHARS``. A title like 落实2026/2027年度计划 or one with
    ``</script>`` in it names an attachment instead of stopping the mail."""
    cleaned = _NOT_IN_FILE_NAMES.sub("-", stem)
    cleaned = re.sub(r"\.{2,}", ".", cleaned).strip(" .-")[:FILE_NAME_CHARS].rstrip(" .-")
    return f"{cleaned or 'notice'}{suffix}"


@dataclass(frozen=True)
class Attachment:
    filename: str  # may be Chinese: written as an RFC 2231 parameter
    content: bytes
    mime_type: str  # "text/calendar", "application/pdf", …

    def __post_init__(self) -> None:
        maintype, _, subtype = self.mime_type.partition("/")
        if not maintype or not subtype or maintype == "multipart":
            raise ValueError(f"attachment {self.filename!r}: bad MIME type {self.mime_type!r}")
        if not self.filename or "/" in self.filename or "\\" in self.filename:
            raise ValueError(f"attachment filename {self.filename!r} must be a bare file name")


@dataclass(frozen=True, kw_only=True)
class OutgoingEmail:
    """One message to one person (the outbox holds one row per recipient).

    Keyword-only: ten fields are too many to pass by position safely.
    """

    sender: str  # a plain address, "office@example.gov.cn"
    sender_name: str | None
    to: str  # one plain address: no display name, no list
    to_name: str | None
    subject: str
    text: str
    html: str
    attachments: tuple[Attachment, ...] = ()
    message_id: str  # "<…@…>", unique per message; see new_message_id
    # Extra headers, e.g. {"X-Chainops-Outbox": "12,13"}. Read-only once built.
    headers: Mapping[str, str] = field(default_factory=dict, hash=False)
    # The Date: header: when the run that sends it says it is (its clock, CHAINOPS_CLOCK in the
    # demo); None: the moment it is written out.
    date: datetime | None = None

    def __post_init__(self) -> None:
        for name, address in (("sender", self.sender), ("to", self.to)):
            if not _PLAIN_ADDRESS.fullmatch(address):
                raise ValueError(f"{name}: {address!r} is not one plain email address")
        if not _MESSAGE_ID.fullmatch(self.message_id):
            raise ValueError(f"message_id {self.message_id!r} is not of the form <local@domain>")
        for text in (self.subject, self.sender_name or "", self.to_name or ""):
            _refuse_line_breaks(text)
        for name, value in self.headers.items():
            if not _HEADER_NAME.fullmatch(name) or name.lower() in _STRUCTURAL_HEADERS:
                raise ValueError(f"header {name!r} cannot be set as an extra header")
            _refuse_line_breaks(value)
        object.__setattr__(self, "headers", MappingProxyType(dict(self.headers)))


def new_message_id(sender: str) -> str:
    """A fresh Message-ID in the sender's domain.

    Not ``email.utils.make_msgid()``: without a domain it asks DNS for this host's FQDN on
    every call, which can take seconds on a badly configured host.
    """
    domain = sender.rpartition("@")[2] or "chainops.invalid"
    return f"<{uuid.uuid4().hex}@{domain}>"


def to_bytes(email: OutgoingEmail, *, date: datetime | None = None) -> bytes:
    """The message as it goes on the wire (RFC 5322, CRLF, 7-bit): multipart/alternative
    (text, html), inside multipart/mixed with the attachments when there are any.

    Headers are RFC 2047-encoded (Chinese subjects and display names), attachment file names
    RFC 2231 (``filename*=utf-8''…``), and every attachment, text/calendar included, carries
    ``Content-Disposition: attachment``. Bodies are base64 with CRLF line ends (the canonical
    form, RFC 2045 §6.8), so no server without 8BITMIME can mangle them. ``date`` defaults to
    the message's own ``date``, else now, and is shown in Asia/Shanghai, where the readers are.

    Built with the ``compat32`` classes (``email.mime``): the ``EmailMessage`` API parses and
    refolds every header through ``email._header_value_parser`` and took about 5 ms a message,
    a quarter of this speed, which alone kept delivery under 200 messages a second.
    """
    alternative = MIMEMultipart("alternative")
    alternative.attach(MIMEText(_crlf(email.text), "plain", "utf-8"))
    alternative.attach(MIMEText(_crlf(email.html), "html", "utf-8"))
    root = alternative
    if email.attachments:
        root = MIMEMultipart("mixed")
        root.attach(alternative)
        for attachment in email.attachments:
            root.attach(_attachment_part(attachment))
    for part in root.walk():
        if part is not root:
            del part["MIME-Version"]  # email.mime puts one on every part; only the top needs it

    root["From"] = formataddr((email.sender_name or "", email.sender), charset="utf-8")
    root["To"] = formataddr((email.to_name or "", email.to), charset="utf-8")
    root["Subject"] = _encoded(email.subject)
    sent = date or email.date or datetime.now(UTC)
    root["Date"] = format_datetime(sent.astimezone(SHANGHAI))
    root["Message-ID"] = email.message_id
    # RFC 3834: a machine-sent notice, so vacation responders stay quiet.
    root["Auto-Submitted"] = "auto-generated"
    for name, value in email.headers.items():
        root[name] = _encoded(value)

    buffer = io.BytesIO()
    BytesGenerator(buffer, mangle_from_=False, policy=WIRE_POLICY).flatten(root)
    return buffer.getvalue()


def to_mime(email: OutgoingEmail, *, date: datetime | None = None) -> EmailMessage:
    """``to_bytes`` read back as an ``EmailMessage`` (modern API: decoded headers,
    ``get_body``, ``iter_attachments``): exactly what a recipient's parser sees."""
    message = message_from_bytes(to_bytes(email, date=date), policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _attachment_part(attachment: Attachment) -> MIMEBase:
    maintype, _, subtype = attachment.mime_type.partition("/")
    rfc2231_name = ("utf-8", "", attachment.filename)
    # Older clients read the name from Content-Type, newer ones from Content-Disposition.
    part = MIMEBase(maintype, subtype, name=rfc2231_name)
    if maintype == "text" and _is_utf8(attachment.content):
        part.set_param("charset", "utf-8")
    part.set_payload(attachment.content)
    encode_base64(part)
    part.add_header("Content-Disposition", "attachment", filename=rfc2231_name)
    return part


def _encoded(value: str) -> str:
    """ASCII as it is, anything else as RFC 2047 encoded words; compat32 folds either.
    (It takes a ``Header`` wherever a header value goes; typeshed types those as str only.)"""
    return value if value.isascii() else cast(str, Header(value, "utf-8"))


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def _is_utf8(content: bytes) -> bool:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _refuse_line_breaks(value: str) -> None:
    # A CR or LF in a header value would let a subject inject headers of its own.
    if "\r" in value or "\n" in value:
        raise ValueError(f"header value {value!r} contains a line break")
