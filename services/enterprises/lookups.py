"""Find what a command or form names: an enterprise by credit code, a kind by code or name,
a chain by code — each refusal naming the field."""

from sqlmodel import Session, select

from mechanism.designations import Kind
from mechanism.wording import Said
from models import Chain, Enterprise
from services.enterprises.errors import EnterpriseNotFound, field_error


def find_enterprise(session: Session, credit_code: str) -> Enterprise:
    firm = session.exec(
        select(Enterprise).where(Enterprise.credit_code == credit_code.strip().upper())
    ).first()
    if firm is None or firm.id is None:
        raise EnterpriseNotFound(
            Said(
                f"no enterprise with credit code {credit_code!r}",
                f"没有信用代码为 {credit_code!r} 的企业",
            )
        )
    return firm


def find_kind(code: str, kinds: tuple[Kind, ...]) -> Kind:
    wanted = code.strip()
    for kind in kinds:
        if wanted in (kind.code, kind.name_zh, kind.name_en) or wanted.casefold() == kind.code:
            return kind
    choices = ", ".join(f"{k.name_zh} ({k.code})" for k in kinds)
    raise field_error(
        "kind",
        "称号类型",
        f"unknown kind {code!r}; known: {choices}",
        f"未知的称号类型 {code!r}；可选：{choices}",
    )


def find_chain(session: Session, code: str) -> Chain:
    chain = session.exec(select(Chain).where(Chain.code == code.strip())).first()
    if chain is None or chain.id is None:
        raise field_error("chain", "产业链", f"no chain {code!r}", f"没有产业链 {code!r}")
    return chain


def chain_id_of(session: Session, code: str) -> int:
    chain = find_chain(session, code)
    assert chain.id is not None
    return chain.id
