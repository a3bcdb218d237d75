"""Render notices from their frozen facts: subject, plain text and HTML, in zh-CN or en.

Rendering is pure: a kind, a locale and a context in, a ``Rendered`` out; no database, no clock.
Templates live in ``templates/<locale>/`` (one subject, text and HTML template per kind) over
shared layouts in ``templates/`` (``_base.html``, ``_macros.html``). Each locale has its own
Jinja environment, so the ``date``, ``month`` and ``label`` filters speak the template's language
without the templates passing the locale around; the filters and the labels they show are in
``notifications.filters``, a complete context for every kind in ``notifications.examples``.

Rules the templates rely on:

- ``StrictUndefined``: a missing fact raises ``NoticeContextError`` instead of printing a blank
  where a deadline should be. Optional facts are present with the value None.
- HTML is autoescaped (only ``.html`` templates); text and subjects are not. Partials shared
  by both (``_phrases.html`` …) are ``.html``: Jinja marks a macro's result safe whenever its
  *caller* autoescapes, so a macro from a ``.txt`` file would pass markup into HTML unescaped.
  Text templates print such macros through ``|plain``, which undoes the escaping; forgetting it
  shows ``&amp;`` in a text mail, never a script in an HTML one.
- ``Rendered.html`` is one ``<div>`` with inline styles and no newlines (see ``html_one_line``),
  so it nests inside a digest and survives yagmail and premailer as it is.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from notifications.filters import LABELS, filters_for

TEMPLATES = Path(__file__).parent / "templates"
LOCALES = ("zh-CN", "en")
KINDS = (
    "reminder",
    "urging_slip",
    "coordination",
    "supervision",
    "assignment",
    "handover",
    "factor_request",
    "project_stale",
    "monthly_rollup",
    "digest",
)
# Not notices: what chainops answers an owner who reported progress by replying to a notice
# (services.replies). Same layout and filters, no outbox row of their own.
ANSWERS = ("reply_accepted", "reply_refused")
PARTS = ("subject.txt", "txt", "html")  # file name endings: <kind>.subject.txt, <kind>.txt, …


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


class NoticeContextError(ValueError):
    """The context lacks a fact a template needs; names the template and the fact."""


def _environment(locale: str) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader([TEMPLATES / locale, TEMPLATES]),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates ship with the code; no stat() per render
    )
    environment.filters.update(filters_for(locale))
    return environment


_ENVIRONMENTS = {locale: _environment(locale) for locale in LOCALES}


def _check(kind: str, locale: str) -> jinja2.Environment:
    if kind not in KINDS:
        raise ValueError(f"unknown notice kind {kind!r}; known kinds: {', '.join(KINDS)}")
    if locale not in _ENVIRONMENTS:
        raise ValueError(f"unknown locale {locale!r}; known locales: {', '.join(LOCALES)}")
    return _ENVIRONMENTS[locale]


def _render_part(
    environment: jinja2.Environment, locale: str, name: str, context: Mapping[str, Any]
) -> str:
    try:
        return environment.get_template(name).render(context)
    except jinja2.UndefinedError as error:
        raise NoticeContextError(f"{locale}/{name}: {error.message}") from error


def render(kind: str, locale: str, context: Mapping[str, Any]) -> Rendered:
    """The notice of ``kind`` in ``locale`` for ``context`` (see ``notifications.examples``)."""
    return _render_set(_check(kind, locale), kind, locale, context)


def render_answer(name: str, locale: str, context: Mapping[str, Any]) -> Rendered:
    """The answer ``name`` (one of ``ANSWERS``) to a progress reply, in ``locale``."""
    if name not in ANSWERS:
        raise ValueError(f"unknown answer {name!r}; known answers: {', '.join(ANSWERS)}")
    return _render_set(_check("digest", locale), name, locale, context)


def _render_set(
    environment: jinja2.Environment, name: str, locale: str, context: Mapping[str, Any]
) -> Rendered:
    subject = _render_part(environment, locale, f"{name}.subject.txt", context)
    return Rendered(
        subject=" ".join(subject.split()),
        text=_render_part(environment, locale, f"{name}.txt", context).strip() + "\n",
        html=html_one_line(_render_part(environment, locale, f"{name}.html", context)),
    )


def kind_label(kind: str, locale: str) -> str:
    """What a notice kind is called in ``locale`` (催办单, Urging slip, …)."""
    _check(kind, locale)
    return LABELS["kind"][kind][0 if locale == "zh-CN" else 1]


def render_digest(
    items: Sequence[tuple[str, Rendered]],
    *,
    locale: str,
    recipient_name: str | None,
    office_name: str,
    feedback_url: str,
) -> Rendered:
    """One mail bundling notices already rendered for one recipient, in the order given
    (the dispatcher orders them most serious first). Each notice in it keeps its own footer
    line (``feedback_url`` about that notice); the digest ends with ``feedback_url``, about
    none in particular."""
    if not items:
        raise ValueError("a digest needs at least one notice")
    entries = [
        {
            "kind": kind,
            "kind_label": kind_label(kind, locale),
            "subject": rendered.subject,
            "text": rendered.text,
            # Trusted: the autoescaped output of ``render``, embedded as it is.
            "html": Markup(rendered.html),
        }
        for kind, rendered in items
    ]
    context = {
        "recipient_name": recipient_name,
        "office_name": office_name,
        "feedback_url": feedback_url,
        "items": entries,
        "count": len(entries),
    }
    return render("digest", locale, context)


# Whitespace with a newline in it between two tags: template layout, not content.
_BETWEEN_TAGS = re.compile(r">\s*\n\s*<")
_NEWLINES = re.compile(r"\s*\n\s*")


def html_one_line(html: str) -> str:
    """``html`` without newlines: between two tags they are dropped, elsewhere they become one
    space (what a browser shows for them anyway, so "Please\n<a>" keeps its space).

    yagmail treats a string in ``contents`` as plain text unless it is a dict or list, and turns
    every newline into ``<br>`` — a template's ``<table>\n<tr>`` would arrive as
    ``<table><br><tr>``, with stray breaks above every table. Our templates never use ``<pre>``,
    so no newline in them carries meaning. Idempotent: the transport may apply it again.
    """
    html = html.replace("\r\n", "\n").replace("\r", "\n")
    html = _BETWEEN_TAGS.sub("><", html)
    return _NEWLINES.sub(" ", html).strip()
