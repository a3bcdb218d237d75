"""What an investment target must hold before it is stored; each refusal names the field (and
for a vocabulary, the choices). Widths are the database's own, read from the model."""

from typing import Any, TypeVar

from sqlmodel import Session, select

from mechanism.investment_targets import (
    TargetPriority,
    TargetPurpose,
    TargetSource,
    TargetStatus,
    priority_of,
)
from mechanism.uscc import credit_code_problem, normalize_credit_code
from mechanism.vocabulary import Labelled
from mechanism.wording import Said
from models import Chain, InvestmentTarget, MapNode
from services.investment.access import InvestmentRefused
from services.lookups import chain_node

V = TypeVar("V", bound=Labelled)

MAX_NOTE = 2000  # a note is a paragraph, not a file

_LABELS = {
    "company_name": ("company", "目标企业"),
    "hq_region": ("headquarters region", "总部所在地"),
    "owner_group": ("owner group", "责任专班"),
    "note": ("note", "备注"),
    "reason": ("reason", "原因"),
    "source": ("source", "来源"),
    "purpose": ("purpose", "招商方向"),
    "status": ("status", "状态"),
}


def _width(field: str) -> int | None:
    length = getattr(InvestmentTarget.__table__.c[field].type, "length", None)  # type: ignore[attr-defined]
    return int(length) if isinstance(length, int) else None


def text(field: str, value: str | None, *, required: bool = False) -> str | None:
    """``value`` trimmed (blank: None); refused when required and blank, or too long."""
    en, zh = _LABELS[field]
    given = (value or "").strip() or None
    if given is None:
        if required:
            raise InvestmentRefused(Said(f"{en}: required", f"{zh}：必须填写"), field)
        return None
    limit = MAX_NOTE if field in ("note", "reason") else _width(field)
    if limit is not None and len(given) > limit:
        raise InvestmentRefused(
            Said(f"{en}: at most {limit} characters", f"{zh}：最多 {limit} 个字"), field
        )
    return given


def credit_code(value: str | None) -> str | None:
    """A unified social credit code, when known: checked by its check character."""
    if not (value or "").strip():
        return None
    assert value is not None
    problem = credit_code_problem(value)
    if problem is not None:
        raise InvestmentRefused(
            Said(f"credit code: {problem}", f"统一社会信用代码：{problem.zh}"), "credit_code"
        )
    return normalize_credit_code(value)


def _member(vocabulary: type[V], field: str, value: str) -> V:
    member = vocabulary.parse(value)
    if member is None:
        en, zh = _LABELS[field]
        choices = vocabulary.choices()
        raise InvestmentRefused(
            Said(
                f"{en}: {value!r} is not one of {choices}",
                f"{zh}：{value!r} 不是可选值之一：{choices}",
            ),
            field,
        )
    return member


def source(value: str) -> TargetSource:
    return _member(TargetSource, "source", value)


def purpose(value: str) -> TargetPurpose:
    return _member(TargetPurpose, "purpose", value)


def status(value: str) -> TargetStatus:
    return _member(TargetStatus, "status", value)


def priority(value: Any) -> int:
    """1 (重点 / high), 2 (一般 / normal) or 3 (储备 / low); the label is taken as well."""
    member = priority_of(value) if isinstance(value, int) else TargetPriority.parse(str(value))
    if member is None or isinstance(value, bool):
        raise InvestmentRefused(
            Said(
                f"priority: {value!r} is not 1 (high), 2 (normal) or 3 (low)",
                f"优先级：{value!r} 不是 1（重点）、2（一般）或 3（储备）",
            ),
            "priority",
        )
    return int(member.value)


def node_named(session: Session, chain: Chain, name: str | None) -> MapNode | None:
    """The chain map's node called ``name`` (blank: none); refused if the chain has none."""
    wanted = (name or "").strip()
    if not wanted:
        return None
    node = chain_node(session, chain.id or 0, wanted)
    if node is None:
        raise InvestmentRefused(
            Said(
                f"map node: the {chain.code} chain's map has no node {wanted!r}",
                f"图谱节点：{chain.code} 产业链图谱中没有节点 {wanted!r}",
            ),
            "node",
        )
    return node


def one_per_company(
    session: Session, chain: Chain, company_name: str, keep: int | None = None
) -> None:
    """One target per company per chain: a second is refused, naming the one there is."""
    query = select(InvestmentTarget.id).where(
        InvestmentTarget.chain_id == chain.id, InvestmentTarget.company_name == company_name
    )
    if keep is not None:
        query = query.where(InvestmentTarget.id != keep)
    there = session.exec(query).first()
    if there is not None:
        raise InvestmentRefused(
            Said(
                f"company: the {chain.code} chain already has a target for {company_name!r} "
                f"(target {there})",
                f"目标企业：{chain.code} 产业链已有 {company_name!r} 的招商目标（编号 {there}）",
            ),
            "company_name",
        )
