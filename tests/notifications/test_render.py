"""Notices render in both languages from their frozen facts, escaped where it matters."""

import copy
from pathlib import Path
from typing import Any

import pytest

from notifications.examples import EXAMPLE_CONTEXTS
from notifications.render import (
    ANSWERS,
    KINDS,
    LOCALES,
    PARTS,
    TEMPLATES,
    NoticeContextError,
    Rendered,
    html_one_line,
    kind_label,
    render,
    render_digest,
)

EVERY_KIND_AND_LOCALE = [(kind, locale) for kind in KINDS for locale in LOCALES]
TASK_KINDS = ("reminder", "urging_slip", "coordination", "supervision")
FORMAL_KINDS = ("urging_slip", "coordination", "supervision")
HOSTILE = '<script>alert("x")</script> & Co'
FEEDBACK = "https://chainops.example.gov.cn/feedback"


def context(kind: str, **changes: Any) -> dict[str, Any]:
    return {**copy.deepcopy(EXAMPLE_CONTEXTS[kind]), **changes}


def test_every_kind_has_subject_text_and_html_templates_in_both_languages() -> None:
    for locale in LOCALES:
        for kind in KINDS:
            for part in PARTS:
                assert (TEMPLATES / locale / f"{kind}.{part}").is_file(), f"{locale}/{kind}.{part}"


def test_no_template_belongs_to_an_unknown_kind() -> None:
    expected = {f"{kind}.{part}" for kind in (*KINDS, *ANSWERS) for part in PARTS}
    for locale in LOCALES:
        names = {path.name for path in Path(TEMPLATES / locale).iterdir()}
        assert {name for name in names if not name.startswith("_")} == expected


def test_every_kind_has_a_complete_example_context() -> None:
    assert set(EXAMPLE_CONTEXTS) == set(KINDS)


@pytest.mark.parametrize(("kind", "locale"), EVERY_KIND_AND_LOCALE)
def test_every_kind_renders_in_every_locale(kind: str, locale: str) -> None:
    rendered = render(kind, locale, EXAMPLE_CONTEXTS[kind])
    assert rendered.subject
    assert "\n" not in rendered.subject
    assert rendered.subject == rendered.subject.strip()
    assert rendered.text.strip()
    assert rendered.text.endswith("\n")
    assert rendered.html.startswith("<div") and rendered.html.endswith("</div>")


@pytest.mark.parametrize(("kind", "locale"), EVERY_KIND_AND_LOCALE)
def test_html_has_no_newlines_and_loads_nothing_from_outside(kind: str, locale: str) -> None:
    html = render(kind, locale, EXAMPLE_CONTEXTS[kind]).html
    assert "\n" not in html and "\r" not in html  # yagmail would turn them into <br>
    for outside in ("<link", "<style", "<script", "<img", "src=", "url("):
        assert outside not in html


# Facts that are dates, months or codes of ours; every other string may hold what someone typed.
NOT_FREE_TEXT = {
    "due_date", "original_due_date", "start_date", "issued_on", "ack_expires", "needed_by",
    "stage_due", "last_report_month", "month", "light", "kind", "stage", "factor_type",
    "recipient_role", "chain_code", "feedback_due",
}  # fmt: skip


def free_text(kind: str) -> list[str]:
    return [
        key
        for key, value in EXAMPLE_CONTEXTS[kind].items()
        if isinstance(value, str) and key not in NOT_FREE_TEXT
    ]


@pytest.mark.parametrize(("kind", "locale"), EVERY_KIND_AND_LOCALE)
def test_markup_in_any_typed_fact_is_escaped_in_html_and_kept_in_text(
    kind: str, locale: str
) -> None:
    rendered = render(kind, locale, context(kind, **dict.fromkeys(free_text(kind), HOSTILE)))
    assert "<script>" not in rendered.html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co" in rendered.html
    assert HOSTILE in rendered.text
    assert "&lt;" not in rendered.text and "&amp;" not in rendered.text


def test_no_html_template_uses_a_text_partial() -> None:
    # A macro from a non-autoescaped file, called from HTML, comes back marked safe unescaped.
    for path in TEMPLATES.rglob("*.html"):
        source = path.read_text(encoding="utf-8")
        assert '.txt"' not in source, f"{path} imports or includes a .txt template"


def test_a_title_with_markup_shows_raw_in_the_subject() -> None:
    rendered = render("urging_slip", "zh-CN", context("urging_slip", title=HOSTILE))
    assert HOSTILE in rendered.subject


def test_rollup_highlights_are_escaped_too() -> None:
    rendered = render("monthly_rollup", "en", context("monthly_rollup", highlights=[HOSTILE]))
    assert "<script>" not in rendered.html
    assert HOSTILE in rendered.text


# Facts every template of the kind shows; leaving one out must fail loudly, not print a blank.
REQUIRED = {
    **{
        kind: (
            "title", "chain_name", "number", "department_name", "owner_name", "due_date",
            "original_due_date", "progress", "light", "working_days_overdue",
            "issued_on", "recipient_name", "recipient_role", "ack_url", "ack_expires",
            "office_name",
        )
        for kind in TASK_KINDS
    },
    "assignment": (
        "title", "chain_name", "number", "requirements", "department_name",
        "co_department_names", "owner_name", "start_date", "due_date", "working_days",
        "assigned_by", "issued_on", "recipient_name", "recipient_role", "ack_url",
        "ack_expires", "office_name",
    ),
    "handover": (
        "title", "chain_name", "event", "by", "proposed_due", "reason", "department_name",
        "owner_name", "due_date", "progress", "issued_on", "recipient_name", "recipient_role",
        "ack_url", "ack_expires", "office_name",
    ),
    "factor_request": (
        "code", "chain_name", "enterprise_name", "factor_type", "quantity", "unit", "needed_by",
        "department_name", "stage", "stage_due", "working_days_overdue", "description",
        "number", "issued_on", "ack_url", "ack_expires", "recipient_name", "office_name",
    ),
    "project_stale": (
        "code", "name", "chain_name", "enterprise_name", "department_name",
        "last_report_month", "months_missing", "issued_on", "ack_url", "ack_expires",
        "recipient_name", "office_name",
    ),
    "monthly_rollup": (
        "month", "scope_name", "figures", "highlights", "recipient_name", "office_name",
        "report_url",
    ),
    "digest": ("recipient_name", "office_name", "items", "count"),
}  # fmt: skip
MISSING = [(kind, locale, key) for kind, locale in EVERY_KIND_AND_LOCALE for key in REQUIRED[kind]]


@pytest.mark.parametrize(("kind", "locale", "key"), MISSING)
def test_a_missing_fact_raises_and_names_itself(kind: str, locale: str, key: str) -> None:
    facts = context(kind)
    del facts[key]
    with pytest.raises(NoticeContextError, match=f"'{key}' is undefined") as caught:
        render(kind, locale, facts)
    assert isinstance(caught.value, ValueError)
    assert str(caught.value).startswith(f"{locale}/{kind}.")


def test_the_required_facts_are_all_in_the_examples() -> None:
    for kind, keys in REQUIRED.items():
        assert set(keys) <= set(EXAMPLE_CONTEXTS[kind]), kind


@pytest.mark.parametrize("kind", FORMAL_KINDS)
def test_a_chinese_formal_slip_carries_what_the_three_slips_carry(kind: str) -> None:
    facts = EXAMPLE_CONTEXTS[kind]
    rendered = render(kind, "zh-CN", facts)
    for part in (rendered.text, rendered.html):
        for label in ("编　　号", "工作事项", "工作要求", "责任单位", "责 任 人", "时限要求"):
            assert label in part
        assert facts["number"] in part
        assert facts["department_name"] in part
        assert facts["title"] in part
        assert "2026年10月2" in part  # the deadline, written the Chinese way
        assert facts["ack_url"] in part
        assert facts["office_name"] in part
    assert facts["number"] in rendered.subject


@pytest.mark.parametrize("kind", FORMAL_KINDS)
def test_an_english_formal_slip_carries_the_same_fields(kind: str) -> None:
    rendered = render(kind, "en", EXAMPLE_CONTEXTS[kind])
    for part in (rendered.text, rendered.html):
        for label in ("Number", "Task", "Requirement", "Responsible unit", "Responsible person"):
            assert label in part
        assert "Deadline" in part
        assert EXAMPLE_CONTEXTS[kind]["number"] in part


def test_a_reminder_is_informal_and_has_no_number() -> None:
    rendered = render("reminder", "zh-CN", EXAMPLE_CONTEXTS["reminder"])
    assert "编　　号" not in rendered.text and "编　　号" not in rendered.html
    assert "还有3个工作日" in rendered.text


def test_an_overdue_slip_counts_the_working_days_overdue() -> None:
    assert "已逾期8个工作日" in render("supervision", "zh-CN", context("supervision")).text
    assert "8 working days overdue" in render("supervision", "en", context("supervision")).text
    one = render("supervision", "en", context("supervision", working_days_overdue=1)).text
    assert "1 working day overdue" in one


def test_an_extended_deadline_shows_the_original_date() -> None:
    rendered = render("coordination", "zh-CN", EXAMPLE_CONTEXTS["coordination"])
    assert "2026年10月23日（原定2026年10月20日，已批准延期）" in rendered.text


def test_a_slip_without_a_named_person_shows_a_dash() -> None:
    text = render("supervision", "zh-CN", EXAMPLE_CONTEXTS["supervision"]).text
    assert "责 任 人：—" in text


def test_the_acknowledgement_link_and_its_expiry_are_in_every_task_notice() -> None:
    for kind in TASK_KINDS:
        zh = render(kind, "zh-CN", EXAMPLE_CONTEXTS[kind])
        en = render(kind, "en", EXAMPLE_CONTEXTS[kind])
        assert "有效期至2026年11月3日" in zh.text
        assert "valid until 3 Nov 2026" in en.text
        assert f'href="{EXAMPLE_CONTEXTS[kind]["ack_url"]}"' in zh.html


# Variants that take the other branches of the templates, so no branch hides an undefined name.
VARIANTS = [
    *[(kind, {"working_days_overdue": 0, "working_days_left": 0}) for kind in TASK_KINDS],
    *[(kind, {"working_days_overdue": 5, "working_days_left": 0}) for kind in TASK_KINDS],
    *[(kind, {"working_days_overdue": 0, "working_days_left": 2}) for kind in TASK_KINDS],
    *[(kind, {"number": None, "recipient_name": None}) for kind in TASK_KINDS],
    ("reminder", {"number": "聊链轴承提〔2026〕1号"}),
    ("factor_request", {"working_days_overdue": 0, "number": "聊链要〔2026〕3号"}),
    ("factor_request", {"stage": "acknowledge", "recipient_name": None}),
    ("project_stale", {"last_report_month": None, "months_missing": 1}),
    ("monthly_rollup", {"highlights": [], "report_url": None, "figures": {"custom": 3}}),
]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize(("kind", "changes"), VARIANTS)
def test_other_branches_render_too(kind: str, changes: dict[str, Any], locale: str) -> None:
    rendered = render(kind, locale, context(kind, **changes))
    assert rendered.subject and rendered.text and rendered.html


def test_a_stale_project_that_never_reported_says_so() -> None:
    facts = context("project_stale", last_report_month=None)
    assert "从未报送" in render("project_stale", "zh-CN", facts).text
    assert "Last report:      never" in render("project_stale", "en", facts).text


def test_rollup_rates_show_as_percentages_and_unknown_figures_by_their_key() -> None:
    facts = context("monthly_rollup", figures={"on_time_rate": 0.875, "custom_count": 4})
    text = render("monthly_rollup", "zh-CN", facts).text
    assert "按期办结率：87.5%" in text
    assert "custom_count：4" in text


def test_a_newline_in_a_title_does_not_break_the_subject() -> None:
    rendered = render("reminder", "en", context("reminder", title="first line\nsecond  line"))
    assert rendered.subject.startswith("Reminder: first line second line is due")


@pytest.mark.parametrize(("kind", "locale"), [("notice", "zh-CN"), ("reminder", "fr")])
def test_an_unknown_kind_or_locale_is_named(kind: str, locale: str) -> None:
    with pytest.raises(ValueError, match=repr(kind) if kind == "notice" else repr(locale)):
        render(kind, locale, EXAMPLE_CONTEXTS["reminder"])


def rendered_items(locale: str, kinds: tuple[str, ...]) -> list[tuple[str, Rendered]]:
    return [(kind, render(kind, locale, EXAMPLE_CONTEXTS[kind])) for kind in kinds]


@pytest.mark.parametrize("locale", LOCALES)
def test_a_digest_keeps_the_order_given_and_contains_every_notice(locale: str) -> None:
    kinds = ("supervision", "coordination", "factor_request", "urging_slip", "reminder")
    items = rendered_items(locale, kinds)
    digest = render_digest(
        items, locale=locale, recipient_name="张伟", office_name="市链长制", feedback_url=FEEDBACK
    )
    for part, attribute in ((digest.text, "text"), (digest.html, "html")):
        positions = [part.index(getattr(rendered, attribute).strip()) for _, rendered in items]
        assert positions == sorted(positions)
    index = [digest.text.index(rendered.subject) for _, rendered in items]
    assert index == sorted(index)
    assert str(len(items)) in digest.subject
    assert kind_label("supervision", locale) in digest.subject
    assert "\n" not in digest.html


def test_a_digest_of_one_notice_keeps_its_subject() -> None:
    items = rendered_items("zh-CN", ("urging_slip",))
    digest = render_digest(
        items,
        locale="zh-CN",
        recipient_name=None,
        office_name="市链长制办公室",
        feedback_url=FEEDBACK,
    )
    assert digest.subject == items[0][1].subject


def test_a_digest_escapes_subjects_but_embeds_rendered_html_as_it_is() -> None:
    items = rendered_items("en", ("reminder",))
    hostile = render("urging_slip", "en", context("urging_slip", title=HOSTILE))
    digest = render_digest(
        [*items, ("urging_slip", hostile)],
        locale="en",
        recipient_name="Li",
        office_name="Office",
        feedback_url=FEEDBACK,
    )
    assert "<script>" not in digest.html
    assert hostile.html in digest.html
    assert items[0][1].html in digest.html


def test_an_empty_digest_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one"):
        render_digest(
            [], locale="en", recipient_name=None, office_name="Office", feedback_url=FEEDBACK
        )


def test_kind_labels_follow_the_vocabulary() -> None:
    assert kind_label("supervision", "zh-CN") == "督办通知单"
    assert kind_label("urging_slip", "en") == "Urging slip"
    assert kind_label("project_stale", "zh-CN") == "项目月报催报"


@pytest.mark.parametrize(
    ("html", "one_line"),
    [
        ("<table>\n  <tr>\n    <td>a</td>\n  </tr>\n</table>",
         "<table><tr><td>a</td></tr></table>"),
        ("<p>Please\n<a href='x'>go</a>\nsoon</p>", "<p>Please <a href='x'>go</a> soon</p>"),
        ("<p>\r\n  text\r\n</p>\n", "<p> text </p>"),
        ("<p>one line</p>", "<p>one line</p>"),
    ],
)  # fmt: skip
def test_html_one_line_drops_layout_newlines_and_keeps_word_spaces(
    html: str, one_line: str
) -> None:
    assert html_one_line(html) == one_line
    assert html_one_line(one_line) == one_line
