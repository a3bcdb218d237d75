"""The checks of a project's fields, each refusal naming its field (the form's key), so the
pages, the CLI and the workbook say what is wrong and where; nothing is changed on a refusal."""

import math
from datetime import date

from sqlmodel import Session, select

from mechanism.investment import InvestorRank, ProjectStage
from mechanism.uscc import credit_code_problem, normalize_credit_code
from mechanism.wording import Said, zh
from models import Chain, InvestmentProject, Person
from services.investment.access import InvestmentRefused
from services.lookups import UnknownChain, chain_by_code, chain_node

MAX_WAN = 100_000_000.0  # 1万亿 in 万元: more is a typo


def chain_named(session: Session, code: str) -> Chain:
    try:
        return chain_by_code(session, code.strip())
    except UnknownChain as exc:
        raise InvestmentRefused(
            Said(f"chain: {exc}", f"产业链：没有产业链 {code!r}"), "chain"
        ) from exc


def text(field: str, value: str | None, *, limit: int, required: bool = False) -> str | None:
    cleaned = (value or "").strip()
    if not cleaned:
        if required:
            raise InvestmentRefused(
                Said(f"{field}: must not be blank", f"{field}：不能为空"), field
            )
        return None
    if len(cleaned) > limit:
        raise InvestmentRefused(
            Said(
                f"{field}: at most {limit} characters, not {len(cleaned)}",
                f"{field}：最多 {limit} 个字符，实际 {len(cleaned)} 个",
            ),
            field,
        )
    return cleaned


def credit_code(field: str, value: str | None) -> str | None:
    """A valid unified social credit code (GB 32100-2015), or None when not given."""
    if value is None or not value.strip():
        return None
    problem = credit_code_problem(value)
    if problem is not None:
        raise InvestmentRefused(Said(f"{field}: {problem}", f"{field}：{zh(problem)}"), field)
    return normalize_credit_code(value)


def rank(value: str | None) -> str | None:
    if value is None or not value.strip() or value.strip() in ("-", "none", "无"):
        return None
    found = InvestorRank.parse(value)
    if found is None:
        raise InvestmentRefused(
            Said(
                f"rank: unknown investor rank {value!r}; known: {InvestorRank.choices()} or blank",
                f"投资方排名：没有 {value!r}；可选：{InvestorRank.choices()}，或留空",
            ),
            "rank",
        )
    return found.value


def stage(value: str) -> ProjectStage:
    found = ProjectStage.parse(value)
    if found is None:
        raise InvestmentRefused(
            Said(
                f"stage: unknown stage {value!r}; known: {ProjectStage.choices()}",
                f"阶段：没有阶段 {value!r}；可选：{ProjectStage.choices()}",
            ),
            "stage",
        )
    return found


def amount(field: str, value: float | None, *, positive: bool = False) -> float | None:
    if value is None:
        return None
    if not math.isfinite(value) or value < 0 or value > MAX_WAN or (positive and value == 0):
        least = "more than 0" if positive else "0 or more"
        raise InvestmentRefused(
            Said(
                f"{field}: must be {least} 万元 and at most {MAX_WAN:,.0f}, not {value:g}",
                f"{field}：须为{'大于 0' if positive else '不小于 0'}且不超过 {MAX_WAN:,.0f} "
                f"的万元数，不能是 {value:g}",
            ),
            field,
        )
    return round(value, 2)


def person(session: Session, field: str, email: str | None) -> int | None:
    """The person with ``email`` (a leader or an officer), or None when not given."""
    if email is None or not email.strip():
        return None
    found = session.exec(select(Person).where(Person.email == email.strip().lower())).first()
    if found is None:
        raise InvestmentRefused(
            Said(
                f"{field}: no person with email {email!r}", f"{field}：没有邮箱为 {email!r} 的人员"
            ),
            field,
        )
    return found.id


def node(session: Session, chain: Chain, name: str | None) -> int | None:
    """The chain map's node called ``name`` (None when not given)."""
    if name is None or not name.strip():
        return None
    found = chain_node(session, chain.id or 0, name)
    if found is None:
        raise InvestmentRefused(
            Said(
                f"node: the {chain.code} chain map has no node {name!r}",
                f"图谱节点：{chain.name_zh}产业链图谱中没有节点 {name!r}",
            ),
            "node",
        )
    return found.id


def code_free(session: Session, code: str, project_id: int | None = None) -> str:
    cleaned = text("code", code, limit=48, required=True) or ""
    taken = session.exec(
        select(InvestmentProject.id).where(InvestmentProject.code == cleaned)
    ).first()
    if taken is not None and taken != project_id:
        raise InvestmentRefused(
            Said(f"code: project {cleaned} exists already", f"项目编号：{cleaned} 已存在"), "code"
        )
    return cleaned


def day_not_after(field: str, day: date, today: date) -> date:
    """A day that has happened: stages, signings and filings are recorded, not planned."""
    if day > today:
        raise InvestmentRefused(
            Said(
                f"{field}: {day} is in the future (today is {today})",
                f"{field}：{day} 晚于今天（{today}）",
            ),
            field,
        )
    return day
