"""``chainops todo --by EMAIL``: what is waiting on one person today, as their to-do home
shows it — tables in the configured language, or ``--json`` with the keys the README lists."""

from typing import Annotated, Any

import typer
from rich.table import Table

from chainops import wiring
from chainops.cli.common import JsonOption, fail, open_session, parse_as_of
from chainops.cli.output import console, print_json
from chainops.settings import get_settings
from mechanism.vocabulary import Light
from mechanism.wording import in_language
from notifications.render import kind_label
from services.people import NotVisible, viewer_by_email
from services.todo import LISTS, build_todo
from web.i18n import translate

# The columns' headers in both languages (the lists' titles and the request actions are
# the to-do page's own words, web.text.todo).
_HEADERS = {
    "zh-CN": ("灯色", "事项", "时限", "原因 / 待办", "链接"),
    "en": ("Light", "Item", "Due", "Why / to do", "Link"),
}


def register_todo(app: typer.Typer) -> None:
    """Add the ``todo`` command to ``app``."""

    @app.command("todo")
    def todo(
        by: Annotated[str, typer.Option("--by", help="Email of the person whose to-do it is.")],
        as_of: Annotated[
            str | None, typer.Option("--as-of", help="As of this date-time (default now).")
        ] = None,
        as_json: JsonOption = False,
    ) -> None:
        """What is waiting on one person today, most urgent first (their to-do home)."""
        rules = wiring.engine_rules()
        today = rules.today(parse_as_of(as_of, rules.zone))
        with open_session() as session:
            try:
                viewer = viewer_by_email(session, by)
            except NotVisible as exc:
                raise fail(str(exc)) from exc
            found = build_todo(
                session=session,
                viewer=viewer,
                today=today,
                rules=rules,
                projects=wiring.project_rules(),
            )
        if as_json:
            print_json(found.as_dict())
            return
        locale = get_settings().locale
        if found.empty:
            console.print(_pick(("今天没有等您办理的事项。", "Nothing is waiting today."), locale))
            return
        for key in LISTS:
            if found.lists[key]:
                _table(key, found.lists[key], found.counts[key], locale)


def _pick(pair: tuple[str, str], locale: str) -> str:
    return pair[0] if locale == "zh-CN" else pair[1]


def _table(key: str, lines: list[dict[str, Any]], total: int, locale: str) -> None:
    title = f"{translate(locale, 'todo.' + key)} ({total})"
    table = Table(title=title, title_justify="left")
    for header in _HEADERS[locale if locale in _HEADERS else "en"]:
        table.add_column(header)
    for line in lines:
        table.add_row(*_cells(key, line, locale))
    console.print(table)


def _cells(key: str, line: dict[str, Any], locale: str) -> tuple[str, str, str, str, str]:
    light = Light.parse(line["light"]) if line.get("light") else None
    shown = (light.zh if locale == "zh-CN" else light.en) if light else ""
    if key == "notices":
        kind = kind_label(line["kind"], locale)
        item = " ".join(part for part in (kind, line["number"], line["title"]) if part)
        return "", item, "", "", line["path"]
    if key == "feedback":
        kind = translate(locale, f"feedback.kind_{line['kind']}")
        sender = f"{line['name']} · {line['contact']}"
        return "", f"{kind}: {line['text']}", "", sender, line["path"]
    item = line.get("title") or line.get("name") or line.get("code") or ""
    due = line.get("due_date") or line.get("stage_due") or line.get("deadline") or ""
    why = in_language(line["reason"], locale) if line.get("reason") else ""
    if key == "requests":
        action = translate(locale, f"todo.request_action.{line['action']}")
        why = "；".join(filter(None, (action, why)))
    if key == "extensions":
        due = f"{line['current_due_date']} → {line['proposed_due_date']}"
    return shown, str(item), str(due), why, line["path"]
