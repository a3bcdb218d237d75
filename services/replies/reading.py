"""A mail from the progress mailbox as what the collector needs: who wrote it, what it answers,
whether a machine sent it, and the new text the person typed above the quoted notice."""

import hashlib
import re
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr
from html.parser import HTMLParser

# Where a mail client starts quoting the mail replied to: everything from there down is the
# notice itself, never the reply (Outlook, Foxmail and QQ Mail in Chinese and English, Apple
# Mail, Gmail, Thunderbird).
_QUOTE_STARTS = re.compile(
    r"^\s*(?:"
    r"-{2,}\s*(?:原始邮件|Original Message|Forwarded message|转发邮件)\s*-{2,}"
    r"|在.{0,200}写道\s*[:：]?"
    r"|On .{0,200}wrote\s*:?"
    r"|(?:发件人|From)\s*[:：].*"
    r"|_{8,}"
    r")\s*$",
    re.IGNORECASE,
)
_SIGNATURE = "-- "  # RFC 3676 signature separator
_OUT_OF_OFFICE = re.compile(
    r"自动回复|自动答复|不在办公室|out of (?:the )?office|auto(?:matic)?[ -]?reply|autoreply"
    r"|vacation",
    re.IGNORECASE,
)
_MESSAGE_IDS = re.compile(r"<[^<>\s]+>")
_TOKEN_HEADERS = ("To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To")


@dataclass(frozen=True)
class Reply:
    message_id: str  # as written, or sha256:… of the mail when it has no Message-ID
    from_email: str  # lower case
    from_name: str | None
    subject: str
    answers: tuple[str, ...]  # Message-IDs from In-Reply-To, then References (newest first)
    addressed_to: tuple[str, ...]  # every address it was delivered to
    automatic: bool  # an auto-reply, a bounce, a list mail: never applied, never answered
    text: str  # the new text, quotes and signature cut off


def read_reply(raw: bytes) -> Reply:
    """``raw`` (RFC 5322 bytes as fetched) read into a ``Reply``."""
    message = message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    name, address = parseaddr(str(message.get("From", "")))
    message_id = _first_id(str(message.get("Message-ID", "")))
    if message_id is None:
        message_id = "sha256:" + hashlib.sha256(raw).hexdigest()
    in_reply_to = _MESSAGE_IDS.findall(str(message.get("In-Reply-To", "")))
    references = _MESSAGE_IDS.findall(str(message.get("References", "")))
    answers = tuple(dict.fromkeys([*in_reply_to, *reversed(references)]))
    addressed = [
        found
        for header in _TOKEN_HEADERS
        for _, found in getaddresses([str(value) for value in message.get_all(header, [])])
        if found
    ]
    subject = " ".join(str(message.get("Subject", "")).split())
    return Reply(
        message_id=message_id[:255],
        from_email=address.strip().lower(),
        from_name=name.strip() or None,
        subject=subject,
        answers=answers,
        addressed_to=tuple(addressed),
        automatic=is_automatic(message, address, subject),
        text=new_text(_body_text(message)),
    )


def is_automatic(message: EmailMessage, address: str, subject: str) -> bool:
    """Sent by a machine, not typed by the owner: RFC 3834 Auto-Submitted other than "no", the
    vendors' X-Autoreply / X-Autorespond, Precedence bulk/junk/list/auto_reply, a delivery
    report, a mail daemon, or an out-of-office subject (自动回复, Out of Office)."""
    submitted = str(message.get("Auto-Submitted", "no")).strip().lower()
    if submitted and submitted != "no":
        return True
    if any(message.get(name) for name in ("X-Autoreply", "X-Autorespond")):
        return True
    precedence = str(message.get("Precedence", "")).strip().lower()
    if precedence in ("bulk", "junk", "list", "auto_reply"):
        return True
    if message.get_content_type() == "multipart/report":
        return True
    local = address.partition("@")[0].lower()
    if local in ("mailer-daemon", "postmaster") or not address:
        return True
    return bool(_OUT_OF_OFFICE.search(subject))


def new_text(body: str) -> str:
    """What the person wrote: the lines above the quoted mail, without ">" lines or signature."""
    kept: list[str] = []
    for line in body.replace("\r\n", "\n").split("\n"):
        if _QUOTE_STARTS.match(line) or line == _SIGNATURE:
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line)
    return "\n".join(kept).strip()


def _first_id(value: str) -> str | None:
    found = _MESSAGE_IDS.search(value)
    return found[0] if found else None


def _body_text(message: EmailMessage) -> str:
    """The plain-text body; an HTML-only mail's text without its tags."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError):  # an unknown or wrong charset: read what can be read
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return ""
    if part.get_content_type() == "text/html":
        return _html_text(content)
    return content


class _Text(HTMLParser):
    """HTML to lines: block tags end a line, a blockquote (the quoted mail) is dropped."""

    _BLOCKS = frozenset({"p", "div", "br", "tr", "li", "h1", "h2", "h3", "table"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.quoted = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "blockquote":
            self.quoted += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "blockquote":
            self.quoted = max(0, self.quoted - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.quoted:
            self.parts.append(data)


def _html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return re.sub(r"\n\s*\n+", "\n", "".join(parser.parts))
