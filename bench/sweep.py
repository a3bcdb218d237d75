"""How fast is the daily sweep on a city with a million open tasks, against a naive full scan?

    .venv/bin/python bench/sweep.py [--tasks 1000000] [--due 10000] [--db /tmp/bench-sweep.db]

1. Builds a synthetic city in a fresh SQLite file: the real schema (the migrations), a few
   dozen departments, 2,000 people, 10 chains with rosters, then ``--tasks`` open tasks written
   with raw ``executemany`` (secondary indexes dropped during the load and recreated after).
   Every task is consistent with the ladder: exactly ``--due`` of them have
   ``next_action_at <= NOW`` and are due for an escalation or a light change today; the others
   have their light and ladder level up to date and ``next_action_at`` in the future.
2. Measures, each in a fresh subprocess of this script (``--phase``), timing only the call:
   - ``idle``: ``services.sweep.sweep`` at a working-day instant before every
     ``next_action_at`` (checked first), best of ``--idle-runs``;
   - ``due``: the sweep of the due tasks at ``NOW``, on a copy of the built file;
   - ``naive``: every open task loaded as ``Task`` objects (``yield_per``) and put through
     ``mechanism.ladder.decide``, keeping those with an escalation or a light change; no writes.
     Its ids must be the ids the sweep acted on (``same_decisions``).
3. Prints a table, then one JSON object as the last line. Exits 0 even if targets are missed.
"""

import argparse
import json
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from mechanism.calendar import WorkingCalendar
from mechanism.ladder import Decision, LadderState, decide
from mechanism.lights import TaskTiming, task_light
from mechanism.vocabulary import RosterRole, TaskState
from services.rules import EngineRules

NOW = datetime(2026, 6, 10, 0, 30, tzinfo=UTC)  # a Wednesday, 08:30 in Shanghai
OFFICE_MAILBOX = "office@example.gov.cn"
TARGETS = {  # metric: (limit, "<" or ">=")
    "sweep_idle_s": (0.050, "<"),
    "sweep_due_s": (5.0, "<"),
    "speedup": (50.0, ">="),
    "peak_rss_mb": (500.0, "<"),
}
OPEN_STATES = (TaskState.ASSIGNED, TaskState.ACCEPTED, TaskState.IN_PROGRESS)
STATE_WEIGHTS = (15, 25, 60)
YEAR_START = date(2026, 1, 5)
YEAR_END = date(2026, 12, 31)
BATCH = 50_000
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
VERBS = ("推进", "完成", "落实", "协调解决", "组织开展", "加快建设", "对接引进", "编制")
OBJECTS = (
    "重点项目开工手续",
    "链主企业配套需求",
    "技术改造项目验收",
    "产业链招商活动",
    "用地指标保障",
    "专精特新企业培育",
    "产学研合作对接",
    "融资需求对接",
    "能耗指标调剂",
    "上下游供需对接会",
    "产业链图谱更新",
    "人才引进计划",
)

TASK_COLUMNS = (  # the order of _TaskGenerator.rows(); bench/parallel.py COPYs them too
    "id",
    "chain_id",
    "title",
    "source",
    "lead_department_id",
    "owner_id",
    "start_date",
    "original_due_date",
    "due_date",
    "progress",
    "state",
    "light",
    "ladder_level",
    "next_action_at",
    "hold_until",
    "created_at",
    "updated_at",
)


def make_rules() -> EngineRules:
    return EngineRules(calendar=WorkingCalendar(), office_mailbox=OFFICE_MAILBOX)


def idle_now(rules: EngineRules) -> datetime:
    """08:30 in the city two working days before NOW's: before every task's next_action_at."""
    day = rules.calendar.add(rules.today(NOW), -2)
    return rules.start_of(day) + timedelta(hours=8, minutes=30)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# --- building the city ------------------------------------------------------------------------


def build(db: Path, tasks: int, due: int, seed: int) -> dict[str, Any]:
    from models import Chain, Department, Person, RosterEntry, Task, User
    from models.db import make_engine
    from models.migrations import upgrade

    if due > tasks:
        raise SystemExit("--due cannot exceed --tasks")
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    rng = random.Random(seed)
    rules = make_rules()
    engine = make_engine(sqlite_url(db))
    upgrade(engine)
    created = datetime(2026, 1, 4, 1, 0, tzinfo=UTC)
    with engine.begin() as connection:
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
    engine.dispose()

    # Timestamps exactly as the model's column type writes them, so comparisons in SQL agree.
    stamp_type = Task.__table__.c.next_action_at.type  # type: ignore[attr-defined]
    stamp = stamp_type.dialect_impl(engine.dialect).bind_processor(engine.dialect)
    raw = sqlite3.connect(db, isolation_level=None)
    raw.execute("PRAGMA synchronous=OFF")
    raw.execute("PRAGMA cache_size=-400000")
    indexes = raw.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'task'"
        " AND sql IS NOT NULL"
    ).fetchall()
    for name, _ in indexes:
        raw.execute(f'DROP INDEX "{name}"')
    insert = (
        f"INSERT INTO task ({', '.join(TASK_COLUMNS)}) "
        f"VALUES ({', '.join('?' * len(TASK_COLUMNS))})"
    )
    generator = _TaskGenerator(rules, rng, tasks, due, stamp)
    batch: list[tuple[Any, ...]] = []
    for row in generator.rows():
        batch.append(row)
        if len(batch) == BATCH:
            _write(raw, insert, batch)
            batch = []
    _write(raw, insert, batch)
    loaded = time.perf_counter()
    for _, sql in indexes:
        raw.execute(sql)
    indexed = time.perf_counter()
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    return {
        "build_s": time.perf_counter() - started,
        "index_s": indexed - loaded,
        "decide_calls": generator.decide_calls,
        "db_mb": db.stat().st_size / 2**20,
        "due_escalations": generator.due_escalations,
        "due_light_only": generator.due_light_only,
    }


def _write(raw: sqlite3.Connection, insert: str, batch: list[tuple[Any, ...]]) -> None:
    if batch:
        raw.execute("BEGIN")
        raw.executemany(insert, batch)
        raw.execute("COMMIT")


class _TaskGenerator:
    """Random open tasks, each checked against ``decide`` (memoised) so the city is consistent."""

    def __init__(
        self, rules: EngineRules, rng: random.Random, tasks: int, due: int, stamp: Any
    ) -> None:
        self.rules, self.rng, self.tasks, self.stamp = rules, rng, tasks, stamp
        self.calendar = rules.calendar
        self.today = rules.today(NOW)
        self.yesterday = self.calendar.add(self.today, -1)
        self.due_positions = set(rng.sample(range(tasks), due))
        self.ladders = {i: rules.ladders.for_chain(code) for i, (code, _) in enumerate(CHAINS, 1)}
        self.starts = [
            YEAR_START + timedelta(days=k) for k in range((self.today - YEAR_START).days)
        ]
        self.decisions: dict[tuple[Any, ...], Decision] = {}
        self.lights: dict[tuple[Any, ...], str] = {}
        self.stamps: dict[datetime, str] = {}
        self.decide_calls = 0
        self.due_escalations = 0
        self.due_light_only = 0

    def _stamp(self, instant: datetime) -> str:
        text = self.stamps.get(instant)
        if text is None:
            text = self.stamps[instant] = self.stamp(instant)
        return text

    def _decide(
        self,
        chain_id: int,
        state: TaskState,
        start: date,
        due: date,
        progress: int,
        level: int,
        hold: date | None,
    ) -> Decision:
        ladder = self.ladders[chain_id]
        key = (id(ladder), state, start, due, progress, level, hold)
        found = self.decisions.get(key)
        if found is None:
            self.decide_calls += 1
            found = self.decisions[key] = decide(
                LadderState(TaskTiming(state, start, due, progress), level, hold),
                today=self.today,
                ladder=ladder,
                calendar=self.calendar,
                rules=self.rules.lights,
            )
        return found

    def _light_yesterday(self, state: TaskState, start: date, due: date, progress: int) -> str:
        key = (state, start, due, progress)
        found = self.lights.get(key)
        if found is None:
            found = self.lights[key] = task_light(
                TaskTiming(state, start, due, progress),
                today=self.yesterday,
                calendar=self.calendar,
                rules=self.rules.lights,
            ).value
        return found

    def _progress(self, start: date, due: date) -> int:
        span = max(1, (due - start).days)
        share = min(1.0, max(0.0, (self.today - start).days / span))
        return int(min(90, max(0, round((share * 100 + self.rng.gauss(0, 20)) / 10) * 10)))

    def _fired(self, ladder_level_days: list[int], due: date) -> int:
        """The highest rung that has fired by today for a task due on ``due``."""
        level = -1
        for lvl, days in enumerate(ladder_level_days):
            if self.today >= self.calendar.add(due, days):
                level = lvl
        return level

    def _settled(self, chain_id: int) -> tuple[Any, ...]:
        """A task with nothing to do today: light and ladder up to date, next look ahead."""
        rng, cal, today = self.rng, self.calendar, self.today
        rung_days = [r.days_from_due for r in self.ladders[chain_id].rungs]
        while True:
            state = rng.choices(OPEN_STATES, STATE_WEIGHTS)[0]
            kind = rng.random()
            hold = None
            if kind < 0.85:  # due weeks or months ahead
                due = min(YEAR_END, today + timedelta(days=rng.randint(7, 200)))
            elif kind < 0.93:  # due within days: the reminder may have gone out
                due = today + timedelta(days=rng.randint(1, 6))
            else:  # overdue, but an acknowledgement holds the ladder
                due = cal.add(today, -rng.randint(1, 30))
                hold = cal.add(today, rng.randint(1, 3))
            start = max(YEAR_START, due - timedelta(days=rng.randint(20, 200)))
            if start >= today:
                start = rng.choice(self.starts)
            level = self._fired(rung_days, due)
            progress = self._progress(start, due)
            decision = self._decide(chain_id, state, start, due, progress, level, hold)
            if decision.escalation is None and decision.next_look is not None:
                return (
                    state,
                    start,
                    due,
                    progress,
                    decision.light.value,
                    level,
                    hold,
                    self.rules.start_of(decision.next_look),
                )

    def _due(self, chain_id: int) -> tuple[Any, ...]:
        """A task the sweep must act on today: a rung fires, or its light changes, or both."""
        rng, cal, today = self.rng, self.calendar, self.today
        kind = rng.random()  # drawn once, so rare kinds (light changes only) keep their share
        while True:
            state = rng.choices(OPEN_STATES, STATE_WEIGHTS)[0]
            if kind < 0.30:  # the reminder, 3 working days ahead
                due, level = cal.add(today, rng.randint(1, 3)), -1
            elif kind < 0.55:  # the urging slip, on the due date or just after
                due, level = cal.add(today, -rng.randint(0, 2)), 0
            elif kind < 0.75:  # coordination
                due, level = cal.add(today, -rng.randint(3, 7)), 1
            elif kind < 0.90:  # supervision
                due, level = cal.add(today, -rng.randint(8, 40)), 2
            else:  # only the light changes: lagging progress crosses a threshold today
                due, level = min(YEAR_END, today + timedelta(days=rng.randint(20, 150))), -1
            start = max(YEAR_START, due - timedelta(days=rng.randint(20, 200)))
            if start >= today:
                start = rng.choice(self.starts)
            progress = self._progress(start, due)
            light = self._light_yesterday(state, start, due, progress)
            decision = self._decide(chain_id, state, start, due, progress, level, None)
            if decision.escalation is None and decision.light.value == light:
                continue
            if decision.escalation is not None:
                self.due_escalations += 1
            else:
                self.due_light_only += 1
            # Most were set to today's midnight by yesterday's sweep; some are a day late.
            look = today if rng.random() < 0.8 else self.yesterday
            return (state, start, due, progress, light, level, None, self.rules.start_of(look))

    def rows(self) -> Iterator[tuple[Any, ...]]:
        rng = self.rng
        sources = ("meeting", "leader_instruction", "mechanism")
        for position in range(self.tasks):
            chain_id = rng.randint(1, len(CHAINS))
            owner = rng.randint(1, PEOPLE)
            department = 1 + (owner - 1) % len(DEPARTMENTS)
            if position in self.due_positions:
                made = self._due(chain_id)
            else:
                made = self._settled(chain_id)
            state, start, due, progress, light, level, hold, next_at = made
            original = due if rng.random() < 0.95 else due - timedelta(days=rng.randint(5, 30))
            created = self._stamp(self.rules.start_of(start) + timedelta(hours=9))
            yield (
                position + 1,
                chain_id,
                f"{CHAINS[chain_id - 1][1]}：{rng.choice(VERBS)}{rng.choice(OBJECTS)}"
                f"（第{position + 1}项）",
                rng.choice(sources),
                department,
                owner,
                start.isoformat(),
                original.isoformat(),
                due.isoformat(),
                progress,
                state.value,
                light,
                level,
                self._stamp(next_at),
                hold.isoformat() if hold else None,
                created,
                created,
            )


# --- the measured phases -------------------------------------------------------------------


def _due_ids(connection: sa.Connection, now: datetime) -> set[int]:
    """Every task the sweep will find due at ``now``, by the sweep's own query (untimed)."""
    from services.sweep import due_tasks_query

    query = due_tasks_query(connection.dialect.name, now, 2**62)
    return {row.id for row in connection.execute(query)}


def phase_idle(db: Path, runs: int) -> dict[str, Any]:
    from models.db import make_engine
    from services.sweep import sweep

    rules = make_rules()
    at = idle_now(rules)
    engine = make_engine(sqlite_url(db))
    with engine.connect() as connection:
        due_then = len(_due_ids(connection, at))
    if due_then:
        raise SystemExit(f"idle phase: {due_then} tasks are due at {at}; expected none")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        report = sweep(engine=engine, now=at, rules=rules)
        times.append(time.perf_counter() - started)
        if not report.working_day or report.examined:
            raise SystemExit(f"idle phase: unexpected report {report.as_dict()}")
    engine.dispose()
    return {
        "now": at.isoformat(),
        "runs_s": times,
        "best_s": min(times),
        "median_s": statistics.median(times),
        "peak_rss_mb": _maxrss_mb(),
    }


def phase_due(db: Path, profile: str | None) -> dict[str, Any]:
    from models.db import make_engine
    from services.sweep import NOTICE, OUTBOX, sweep

    rules = make_rules()
    engine = make_engine(sqlite_url(db))
    with engine.connect() as connection:
        before = _due_ids(connection, NOW)
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    report = sweep(engine=engine, now=NOW, rules=rules)
    elapsed = time.perf_counter() - started
    if profiler is not None and profile:
        profiler.disable()
        profiler.dump_stats(profile)
    with engine.connect() as connection:
        left = _due_ids(connection, NOW)
        escalated = (
            connection.execute(
                sa.select(NOTICE.c.subject_id).where(NOTICE.c.subject_type == "task")
            )
            .scalars()
            .all()
        )
        outbox = connection.execute(sa.select(sa.func.count()).select_from(OUTBOX)).scalar_one()
    engine.dispose()
    return {
        "sweep_s": elapsed,
        "peak_rss_mb": _maxrss_mb(),
        "report": report.as_dict(),
        "due_before": len(before),
        "still_due_after": len(left),
        "acted": sorted(before - left),
        "escalated": sorted(escalated),
        "outbox_rows_in_db": outbox,
    }


def phase_naive(db: Path) -> dict[str, Any]:
    from sqlmodel import Session, col, select

    from mechanism.vocabulary import OPEN_TASK_STATES
    from models import Chain, Task
    from models.db import make_engine

    rules = make_rules()
    today = rules.today(NOW)
    engine = make_engine(sqlite_url(db))
    acted: list[int] = []
    escalated: list[int] = []
    lights_changed = 0
    loaded = 0
    started = time.perf_counter()
    with Session(engine) as session:
        codes = {chain.id: chain.code for chain in session.exec(select(Chain))}
        query = (
            select(Task)
            .where(col(Task.state).in_(sorted(OPEN_TASK_STATES)))
            .execution_options(yield_per=2000)
        )
        for task in session.exec(query):
            loaded += 1
            decision = decide(
                LadderState(
                    TaskTiming(
                        TaskState(task.state), task.start_date, task.due_date, task.progress
                    ),
                    task.ladder_level,
                    task.hold_until,
                ),
                today=today,
                ladder=rules.ladders.for_chain(codes[task.chain_id]),
                calendar=rules.calendar,
                rules=rules.lights,
            )
            changed = decision.light.value != task.light
            if decision.escalation is not None or changed:
                assert task.id is not None
                acted.append(task.id)
                lights_changed += changed
                if decision.escalation is not None:
                    escalated.append(task.id)
    elapsed = time.perf_counter() - started
    engine.dispose()
    return {
        "naive_s": elapsed,
        "loaded": loaded,
        "peak_rss_mb": _maxrss_mb(),
        "acted": sorted(acted),
        "escalated": sorted(escalated),
        "lights_changed": lights_changed,
    }


# --- the driver ---------------------------------------------------------------------------


def _child(args: argparse.Namespace, phase: str, db: Path, *extra: str) -> dict[str, Any]:
    out = Path(f"{args.db}.{phase}.json")
    out.unlink(missing_ok=True)
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--phase",
        phase,
        "--db",
        str(db),
        "--out",
        str(out),
        "--tasks",
        str(args.tasks),
        "--due",
        str(args.due),
        "--seed",
        str(args.seed),
        "--idle-runs",
        str(args.idle_runs),
        *extra,
    ]
    started = time.perf_counter()
    subprocess.run(command, check=True)
    result: dict[str, Any] = json.loads(out.read_text())
    result["wall_s"] = time.perf_counter() - started
    print(f"  {phase:<6} done in {result['wall_s']:.1f} s", flush=True)
    return result


def copy_db(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)


def _met(name: str, value: float) -> bool:
    limit, how = TARGETS[name]
    return value < limit if how == "<" else value >= limit


def drive(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    pristine = Path(args.db)
    work = pristine.with_name(pristine.stem + "-work" + pristine.suffix)
    print(f"building {args.tasks:,} tasks ({args.due:,} due) in {pristine} …", flush=True)
    built = _child(args, "build", pristine)
    idle = _child(args, "idle", pristine)
    due_runs = []
    for _ in range(args.due_runs):
        copy_db(pristine, work)
        due_runs.append(_child(args, "due", work))
    due = min(due_runs, key=lambda r: r["sweep_s"])
    if args.profile:  # one more sweep of a fresh copy, under cProfile; not timed
        copy_db(pristine, work)
        _child(args, "due", work, "--profile", args.profile)
        print(f"  profile of the due sweep written to {args.profile}", flush=True)
    naive = _child(args, "naive", pristine)

    report = due["report"]
    same_ids = due["acted"] == naive["acted"]
    same_escalations = due["escalated"] == naive["escalated"]
    same_lights = report["lights_changed"] == naive["lights_changed"]
    result: dict[str, Any] = {
        "tasks": args.tasks,
        "due": args.due,
        "sweep_idle_s": round(idle["best_s"], 5),
        "sweep_due_s": round(due["sweep_s"], 4),
        "naive_s": round(naive["naive_s"], 3),
        "speedup": round(naive["naive_s"] / due["sweep_s"], 1),
        "peak_rss_mb": round(max(r["peak_rss_mb"] for r in due_runs), 1),
        "build_s": round(built["build_s"], 1),
        "same_decisions": same_ids and same_escalations and same_lights,
        "acted": len(due["acted"]),
        "examined": report["examined"],
        "escalated": report["escalated"],
        "notices": report["notices"],
        "outbox_rows": report["outbox_rows"],
        "lights_changed": report["lights_changed"],
        "still_due_after": due["still_due_after"],
        "naive_loaded": naive["loaded"],
        "naive_peak_rss_mb": round(naive["peak_rss_mb"], 1),
        "sweep_due_runs_s": [round(r["sweep_s"], 4) for r in due_runs],
        "sweep_idle_runs_s": [round(t, 5) for t in idle["runs_s"]],
        "db_mb": round(built["db_mb"], 1),
        "due_built": {
            "escalations": built["due_escalations"],
            "light_only": built["due_light_only"],
        },
    }
    met = {name: _met(name, result[name]) for name in TARGETS}
    result["targets"] = met
    result["targets_met"] = all(met.values()) and result["same_decisions"]
    result["total_s"] = round(time.perf_counter() - started, 1)

    def verdict(name: str) -> str:
        limit, how = TARGETS[name]
        return f"{how} {limit:g}  {'ok' if met[name] else 'MISSED'}"

    lines = [
        f"chainops sweep benchmark: {args.tasks:,} open tasks, {args.due:,} due at "
        f"{NOW.isoformat()}",
        f"  {'metric':<16}{'value':>14}  target",
        f"  {'build_s':<16}{result['build_s']:>14.1f}  (not a target; {result['db_mb']} MB file)",
        f"  {'sweep_idle_s':<16}{result['sweep_idle_s']:>14.4f}  {verdict('sweep_idle_s')}",
        f"  {'sweep_due_s':<16}{result['sweep_due_s']:>14.3f}  {verdict('sweep_due_s')}",
        f"  {'naive_s':<16}{result['naive_s']:>14.2f}  (baseline: {naive['loaded']:,} ORM rows)",
        f"  {'speedup':<16}{result['speedup']:>13.1f}×  {verdict('speedup')}",
        f"  {'peak_rss_mb':<16}{result['peak_rss_mb']:>14.1f}  {verdict('peak_rss_mb')}",
        f"  {'same_decisions':<16}{result['same_decisions']!s:>14}  (ids {same_ids}, "
        f"escalations {same_escalations}, light changes {same_lights})",
        f"  sweep: examined {report['examined']:,}, escalated {report['escalated']:,}, "
        f"notices {report['notices']:,}, outbox rows {report['outbox_rows']:,}, "
        f"lights changed {report['lights_changed']:,}, still due after {due['still_due_after']}",
        f"  total benchmark time {result['total_s']:.1f} s",
    ]
    missed = [name for name, ok in met.items() if not ok]
    if not result["same_decisions"]:
        missed.append("same_decisions")
    lines.append("  targets: all met" if not missed else f"  targets MISSED: {', '.join(missed)}")
    print("\n".join(lines))
    print(json.dumps(result, ensure_ascii=False), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--db", default="/tmp/bench-sweep.db")
    parser.add_argument("--seed", type=int, default=20260610)
    parser.add_argument("--idle-runs", type=int, default=7)
    parser.add_argument("--due-runs", type=int, default=1, help="sweeps of fresh copies; best")
    parser.add_argument("--profile", help="also cProfile a due sweep (untimed) into this file")
    phases = ("build", "idle", "due", "naive")
    parser.add_argument("--phase", choices=phases, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase is None:
        drive(args)
        return
    db = Path(args.db)
    if args.phase == "build":
        result = build(db, args.tasks, args.due, args.seed)
    elif args.phase == "idle":
        result = phase_idle(db, args.idle_runs)
    elif args.phase == "due":
        result = phase_due(db, args.profile)
    else:
        result = phase_naive(db)
    Path(args.out).write_text(json.dumps(result))


if __name__ == "__main__":
    main()
