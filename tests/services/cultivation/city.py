"""A small city for the plan tests, built row by row on the ``session`` fixture: two chains,
a chain master with a title, a pilot candidate, another firm, their requests and projects, and
suppliers (local or not, 专精特新 or not) with signed and unsigned matches."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlmodel import Session

from models import (
    CapabilityItem,
    Chain,
    DemandItem,
    Department,
    Designation,
    Enterprise,
    FactorRequest,
    KeyProject,
    Match,
    RosterEntry,
)
from services.people import Actor, Viewer

NOW = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)
TODAY = date(2026, 11, 27)

MASTER = "91371581MAL6U74D1E"  # 3715: the city
PILOT = "91371502240975896H"
OTHER = "91371581MAKR8JKM7M"
LOCAL_ZJTX = "91371525MAK42P2JNW"
LOCAL_PLAIN = "91371581MA9E0UWKTA"
FAR_ZJTX = "91370100MA3C4K7P2D"  # 3701: Jinan, another city


@dataclass
class City:
    bearing: Chain
    pipe: Chain
    gxj: Department
    zrj: Department
    master: Enterprise
    pilot: Enterprise
    other: Enterprise
    master_request: FactorRequest
    other_request: FactorRequest
    master_project: KeyProject
    other_project: KeyProject


def office() -> Viewer:
    return Viewer(1, "office", Actor("gao@example.gov.cn", is_office=True), is_office=True)


def team(chain: Chain) -> Viewer:
    assert chain.id is not None
    return Viewer(2, "team", Actor("guo@example.gov.cn", 2), team_chains=frozenset({chain.id}))


def department(dept: Department) -> Viewer:
    return Viewer(3, "dept", Actor("liang@example.gov.cn", 3), department_id=dept.id)


def firm(enterprise: Enterprise) -> Viewer:
    return Viewer(
        4,
        "firm",
        Actor("liu@example.com", enterprise_id=enterprise.id),
        enterprise_id=enterprise.id,
    )


def build(session: Session) -> City:
    gxj = Department(code="GXJ", name_zh="市工业和信息化局", name_en="Industry")
    zrj = Department(code="ZRJ", name_zh="市自然资源和规划局", name_en="Land")
    bearing = Chain(code="BEARING", name_zh="轴承", name_en="Bearings", position=1)
    pipe = Chain(code="STPIPE", name_zh="钢管", name_en="Steel pipes", position=2)
    firms = {
        code: Enterprise(credit_code=code, name=name)
        for code, name in [
            (MASTER, "示范瑞星轴承股份有限公司"),
            (PILOT, "示范华钢特殊钢有限公司"),
            (OTHER, "示范宏力滚动体有限公司"),
            (LOCAL_ZJTX, "示范金恒保持架有限公司"),
            (LOCAL_PLAIN, "示范鑫达轴承套圈有限公司"),
            (FAR_ZJTX, "济南精密部件有限公司"),
        ]
    }
    session.add_all([gxj, zrj, bearing, pipe, *firms.values()])
    session.flush()
    assert bearing.id and pipe.id and gxj.id and zrj.id
    session.add(RosterEntry(chain_id=bearing.id, role="lead_department", department_id=gxj.id))
    master, pilot, other = firms[MASTER], firms[PILOT], firms[OTHER]
    assert master.id and pilot.id and other.id
    session.add_all(
        [
            Designation(
                enterprise_id=master.id,
                chain_id=bearing.id,
                kind="chain_master",
                level="city",
                status="recognized",
                recognized_on=date(2025, 3, 1),
            ),
            Designation(
                enterprise_id=pilot.id,
                chain_id=bearing.id,
                kind="pilot",
                level="city",
                status="candidate",
            ),
            # an expired chain-master title of another firm: it never counts
            Designation(
                enterprise_id=other.id,
                chain_id=bearing.id,
                kind="chain_master",
                level="city",
                status="recognized",
                recognized_on=date(2020, 1, 1),
                valid_until=date(2023, 1, 1),
            ),
        ]
    )
    projects = [
        KeyProject(
            code="P-MASTER",
            name="主轴轴承项目",
            chain_id=bearing.id,
            enterprise_id=master.id,
            year=2026,
            total_investment=1000,
            year_planned_investment=500,
        ),
        KeyProject(
            code="P-MASTER-OLD",
            name="旧项目",
            chain_id=bearing.id,
            enterprise_id=master.id,
            year=2025,
            total_investment=1000,
            year_planned_investment=500,
        ),
        KeyProject(
            code="P-MASTER-DROPPED",
            name="调出项目",
            chain_id=bearing.id,
            enterprise_id=master.id,
            year=2026,
            total_investment=1000,
            year_planned_investment=500,
            state="dropped",
        ),
        KeyProject(
            code="P-OTHER",
            name="滚动体项目",
            chain_id=bearing.id,
            enterprise_id=other.id,
            year=2026,
            total_investment=1000,
            year_planned_investment=500,
        ),
    ]
    session.add_all(projects)
    session.flush()
    requests = [
        FactorRequest(
            code="YS-M",
            chain_id=bearing.id,
            enterprise_id=master.id,
            factor_type="labour",
            quantity=10,
            unit="人",
            needed_by=date(2026, 12, 31),
            description="招工",
            department_id=gxj.id,
        ),
        FactorRequest(
            code="YS-O",
            chain_id=bearing.id,
            enterprise_id=other.id,
            factor_type="land",
            quantity=10,
            unit="亩",
            needed_by=date(2026, 12, 31),
            description="用地",
            department_id=zrj.id,
        ),
    ]
    session.add_all(requests)
    session.flush()
    _suppliers(session, bearing, master, firms)
    session.flush()
    return City(
        bearing,
        pipe,
        gxj,
        zrj,
        master,
        pilot,
        other,
        requests[0],
        requests[1],
        projects[0],
        projects[3],
    )


def _suppliers(
    session: Session, chain: Chain, master: Enterprise, firms: dict[str, Enterprise]
) -> None:
    """Matches on the master's demands: local 专精特新 signed twice (counted once), local plain
    delivering, far 专精特新 done, and one that only reached an intention; one signed in 2025."""
    assert chain.id and master.id
    for code, kind in [(LOCAL_ZJTX, "zjtx_provincial"), (FAR_ZJTX, "little_giant")]:
        firm_id = firms[code].id
        assert firm_id
        session.add(
            Designation(
                enterprise_id=firm_id,
                kind=kind,
                level="provincial",
                status="recognized",
                recognized_on=date(2024, 1, 10),
                valid_until=date(2027, 1, 10),
            )
        )
    demand = DemandItem(chain_id=chain.id, enterprise_id=master.id, item="保持架")
    session.add(demand)
    session.flush()
    assert demand.id
    signings = [
        (LOCAL_ZJTX, "signed", date(2026, 3, 2)),
        (LOCAL_ZJTX, "done", date(2026, 8, 2)),
        (LOCAL_PLAIN, "delivering", date(2026, 5, 2)),
        (FAR_ZJTX, "done", date(2026, 6, 2)),
        (LOCAL_PLAIN, "intention", None),
        (LOCAL_PLAIN, "signed", date(2025, 12, 30)),
    ]
    for code, stage, signed_on in signings:
        firm_id = firms[code].id
        assert firm_id
        capability = CapabilityItem(chain_id=chain.id, enterprise_id=firm_id, product="部件")
        session.add(capability)
        session.flush()
        assert capability.id
        session.add(
            Match(
                demand_id=demand.id, capability_id=capability.id, stage=stage, signed_on=signed_on
            )
        )
