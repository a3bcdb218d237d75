"""What a demand or capability item must hold before it is stored: the words of each refusal
name the field. The widths are the database's own, read from the models."""

import math
from datetime import date
from typing import Any

from sqlmodel import Session, select

from mechanism.supply_lists import DemandStatus
from mechanism.wording import Said
from models import Chain, Enterprise, MapNode, MatchmakingEvent
from services.lookups import chain_node
from services.matchmaking.supply_access import SupplyInputError

MAX_AMOUNT_WAN = 1e8  # 万元: a trillion yuan; more is a typo, not a demand

_LABELS = {
    "item": ("demand item", "需求事项"),
    "product": ("product", "产品/能力"),
    "specification": ("specification", "规格要求"),
    "certifications": ("certifications", "资质认证"),
    "capacity": ("capacity", "产能"),
}


def width(model: type, field: str) -> int:
    return int(model.__table__.c[field].type.length)  # type: ignore[attr-defined]


def text(field: str, value: str | None, *, model: type, required: bool = False) -> str | None:
    """``value`` trimmed (blank: None), refused when required and blank or too long."""
    en, zh = _LABELS[field]
    given = (value or "").strip() or None
    if given is None:
        if required:
            raise SupplyInputError(field, Said(f"{en}: required", f"{zh}：必须填写"))
        return None
    limit = width(model, field)
    if len(given) > limit:
        raise SupplyInputError(
            field,
            Said(f"{en}: at most {limit} characters", f"{zh}：最多 {limit} 个字"),
        )
    return given


def amount(value: float | None) -> float | None:
    """An amount in 万元: finite, not negative, within reason."""
    if value is None:
        return None
    if not math.isfinite(value) or value < 0 or value > MAX_AMOUNT_WAN:
        raise SupplyInputError(
            "amount_wan",
            Said(
                f"amount (万元): a number from 0 to {MAX_AMOUNT_WAN:,.0f}, not {value}",
                f"金额（万元）：须为 0 至 {MAX_AMOUNT_WAN:,.0f} 之间的数，不能是 {value}",
            ),
        )
    return float(value)


def needed_by(value: date | None) -> date | None:
    if value is not None and not date(2000, 1, 1) <= value <= date(2100, 12, 31):
        raise SupplyInputError(
            "needed_by",
            Said(f"needed by: {value} is out of range", f"需求时间：{value} 超出范围"),
        )
    return value


def status(value: str) -> DemandStatus:
    member = DemandStatus.parse(value)
    if member is None:
        raise SupplyInputError(
            "status",
            Said(
                f"status: {value!r} is not one of {DemandStatus.choices()}",
                f"状态：{value!r} 不是可选值之一：{DemandStatus.choices()}",
            ),
        )
    return member


def node_named(session: Session, chain: Chain, name: str | None) -> MapNode | None:
    """The chain map's node called ``name`` (blank: none), refused if the chain has none."""
    wanted = (name or "").strip()
    if not wanted:
        return None
    node = chain_node(session, chain.id or 0, wanted)
    if node is None:
        raise SupplyInputError(
            "node",
            Said(
                f"map node: the {chain.code} chain's map has no node {wanted!r}",
                f"图谱节点：{chain.code} 产业链图谱中没有节点 {wanted!r}",
            ),
        )
    return node


def enterprise_by_code(session: Session, credit_code: str) -> Enterprise:
    firm = session.exec(select(Enterprise).where(Enterprise.credit_code == credit_code)).first()
    if firm is None or firm.id is None:
        raise SupplyInputError(
            "credit_code",
            Said(
                f"credit code: no enterprise {credit_code!r}",
                f"统一社会信用代码：没有企业 {credit_code!r}",
            ),
        )
    return firm


def event_of(session: Session, chain: Chain, event_id: int | None) -> int | None:
    """The event a demand was collected for: one of the same chain's."""
    if event_id is None:
        return None
    event = session.get(MatchmakingEvent, event_id)
    if event is None or event.chain_id != chain.id:
        raise SupplyInputError(
            "event_id",
            Said(
                f"event: the {chain.code} chain has no event {event_id}",
                f"对接活动：{chain.code} 产业链没有编号为 {event_id} 的活动",
            ),
        )
    return event_id


def jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}
