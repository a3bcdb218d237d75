"""Open tasks counted by light per lead department, for a chain page's lights chart."""

from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from mechanism.vocabulary import OPEN_TASK_STATES, Light
from models import Department, Task
from services.people import Viewer


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
    with the most red first (one grouped query)."""
    rows = session.exec(
        select(Department.name_zh, Department.code, Task.light, func.count())
        .join(Department, col(Department.id) == Task.lead_department_id)
        .where(col(Task.chain_id) == chain_id, viewer.task_filter(Task))
        .where(col(Task.state).in_(sorted(s.value for s in OPEN_TASK_STATES)))
        .group_by(col(Department.name_zh), col(Department.code), col(Task.light))
    ).all()
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for name, code, light, count in rows:
        counts.setdefault((name, code), {})[light] = count
    lines = [
        LightCount(
            name,
            code,
            **{light.value: lit.get(light.value, 0) for light in Light},
        )
        for (name, code), lit in counts.items()
    ]
    return sorted(lines, key=lambda line: (-line.red, -line.yellow, line.code))
