"""The open tasks of ``bench/sweep.py``'s city, each consistent with the ladder.

``TaskGenerator`` draws them, row by row in the order of ``TASK_COLUMNS``: exactly ``due`` of
them are due for a rung or a light change at ``NOW``; the others have their light and ladder
level up to date and their next look ahead. ``bench/sweep_build.py`` writes them to SQLite with
``executemany``, ``bench/parallel.py`` to PostgreSQL with ``COPY``.
"""

import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

from bench.sweep_city import CHAINS, DEPARTMENTS, NOW, PEOPLE
from mechanism.ladder import Decision, LadderState, decide
from mechanism.lights import TaskTiming, task_light
from mechanism.vocabulary import TaskState
from services.config import EngineRules

OPEN_STATES = (TaskState.ASSIGNED, TaskState.ACCEPTED, TaskState.IN_PROGRESS)
STATE_WEIGHTS = (15, 25, 60)
YEAR_START = date(2026, 1, 5)
YEAR_END = date(2026, 12, 31)
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

TASK_COLUMNS = (  # the order of TaskGenerator.rows(); bench/parallel.py COPYs them too
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


class TaskGenerator:
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
