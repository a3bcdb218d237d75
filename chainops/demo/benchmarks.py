"""The demo's benchmarking (对标), replayed through services/benchmarks/ as a person would:
``gap_task`` makes the task of one gap of the gap list (the peers and the figures themselves
come from the demo city's workbook sheets 对标对象 and 对标指标值)."""

from datetime import datetime
from typing import Any

from sqlmodel import Session

from chainops import wiring
from services.benchmarks import gap_to_task
from services.config import EngineRules
from services.people import Actor

ACTIONS = frozenset({"gap_task"})


def happen(
    session: Session, event: dict[str, Any], *, actor: Actor, now: datetime, rules: EngineRules
) -> None:
    """One scripted benchmarking event (``event["do"]`` is one of :data:`ACTIONS`)."""
    gap_to_task(
        session=session,
        actor=actor,
        indicator=event["indicator"],
        chain_code=event.get("chain"),
        peer_name=event["peer"],
        year=int(event["year"]),
        today=rules.today(now),
        now=now,
        rules=rules,
        catalogue=wiring.benchmark_indicators(),
        kinds=wiring.designation_kinds(),
    )
