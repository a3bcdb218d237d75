"""Where the parts meet: the engine, sessions and the clock, built from settings once."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from chainops.calendar_setup import working_calendar
from chainops.settings import Settings, get_settings
from mechanism.ladder import LadderConfig
from mechanism.lights import LightRules
from models.db import make_engine, session_scope
from services.database import schema_problem
from services.ladder_file import load_ladder_file
from services.rules import EngineRules


class NotReady(RuntimeError):
    """The database cannot be used yet; the message says what to run."""


@lru_cache
def engine_for(url: str) -> sa.Engine:
    return make_engine(url)


def engine(settings: Settings | None = None) -> sa.Engine:
    return engine_for((settings or get_settings()).database_url)


@contextmanager
def session(settings: Settings | None = None) -> Iterator[Session]:
    """A committed-on-success session on a database whose schema is current."""
    bound = engine(settings)
    problem = schema_problem(bound)
    if problem:
        raise NotReady(problem)
    with session_scope(bound) as opened:
        yield opened


def now() -> datetime:
    return datetime.now(UTC)


def today(settings: Settings | None = None) -> date:
    """Today in the city's time zone: what offices call today."""
    return now().astimezone((settings or get_settings()).zone).date()


def engine_rules(settings: Settings | None = None) -> EngineRules:
    """The calendar, ladder, light thresholds and zone the engine runs with."""
    chosen = settings or get_settings()
    ladders, lights = _ladder_file(str(chosen.ladder_file))
    return EngineRules(
        calendar=working_calendar(chosen),
        zone=chosen.zone,
        ladders=ladders,
        lights=lights,
        office_mailbox=chosen.office_email,
    )


@lru_cache
def _ladder_file(path: str) -> tuple[LadderConfig, LightRules]:
    return load_ladder_file(Path(path))
