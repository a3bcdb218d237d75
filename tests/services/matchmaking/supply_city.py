"""A small city for the list and shortlist tests, built row by row: one bearing chain whose map
has a weak, a missing and two strong nodes, a chain master, SMEs in two counties, and the
people who stand in each persona's place."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from models import (
    CapabilityItem,
    Chain,
    DemandItem,
    Department,
    Designation,
    Enterprise,
    EnterpriseMembership,
    MapNode,
    MapSegment,
    Person,
    RosterEntry,
    User,
)
from services.people import Viewer, viewer_for

TODAY = date(2026, 11, 27)


@dataclass
class City:
    chain: Chain
    other_chain: Chain
    nodes: dict[str, MapNode]
    firms: dict[str, Enterprise]
    users: dict[str, User]

    def viewer(self, session: Session, persona: str) -> Viewer:
        return viewer_for(session, self.users[persona])


def build_city(session: Session) -> City:
    chain = Chain(code="BRG", name_zh="轴承", name_en="Bearings")
    other = Chain(code="PIPE", name_zh="钢管", name_en="Steel pipes")
    session.add_all([chain, other])
    session.flush()
    upstream = MapSegment(chain_id=chain.id or 0, stage="upstream", name="材料")
    midstream = MapSegment(chain_id=chain.id or 0, stage="midstream", name="零部件")
    pipe_segment = MapSegment(chain_id=other.id or 0, stage="midstream", name="管材")
    session.add_all([upstream, midstream, pipe_segment])
    session.flush()
    nodes = {
        "轴承钢": MapNode(segment_id=upstream.id or 0, name="轴承钢", status="weak"),
        "检测": MapNode(segment_id=midstream.id or 0, name="检测", status="missing"),
        "套圈": MapNode(segment_id=midstream.id or 0, name="套圈", status="strong"),
        "滚动体": MapNode(segment_id=midstream.id or 0, name="滚动体", status="strong"),
        "无缝管": MapNode(segment_id=pipe_segment.id or 0, name="无缝管", status="weak"),
    }
    session.add_all(nodes.values())
    department = Department(code="GXJ", name_zh="工信局", name_en="Industry")
    other_department = Department(code="ZRJ", name_zh="自然资源局", name_en="Resources")
    session.add_all([department, other_department])
    session.flush()
    people = {
        "office": Person(email="office@example.gov.cn", name="办公室"),
        "team": Person(email="team@example.gov.cn", name="专班"),
        "leader": Person(email="leader@example.gov.cn", name="链长"),
        "dept": Person(email="dept@example.gov.cn", name="工信", department_id=department.id),
        "other_dept": Person(
            email="zrj@example.gov.cn", name="自然", department_id=other_department.id
        ),
        "other_team": Person(email="pipe@example.gov.cn", name="钢管专班"),
    }
    session.add_all(people.values())
    session.flush()
    session.add_all(
        [
            RosterEntry(chain_id=chain.id or 0, role="working_group", person_id=people["team"].id),
            RosterEntry(chain_id=chain.id or 0, role="chain_leader", person_id=people["leader"].id),
            RosterEntry(
                chain_id=chain.id or 0, role="lead_department", department_id=department.id
            ),
            RosterEntry(
                chain_id=other.id or 0, role="working_group", person_id=people["other_team"].id
            ),
        ]
    )
    firms = {
        "master": Enterprise(credit_code="M0001", name="万通轴承", county="临清市"),
        "near": Enterprise(credit_code="S0001", name="鑫达套圈", county="临清市"),
        "steel": Enterprise(credit_code="S0002", name="华钢特钢", county="东昌府区"),
        "giant": Enterprise(credit_code="S0003", name="宏力滚动体", county="冠县"),
        "tester": Enterprise(credit_code="S0004", name="精工检测", county="东昌府区"),
        "plain": Enterprise(credit_code="S0005", name="普通配套", county="冠县"),
        "expired": Enterprise(credit_code="S0006", name="过期小巨人", county="冠县"),
    }
    session.add_all(firms.values())
    session.flush()
    for firm in firms.values():
        session.add(
            EnterpriseMembership(
                chain_id=chain.id or 0, enterprise_id=firm.id or 0, role="supporting"
            )
        )
    users = {
        persona: User(username=person.email, person_id=person.id)
        for persona, person in people.items()
    }
    users["office"].is_office = True
    users["firm"] = User(username="ma@wantong.example.com", enterprise_id=firms["master"].id)
    users["sme"] = User(username="hu@hongli.example.com", enterprise_id=firms["giant"].id)
    users["outsider"] = User(username="visitor@example.org")
    session.add_all(users.values())
    session.add_all(
        [
            Designation(
                enterprise_id=firms["giant"].id or 0,
                kind="little_giant",
                level="national",
                status="recognized",
                valid_until=date(2027, 6, 30),
            ),
            Designation(
                enterprise_id=firms["expired"].id or 0,
                kind="key_little_giant",
                level="national",
                status="recognized",
                valid_until=date(2026, 11, 26),
            ),
        ]
    )
    session.flush()
    return City(chain, other, nodes, firms, users)


def capability(
    session: Session, city: City, firm: str, product: str, node: str | None
) -> CapabilityItem:
    item = CapabilityItem(
        chain_id=city.chain.id or 0,
        enterprise_id=city.firms[firm].id or 0,
        product=product,
        map_node_id=city.nodes[node].id if node else None,
    )
    session.add(item)
    session.flush()
    return item


def demand(session: Session, city: City, node: str | None, firm: str = "master") -> DemandItem:
    item = DemandItem(
        chain_id=city.chain.id or 0,
        enterprise_id=city.firms[firm].id or 0,
        item="高端轴承钢",
        map_node_id=city.nodes[node].id if node else None,
    )
    session.add(item)
    session.flush()
    return item
