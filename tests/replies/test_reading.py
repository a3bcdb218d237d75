"""Reading a reply: the figure and note in its new text, quotes cut off, machines recognised,
and the signed reply address."""

from email.message import EmailMessage

import pytest

from notifications.reply_address import (
    ReplyTokenError,
    reply_address,
    sign_reply,
    token_in,
    verify_reply,
)
from services.replies import NoFigure, new_text, read_figure, read_reply


@pytest.mark.parametrize(
    ("text", "progress", "note"),
    [
        ("进度 60% 已完成用地预审", 60, "已完成用地预审"),
        ("60%", 60, None),
        ("进度：60", 60, None),
        ("progress 60 land pre-review done", 60, "land pre-review done"),
        ("Progress: 75%, contract signed", 75, "contract signed"),
        ("已完成用地预审，进度60%", 60, "已完成用地预审"),
        ("进度为８０％", 80, None),  # full-width digits and sign
        ("0%", 0, None),
        ("100% 已报结", 100, "已报结"),
    ],
)
def test_the_figure_and_the_note(text: str, progress: int, note: str | None) -> None:
    figure = read_figure(text)
    assert (figure.progress, figure.note) == (progress, note)


@pytest.mark.parametrize(
    ("text", "reason"),
    [("收到，正在办理。", "no_figure"), ("", "no_figure"), ("进度 120%", "over_100"),
     ("进度 60.5%", "no_figure")],
)  # fmt: skip
def test_no_figure_or_one_beyond_100_is_refused(text: str, reason: str) -> None:
    with pytest.raises(NoFigure) as refused:
        read_figure(text)
    assert refused.value.reason == reason


@pytest.mark.parametrize(
    "quote",
    [
        "-----原始邮件-----\n发件人: 市链长制办公室",
        "在 2026年11月30日 09:00，市链长制办公室 写道：",
        "On Mon, 30 Nov 2026 at 09:00, Office <chainops@example.gov.cn> wrote:",
        "> 提醒函 进度 0%",
        "-----Original Message-----",
        "发件人：市链长制办公室",
    ],
)
def test_quoted_text_is_not_the_reply(quote: str) -> None:
    body = f"进度 60% 已完成用地预审\n\n{quote}\n> 剩余 3 个工作日 90%\n"
    assert new_text(body) == "进度 60% 已完成用地预审"
    assert read_figure(new_text(body)).progress == 60


def test_a_figure_only_in_the_quoted_notice_is_no_figure() -> None:
    body = "好的\n\n在 2026年11月30日 09:00，办公室 写道：\n> 当前进度 40%\n"
    with pytest.raises(NoFigure):
        read_figure(new_text(body))


def mail(subject: str = "回复：提醒函", **headers: str) -> bytes:
    message = EmailMessage()
    message["From"] = "王磊 <Wang.Lei@Example.gov.cn>"
    message["To"] = "chainops@example.gov.cn"
    message["Subject"] = subject
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content("进度 60%")
    return bytes(message)


def test_a_person_s_reply_is_not_automatic_and_its_sender_is_lower_cased() -> None:
    reply = read_reply(mail(Auto_Submitted="no", Message_ID="<a@b>"))
    assert not reply.automatic
    assert reply.from_email == "wang.lei@example.gov.cn"
    assert reply.message_id == "<a@b>"


@pytest.mark.parametrize(
    "automatic",
    [
        mail(Auto_Submitted="auto-replied"),
        mail(X_Autoreply="yes"),
        mail(Precedence="bulk"),
        mail(Precedence="auto_reply"),
        mail(subject="自动回复：提醒函"),
        mail(subject="Out of Office: Reminder"),
        mail(subject="Automatic reply: Reminder"),
    ],
)
def test_auto_replies_are_recognised(automatic: bytes) -> None:
    assert read_reply(automatic).automatic


def test_a_mail_without_a_message_id_is_known_by_its_digest() -> None:
    first, second = read_reply(mail()), read_reply(mail(subject="另一封"))
    assert first.message_id.startswith("sha256:")
    assert first.message_id != second.message_id


def test_the_reply_address_names_its_row_and_refuses_any_change() -> None:
    address = reply_address("chainops@example.gov.cn", 42, "secret-one")
    token = token_in(address)
    assert address.startswith("chainops+r.42.") and address.endswith("@example.gov.cn")
    assert token is not None and len(address.partition("@")[0]) <= 64
    assert verify_reply(token, "secret-one") == 42
    assert verify_reply(token.upper(), "secret-one") == 42  # a server may change the case
    with pytest.raises(ReplyTokenError):
        verify_reply(token.replace("r.42.", "r.43."), "secret-one")
    with pytest.raises(ReplyTokenError):
        verify_reply(token, "another-secret")
    with pytest.raises(ReplyTokenError):
        verify_reply("r.42.short", "secret-one")
    assert token_in("chainops@example.gov.cn") is None
    assert sign_reply(42, "secret-one") == token
