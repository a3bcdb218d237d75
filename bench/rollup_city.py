"""The fixed facts of ``bench/rollup.py``'s city of 2026 and what its tables' rows share.

The clock of the close and the month closed, the departments, chains, people and enterprises,
``WorkingDays`` (the calendar as list arithmetic), ``CityDraw`` (the random draw the tables'
rows come from, and what later tables need of earlier ones) and ``insert_rows``, the batched
raw ``executemany`` the big tables are written with.
"""

import argparse
import bisect
import random
import sqlite3
from array import array
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from mechanism.calendar import WorkingCalendar
from services.config import EngineRules

NOW = datetime(2026, 11, 2, 0, 30, tzinfo=UTC)  # Monday, 08:30 in Shanghai
MONTH = date(2026, 10, 1)
MONTH_END = date(2026, 10, 31)
PREVIOUS = date(2026, 9, 1)
PREVIOUS_NOW = datetime(2026, 10, 9, 0, 30, tzinfo=UTC)  # first working day after National Day
CONFIG = Path(__file__).resolve().parent.parent / "chainops" / "config"
FACTORS_FILE = CONFIG / "factors.yaml"
OFFICE_MAILBOX = "office@example.gov.cn"
BATCH = 50_000
PEOPLE = 2_000
ENTERPRISES = 3_000
DEPARTMENTS = (  # (code, name): ids 1–30 in this order
    ("GXJ", "工业和信息化局"), ("FGW", "发展和改革委员会"), ("SWJ", "商务局"),
    ("KJJ", "科学技术局"), ("CZJ", "财政局"), ("ZRJ", "自然资源和规划局"), ("STJ", "生态环境局"),
    ("ZJJ", "住房和城乡建设局"), ("JTJ", "交通运输局"), ("RSJ", "人力资源和社会保障局"),
    ("SCJ", "市场监督管理局"), ("TCJ", "投资促进局"), ("NYJ", "农业农村局"), ("SLJ", "水利局"),
    ("YJJ", "应急管理局"), ("SPJ", "行政审批服务局"), ("JRB", "地方金融监督管理局"),
    ("TJJ", "统计局"), ("SWUJ", "税务局"), ("GDGS", "供电公司"), ("DCF", "东昌府区"),
    ("CPQ", "茌平区"), ("LQS", "临清市"), ("GTX", "高唐县"), ("GUX", "冠县"), ("SHX", "莘县"),
    ("YGX", "阳谷县"), ("DEX", "东阿县"), ("JKQ", "经济技术开发区"), ("GXQ", "高新技术产业开发区"),
)  # fmt: skip
COUNTIES = tuple(range(21, 31))  # department ids of the districts and counties
CHAINS = (
    ("BEARING", "轴承", 14),  # code, short name, share of the work
    ("NEV", "新能源汽车", 12),
    ("STEEL", "精品钢", 11),
    ("CHEM", "高端化工", 10),
    ("FOOD", "绿色食品", 10),
    ("PAPER", "生活用纸", 9),
    ("COPPER", "铜精深加工", 9),
    ("BIOMED", "生物医药", 9),
    ("TEXTILE", "纺织服装", 8),
    ("EQUIP", "高端装备", 8),
)
CHAIN_IDS = tuple(range(1, len(CHAINS) + 1))
CHAIN_WEIGHTS = tuple(weight for _, _, weight in CHAINS)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
VERBS = ("推进", "完成", "落实", "协调解决", "组织开展", "加快建设", "对接引进", "编制")
OBJECTS = (
    "重点项目开工手续", "链主企业配套需求", "技术改造项目验收", "产业链招商活动", "用地指标保障",
    "专精特新企业培育", "产学研合作对接", "融资需求对接", "能耗指标调剂", "上下游供需对接会",
)  # fmt: skip


def make_rules() -> EngineRules:
    return EngineRules(calendar=WorkingCalendar(), office_mailbox=OFFICE_MAILBOX)


class WorkingDays:
    """Working days by index, so "n working days later" is list arithmetic; stamps memoised.

    ``stamp`` is the column type's own bind processor: timestamps are stored exactly as the
    models write them, so comparisons in SQL agree with the service's.
    """

    def __init__(self, rules: EngineRules, stamp: Any) -> None:
        self.rules, self._stamp = rules, stamp
        self.days: list[date] = []
        day = date(2025, 12, 1)
        while day < date(2028, 7, 1):
            if rules.calendar.is_workday(day):
                self.days.append(day)
            day += timedelta(days=1)
        self.now = self.index(self.rules.today(NOW))  # a working day: the closing morning
        self._texts: dict[tuple[int, int, int], str] = {}

    def index(self, day: date) -> int:
        """The index of ``day``, or of the next working day."""
        return bisect.bisect_left(self.days, day)

    def iso(self, i: int) -> str:
        return self.days[i].isoformat()

    def at(self, i: int, hour: int, minute: int = 0) -> str:
        """Local ``hour``:``minute`` on working day ``i``, stored as the column stores it."""
        key = (i, hour, minute)
        text = self._texts.get(key)
        if text is None:
            instant = self.rules.start_of(self.days[i]) + timedelta(hours=hour, minutes=minute)
            text = self._texts[key] = self.stamp(instant)
        return text

    def instant(self, i: int, hour: int, minute: int = 0) -> datetime:
        return self.rules.start_of(self.days[i]) + timedelta(hours=hour, minutes=minute)

    def stamp(self, instant: datetime) -> str:
        text: str = self._stamp(instant)
        return text


def insert_rows(
    raw: sqlite3.Connection, table: str, columns: str, rows: Iterable[tuple[Any, ...]]
) -> int:
    """Write ``rows`` in batches of ``BATCH``, one transaction each; returns how many."""
    names = [c.strip() for c in columns.split(",")]
    sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    count = 0
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            count += _write(raw, sql, batch)
            batch = []
    return count + _write(raw, sql, batch)


def _write(raw: sqlite3.Connection, sql: str, batch: list[tuple[Any, ...]]) -> int:
    if batch:
        raw.execute("BEGIN")
        raw.executemany(sql, batch)
        raw.execute("COMMIT")
    return len(batch)


class CityDraw:
    """The random draw of one year's rows, shared by the tables: each table's rows are drawn in
    turn (projects, requests, tasks, notices), so later tables can point at earlier ones."""

    def __init__(
        self, rng: random.Random, rules: EngineRules, days: WorkingDays, args: argparse.Namespace
    ) -> None:
        self.rng, self.rules, self.days, self.args = rng, rules, days, args
        self.project_chain = array("b")
        self.request_chain = array("b")
        self.task_chain = array("b")
        self.open_requests: list[int] = []
        self.lights: dict[tuple[Any, ...], str] = {}

    def chain(self) -> int:
        return self.rng.choices(CHAIN_IDS, CHAIN_WEIGHTS)[0]
