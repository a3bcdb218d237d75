"""Matchmaking rows for tests, added to a city already imported (the small city or the demo):
a chain master with its 链主 title for the chain, four SMEs — three holding a valid 省级专精特新
title, 华晟测试化工 whose title expired — a demand of the master and a capability of each SME.
Rows are made with the models directly (the lists' import is another part's)."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from models import (
    CapabilityItem,
    Chain,
    DemandItem,
    Designation,
    Enterprise,
    EnterpriseMembership,
)

EXPIRED_SME = "华晟测试化工有限公司"


@dataclass(frozen=True)
class Seeded:
    chain_id: int
    master: int
    master_code: str
    smes: tuple[int, ...]  # the three valid ones, then the expired one
    sme_codes: tuple[str, ...]
    demand: int
    capabilities: tuple[int, ...]


def _firm(session: Session, code: str, name: str, chain_id: int, role: str) -> Enterprise:
    firm = Enterprise(
        credit_code=code, name=name, county="临清市", contact_email=f"{code.lower()}@x.example.com"
    )
    session.add(firm)
    session.flush()
    session.add(EnterpriseMembership(chain_id=chain_id, enterprise_id=firm.id or 0, role=role))
    return firm


def seed(session: Session, chain_code: str) -> Seeded:
    chain = session.exec(select(Chain).where(Chain.code == chain_code)).one()
    chain_id = chain.id or 0
    master = _firm(session, "91371500MM0000001A", "链主测试集团", chain_id, "chain_master")
    session.add(
        Designation(
            enterprise_id=master.id or 0,
            chain_id=chain_id,
            kind="chain_master",
            level="city",
            status="recognized",
            recognized_on=date(2025, 1, 10),
        )
    )
    names = ["精工测试轴承", "鑫达测试材料", "恒信测试装备", EXPIRED_SME]
    smes = []
    for n, name in enumerate(names, start=1):
        firm = _firm(session, f"91371500SM000000{n}B", name, chain_id, "specialized_sme")
        until = date(2026, 3, 1) if name == EXPIRED_SME else date(2028, 6, 30)
        session.add(
            Designation(
                enterprise_id=firm.id or 0,
                kind="zjtx_provincial",
                level="provincial",
                status="recognized",
                recognized_on=date(until.year - 3, until.month, until.day),
                valid_until=until,
            )
        )
        smes.append(firm)
    demand = DemandItem(
        chain_id=chain_id,
        enterprise_id=master.id or 0,
        item="高精度轴承钢球",
        amount_wan=800.0,
        needed_by=date(2027, 6, 30),
    )
    session.add(demand)
    capabilities = [
        CapabilityItem(chain_id=chain_id, enterprise_id=f.id or 0, product=f"{f.name}产品")
        for f in smes
    ]
    session.add_all(capabilities)
    session.flush()
    return Seeded(
        chain_id=chain_id,
        master=master.id or 0,
        master_code=master.credit_code,
        smes=tuple(f.id or 0 for f in smes),
        sme_codes=tuple(f.credit_code for f in smes),
        demand=demand.id or 0,
        capabilities=tuple(c.id or 0 for c in capabilities),
    )
