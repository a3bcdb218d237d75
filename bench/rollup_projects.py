"""The key projects of ``bench/rollup.py``'s city: the projects of 2026, their cumulative
monthly reports January–October (some late, skipped or not yet in) and their milestones.
"""

import math
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from bench.rollup_city import CHAINS, COUNTIES, ENTERPRISES, NOW, CityDraw, insert_rows
from mechanism.vocabulary import MilestoneKind


class ProjectRows(CityDraw):
    """Key projects, their monthly reports and milestones."""

    def load_projects(self, raw: sqlite3.Connection) -> dict[str, int]:
        reports: list[tuple[Any, ...]] = []
        milestones: list[tuple[Any, ...]] = []
        projects = insert_rows(
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
            "reports": insert_rows(raw, "project_monthly_report", report_columns, reports),
            "milestones": insert_rows(
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
