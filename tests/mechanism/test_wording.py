"""A message carries its English as its value and its Chinese beside it."""

from mechanism.wording import Said, in_language, zh


def test_a_message_is_its_english_and_knows_its_chinese() -> None:
    message = Said("title: must not be empty", "标题：不能为空")

    assert message == "title: must not be empty"
    assert str(ValueError(message)) == "title: must not be empty"
    assert zh(message) == "标题：不能为空"
    assert in_language(message, "zh-CN") == "标题：不能为空"
    assert in_language(message, "en") == "title: must not be empty"


def test_an_exception_raised_with_a_message_speaks_chinese_on_a_chinese_page() -> None:
    refusal = ValueError(Said("no task 7", "没有编号为 7 的督办事项"))

    assert in_language(refusal, "zh-CN") == "没有编号为 7 的督办事项"
    assert in_language(refusal, "en") == "no task 7"


def test_a_plain_message_stays_as_it_is_in_either_language() -> None:
    assert in_language(ValueError("disk full"), "zh-CN") == "disk full"
    assert zh("plain") == "plain"
    assert zh(KeyError("a", "b")) == "('a', 'b')"


def test_messages_compose() -> None:
    inner = LookupError(Said("no chain 'X'", "没有产业链 'X'"))
    outer = Said(f"chain: {inner}", f"产业链：{zh(inner)}")

    assert outer == "chain: no chain 'X'"
    assert outer.zh == "产业链：没有产业链 'X'"
