"""The deadline attachment is a valid RFC 5545 calendar that survives Chinese text."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notifications.calendar_file import deadline_event, escape_text, fold

SHANGHAI = timezone(timedelta(hours=8))
NOW = datetime(2026, 10, 20, 9, 30, tzinfo=SHANGHAI)
LONG_ZH = (
    "聊链轴承督〔2026〕12号：推动轴承产业园二期标准厂房建设，责任单位市自然资源和规划局，"
    "责任人张伟；请链长督促责任单位限期办结，明确整改措施和完成时限，并将办理情况书面反馈"
    "市链长制办公室。签收链接：https://chainops.example.gov.cn/ack/42.20261103.abc"
)


def event(**changes: object) -> bytes:
    arguments: dict[str, object] = {
        "uid": "notice-12-outbox-7@chainops",
        "summary": "【督办通知单】推动轴承产业园二期标准厂房建设",
        "description": LONG_ZH,
        "due": date(2026, 10, 20),
        "organizer_email": "office@example.gov.cn",
        "attendee_email": "zhangwei@example.gov.cn",
        "now": NOW,
    }
    arguments.update(changes)
    return deadline_event(**arguments)  # type: ignore[arg-type]


def unfold(data: bytes) -> list[str]:
    """RFC 5545 §3.1: undo folding (CRLF followed by one space or tab), then split lines."""
    text = data.decode("utf-8")
    assert text.endswith("\r\n")
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")[:-1]


def unescape(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)


def properties(data: bytes, component: str = "VEVENT") -> dict[str, tuple[str, str]]:
    """name → (parameters, value) for the first properties directly inside ``component``."""
    found: dict[str, tuple[str, str]] = {}
    stack: list[str] = []
    for line in unfold(data):
        name_and_params, _, value = line.partition(":")
        name, _, params = name_and_params.partition(";")
        if name == "BEGIN":
            stack.append(value)
        elif name == "END":
            assert stack.pop() == value
        elif stack and stack[-1] == component:
            found.setdefault(name, (params, value))
    assert not stack
    return found


def test_it_is_one_published_calendar_with_one_event_and_one_alarm() -> None:
    lines = unfold(event())
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and "METHOD:PUBLISH" in lines
    assert any(line.startswith("PRODID:") for line in lines)
    assert lines.count("BEGIN:VEVENT") == 1 and lines.count("BEGIN:VALARM") == 1


def test_every_line_ends_with_crlf_and_no_bare_newline_is_left() -> None:
    data = event(description="第一行\n第二行\r\n第三行")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"\r" not in data.replace(b"\r\n", b"")


def test_the_deadline_is_an_all_day_event_on_the_due_date() -> None:
    found = properties(event())
    assert found["DTSTART"] == ("VALUE=DATE", "20261020")
    assert found["DTEND"] == ("VALUE=DATE", "20261021")
    assert found["TRANSP"][1] == "TRANSPARENT"


def test_an_event_on_new_years_eve_ends_in_the_next_year() -> None:
    assert properties(event(due=date(2026, 12, 31)))["DTEND"][1] == "20270101"


def test_the_stamp_is_utc() -> None:
    assert properties(event())["DTSTAMP"][1] == "20261020T013000Z"


def test_a_naive_clock_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        event(now=datetime(2026, 10, 20, 9, 30))


def test_a_datetime_as_due_date_is_refused() -> None:
    with pytest.raises(ValueError, match="must be a date"):
        event(due=datetime(2026, 10, 20, tzinfo=UTC))


def test_organizer_attendee_and_uid_are_there() -> None:
    found = properties(event(attendee_name="张伟", organizer_name='市链长制"办公室"'))
    assert found["UID"][1] == "notice-12-outbox-7@chainops"
    assert found["ORGANIZER"] == ('CN="市链长制办公室"', "mailto:office@example.gov.cn")
    assert found["ATTENDEE"] == ('ROLE=REQ-PARTICIPANT;CN="张伟"', "mailto:zhangwei@example.gov.cn")


def test_the_alarm_rings_before_the_deadline() -> None:
    alarm = properties(event(), "VALARM")
    assert alarm["ACTION"][1] == "DISPLAY"
    assert alarm["TRIGGER"][1].startswith("-P")
    assert unescape(alarm["DESCRIPTION"][1]) == "【督办通知单】推动轴承产业园二期标准厂房建设"


def test_special_characters_are_escaped_and_come_back() -> None:
    summary = "a;b,c\\d\n第二行"
    data = event(summary=summary)
    raw = properties(data)["SUMMARY"][1]
    assert raw == "a\\;b\\,c\\\\d\\n第二行"
    assert unescape(raw) == summary


def test_long_chinese_text_is_folded_at_75_octets_without_splitting_a_character() -> None:
    data = event()
    physical = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in physical) <= 75
    assert any(len(line) > 70 for line in physical)  # it really was folded, and tightly
    for line in physical:
        line.decode("utf-8")  # a split character would not decode
    assert unescape(properties(data)["DESCRIPTION"][1]) == LONG_ZH


def test_a_short_line_is_not_folded() -> None:
    assert fold("SUMMARY:short") == "SUMMARY:short"


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\r")))
def test_any_text_round_trips_and_every_physical_line_fits(text: str) -> None:
    line = "DESCRIPTION:" + escape_text(text)
    folded = fold(line)
    for physical in folded.split("\r\n"):
        assert len(physical.encode("utf-8")) <= 75
    assert folded.replace("\r\n ", "") == line
    assert unescape(line.removeprefix("DESCRIPTION:")) == text
