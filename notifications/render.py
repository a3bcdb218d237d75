"""Render notices from their frozen facts: subject, plain text and HTML, in zh-CN or en.

Rendering is pure: a kind, a locale and a context in, a ``Rendered`` out; no database, no clock.
Templates live in ``templates/<locale>/`` (one subject, text and HTML template per kind) over
shared layouts in ``templates/`` (``_base.html``, ``_macros.html``). Each locale has its own
Jinja environment, so the ``date``, ``month`` and ``label`` filters speak the template's language
without the templates passing the locale around.

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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from mechanism.vocabulary import FactorType, Light, NoticeKind, RosterRole

TEMPLATES = Path(__file__).parent / "templates"
LOCALES = ("zh-CN", "en")
KINDS = (
    "reminder",
    "urging_slip",
    "coordination",
    "supervision",
    "factor_request",
    "project_stale",
    "monthly_rollup",
    "digest",
)
PARTS = ("subject.txt", "txt", "html")  # file name endings: <kind>.subject.txt, <kind>.txt, …


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


class NoticeContextError(ValueError):
    """The context lacks a fact a template needs; names the template and the fact."""


# Labels the templates show for codes found in the facts: vocabulary → code → (zh, en).
_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "kind": {
        **{kind.value: (kind.zh, kind.en) for kind in NoticeKind},
        "factor_request": ("要素保障诉求", "Factor-supply request"),
        "project_stale": ("项目月报催报", "Project report overdue"),
        "monthly_rollup": ("月度通报", "Monthly bulletin"),
        "digest": ("通知汇总", "Digest"),
    },
    "light": {light.value: (light.zh, light.en) for light in Light},
    "factor_type": {factor.value: (factor.zh, factor.en) for factor in FactorType},
    "role": {
        "owner": ("责任人", "Responsible person"),
        "lead_department": ("责任单位", "Responsible unit"),
        "working_group": (RosterRole.WORKING_GROUP.zh, RosterRole.WORKING_GROUP.en),
        "chain_leader": (RosterRole.CHAIN_LEADER.zh, RosterRole.CHAIN_LEADER.en),
        "chief_chain_leader": (
            RosterRole.CHIEF_CHAIN_LEADER.zh,
            RosterRole.CHIEF_CHAIN_LEADER.en,
        ),
        "office": ("市链长制办公室", "City chain office"),
    },
    # The service levels of a factor-supply request, in the order they fall due.
    "stage": {
        "acknowledge": ("受理", "Acknowledgement"),
        "plan": ("提出解决方案", "Solution plan"),
        "close": ("办结", "Closure"),
    },
    # Monthly rollup figures; a key ending in ``_rate`` is a fraction shown as a percentage.
    "figure": {
        "tasks_total": ("督办事项", "Tasks"),
        "tasks_done": ("已办结", "Done"),
        "on_time_rate": ("按期办结率", "Done on time"),
        "tasks_overdue": ("逾期未办结", "Overdue"),
        "red": ("红灯", "Red"),
        "yellow": ("黄灯", "Yellow"),
        "green": ("绿灯", "Green"),
        "projects_total": ("重点项目", "Key projects"),
        "projects_behind_timing": ("滞后序时进度", "Behind timing progress"),
        "investment_rate": ("年度投资完成率", "Yearly investment completed"),
        "requests_total": ("要素保障诉求", "Factor requests"),
        "requests_in_time_rate": ("诉求按时办结率", "Requests closed in time"),
        "due_this_month": ("本月到期", "Due this month"),
        "timing_rate": ("序时进度", "Timing progress"),
        "reports_missing": ("项目月报未报", "Project reports missing"),
        "requests_closed": ("诉求办结", "Requests closed"),
        "score": ("综合得分", "Score"),
        "rank": ("排名", "Rank"),
    },
}
_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _as_date(value: date | str) -> date:
    # str() of a StrictUndefined raises the UndefinedError that names the missing fact.
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _date_zh(value: date | str | None) -> str:
    if value is None:
        return "—"
    day = _as_date(value)
    return f"{day.year}年{day.month}月{day.day}日"


def _date_en(value: date | str | None) -> str:
    if value is None:
        return "—"
    day = _as_date(value)
    return f"{day.day} {_MONTHS_EN[day.month - 1][:3]} {day.year}"


def _month_zh(value: str | None) -> str:
    if value is None:
        return "—"
    year, month = value.split("-")
    return f"{int(year)}年{int(month)}月"


def _month_en(value: str | None) -> str:
    if value is None:
        return "—"
    year, month = value.split("-")
    return f"{_MONTHS_EN[int(month) - 1]} {int(year)}"


def _percent(value: float) -> str:
    return f"{value * 100:.1f}%"


def _plain(value: str) -> str:
    """Text from an HTML partial's output: its escaping undone (for text templates only)."""
    return Markup(value).unescape()


def _labeller(column: int) -> Callable[[str, str], str]:
    def label(code: str, vocabulary: str) -> str:
        """The label of ``code`` in ``vocabulary``; an unknown code shows as itself."""
        return _LABELS[vocabulary].get(code, (code, code))[column]

    return label


def _figure(value: Any, key: str) -> str:
    if value is None:  # a rate with nothing to divide
        return "—"
    if key.endswith("_rate") and isinstance(value, int | float):
        return _percent(value)
    return str(value)


def _environment(locale: str) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader([TEMPLATES / locale, TEMPLATES]),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates ship with the code; no stat() per render
    )
    chinese = locale == "zh-CN"
    environment.filters.update(
        date=_date_zh if chinese else _date_en,
        month=_month_zh if chinese else _month_en,
        label=_labeller(0 if chinese else 1),
        percent=_percent,
        figure=_figure,
        plain=_plain,
    )
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
    """The notice of ``kind`` in ``locale`` for ``context`` (see ``EXAMPLE_CONTEXTS``)."""
    environment = _check(kind, locale)
    subject = _render_part(environment, locale, f"{kind}.subject.txt", context)
    return Rendered(
        subject=" ".join(subject.split()),
        text=_render_part(environment, locale, f"{kind}.txt", context).strip() + "\n",
        html=html_one_line(_render_part(environment, locale, f"{kind}.html", context)),
    )


def kind_label(kind: str, locale: str) -> str:
    """What a notice kind is called in ``locale`` (催办单, Urging slip, …)."""
    _check(kind, locale)
    return _LABELS["kind"][kind][0 if locale == "zh-CN" else 1]


def render_digest(
    items: Sequence[tuple[str, Rendered]],
    *,
    locale: str,
    recipient_name: str | None,
    office_name: str,
) -> Rendered:
    """One mail bundling notices already rendered for one recipient, in the order given
    (the dispatcher orders them most serious first)."""
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


_TASK: dict[str, Any] = {
    "task_id": 42,
    "title": "推动轴承产业园二期标准厂房建设",
    "chain_code": "bearing",
    "chain_name": "轴承产业链",
    "owner_name": "张伟",
    "owner_email": "zhangwei@example.gov.cn",
    "department_name": "市自然资源和规划局",
    "start_date": "2026-09-01",
    "due_date": "2026-10-20",
    "original_due_date": "2026-10-20",
    "progress": 60,
    "light": "red",
    "working_days_left": 0,
    "working_days_overdue": 0,
    "ack_url": "https://chainops.example.gov.cn/ack/42.20261103.AAAAAAAAAAAAAAAAAAAAAAAA",
    "ack_expires": "2026-11-03",
    "office_name": "市链长制办公室",
}


def _task(kind: str, level: int, number: str | None, **changes: Any) -> dict[str, Any]:
    return {**_TASK, "kind": kind, "level": level, "number": number, **changes}


# fmt: off
EXAMPLE_CONTEXTS: dict[str, dict[str, Any]] = {
    # The four ladder kinds take the sweep's frozen facts (services.sweep._facts) plus
    # ``number`` (None for a reminder), ``recipient_name`` (None: greet by role),
    # ``recipient_role`` (a mechanism.ladder.RecipientRole value), ``ack_url``, ``ack_expires``
    # and ``office_name``. ``owner_name`` may be None (shown as a dash).
    "reminder": _task(
        "reminder", 0, None, light="yellow", working_days_left=3, issued_on="2026-10-15",
        reason="due 2026-10-20, 3 working day(s) left, progress 60%",
        recipient_name="张伟", recipient_role="owner",
    ),
    "urging_slip": _task(
        "urging_slip", 1, "聊链轴承催〔2026〕7号", issued_on="2026-10-20",
        reason="due 2026-10-20, 0 working day(s) left, progress 60%",
        recipient_name="市自然资源和规划局", recipient_role="lead_department",
    ),
    "coordination": _task(
        "coordination", 2, "聊链轴承协〔2026〕3号", issued_on="2026-10-28",
        due_date="2026-10-23",  # an approved extension; the original date is kept
        working_days_overdue=3,
        reason="overdue since 2026-10-23 (3 working day(s)), progress 60%",
        recipient_name="轴承产业链工作专班", recipient_role="working_group",
    ),
    "supervision": _task(
        "supervision", 3, "聊链轴承督〔2026〕12号", issued_on="2026-10-30",
        owner_name=None, working_days_overdue=8,
        reason="overdue since 2026-10-20 (8 working day(s)), progress 60%",
        recipient_name="李明", recipient_role="chain_leader",
    ),
    # A factor-supply request (要素保障诉求) at one of its service levels: ``stage`` is
    # "acknowledge", "plan" or "close", ``stage_due`` that level's deadline; ``factor_type`` is
    # a mechanism.vocabulary.FactorType code (labelled in the notice's language).
    "factor_request": {
        "code": "YS-2026-0031",
        "chain_name": "轴承产业链",
        "enterprise_name": "聊城市东昌轴承有限公司",
        "factor_type": "land",
        "quantity": 120,
        "unit": "亩",
        "needed_by": "2026-12-31",
        "department_name": "市自然资源和规划局",
        "stage": "plan",
        "stage_due": "2026-10-22",
        "working_days_overdue": 2,
        "description": "二期扩产项目需新增工业用地120亩，请协调用地指标。",
        "number": None,
        "issued_on": "2026-10-26",
        "ack_url": "https://chainops.example.gov.cn/ack/77.20261109.AAAAAAAAAAAAAAAAAAAAAAAA",
        "ack_expires": "2026-11-09",
        "recipient_name": "市自然资源和规划局",
        "office_name": "市链长制办公室",
    },
    # A key project (重点项目) whose monthly report is missing; ``last_report_month`` is
    # "YYYY-MM" or None when it never reported.
    "project_stale": {
        "code": "XM-2026-015",
        "name": "年产500万套新能源汽车轴承项目",
        "chain_name": "轴承产业链",
        "enterprise_name": "聊城市东昌轴承有限公司",
        "department_name": "临清市发展和改革局",
        "last_report_month": "2026-08",
        "months_missing": 2,
        "issued_on": "2026-10-26",
        "ack_url": "https://chainops.example.gov.cn/ack/91.20261109.AAAAAAAAAAAAAAAAAAAAAAAA",
        "ack_expires": "2026-11-09",
        "recipient_name": "王芳",
        "office_name": "市链长制办公室",
    },
    # The frozen monthly rollup of one chain or the whole city. ``figures`` is shown in its
    # order; known keys are labelled (see _LABELS["figure"]), ``*_rate`` values are fractions.
    "monthly_rollup": {
        "month": "2026-10",
        "scope_name": "轴承产业链",
        "figures": {
            "tasks_total": 48,
            "tasks_done": 31,
            "on_time_rate": 0.875,
            "tasks_overdue": 5,
            "red": 5,
            "yellow": 7,
            "green": 36,
            "projects_total": 12,
            "projects_behind_timing": 2,
            "requests_total": 9,
            "requests_in_time_rate": 0.889,
        },
        "highlights": [
            "轴承产业园二期标准厂房主体封顶。",
            "2个重点项目滞后序时进度，已发协调通知。",
        ],
        "recipient_name": "李明",
        "office_name": "市链长制办公室",
        "report_url": "https://chainops.example.gov.cn/rollups/2026-10/bearing",
    },
    # A digest: already rendered notices, most serious first (build it with render_digest).
    "digest": {
        "recipient_name": "张伟",
        "office_name": "市链长制办公室",
        "items": [
            {
                "kind": "supervision",
                "kind_label": "督办通知单",
                "subject": "【督办通知单】聊链轴承督〔2026〕12号 推动轴承产业园二期标准厂房建设",
                "text": "督办通知单\n聊链轴承督〔2026〕12号\n",
                "html": Markup("<div><h2>督办通知单</h2><p>聊链轴承督〔2026〕12号</p></div>"),
            },
            {
                "kind": "reminder",
                "kind_label": "提醒函",
                "subject": "【提醒】推动轴承产业园二期标准厂房建设 将于2026年10月20日到期",
                "text": "提醒函\n",
                "html": Markup("<div><h2>提醒函</h2></div>"),
            },
        ],
        "count": 2,
    },
}
"""A complete context for every kind: the keys each kind's templates need, with realistic
values. Tests render every kind with these; producers of notices take them as the contract."""
# fmt: on
