"""Transports against a real SMTP server (aiosmtpd, see conftest) and a real directory."""

import email
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from notifications.message import Attachment, OutgoingEmail, new_message_id, to_mime
from notifications.transports import FileTransport, SmtpTransport, TransportError, make_transport

OFFICE = "office@example.gov.cn"
ZHANGSAN = "zhangsan@example.gov.cn"
ICS_NAME = "督办通知单-聊链轴承督〔2026〕12号.ics"
ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//chainops//zh-CN\r\nBEGIN:VEVENT\r\n"
    "UID:task-12@chainops\r\nDTSTART;VALUE=DATE:20261204\r\nSUMMARY:办结期限：轴承产业园用地报批\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
).encode()
# Rendered templates keep Jinja's newlines: they must survive as newlines, not become <br>.
HTML = """<!DOCTYPE html>
<html lang="zh-CN">
<body>
<h1>督办通知单</h1>
<table class="facts">
  <tr><th>编号</th><td>聊链轴承督〔2026〕12号</td></tr>
  <tr><th>期限</th><td>2026年12月4日</td></tr>
</table>
<p>请于期限前办结并<a href="http://localhost:8000/ack/abc">确认收到</a>。</p>
</body>
</html>
"""
TEXT = "督办通知单\n编号：聊链轴承督〔2026〕12号\n期限：2026年12月4日\n"


SUBJECT = "【督办通知单】轴承产业园用地报批"


def notice(*, subject: str = SUBJECT, outbox: str = "12,13") -> OutgoingEmail:
    return OutgoingEmail(
        sender=OFFICE,
        sender_name="聊城市链长制办公室",
        to=ZHANGSAN,
        to_name="张三",
        subject=subject,
        text=TEXT,
        html=HTML,
        attachments=(Attachment(ICS_NAME, ICS, "text/calendar"),),
        message_id=new_message_id(OFFICE),
        headers={"X-Chainops-Outbox": outbox},
    )


@pytest.fixture
def transport(smtp_server):
    transport = SmtpTransport(
        host=smtp_server.host,
        port=smtp_server.port,
        security="none",
        user=None,
        password=None,
        sender=OFFICE,
        timeout=5,
    )
    yield transport
    transport.close()


def body(message: EmailMessage, subtype: str) -> str:
    part = message.get_body(preferencelist=(subtype,))
    assert part is not None and part.get_content_type() == f"text/{subtype}"
    # Text travels in canonical form (RFC 2045 §6.8: CRLF line ends inside the base64).
    return part.get_content().replace("\r\n", "\n")


def the_attachment(message: EmailMessage) -> EmailMessage:
    (attachment,) = message.iter_attachments()
    return attachment


def assert_is_the_notice(message: EmailMessage, sent: OutgoingEmail) -> None:
    assert message["Subject"] == sent.subject
    assert message["From"].addresses[0].display_name == "聊城市链长制办公室"
    assert message["From"].addresses[0].addr_spec == OFFICE
    assert message["To"].addresses[0].display_name == "张三"
    assert message["To"].addresses[0].addr_spec == ZHANGSAN
    assert message["Message-ID"] == sent.message_id
    assert message["X-Chainops-Outbox"] == sent.headers["X-Chainops-Outbox"]
    assert message["Date"].datetime.utcoffset().total_seconds() == 8 * 3600
    assert body(message, "plain") == TEXT
    assert body(message, "html") == HTML
    attachment = the_attachment(message)
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_content_disposition() == "attachment"
    assert attachment.get_filename() == ICS_NAME
    assert attachment.get_content().encode() == ICS


def test_it_delivers_a_chinese_notice_intact(smtp_server, transport):
    sent = notice()

    transport.send(sent)

    (message,) = smtp_server.messages
    assert_is_the_notice(message, sent)
    assert smtp_server.envelopes == [(OFFICE, (ZHANGSAN,))]


def test_the_html_part_arrives_byte_for_byte_without_inserted_line_breaks(smtp_server, transport):
    transport.send(notice())

    html = body(smtp_server.messages[0], "html")
    assert "<br>" not in html
    assert '<table class="facts">\n  <tr>' in html
    assert html == HTML


def test_the_wire_message_is_seven_bit_with_encoded_headers(smtp_server, transport):
    transport.send(notice())

    (raw,) = smtp_server.raw
    assert raw.isascii()
    headers = raw.split(b"\r\n\r\n", 1)[0]
    assert b"Subject: =?utf-8?" in headers
    assert b"filename*" in raw  # RFC 2231, not a bare UTF-8 parameter
    assert b"Content-Type: multipart/mixed" in headers


def test_each_message_keeps_the_message_id_we_set_and_ids_differ(smtp_server, transport):
    first, second = notice(), notice()  # same sender, recipient and subject

    transport.send(first)
    transport.send(second)

    ids = [message["Message-ID"] for message in smtp_server.messages]
    assert ids == [first.message_id, second.message_id]
    assert ids[0] != ids[1]


def test_one_connection_serves_many_messages(smtp_server, transport):
    for number in range(25):
        transport.send(notice(subject=f"【提醒】第{number}号", outbox=str(number)))

    assert len(smtp_server.messages) == 25
    assert smtp_server.connections == 1
    assert transport.connections == 1


def test_a_550_for_the_recipient_is_permanent(smtp_server, transport):
    smtp_server.mode("refuse", code=550, at="rcpt")

    with pytest.raises(TransportError) as refused:
        transport.send(notice())

    assert refused.value.permanent
    assert "550" in str(refused.value)
    assert smtp_server.messages == []


def test_a_550_for_the_message_is_permanent(smtp_server, transport):
    smtp_server.mode("refuse", code=550, at="data")

    with pytest.raises(TransportError) as refused:
        transport.send(notice())

    assert refused.value.permanent


@pytest.mark.parametrize("stage", ["rcpt", "data"])
def test_a_451_is_transient(smtp_server, transport, stage):
    smtp_server.mode("refuse", code=451, at=stage)

    with pytest.raises(TransportError) as refused:
        transport.send(notice())

    assert not refused.value.permanent
    assert "451" in str(refused.value)


def test_after_a_refusal_the_same_connection_carries_on(smtp_server, transport):
    transport.send(notice())
    smtp_server.mode("refuse", code=550, at="rcpt", times=1)
    with pytest.raises(TransportError):
        transport.send(notice())

    transport.send(notice())

    assert len(smtp_server.messages) == 2
    assert smtp_server.connections == 1


def test_a_server_that_hung_up_between_messages_is_reconnected_once(smtp_server, transport):
    transport.send(notice())
    smtp_server.drop_connections()  # as an idle time-out would

    transport.send(notice())

    assert len(smtp_server.messages) == 2
    assert smtp_server.connections == 2


def test_a_connection_dropped_during_data_is_retried_once(smtp_server, transport):
    smtp_server.mode("drop", times=1)

    transport.send(notice())

    assert len(smtp_server.messages) == 1
    assert smtp_server.connections == 2


def test_a_connection_dropped_mid_send_is_resubmitted_by_yagmail_and_arrives_once(
    smtp_server, transport
):
    smtp_server.mode("drop", times=1)

    transport.send(notice())  # yagmail logs in again and resubmits (after waiting 3 s)

    assert len(smtp_server.messages) == 1


def test_a_server_that_is_down_is_transient_and_the_next_send_reconnects(smtp_server, transport):
    transport.send(notice())
    smtp_server.stop()

    with pytest.raises(TransportError) as down:
        transport.send(notice())
    assert not down.value.permanent

    smtp_server.start()
    transport.send(notice())
    assert len(smtp_server.messages) == 2


def test_a_server_that_was_never_up_is_transient(smtp_server, transport):
    smtp_server.stop()

    with pytest.raises(TransportError) as down:
        transport.send(notice())

    assert not down.value.permanent
    assert "cannot connect" in str(down.value)


def test_closing_quits_and_a_later_send_opens_a_new_connection(smtp_server, transport):
    transport.send(notice())
    transport.close()

    transport.send(notice())

    assert smtp_server.connections == 2
    assert len(smtp_server.messages) == 2


@pytest.fixture
def server_with_logins(make_smtp_server):
    return make_smtp_server(logins={"chainops": "s3cret"})


def test_it_logs_in_with_a_bare_login_name_once_for_many_messages(server_with_logins):
    # yagmail would turn a plain "chainops" into "chainops@gmail.com"; the server must see it as is.
    with SmtpTransport(
        host=server_with_logins.host, port=server_with_logins.port, security="none",
        user="chainops", password="s3cret", sender=OFFICE, timeout=5,
    ) as transport:
        transport.send(notice())
        transport.send(notice())

    assert server_with_logins.logins == ["chainops"]
    assert server_with_logins.envelopes == [(OFFICE, (ZHANGSAN,))] * 2


def test_a_wrong_password_is_transient_so_fixing_it_loses_nothing(server_with_logins):
    transport = SmtpTransport(
        host=server_with_logins.host, port=server_with_logins.port, security="none",
        user="chainops", password="wrong", sender=OFFICE, timeout=5,
    )

    with pytest.raises(TransportError) as refused:
        transport.send(notice())

    assert not refused.value.permanent
    assert "535" in str(refused.value)
    assert server_with_logins.messages == []


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_it_sends_over_verified_tls(make_smtp_server, tls_certificate, security):
    server = make_smtp_server(tls=security, certificate=tls_certificate)
    with SmtpTransport(
        host=server.host, port=server.port, security=security, user=None, password=None,
        sender=OFFICE, timeout=5, tls_context=tls_certificate.client_context(),
    ) as transport:
        transport.send(notice())
        transport.send(notice())

    assert [item.tls for item in server.received] == [True, True]
    assert server.connections == 1


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_an_untrusted_certificate_is_refused(make_smtp_server, tls_certificate, security):
    # smtplib's default would be an unverified context; ours checks the chain and the name.
    server = make_smtp_server(tls=security, certificate=tls_certificate)
    transport = SmtpTransport(
        host=server.host, port=server.port, security=security, user=None, password=None,
        sender=OFFICE, timeout=5,
    )

    with pytest.raises(TransportError, match="CERTIFICATE_VERIFY_FAILED"):
        transport.send(notice())

    assert server.messages == []


def test_a_user_without_a_password_is_refused_before_yagmail_can_prompt():
    with pytest.raises(ValueError, match="without a password"):
        SmtpTransport(
            host="127.0.0.1",
            port=25,
            security="starttls",
            user="chainops",
            password=None,
            sender=OFFICE,
        )


def test_the_file_transport_writes_a_parseable_eml(tmp_path):
    outbox = tmp_path / "outbox"  # does not exist yet
    transport = FileTransport(outbox)
    sent = notice(outbox="12,13")

    transport.send(sent)
    transport.send(notice(outbox="12,13"))

    files = sorted(outbox.iterdir())
    assert [path.suffix for path in files] == [".eml", ".eml"]
    assert "-outbox-12-13-" in files[0].name
    message = email.message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert_is_the_notice(message, sent)


def test_the_file_transport_writes_what_smtp_would_send(smtp_server, transport, tmp_path):
    sent = notice()

    transport.send(sent)
    FileTransport(tmp_path).send(sent)

    (path,) = tmp_path.glob("*.eml")
    on_disk = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    over_smtp = smtp_server.messages[0]
    assert body(on_disk, "html") == body(over_smtp, "html")
    assert the_attachment(on_disk).get_content() == the_attachment(over_smtp).get_content()


def test_a_file_transport_that_cannot_write_is_transient(tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")

    with pytest.raises(TransportError) as failed:
        FileTransport(blocker / "outbox").send(notice())

    assert not failed.value.permanent


def test_make_transport_picks_the_configured_kind(tmp_path: Path):
    common = dict(
        outbox_dir=tmp_path,
        host="127.0.0.1",
        port=25,
        security="none",
        user=None,
        password=None,
        sender=OFFICE,
    )
    assert isinstance(make_transport(kind="file", **common), FileTransport)
    assert isinstance(make_transport(kind="smtp", **common), SmtpTransport)


def test_a_binary_attachment_round_trips_its_bytes():
    workbook = bytes(range(256)) * 40
    sent = OutgoingEmail(
        sender=OFFICE, sender_name=None, to=ZHANGSAN, to_name=None, subject="Monthly bulletin",
        text="See the workbook.", html="<p>See the workbook.</p>",
        attachments=(
            Attachment(
                "月度通报-2026年10月.xlsx",
                workbook,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
        ),
        message_id=new_message_id(OFFICE),
    )

    attachment = the_attachment(to_mime(sent))

    assert attachment.get_filename() == "月度通报-2026年10月.xlsx"
    assert attachment.get_content_disposition() == "attachment"
    assert attachment.get_content() == workbook


def test_a_notice_without_attachments_is_multipart_alternative():
    plain = OutgoingEmail(
        sender=OFFICE,
        sender_name=None,
        to=ZHANGSAN,
        to_name=None,
        subject="提醒",
        text="正文",
        html="<p>正文</p>",
        message_id=new_message_id(OFFICE),
    )

    message = to_mime(plain)

    assert message.get_content_type() == "multipart/alternative"
    assert message["From"] == OFFICE


@pytest.mark.parametrize(
    "change",
    [
        {"to": "张三 <zhangsan@example.gov.cn>"},
        {"to": "a@example.gov.cn, b@example.gov.cn"},
        {"message_id": "no-angle-brackets@example"},
        {"subject": "注入\r\nBcc: everyone@example.com"},
        {"headers": {"Message-ID": "<x@y>"}},
    ],
)
def test_an_email_that_would_put_a_header_wrong_is_refused(change):
    fields = dict(
        sender=OFFICE,
        sender_name=None,
        to=ZHANGSAN,
        to_name=None,
        subject="提醒",
        text="正文",
        html="<p>正文</p>",
        message_id=new_message_id(OFFICE),
    )
    with pytest.raises(ValueError):
        OutgoingEmail(**(fields | change))
