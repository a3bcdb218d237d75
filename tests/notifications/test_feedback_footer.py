"""Every notice, of every kind and in both languages, ends with where to send feedback or a
complaint about it (the 2024 burden-reduction rules ask for a complaint channel)."""

import copy
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from models import Notice
from notifications.examples import EXAMPLE_CONTEXTS
from notifications.links import feedback_url
from notifications.render import KINDS, LOCALES, NoticeContextError, render, render_digest
from services.outbox import dispatch
from tests.notifications.test_dispatch import MONDAY_0900, RULES, queued, smtp

__all__ = ["queued"]  # the fixture: urging slips queued by a sweep

LINE = {"zh-CN": "意见与投诉：", "en": "Feedback or complaints: "}
EVERY_KIND_AND_LOCALE = [(kind, locale) for kind in KINDS for locale in LOCALES]


@pytest.mark.parametrize(("kind", "locale"), EVERY_KIND_AND_LOCALE)
def test_every_kind_ends_with_the_feedback_line_in_text_and_html(kind: str, locale: str) -> None:
    url = EXAMPLE_CONTEXTS[kind]["feedback_url"]
    rendered = render(kind, locale, EXAMPLE_CONTEXTS[kind])
    assert rendered.text.rstrip().endswith(f"{LINE[locale]}{url}")
    assert f'{LINE[locale]}<a href="{url}"' in rendered.html
    other = LINE["en" if locale == "zh-CN" else "zh-CN"]
    assert other not in rendered.text and other not in rendered.html


@pytest.mark.parametrize(("kind", "locale"), EVERY_KIND_AND_LOCALE)
def test_a_notice_without_its_feedback_link_is_refused_not_sent_without_it(
    kind: str, locale: str
) -> None:
    facts = copy.deepcopy(EXAMPLE_CONTEXTS[kind])
    del facts["feedback_url"]
    with pytest.raises(NoticeContextError, match="'feedback_url' is undefined"):
        render(kind, locale, facts)


@pytest.mark.parametrize("locale", LOCALES)
def test_a_digest_keeps_each_notices_own_link_and_ends_with_the_general_one(locale: str) -> None:
    items = [(kind, render(kind, locale, EXAMPLE_CONTEXTS[kind])) for kind in KINDS[:4]]
    general = feedback_url("https://chainops.example.gov.cn/")
    digest = render_digest(
        items, locale=locale, recipient_name="张伟", office_name="市链长制办公室",
        feedback_url=general,
    )  # fmt: skip
    assert digest.text.rstrip().endswith(f"{LINE[locale]}{general}")
    assert "https://chainops.example.gov.cn/feedback?notice=42" in digest.text


def test_the_link_names_the_notice_it_is_about() -> None:
    assert feedback_url("https://x.cn/", 7) == "https://x.cn/feedback?notice=7"
    assert feedback_url("https://x.cn") == "https://x.cn/feedback"


def test_each_notice_in_a_dispatched_digest_links_to_feedback_about_itself(
    queued: int, engine: sa.Engine, smtp_server: Any, session: Session
) -> None:
    with smtp(smtp_server) as transport:
        dispatch(engine=engine, now=MONDAY_0900, transport=transport, rules=RULES)
    notice_ids = session.exec(select(Notice.id)).all()
    assert len(notice_ids) == 4
    for message in smtp_server.messages:
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        for notice_id in notice_ids:
            assert f"{LINE['zh-CN']}{RULES.base_url}/feedback?notice={notice_id}" in text
            assert f'href="{RULES.base_url}/feedback?notice={notice_id}"' in html
        assert text.rstrip().endswith(f"{LINE['zh-CN']}{RULES.base_url}/feedback")
