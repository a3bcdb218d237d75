"""Server-rendered pages: one Jinja2 environment, with the page's language and guards as globals."""

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from mechanism.vocabulary import Light, NoticeKind
from mechanism.wording import in_language
from notifications.render import kind_label
from services.projects import ChainChoice
from web.i18n import translate
from web.security import CSRF_FIELD, csrf_token

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def light_label(value: str, locale: str) -> str:
    member = Light(value)
    return member.zh if locale == "zh-CN" else member.en


def rung_label(level: int | None, locale: str) -> str:
    """The ladder rung a task has reached (催办单, Supervision notice …); "—" before the first."""
    kinds = list(NoticeKind)
    if level is None or not 0 <= level < len(kinds):
        return "—"
    return kind_label(kinds[level].value, locale)


def chain_label(code: str | None, chains: Iterable[ChainChoice], locale: str) -> str:
    """A chain by its name in the page's language, from the page's list of ``chains``; its
    code when the list lacks it."""
    for chain in chains:
        if chain.code == code:
            return chain.name_zh if locale == "zh-CN" else chain.name_en or chain.name_zh
    return code or "—"


def page(
    request: Request,
    name: str,
    locale: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> HTMLResponse:
    """Render page ``name`` in ``locale``; every page gets ``t``, ``said`` (a refusal or message
    from the services in the page's language), the CSRF field and the viewer."""

    def t(key: str, **values: object) -> str:
        return translate(locale, key, **values)

    return templates.TemplateResponse(
        request,
        name,
        {
            "t": t,
            "locale": locale,
            "csrf_field": CSRF_FIELD,
            "csrf_token": csrf_token(request.session),
            "light_label": lambda value: light_label(value, locale),
            "chain_label": lambda code, chains: chain_label(code, chains, locale),
            "rung_label": lambda level: rung_label(level, locale),
            "said": lambda message: in_language(message, locale),
            **(context or {}),
        },
        status_code=status_code,
    )
