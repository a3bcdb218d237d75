"""The tasks of ``bench/rollup.py``'s city: started over the year, in every state, signed off
on time or late, blocked by an open factor request, or open with their month-end light.
"""

import sqlite3
from collections.abc import Iterator
from datetime import date
from typing import Any

from bench.rollup_city import (
    CHAINS,
    DEPARTMENTS,
    MONTH_END,
    NOW,
    OBJECTS,
    PEOPLE,
    VERBS,
    CityDraw,
    insert_rows,
)
from mechanism.lights import TaskTiming, task_light
from mechanism.vocabulary import TaskState

TASK_RUNG_DAYS = (-3, 0, 3, 8)  # chainops/config/ladder.yaml: days from due of each rung


class TaskRows(CityDraw):
    """Tasks, drawn after the requests so a blocked task can name an open one."""

    def load_tasks(self, raw: sqlite3.Connection) -> dict[str, int]:
        columns = (
            "id, chain_id, title, source, lead_department_id, owner_id, start_date,"
            " original_due_date, due_date, progress, state, light, ladder_level, next_action_at,"
            " blocked_by_request_id, blocked_since, state_before_block, created_at, updated_at,"
            " submitted_at, signed_off_on"
        )
        return {"tasks": insert_rows(raw, "task", columns, self._tasks())}

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
