"""Open tasks counted by light per lead department, for a chain page's lights chart."""

from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from mechanism.vocabulary import Light
from models import Department, Task
from models.sweep import OPEN_TASK_STATES_SQL
from services.people import Viewer

OPEN = col(Task.state).in_(OPEN_TASK_STATES_SQL)  # literals: the partial index may be read


@dataclass(frozen=True)
class LightCount:
    department: str  # its Chinese name, as the chain page names departments
    code: str
    red: int = 0
    yellow: int = 0
    green: int = 0

    @property
    def total(self) -> int:
        return self.red + self.yellow + self.green


def lights_by_department(*, session: Session, chain_id: int, viewer: Viewer) -> list[LightCount]:
    """The chain's open tasks the viewer sees, by lead department and light, the departments
    with the most red first (one grouped query on ix_task_open_chain_department)."""
    rows = session.exec(
        select(Task.lead_department_id, Task.light, func.count())
        .where(col(Task.chain_id) == chain_id, viewer.task_filter(Task), OPEN)
        .group_by(col(Task.lead_department_id), col(Task.light))
    ).all()
    names = {d.id: (d.name_zh, d.code) for d in session.exec(select(Department))}
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for department_id, light, count in rows:
        counts.setdefault(names[department_id], {})[light] = count
    lines = [
        LightCount(
            name,
            code,
            **{light.value: lit.get(light.value, 0) for light in Light},
        )
        for (name, code), lit in counts.items()
    ]
    return sorted(lines, key=lambda line: (-line.red, -line.yellow, line.code))
