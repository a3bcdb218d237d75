"""Document numbers of formal notices (文号), such as 聊链轴承督〔2026〕12号.

Government slips are numbered per issuing office, kind and year, the way 发文字号 are written:
an issuer prefix, a kind character, the year in hexagonal brackets 〔〕 (never square brackets or
parentheses) and a sequence number followed by 号. Here the sequence runs per chain, kind and
year (the ``notice`` table's unique constraint), so the chain's short name sits in the number.

The formal documents are the assignment notice (交办单, 交) that hands a task to the units
that must do it, and the escalation slips: the urging slip (催办单, 催), the coordination notice
(协调通知, 协) and the supervision notice (督办通知单, 督). A reminder (提醒) is a courtesy before
the deadline and carries no number, nor does a hand-over notice (流转通知).

The layout is configuration (``number_template``), so it is validated here before use: a
template from a settings file goes through ``str.format``, and a field such as
``{prefix.__class__}`` must never reach it.
"""

from string import Formatter

from mechanism.vocabulary import ASSIGNMENT, NoticeKind

DEFAULT_NUMBER_TEMPLATE = "{prefix}{chain}{kind}〔{year}〕{seq}号"

KIND_CHARS: dict[str, str] = {
    ASSIGNMENT: "交",
    NoticeKind.URGING_SLIP: "催",
    NoticeKind.COORDINATION: "协",
    NoticeKind.SUPERVISION: "督",
}
"""The kind character of each formal (numbered) notice kind."""

PLACEHOLDERS = ("prefix", "chain", "kind", "year", "seq")
REQUIRED_PLACEHOLDERS = ("year", "seq")  # without them two numbers of one chain and kind collide

# Values used to try a template out: realistic, so a format spec that cannot take them fails.
_SAMPLE: dict[str, object] = {
    "prefix": "聊链",
    "chain": "轴承",
    "kind": "督",
    "year": 2026,
    "seq": 12,
}


def is_numbered(kind: str) -> bool:
    """Whether notices of ``kind`` are formal documents that carry a number."""
    return kind in KIND_CHARS


def number_template_problem(template: str) -> str | None:
    """What is wrong with a number template, in words for the settings error; None if usable.

    Allowed fields are ``{prefix}``, ``{chain}``, ``{kind}``, ``{year}`` and ``{seq}``, each
    optionally with a format spec (``{seq:03d}``); ``{year}`` and ``{seq}`` are required.
    """
    try:
        fields = [
            (name, conversion)
            for _, name, _, conversion in Formatter().parse(template)
            if name is not None
        ]
    except ValueError as error:  # a lone { or }
        return (
            f"number template {template!r} is not a valid format string ({error}); "
            "write {{ and }} for literal braces"
        )
    allowed = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
    for name, conversion in fields:
        if name not in PLACEHOLDERS:
            shown = f"{{{name}}}" if name else "{}"
            return f"number template {template!r} has an unknown field {shown}; use only {allowed}"
        if conversion is not None:
            return (
                f"number template {template!r} converts {{{name}!{conversion}}}; "
                f"drop the !{conversion}"
            )
    names = {name for name, _ in fields}
    missing = [name for name in REQUIRED_PLACEHOLDERS if name not in names]
    if missing:
        needed = " and ".join(f"{{{name}}}" for name in missing)
        return f"number template {template!r} lacks {needed}: numbers would repeat"
    try:
        template.format(**_SAMPLE)
    except (ValueError, TypeError) as error:
        return f"number template {template!r} cannot be filled in ({error})"
    return None


def notice_number(
    *,
    template: str = DEFAULT_NUMBER_TEMPLATE,
    prefix: str,
    chain_short: str,
    kind: str,
    year: int,
    seq: int,
) -> str:
    """The number of the ``seq``-th notice of ``kind`` for a chain in ``year``.

    >>> notice_number(prefix="聊链", chain_short="轴承", kind=NoticeKind.SUPERVISION,
    ...               year=2026, seq=12)
    '聊链轴承督〔2026〕12号'
    """
    if not is_numbered(kind):
        raise ValueError(f"a notice of kind {kind!r} is informal and carries no number")
    problem = number_template_problem(template)
    if problem is not None:
        raise ValueError(problem)
    if not 1000 <= year <= 9999:
        raise ValueError(f"a notice year must have four digits, not {year}")
    if seq < 1:
        raise ValueError(f"notice sequence numbers start at 1, not {seq}")
    return template.format(
        prefix=prefix, chain=chain_short, kind=KIND_CHARS[kind], year=year, seq=seq
    )
