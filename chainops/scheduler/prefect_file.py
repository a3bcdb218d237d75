"""Reading the schedules: every active cron schedule of every deployment in ``prefect.yaml``.

The file is checked whole before anything runs, and each problem names the file, the
deployment and the schedule's number as written. Interval and rrule schedules have no cron to
translate; they are refused, not approximated.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from apscheduler.triggers.cron import CronTrigger

from chainops.scheduler.cron import ScheduleError, cron_trigger

# Prefect's default when a cron schedule names no time zone.
DEFAULT_TIMEZONE = "UTC"


@dataclass(frozen=True)
class Schedule:
    """One active cron schedule of one deployment in ``prefect.yaml``."""

    deployment: str
    entrypoint: str
    cron: str
    timezone: str
    # The deployment's parameters overlaid with the schedule's own, as Prefect merges them.
    parameters: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), hash=False)
    # Prefect's ``day_or``: False makes a cron restricting both day fields mean AND.
    day_or: bool = True

    def trigger(self) -> CronTrigger:
        return cron_trigger(self.cron, self.timezone, day_or=self.day_or)


def load_schedules(path: Path) -> list[Schedule]:
    """Every active cron schedule in ``path``, checked whole: the first problem raises."""
    document = _read_yaml(path)
    deployments = document.get("deployments") or []
    if not isinstance(deployments, list):
        raise ScheduleError(f"{path}: 'deployments' must be a list")
    schedules: list[Schedule] = []
    for number, deployment in enumerate(deployments, start=1):
        schedules.extend(_deployment_schedules(path, number, deployment))
    return schedules


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScheduleError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise ScheduleError(f"{path}: not valid YAML: {exc}") from exc
    if document is None:
        return {}
    if not isinstance(document, dict):
        raise ScheduleError(f"{path}: expected a mapping with a 'deployments' list")
    return document


def _deployment_schedules(path: Path, number: int, deployment: Any) -> Iterator[Schedule]:
    if not isinstance(deployment, dict) or not isinstance(deployment.get("name"), str):
        raise ScheduleError(f"{path}: deployment #{number} has no name")
    where = f"{path}: deployment {deployment['name']!r}"
    configs = deployment.get("schedules") or []
    if not isinstance(configs, list):
        raise ScheduleError(f"{where}: 'schedules' must be a list")
    # Numbered as written in the file, so an error points at the right entry.
    active = [
        (index, config)
        for index, config in enumerate(configs, start=1)
        if not (isinstance(config, dict) and config.get("active", True) is False)
    ]
    if not active:
        return
    entrypoint = deployment.get("entrypoint")
    if not isinstance(entrypoint, str) or not entrypoint.strip():
        raise ScheduleError(f"{where}: has schedules but no entrypoint (e.g. flows/sweep.py:sweep)")
    parameters = _mapping(deployment.get("parameters"), f"{where}: parameters")
    for index, config in active:
        yield _schedule(
            f"{where}, schedule {index}", deployment["name"], entrypoint, parameters, config
        )


def _schedule(
    where: str, name: str, entrypoint: str, parameters: Mapping[str, Any], config: Any
) -> Schedule:
    if not isinstance(config, dict):
        raise ScheduleError(f"{where}: expected a mapping such as {{cron: '0 8 * * *'}}")
    if not isinstance(config.get("active", True), bool):
        raise ScheduleError(f"{where}: 'active' must be true or false")
    cron = config.get("cron")
    if not cron:
        kind = next((k for k in ("interval", "rrule") if config.get(k)), None)
        if kind:
            raise ScheduleError(
                f"{where}: {kind} schedules are not supported by the embedded scheduler; "
                "use a cron schedule, or run a Prefect worker instead"
            )
        raise ScheduleError(f"{where}: no cron")
    timezone = config.get("timezone") or DEFAULT_TIMEZONE
    day_or = config.get("day_or", True)
    if not isinstance(cron, str) or not isinstance(timezone, str) or not isinstance(day_or, bool):
        raise ScheduleError(f"{where}: cron and timezone must be text, day_or true or false")
    merged = {**parameters, **_mapping(config.get("parameters"), f"{where}: parameters")}
    schedule = Schedule(name, entrypoint, cron, timezone, MappingProxyType(merged), day_or)
    try:
        schedule.trigger()
    except ScheduleError as exc:
        raise ScheduleError(f"{where}: {exc}") from exc
    return schedule


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ScheduleError(f"{where} must be a mapping")
    return dict(value)
