"""How the task and chain pages word what they show: a vocabulary member's label, a local
time, an audit event's action, role and detail, and the reminder ladder's level — each in the
page's language, with the code itself when the page text has no words for it."""

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from mechanism.vocabulary import Labelled, NoticeKind, TaskSource, TaskState
from notifications.render import kind_label
from web.i18n import TEXT, translate


def helpers(locale: str, zone: ZoneInfo) -> dict[str, Callable[..., str]]:
    """Template functions: a vocabulary label, a local time, an audit action and its detail."""

    def label(member: Labelled | str | None) -> str:
        if not isinstance(member, Labelled):
            return member or ""
        return member.zh if locale == "zh-CN" else member.en

    def state_label(code: str | None) -> str:
        member = TaskState.parse(code) if code else None
        return label(member) if member is not None else (code or "—")

    def when(moment: datetime | None) -> str:
        return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else ""

    def known(key: str, fallback: str) -> str:
        return translate(locale, key) if key in TEXT else fallback

    def ladder(level: int) -> str:
        kinds = list(NoticeKind)
        if 0 <= level < len(kinds):
            return f"{level} · {label(kinds[level])}"
        return translate(locale, "task.ladder_none")

    labelled: dict[str, Callable[[str], str]] = {
        "state": state_label,
        "source": lambda code: label(TaskSource.parse(code) or code),
        "kind": lambda code: kind_label(code, locale),
        "decision": lambda code: known(f"task.ext.{code}", code),
    }

    colon, separator = ("：", "；") if locale == "zh-CN" else (": ", "; ")

    def shown(key: str, value: object) -> str:
        if isinstance(value, list):
            return ", ".join(shown(key, part) for part in value) or "—"
        if isinstance(value, str) and key in labelled:
            return labelled[key](value)
        return str(value)

    def detail(values: dict[str, Any] | None) -> str:
        """An audit event's detail (ids already named by the service), its keys and coded
        values in the page's language; a change is shown as before → after."""
        if not values:
            return ""
        parts = []
        for key, value in values.items():
            if value is None or value == "":
                continue
            if isinstance(value, list) and len(value) == 2:  # [before, after]
                text = f"{shown(key, value[0])} → {shown(key, value[1])}"
            else:
                text = shown(key, value)
            parts.append(f"{known(f'task.detail.{key}', key)}{colon}{text}")
        return separator.join(parts)

    return {
        "label": label,
        "state_label": state_label,
        "when": when,
        "action_label": lambda code: known(f"task.action.{code}", code),
        "role_label": lambda code: known(f"task.role.{code}", code),
        "ladder_label": ladder,
        "kind_label": lambda code: kind_label(code, locale),
        "detail_text": detail,
    }
