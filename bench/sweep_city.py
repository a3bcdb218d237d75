"""The fixed facts of ``bench/sweep.py``'s synthetic city: its clock, departments, people,
chains with their rosters, office users, and the rules it is swept with.

``bench/sweep_tasks.py`` draws the city's tasks; ``bench/sweep_build.py`` writes both to SQLite.
``bench/parallel.py`` copies these reference rows from a task-less build into PostgreSQL.
"""

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from mechanism.calendar import WorkingCalendar
from mechanism.vocabulary import RosterRole
from services.config import EngineRules

NOW = datetime(2026, 6, 10, 0, 30, tzinfo=UTC)  # a Wednesday, 08:30 in Shanghai
OFFICE_MAILBOX = "office@example.gov.cn"
PEOPLE = 2_000
DEPARTMENTS = (
    "工业和信息化局",
    "发展和改革委员会",
    "商务局",
    "科学技术局",
    "财政局",
    "自然资源和规划局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "人力资源和社会保障局",
    "市场监督管理局",
    "投资促进局",
    "农业农村局",
    "水利局",
    "应急管理局",
    "行政审批服务局",
    "地方金融监督管理局",
    "统计局",
    "税务局",
    "供电公司",
    "东昌府区",
    "茌平区",
    "临清市",
    "高唐县",
    "冠县",
    "莘县",
    "阳谷县",
    "东阿县",
    "经济技术开发区",
    "高新技术产业开发区",
)
CHAINS = (
    ("BEARING", "轴承产业链"),
    ("NEV", "新能源汽车产业链"),
    ("STEEL", "精品钢产业链"),
    ("CHEM", "高端化工产业链"),
    ("FOOD", "绿色食品产业链"),
    ("PAPER", "生活用纸产业链"),
    ("COPPER", "铜精深加工产业链"),
    ("BIOMED", "生物医药产业链"),
    ("TEXTILE", "纺织服装产业链"),
    ("EQUIP", "高端装备产业链"),
)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def make_rules() -> EngineRules:
    return EngineRules(calendar=WorkingCalendar(), office_mailbox=OFFICE_MAILBOX)


def idle_now(rules: EngineRules) -> datetime:
    """08:30 in the city two working days before NOW's: before every task's next_action_at."""
    day = rules.calendar.add(rules.today(NOW), -2)
    return rules.start_of(day) + timedelta(hours=8, minutes=30)


def insert_reference_rows(connection: sa.Connection, rng: random.Random) -> None:
    """Departments, people, chains with their rosters (two without a working group) and the
    office users, through SQLAlchemy; the people's names are drawn from ``rng``."""
    from models import Chain, Department, Person, RosterEntry, User

    created = datetime(2026, 1, 4, 1, 0, tzinfo=UTC)
    connection.execute(
        sa.insert(Department.__table__),  # type: ignore[attr-defined]
        [
            {
                "id": i,
                "code": f"D{i:02d}",
                "name_zh": f"聊城市{name}",
                "email": f"dept{i:02d}@example.gov.cn",
            }
            for i, name in enumerate(DEPARTMENTS, 1)
        ],
    )
    people = []
    for i in range(1, PEOPLE + 1):
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
        people.append(
            {
                "id": i,
                "email": f"p{i:04d}@example.gov.cn",
                "name": name,
                "department_id": 1 + (i - 1) % len(DEPARTMENTS),
            }
        )
    connection.execute(sa.insert(Person.__table__), people)  # type: ignore[attr-defined]
    connection.execute(
        sa.insert(Chain.__table__),  # type: ignore[attr-defined]
        [
            {
                "id": i,
                "code": code,
                "name_zh": name,
                "name_en": code.title(),
                "position": i,
                "created_at": created,
            }
            for i, (code, name) in enumerate(CHAINS, 1)
        ],
    )
    roster: list[dict[str, Any]] = []
    for chain_id in range(1, len(CHAINS) + 1):
        roster.append(
            {
                "chain_id": chain_id,
                "role": RosterRole.CHIEF_CHAIN_LEADER.value,
                "person_id": 1,
                "department_id": None,
            }
        )
        roster.append(
            {
                "chain_id": chain_id,
                "role": RosterRole.CHAIN_LEADER.value,
                "person_id": 1 + chain_id,
                "department_id": None,
            }
        )
        roster.append(
            {
                "chain_id": chain_id,
                "role": RosterRole.LEAD_DEPARTMENT.value,
                "person_id": None,
                "department_id": chain_id,
            }
        )
        if chain_id <= 8:  # two chains have no working group: their notices go to the office
            roster.extend(
                {
                    "chain_id": chain_id,
                    "role": RosterRole.WORKING_GROUP.value,
                    "person_id": 100 + 3 * chain_id + k,
                    "department_id": None,
                }
                for k in range(3)
            )
    connection.execute(sa.insert(RosterEntry.__table__), roster)  # type: ignore[attr-defined]
    connection.execute(
        sa.insert(User.__table__),  # type: ignore[attr-defined]
        [
            {
                "username": f"office{k}",
                "person_id": 50 + k,
                "is_office": True,
                "active": True,
                "created_at": created,
            }
            for k in range(2)
        ],
    )
