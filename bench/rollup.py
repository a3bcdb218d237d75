"""How long does closing a month (月通报) take on a city with a million tasks, and how much memory?

    .venv/bin/python bench/rollup.py [--tasks 1000000] [--projects 20000] [--requests 50000]
                                     [--notices 20000] [--db /tmp/bench-rollup.db] [--keep]
                                     [--runs 1] [--profile FILE]

1. Builds a synthetic city of 2026 in a fresh SQLite file (``build``): the real schema (the
   migrations), 30 departments, 2,000 people, 3,000 enterprises, 10 chains, then with raw
   ``executemany`` (secondary indexes dropped during the load and recreated after):
   - ``--tasks`` tasks started over the year, in every state: the ones whose (possibly extended)
     due date has passed are mostly signed off, on time or late, others submitted, blocked or
     open with their month-end light (``mechanism.lights.task_light``); 2.5% cancelled;
   - ``--projects`` key projects of 2026 with cumulative monthly reports January–October (most
     of them; some start late, skip a month, or have not reported October yet) and 2–4 milestones;
   - ``--requests`` factor requests submitted over the year, answered within their close service
     level or late, or still open;
   - ``--notices`` notices a month, January–October, issued at the 08:30 sweep, with their
     outbox rows (one per recipient), some acknowledged.
   Then September is closed (``previous``, as of 2026-10-09), so October has a month to compare.
2. Closes October as of ``NOW`` (Monday 2026-11-02 08:30 in Shanghai) on a copy of the built
   file, in a fresh subprocess (``close``), timing only ``close_month`` and the commit of its
   session. Peak RSS is ``ru_maxrss`` of that process. Then it checks, untimed, that the
   snapshot rows exist (the city, every chain, and departments when the service rolls them up)
   and that the city's figures agree with plain SQL counts (tasks, sign-offs on time and late,
   requests opened, notices, planned investment). ``--keep`` skips 1 when ``--db`` was built
   with the same sizes and seed on the current schema; ``--runs N`` keeps the best of N closes.
3. ``--profile FILE``: one more close of a fresh copy under cProfile (untimed); the top entries
   by cumulative time are printed. Prints a table, then one JSON object as the last line.
   Exits 0 even if targets are missed.

The copy of a database file comes from ``bench/sweep.py``; its departments, chains and names
are this city's own.
"""

import argparse
import bisect
import json
import math
import random
import resource
import sqlite3
import subprocess
import sys
import time
from array import array
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the project's packages, as in the venv

from bench.sweep import copy_db  # noqa: E402
from mechanism.calendar import WorkingCalendar  # noqa: E402
from mechanism.lights import TaskTiming, task_light  # noqa: E402
from mechanism.vocabulary import FactorType, MilestoneKind, RosterRole, TaskState  # noqa: E402
from services.rules import EngineRules  # noqa: E402

NOW = datetime(2026, 11, 2, 0, 30, tzinfo=UTC)  # Monday, 08:30 in Shanghai
MONTH = date(2026, 10, 1)
MONTH_END = date(2026, 10, 31)
PREVIOUS = date(2026, 9, 1)
PREVIOUS_NOW = datetime(2026, 10, 9, 0, 30, tzinfo=UTC)  # first working day after National Day
CONFIG = Path(__file__).resolve().parent.parent / "chainops" / "config"
FACTORS_FILE = CONFIG / "factors.yaml"
OFFICE_MAILBOX = "office@example.gov.cn"
TARGETS = {"close_s": 10.0, "peak_rss_mb": 500.0}  # metric: limit (below)
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
FACTORS = {  # factor: (share of requests, unit, lowest and highest quantity)
    FactorType.LAND: (20, "亩", 10, 500),
    FactorType.ENERGY: (12, "吨标准煤", 500, 50_000),
    FactorType.POWER: (15, "千伏安", 500, 20_000),
    FactorType.FUNDS: (20, "万元", 100, 20_000),
    FactorType.LABOUR: (13, "人", 10, 500),
    FactorType.ENVIRONMENT: (8, "吨", 5, 500),
    FactorType.APPROVALS: (12, "项", 1, 5),
}
FACTOR_DEPARTMENTS = {  # routing of chainops/config/factors.yaml, as department ids
    FactorType.LAND: 6,
    FactorType.ENERGY: 2,
    FactorType.POWER: 20,
    FactorType.FUNDS: 17,
    FactorType.LABOUR: 10,
    FactorType.ENVIRONMENT: 7,
    FactorType.APPROVALS: 16,
}
TASK_RUNG_DAYS = (-3, 0, 3, 8)  # chainops/config/ladder.yaml: days from due of each rung
TASK_NOTICES = (  # level, kind, share, recipients
    (0, "reminder", 45, ("owner",)),
    (1, "urging_slip", 30, ("owner", "lead_department")),
    (2, "coordination", 15, ("working_group",) * 3),
    (3, "supervision", 10, ("chain_leader",)),
)
KIND_CHARS = {"urging_slip": "催", "coordination": "协", "supervision": "督"}


def make_rules() -> EngineRules:
    return EngineRules(calendar=WorkingCalendar(), office_mailbox=OFFICE_MAILBOX)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


class _Days:
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


# --- building the city ------------------------------------------------------------------------


def build(db: Path, args: argparse.Namespace) -> dict[str, Any]:
    from models import Task
    from models.db import make_engine
    from models.migrations import upgrade

    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    rng = random.Random(args.seed)
    rules = make_rules()
    engine = make_engine(sqlite_url(db))
    upgrade(engine)
    with engine.begin() as connection:
        _reference_rows(connection, rng)
    engine.dispose()
    stamp_type = Task.__table__.c.next_action_at.type  # type: ignore[attr-defined]
    days = _Days(rules, stamp_type.dialect_impl(engine.dialect).bind_processor(engine.dialect))

    raw = sqlite3.connect(db, isolation_level=None)
    raw.execute("PRAGMA synchronous=OFF")
    raw.execute("PRAGMA cache_size=-400000")
    tables = (
        "key_project",
        "project_monthly_report",
        "project_milestone",
        "factor_request",
        "task",
        "notice",
        "outbox_message",
    )
    marks = ", ".join(f"'{t}'" for t in tables)
    indexes = raw.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ({marks})"
        " AND sql IS NOT NULL"
    ).fetchall()
    for name, _ in indexes:
        raw.execute(f'DROP INDEX "{name}"')
    city = _City(rng, rules, days, args)
    counts = {
        "projects": city.load_projects(raw),
        "requests": city.load_requests(raw),
        "tasks": city.load_tasks(raw),
        "notices": city.load_notices(raw),
    }
    loaded = time.perf_counter()
    for _, sql in indexes:
        raw.execute(sql)
    indexed = time.perf_counter()
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    return {
        "params": _params(args),
        "build_s": time.perf_counter() - started,
        "index_s": indexed - loaded,
        "db_mb": db.stat().st_size / 2**20,
        **{k: v for part in counts.values() for k, v in part.items()},
    }


def _params(args: argparse.Namespace) -> dict[str, int]:
    names = ("tasks", "projects", "requests", "notices", "seed")
    return {name: getattr(args, name) for name in names}


def _reference_rows(connection: sa.Connection, rng: random.Random) -> None:
    """Departments, people, enterprises, chains and their rosters, through SQLAlchemy."""
    from models import Chain, Department, Enterprise, Person, RosterEntry

    created = datetime(2026, 1, 4, 1, 0, tzinfo=UTC)

    def insert(model: Any, rows: list[dict[str, Any]]) -> None:
        connection.execute(sa.insert(model.__table__), rows)

    insert(
        Department,
        [
            {"id": i, "code": code, "name_zh": f"示范市{name}", "email": f"{code.lower()}@x.cn"}
            for i, (code, name) in enumerate(DEPARTMENTS, 1)
        ],
    )
    people = []
    for i in range(1, PEOPLE + 1):
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
        department = 1 + (i - 1) % len(DEPARTMENTS)
        people.append(
            {
                "id": i,
                "email": f"p{i:04d}@example.gov.cn",
                "name": name,
                "department_id": department,
            }
        )
    insert(Person, people)
    insert(
        Enterprise,
        [
            {"id": i, "credit_code": f"91371500{i:09d}X", "name": f"示范企业{i:04d}有限公司"}
            for i in range(1, ENTERPRISES + 1)
        ],
    )
    insert(
        Chain,
        [
            {
                "id": i,
                "code": code,
                "name_zh": f"{short}产业链",
                "name_en": code.title(),
                "position": i,
                "created_at": created,
            }
            for i, (code, short, _) in enumerate(CHAINS, 1)
        ],
    )
    roster = []
    for chain_id in CHAIN_IDS:
        roster.append(
            {"chain_id": chain_id, "role": RosterRole.CHAIN_LEADER.value, "person_id": 1 + chain_id}
        )
        roster.append(
            {
                "chain_id": chain_id,
                "role": RosterRole.LEAD_DEPARTMENT.value,
                "department_id": chain_id,
            }
        )
    insert(RosterEntry, [{"person_id": None, "department_id": None, **r} for r in roster])


def _insert(
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


class _City:
    """The rows of one year, drawn in an order that lets later tables point at earlier ones."""

    def __init__(
        self, rng: random.Random, rules: EngineRules, days: _Days, args: argparse.Namespace
    ) -> None:
        self.rng, self.rules, self.days, self.args = rng, rules, days, args
        self.project_chain = array("b")
        self.request_chain = array("b")
        self.task_chain = array("b")
        self.open_requests: list[int] = []
        self.lights: dict[tuple[Any, ...], str] = {}

    def chain(self) -> int:
        return self.rng.choices(CHAIN_IDS, CHAIN_WEIGHTS)[0]

    # --- key projects --------------------------------------------------------------------

    def load_projects(self, raw: sqlite3.Connection) -> dict[str, int]:
        reports: list[tuple[Any, ...]] = []
        milestones: list[tuple[Any, ...]] = []
        projects = _insert(
            raw,
            "key_project",
            "id, code, name, chain_id, enterprise_id, department_id, year, total_investment,"
            " year_planned_investment, state, light, ladder_level, next_action_at, created_at",
            self._projects(reports, milestones),
        )
        report_columns = (
            "project_id, month, month_investment, investment_completed, milestone_reached,"
            " problems, reported_by, reported_at"
        )
        return {
            "projects": projects,
            "reports": _insert(raw, "project_monthly_report", report_columns, reports),
            "milestones": _insert(
                raw,
                "project_milestone",
                "project_id, kind, planned_date, actual_date",
                milestones,
            ),
        }

    def _projects(self, reports: list[Any], milestones: list[Any]) -> Iterator[tuple[Any, ...]]:
        rng, days = self.rng, self.days
        created = days.at(days.index(date(2026, 1, 5)), 9)
        for pid in range(1, self.args.projects + 1):
            chain_id = self.chain()
            self.project_chain.append(chain_id)
            planned = round(math.exp(rng.gauss(math.log(6000), 0.9)), 1)  # 万元
            kind = rng.random()
            state = "dropped" if kind < 0.03 else "producing" if kind < 0.13 else "active"
            department = chain_id if rng.random() < 0.6 else rng.choice(COUNTIES)
            pace = self._reports(pid, planned, reports)
            light = "red" if pace < 0.5 else "yellow" if pace < 0.7 else "green"
            self._milestones(pid, milestones)
            yield (
                pid,
                f"2026-{CHAINS[chain_id - 1][0]}-{pid:05d}",
                f"示范企业年产{rng.randint(1, 50)}万件{CHAINS[chain_id - 1][1]}项目（{pid}）",
                chain_id,
                rng.randint(1, ENTERPRISES),
                department,
                2026,
                round(planned * rng.uniform(1.0, 3.5), 1),
                planned,
                state,
                light,
                -1,
                days.at(days.now + 1, 0) if state == "active" else None,
                created,
            )

    def _reports(self, pid: int, planned: float, out: list[Any]) -> float:
        """Cumulative reports up to October; returns the share of the plan done by October."""
        rng, days = self.rng, self.days
        if rng.random() < 0.06:  # never reported
            return 0.0
        pace = min(1.4, max(0.05, rng.gauss(0.83, 0.22)))
        first = 1 if rng.random() < 0.75 else rng.randint(2, 5)
        done = 0.0
        for month in range(first, 11):
            if month < 10 and rng.random() < 0.03:
                continue  # skipped; the next report's cumulative figure catches up
            if month == 10 and rng.random() < 0.2:
                break  # October's report is due on the fifth working day of November
            share = pace * month / 10 * (1 + rng.gauss(0, 0.05))
            cumulative = round(max(done, planned * share), 1)
            if month == 10:
                reported = days.stamp(NOW - timedelta(hours=rng.randint(2, 120)))
            else:
                reported = days.at(days.index(date(2026, month + 1, 1)) + rng.randint(0, 4), 10)
            out.append(
                (
                    pid,
                    date(2026, month, 1).isoformat(),
                    round(cumulative - done, 1),
                    cumulative,
                    None,
                    "用地手续待办" if rng.random() < 0.05 else None,
                    f"contact{pid}@firm.example.com",
                    reported,
                )
            )
            done = cumulative
        return done / planned

    def _milestones(self, pid: int, out: list[Any]) -> None:
        rng = self.rng
        kinds = list(MilestoneKind)
        count = rng.randint(2, 4)
        first = rng.randint(0, len(kinds) - count)
        planned = date(2026, rng.randint(1, 8), rng.randint(1, 28))
        today = self.rules.today(NOW)
        for kind in kinds[first : first + count]:
            actual: date | None = None
            draw = rng.random()
            if planned < today and draw < 0.62:
                actual = planned - timedelta(days=rng.randint(0, 20))
            elif planned < today and draw < 0.85:
                actual = planned + timedelta(days=rng.randint(1, 40))
            elif planned >= today and draw < 0.1:
                actual = today - timedelta(days=rng.randint(1, 30))
            if actual is not None and actual >= today:
                actual = None
            out.append(
                (pid, kind.value, planned.isoformat(), actual.isoformat() if actual else None)
            )
            planned += timedelta(days=rng.randint(30, 120))

    # --- factor requests -----------------------------------------------------------------

    def load_requests(self, raw: sqlite3.Connection) -> dict[str, int]:
        from services.factor_config import load_factor_rules

        levels = load_factor_rules(FACTORS_FILE).levels
        columns = (
            "id, code, chain_id, enterprise_id, project_id, factor_type, quantity, unit,"
            " needed_by, description, department_id, state, submitted_by, submitted_at,"
            " accepted_at, planned_at, resolved_at, confirmed_at, stage_due, reply,"
            " reject_reason, satisfaction, reopened, light, ladder_level, next_action_at"
        )
        rows = self._requests({t: (lv.plan, lv.close) for t, lv in levels.items()})
        return {"requests": _insert(raw, "factor_request", columns, rows)}

    def _requests(self, levels: dict[FactorType, tuple[int, int]]) -> Iterator[tuple[Any, ...]]:
        rng, days = self.rng, self.days
        by_chain: dict[int, list[int]] = {}
        for pid, chain_id in enumerate(self.project_chain, 1):
            by_chain.setdefault(chain_id, []).append(pid)
        types = list(FACTORS)
        shares = [FACTORS[t][0] for t in types]
        first, last = days.index(date(2026, 1, 5)), days.index(MONTH_END) - 1
        for rid in range(1, self.args.requests + 1):
            chain_id = self.chain()
            self.request_chain.append(chain_id)
            factor = rng.choices(types, shares)[0]
            _, unit, low, high = FACTORS[factor]
            plan, close = levels[factor]
            submitted = rng.randint(first, last)
            accepted = submitted + (0 if rng.random() < 0.6 else rng.randint(1, 3))
            planned = accepted + rng.randint(1, plan + 1)
            late = rng.random() < 0.22
            closed = submitted + (close + rng.randint(1, 15) if late else rng.randint(2, close))
            row: dict[str, Any] = {
                "state": "submitted",
                "accepted_at": None,
                "planned_at": None,
                "resolved_at": None,
                "confirmed_at": None,
                "stage_due": None,
                "reply": None,
                "reject_reason": None,
                "satisfaction": None,
                "light": "green",
                "next_action_at": days.at(days.now + 1, 0),
            }
            if accepted < days.now:
                row.update(state="accepted", accepted_at=days.at(accepted, 10))
            if planned < days.now:
                row.update(state="in_progress", planned_at=days.at(planned, 15), reply="已制定方案")
            if closed < days.now:
                rejected = rng.random() < 0.12
                row.update(
                    state="rejected" if rejected else "resolved",
                    resolved_at=days.at(closed, rng.randint(9, 17)),
                    reject_reason="不符合政策条件" if rejected else None,
                    next_action_at=None,
                )
                if not rejected and closed + 3 < days.now and rng.random() < 0.7:
                    row.update(
                        state="confirmed",
                        confirmed_at=days.at(closed + 3, 11),
                        satisfaction=rng.choice((3, 4, 5, 5, 5)),
                    )
            else:
                self.open_requests.append(rid)
                due = submitted + close
                row["stage_due"] = days.iso(due)
                row["light"] = "red" if due < days.now else "yellow" if due == days.now else "green"
            projects = by_chain.get(chain_id)
            yield (
                rid,
                f"YS2026{rid:06d}",
                chain_id,
                rng.randint(1, ENTERPRISES),
                rng.choice(projects) if projects and rng.random() < 0.4 else None,
                factor.value,
                rng.randint(low, high),
                unit,
                (days.days[submitted] + timedelta(days=rng.randint(30, 180))).isoformat(),
                f"{factor.zh}需求：{rng.choice(OBJECTS)}",
                FACTOR_DEPARTMENTS[factor],
                row["state"],
                f"firm{rid % ENTERPRISES}@firm.example.com",
                days.at(submitted, rng.randint(9, 17)),
                row["accepted_at"],
                row["planned_at"],
                row["resolved_at"],
                row["confirmed_at"],
                row["stage_due"],
                row["reply"],
                row["reject_reason"],
                row["satisfaction"],
                0,
                row["light"],
                -1,
                row["next_action_at"],
            )

    # --- tasks ---------------------------------------------------------------------------

    def load_tasks(self, raw: sqlite3.Connection) -> dict[str, int]:
        columns = (
            "id, chain_id, title, source, lead_department_id, owner_id, start_date,"
            " original_due_date, due_date, progress, state, light, ladder_level, next_action_at,"
            " blocked_by_request_id, blocked_since, state_before_block, created_at, updated_at,"
            " submitted_at, signed_off_on"
        )
        return {"tasks": _insert(raw, "task", columns, self._tasks())}

    def _tasks(self) -> Iterator[tuple[Any, ...]]:
        rng, days = self.rng, self.days
        now = days.now
        first, last = days.index(date(2026, 1, 5)), days.index(MONTH_END) - 1
        sources = ("meeting", "leader_instruction", "mechanism")
        for tid in range(1, self.args.tasks + 1):
            chain_id = self.chain()
            self.task_chain.append(chain_id)
            owner = rng.randint(1, PEOPLE)
            # Most start by month end; a few are assigned ahead to start in November.
            start = rng.randint(first, last) if rng.random() < 0.97 else rng.randint(now, now + 20)
            original = start + rng.randint(10, 120)
            due = original + (rng.randint(5, 30) if rng.random() < 0.10 else 0)
            finish = max(start + 1, due + self._delay())
            signed = finish + rng.randint(1, 3)  # the office checks and signs off (销号)
            state, progress = self._state(start, due, finish, signed)
            blocked = state == TaskState.BLOCKED and bool(self.open_requests)
            if state == TaskState.BLOCKED and not blocked:
                state = TaskState.IN_PROGRESS
            light = self._light(state, start, due, progress)
            level = -1
            if state in (TaskState.ASSIGNED, TaskState.ACCEPTED, TaskState.IN_PROGRESS):
                level = sum(1 for d in TASK_RUNG_DAYS if now - due >= d) - 1
                next_at = days.at(now + 1, 0)
            else:
                next_at = None
            done = state in (TaskState.SUBMITTED, TaskState.SIGNED_OFF)
            if state == TaskState.SIGNED_OFF:
                updated = days.at(signed, 16)
            else:
                updated = days.at(finish, 15) if done else days.stamp(NOW)
            created = days.at(max(0, start - rng.randint(0, 5)), 9)
            yield (
                tid,
                chain_id,
                f"{CHAINS[chain_id - 1][1]}产业链：{rng.choice(VERBS)}{rng.choice(OBJECTS)}"
                f"（第{tid}项）",
                rng.choice(sources),
                1 + (owner - 1) % len(DEPARTMENTS),
                owner,
                days.iso(start),
                days.iso(original),
                days.iso(due),
                progress,
                state.value,
                light,
                level,
                next_at,
                rng.choice(self.open_requests) if blocked else None,
                days.iso(max(start, now - rng.randint(1, 30))) if blocked else None,
                TaskState.IN_PROGRESS.value if blocked else None,
                created,
                updated,
                days.at(finish, 15) if done else None,
                days.iso(signed) if state == TaskState.SIGNED_OFF else None,
            )

    def _delay(self) -> int:
        """Working days from the due date to submission: mostly early, some just in time, late."""
        draw = self.rng.random()
        if draw < 0.70:
            return -self.rng.randint(3, 20)
        return -self.rng.randint(0, 2) if draw < 0.82 else self.rng.randint(1, 25)

    def _state(self, start: int, due: int, finish: int, signed: int) -> tuple[TaskState, int]:
        """The state and progress on the closing morning, from when the work gets done."""
        rng, now = self.rng, self.days.now
        if rng.random() < 0.025:
            return TaskState.CANCELLED, rng.choice((0, 10, 20, 30))
        if signed < now:
            return TaskState.SIGNED_OFF, 100
        if finish < now:
            return TaskState.SUBMITTED, 100
        if start >= now - 2:
            return rng.choice((TaskState.ASSIGNED, TaskState.ACCEPTED)), 0
        share = min(1.0, (now - start) / max(1, due - start))
        progress = int(min(90, max(0, round((share * 100 + rng.gauss(0, 20)) / 10) * 10)))
        draw = rng.random()
        if draw < 0.07:
            return TaskState.BLOCKED, progress
        if draw < 0.10:
            return TaskState.ACCEPTED, 0
        return TaskState.IN_PROGRESS, progress

    def _light(self, state: TaskState, start: int, due: int, progress: int) -> str:
        """The month-end light by the real rule, memoised: what the sweep left at month end."""
        key = (state, start, due, progress)
        found = self.lights.get(key)
        if found is None:
            timing = TaskTiming(state, self.days.days[start], self.days.days[due], progress)
            found = self.lights[key] = task_light(
                timing, today=MONTH_END, calendar=self.rules.calendar, rules=self.rules.lights
            ).value
        return found

    # --- notices and their outbox rows ---------------------------------------------------

    def load_notices(self, raw: sqlite3.Connection) -> dict[str, int]:
        outbox: list[tuple[Any, ...]] = []
        counters: dict[tuple[int, str], int] = {}
        columns = (
            "id, key, kind, level, chain_id, subject_type, subject_id, year, seq, number,"
            " facts, issued_at"
        )
        notices = _insert(raw, "notice", columns, self._notices(outbox, counters))
        outbox_columns = (
            "notice_id, recipient_email, recipient_name, recipient_role, dedupe_key, state,"
            " attempts, next_attempt_at, sent_at, acknowledged_at"
        )
        rows = _insert(raw, "outbox_message", outbox_columns, outbox)
        _insert(
            raw,
            "notice_counter",
            "chain_id, kind, year, last_seq",
            ((chain, kind, 2026, seq) for (chain, kind), seq in counters.items()),
        )
        return {"notices_in_db": notices, "outbox_rows": rows}

    def _notices(
        self, outbox: list[Any], counters: dict[tuple[int, str], int]
    ) -> Iterator[tuple[Any, ...]]:
        rng, days = self.rng, self.days
        seen: set[str] = set()
        nid = 0
        for month in range(1, 11):
            first = days.index(date(2026, month, 1))
            workdays = list(range(first, days.index(date(2026, month + 1, 1))))
            for _ in range(self.args.notices):
                nid += 1
                day = rng.choice(workdays)
                key = ""
                while not key or key in seen:  # a subject gets one notice a level a day
                    key, kind, level, subject_type, subject, chain_id, roles = self._subject(day)
                seen.add(key)
                seq = number = None
                if kind in KIND_CHARS:
                    seq = counters[chain_id, kind] = counters.get((chain_id, kind), 0) + 1
                    number = f"聊链{CHAINS[chain_id - 1][1]}{KIND_CHARS[kind]}〔2026〕{seq}号"
                issued = days.instant(day, 8, 30)
                facts = {
                    "subject_id": subject,
                    "chain_code": CHAINS[chain_id - 1][0],
                    "chain_name": f"{CHAINS[chain_id - 1][1]}产业链",
                    "level": level,
                    "kind": kind,
                    "reason": "已超期，请于三个工作日内报送进展",
                    "issued_on": days.iso(day),
                }
                self._outbox(nid, key, roles, issued, outbox)
                yield (
                    nid,
                    key,
                    kind,
                    level,
                    chain_id,
                    subject_type,
                    subject,
                    2026,
                    seq,
                    number,
                    json.dumps(facts),
                    days.stamp(issued),
                )

    def _subject(self, day: int) -> tuple[str, str, int, str, int, int, tuple[str, ...]]:
        """What a notice of ``day`` is about: mostly tasks, as the sweeps issue them."""
        rng, on = self.rng, self.days.iso(day)
        draw = rng.random()
        if draw < 0.80:
            level, kind, _, roles = rng.choices(TASK_NOTICES, [n[2] for n in TASK_NOTICES])[0]
            task = rng.randint(1, self.args.tasks)
            chain_id = self.task_chain[task - 1]
            return f"task:{task}:L{level}:{on}", kind, level, "task", task, chain_id, roles
        if draw < 0.92:
            level = rng.choices((0, 1, 2), (60, 28, 12))[0]
            roles = (("lead_department",), ("working_group",) * 3, ("chain_leader",))[level]
            request = rng.randint(1, self.args.requests)
            key = f"factor_request:{request}:close:L{level}:{on}"
            chain_id = self.request_chain[request - 1]
            return key, "factor_request", level, "factor_request", request, chain_id, roles
        project = rng.randint(1, self.args.projects)
        key = f"key_project:{project}:stale:{on}"
        roles = ("enterprise", "working_group")
        chain_id = self.project_chain[project - 1]
        return key, "project_stale", 0, "key_project", project, chain_id, roles

    def _outbox(
        self, nid: int, key: str, roles: tuple[str, ...], issued: datetime, out: list[Any]
    ) -> None:
        """One row per recipient, most sent within minutes; some acknowledged (签收) later."""
        rng, days = self.rng, self.days
        acknowledging = rng.random() < 0.65
        issued_text = days.stamp(issued)
        for k, role in enumerate(roles):
            person = rng.randint(1, PEOPLE)
            email = f"p{person:04d}@example.gov.cn"
            state = "sent" if rng.random() < 0.97 else rng.choice(("pending", "dead"))
            sent = acknowledged = None
            if state == "sent":
                sent = days.stamp(issued + timedelta(minutes=rng.randint(1, 20), seconds=k))
                if acknowledging and rng.random() < 0.7:
                    at = issued + timedelta(hours=math.exp(rng.gauss(math.log(6), 1.2)))
                    acknowledged = days.stamp(at) if at < NOW else None
            out.append(
                (
                    nid,
                    email,
                    None,
                    role,
                    f"{key}:{email}:{k}",
                    state,
                    1 if state != "pending" else 0,
                    issued_text,
                    sent,
                    acknowledged,
                )
            )


# --- the measured phases -------------------------------------------------------------------


def _close(db: Path, month: date, now: datetime, profile: str | None) -> dict[str, Any]:
    """``close_month`` the way ``chainops rollup`` calls it, committed; timing only that."""
    from models.db import make_engine, session_scope
    from services.rollup import close_month

    configured = _configuration()
    engine = make_engine(sqlite_url(db))
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    with session_scope(engine) as session:
        result = close_month(session=session, month=month, now=now, **configured)
    elapsed = time.perf_counter() - started
    top: list[list[Any]] = []
    if profiler is not None and profile:
        profiler.disable()
        profiler.dump_stats(profile)
        top = _profile_top(profiler, 25)
    engine.dispose()
    return {
        "close_s": elapsed,
        "peak_rss_mb": _maxrss_mb(),
        "newly_closed": result.newly_closed,
        "profile_top": top,
    }


def _configuration() -> dict[str, Any]:
    """The rules ``close_month`` takes besides the session, month and clock, built as
    ``chainops/wiring.py`` builds them from the default configuration files."""
    from services.factor_config import load_factor_rules
    from services.rollup_config import load_weights

    return {
        "rules": make_rules(),
        "factors": load_factor_rules(FACTORS_FILE),
        "weights": load_weights(CONFIG / "rollup.yaml"),
    }


def _profile_top(profiler: Any, count: int) -> list[list[Any]]:
    """[cumulative s, own s, calls, where] of the costliest functions, by cumulative time."""
    import pstats

    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    rows = []
    for (path, line, name), (_, calls, own, cumulative, _) in stats.items():
        where = f"{Path(path).name}:{line}({name})" if line else name
        rows.append([round(cumulative, 3), round(own, 3), calls, where])
    rows.sort(key=lambda r: -r[0])
    return rows[:count]


def phase_previous(db: Path) -> dict[str, Any]:
    return _close(db, PREVIOUS, PREVIOUS_NOW, None)


def phase_close(db: Path, profile: str | None) -> dict[str, Any]:
    result = _close(db, MONTH, NOW, profile)
    result.update(_check(db))
    return result


def _check(db: Path) -> dict[str, Any]:
    """The stored snapshots against plain SQL on the same rows (untimed)."""
    from models import Task
    from models.db import make_engine

    rules = make_rules()
    engine = make_engine(sqlite_url(db))
    stamp_type = Task.__table__.c.next_action_at.type  # type: ignore[attr-defined]
    stamp = stamp_type.dialect_impl(engine.dialect).bind_processor(engine.dialect)
    engine.dispose()
    start, stop = stamp(rules.start_of(MONTH)), stamp(rules.start_of(date(2026, 11, 1)))
    first, last = MONTH.isoformat(), MONTH_END.isoformat()
    live = f"FROM task WHERE state != 'cancelled' AND start_date <= '{last}'"
    signed = f"{live} AND signed_off_on BETWEEN '{first}' AND '{last}'"
    queries = {
        "tasks.total": (f"SELECT count(*) {live}", ()),
        "tasks.done_on_time": (
            f"SELECT count(*) {signed} AND signed_off_on <= original_due_date",
            (),
        ),
        "tasks.done_late": (f"SELECT count(*) {signed} AND signed_off_on > original_due_date", ()),
        "projects.investment_planned": (
            "SELECT round(sum(year_planned_investment), 2) FROM key_project"
            " WHERE year = 2026 AND state != 'dropped'",
            (),
        ),
        "requests.opened": (
            "SELECT count(*) FROM factor_request WHERE submitted_at >= ? AND submitted_at < ?",
            (start, stop),
        ),
        "ladder.notices": (
            "SELECT count(*) FROM notice WHERE issued_at >= ? AND issued_at < ?",
            (start, stop),
        ),
    }
    with sqlite3.connect(db) as raw:
        expected = {name: raw.execute(sql, p).fetchone()[0] for name, (sql, p) in queries.items()}
        snapshots = raw.execute(
            "SELECT scope, chain_id, data FROM rollup_snapshot WHERE month = ?", (first,)
        ).fetchall()
        chain_codes = {code for (code,) in raw.execute("SELECT code FROM chain")}
    raw.close()
    scopes = {"city": 0, "chains": 0, "other": 0}
    city: dict[str, Any] = {}
    chain_totals = department_totals = 0
    for scope, _, data in snapshots:
        figures = json.loads(data)
        if scope == "city":
            scopes["city"] += 1
            city = figures
        elif scope in chain_codes:
            scopes["chains"] += 1
            chain_totals += _figure(figures, "tasks.total") or 0
        else:  # a department's (dept:CODE), since departments are rolled up
            scopes["other"] += 1
            department_totals += _figure(figures, "tasks.total") or 0
    found = {name: _figure(city, name) for name in expected}
    found["ladder.notices"] = sum((_figure(city, "ladder.notices_by_level") or {}).values())
    checks = {name: found[name] == expected[name] for name in expected}
    checks["snapshots"] = scopes["city"] == 1 and scopes["chains"] == len(chain_codes)
    checks["chains_add_up"] = chain_totals == found["tasks.total"]
    if scopes["other"]:  # every task has a lead department
        checks["departments_add_up"] = department_totals == found["tasks.total"]
    return {
        "checks": checks,
        "checks_ok": all(checks.values()),
        "expected": expected,
        "found": found,
        "snapshots": scopes,
        "city": city,
    }


def _figure(figures: dict[str, Any], dotted: str) -> Any:
    value: Any = figures
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


# --- the driver ---------------------------------------------------------------------------


def _child(args: argparse.Namespace, phase: str, db: Path, *extra: str) -> dict[str, Any]:
    out = Path(f"{db}.{phase}.json")
    out.unlink(missing_ok=True)
    command = [sys.executable, str(Path(__file__).resolve()), "--phase", phase]
    for name, value in _params(args).items():
        command += [f"--{name}", str(value)]
    command += ["--db", str(db), "--out", str(out), *extra]
    started = time.perf_counter()
    subprocess.run(command, check=True)
    result: dict[str, Any] = json.loads(out.read_text())
    result["wall_s"] = time.perf_counter() - started
    print(f"  {phase:<8} done in {result['wall_s']:.1f} s", flush=True)
    return result


def _kept(args: argparse.Namespace, pristine: Path) -> dict[str, Any] | None:
    """The build record of a file ``--keep`` may reuse: same sizes and seed, current schema."""
    from models.db import make_engine
    from services.database import schema_problem

    record = Path(f"{pristine}.build.json")
    if not (args.keep and pristine.exists() and record.exists()):
        return None
    built: dict[str, Any] = json.loads(record.read_text())
    engine = make_engine(sqlite_url(pristine))
    problem = schema_problem(engine)
    with engine.connect() as connection:
        closed = connection.exec_driver_sql(
            "SELECT count(*) FROM rollup_snapshot WHERE month = ?", (MONTH.isoformat(),)
        ).scalar_one()
    engine.dispose()
    if built.get("params") != _params(args) or problem or closed:
        print(f"  not reusing {pristine}: {problem or 'built with other options'}", flush=True)
        return None
    return built


def drive(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    pristine = Path(args.db)
    work = pristine.with_name(pristine.stem + "-work" + pristine.suffix)
    built = _kept(args, pristine)
    if built is None:
        print(
            f"building {args.tasks:,} tasks, {args.projects:,} projects, "
            f"{args.requests:,} requests, {args.notices:,} notices a month in {pristine} …",
            flush=True,
        )
        built = _child(args, "build", pristine)
        built["previous_close_s"] = _child(args, "previous", pristine)["close_s"]
        Path(f"{pristine}.build.json").write_text(json.dumps(built))
    else:
        print(f"reusing {pristine} (built in {built['build_s']:.0f} s)", flush=True)
    runs = []
    for _ in range(args.runs):
        copy_db(pristine, work)
        runs.append(_child(args, "close", work))
    close = min(runs, key=lambda r: r["close_s"])
    top: list[list[Any]] = []
    if args.profile:  # one more close of a fresh copy, under cProfile; not timed
        copy_db(pristine, work)
        top = _child(args, "close", work, "--profile", args.profile)["profile_top"]
    result = _result(args, built, runs, close, time.perf_counter() - started)
    print("\n".join(_table(result, close, top)))
    print(json.dumps(result, ensure_ascii=False), flush=True)


def _result(
    args: argparse.Namespace,
    built: dict[str, Any],
    runs: list[dict[str, Any]],
    close: dict[str, Any],
    total_s: float,
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "tasks": built["tasks"],
        "projects": built["projects"],
        "requests": built["requests"],
        "notices": close["expected"]["ladder.notices"],
        "month": f"{MONTH:%Y-%m}",
        "now": NOW.isoformat(),
        "close_s": round(close["close_s"], 3),
        "peak_rss_mb": round(max(r["peak_rss_mb"] for r in runs), 1),
        "close_runs_s": [round(r["close_s"], 3) for r in runs],
        "previous_close_s": round(built["previous_close_s"], 3),
        "build_s": round(built["build_s"], 1),
        "db_mb": round(built["db_mb"], 1),
        "reports": built["reports"],
        "milestones": built["milestones"],
        "notices_in_db": built["notices_in_db"],
        "outbox_rows": built["outbox_rows"],
        "snapshots": close["snapshots"],
        "newly_closed": close["newly_closed"],
        "checks": close["checks"],
        "checks_ok": close["checks_ok"] and close["newly_closed"],
    }
    met = {name: result[name] < limit for name, limit in TARGETS.items()}
    result["targets"] = met
    result["targets_met"] = all(met.values()) and result["checks_ok"]
    result["city_tasks"] = close["city"].get("tasks")
    if args.profile:
        result["profile"] = args.profile
    result["total_s"] = round(total_s, 1)
    return result


def _table(result: dict[str, Any], close: dict[str, Any], top: list[list[Any]]) -> list[str]:
    met = result["targets"]

    def verdict(name: str) -> str:
        return f"< {TARGETS[name]:g}  {'ok' if met[name] else 'MISSED'}"

    scopes = result["snapshots"]
    failed = [name for name, ok in result["checks"].items() if not ok]
    lines = [
        f"chainops rollup benchmark: close {result['month']} as of {result['now']}",
        f"  {result['tasks']:,} tasks, {result['projects']:,} projects ({result['reports']:,} "
        f"reports, {result['milestones']:,} milestones), {result['requests']:,} requests, "
        f"{result['notices']:,} notices in the month ({result['notices_in_db']:,} in all, "
        f"{result['outbox_rows']:,} outbox rows)",
        f"  {'metric':<18}{'value':>12}  target",
        f"  {'build_s':<18}{result['build_s']:>12.1f}  (not a target; {result['db_mb']} MB file)",
        f"  {'previous_close_s':<18}{result['previous_close_s']:>12.2f}  (September, at build)",
        f"  {'close_s':<18}{result['close_s']:>12.2f}  {verdict('close_s')}",
        f"  {'peak_rss_mb':<18}{result['peak_rss_mb']:>12.1f}  {verdict('peak_rss_mb')}",
        f"  snapshots: city {scopes['city']}, chains {scopes['chains']}, other {scopes['other']}",
        "  checks against SQL: "
        + ("all agree" if not failed else f"DISAGREE on {', '.join(failed)}")
        + f" ({close['found']})",
    ]
    if top:
        lines.append(f"  profile ({result.get('profile')}), by cumulative time:")
        lines.append(f"    {'cum s':>8} {'own s':>8} {'calls':>10}  function")
        lines += [f"    {c:>8.2f} {o:>8.2f} {n:>10}  {where}" for c, o, n, where in top]
    missed = [name for name, ok in met.items() if not ok]
    lines.append(f"  total benchmark time {result['total_s']:.1f} s")
    lines.append("  targets: all met" if not missed else f"  targets MISSED: {', '.join(missed)}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--projects", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=50_000)
    parser.add_argument("--notices", type=int, default=20_000, help="a month, January–October")
    parser.add_argument("--db", default="/tmp/bench-rollup.db")
    parser.add_argument("--seed", type=int, default=20261102)
    parser.add_argument("--runs", type=int, default=1, help="closes of fresh copies; best")
    parser.add_argument("--keep", action="store_true", help="reuse --db if built with these sizes")
    parser.add_argument("--profile", help="also cProfile one close (untimed) into this file")
    parser.add_argument("--phase", choices=("build", "previous", "close"), help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase is None:
        drive(args)
        return
    db = Path(args.db)
    if args.phase == "build":
        result = build(db, args)
    elif args.phase == "previous":
        result = phase_previous(db)
    else:
        result = phase_close(db, args.profile)
    Path(args.out).write_text(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
