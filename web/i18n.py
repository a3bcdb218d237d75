"""Page text in zh-CN and en. A page asks ``t("key")``; the words live by area in ``web.text``.
A missing key shows the key itself (tests check pages in both languages), never a blank."""

from mechanism.wording import Said
from web.text import (
    api,
    benchmarks,
    chains,
    common,
    enterprises,
    feedback,
    investment,
    items,
    lists,
    matchmaking,
    office,
    pipeline,
    plans,
    practice_records,
    supervision,
    supply_lists,
    todo,
)

LOCALES = ("zh-CN", "en")

TEXT: dict[str, tuple[str, str]] = {}
for _area in (
    common.COMMON, chains.TEXT, items.TEXT, office.TEXT, api.TEXT, lists.TEXT, todo.TEXT,
    feedback.TEXT, plans.TEXT, enterprises.TEXT, matchmaking.TEXT, supply_lists.TEXT,
    investment.TEXT,
    pipeline.TEXT,
    benchmarks.TEXT,
    supervision.TEXT,
    practice_records.TEXT,  # issue 18: the practices' records
):
    _twice = set(TEXT) & set(_area)
    assert not _twice, f"page text defined twice: {sorted(_twice)}"
    TEXT.update(_area)


def translate(locale: str, key: str, **values: object) -> str:
    pair = TEXT.get(key)
    if pair is None:
        return key
    text = pair[0] if locale == "zh-CN" else pair[1]
    return text.format(**values) if values else text


def said(key: str, **values: object) -> Said:
    """A page text as a message in both languages (``mechanism.wording.Said``), for a refusal
    worded where the page's language is not yet known: ``in_language`` picks it later."""
    return Said(translate("en", key, **values), translate("zh-CN", key, **values))
