"""Read the factor-request rules (routing, service levels, ladder) from their YAML file.

Every problem names the file and the key, so an office that mistypes ``clsoe`` is told where.
"""

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from mechanism.factor_requests import (
    DEFAULT_REQUEST_LADDER,
    LADDER_ROLES,
    FactorRules,
    RequestRung,
    ServiceLevels,
)
from mechanism.ladder import RecipientRole
from mechanism.vocabulary import FactorType

_TOP = {"routing", "service_levels", "ladder", "yellow_within_days"}
_LEVELS = ("acknowledge", "plan", "close")


class FactorConfigError(ValueError):
    """The factors file is wrong; the message names the file and the key."""


def load_factor_rules(path: Path) -> FactorRules:
    """The rules in ``path``. The file is required: routing names a city's own departments,
    so there is no default that could be right."""
    where = path.name
    if not path.is_file():
        raise FactorConfigError(f"{path}: no such factors file (CHAINOPS_FACTORS_FILE)")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise FactorConfigError(f"{where}: not valid YAML: {exc}") from exc
    _only(data, _TOP, where)
    routing = {
        factor: _department(value, f"{where}, routing.{key}")
        for factor, key, value in _by_factor(data.get("routing"), f"{where}, routing")
    }
    levels = {
        factor: _levels(value, f"{where}, service_levels.{key}")
        for factor, key, value in _by_factor(data.get("service_levels"), f"{where}, service_levels")
    }
    ladder = (
        _ladder(data["ladder"], f"{where}, ladder") if "ladder" in data else DEFAULT_REQUEST_LADDER
    )
    yellow = _whole(data.get("yellow_within_days", 1), f"{where}, yellow_within_days")
    try:
        return FactorRules(routing, levels, ladder, yellow)
    except ValueError as exc:
        raise FactorConfigError(f"{where}: {exc}") from exc


@lru_cache
def cached_factor_rules(path: str) -> FactorRules:
    """The rules of ``path``, read once per process (entry points call this)."""
    return load_factor_rules(Path(path))


def _only(data: Any, keys: set[str], where: str) -> None:
    if not isinstance(data, dict):
        raise FactorConfigError(f"{where}: expected a mapping")
    unknown = set(map(str, data)) - keys
    if unknown:
        raise FactorConfigError(f"{where}: unknown key(s) {sorted(unknown)}; known: {sorted(keys)}")


def _by_factor(data: Any, where: str) -> list[tuple[FactorType, str, Any]]:
    """(factor type, key as written, value) for a mapping keyed by factor type, all present."""
    if not isinstance(data, dict):
        raise FactorConfigError(f"{where}: expected a mapping of factor types")
    found: dict[FactorType, tuple[str, Any]] = {}
    for key, value in data.items():
        factor = FactorType.parse(str(key))
        if factor is None:
            raise FactorConfigError(
                f"{where}.{key}: unknown factor type; choose from {FactorType.choices()}"
            )
        if factor in found:
            raise FactorConfigError(f"{where}.{key}: {factor.value} is given twice")
        found[factor] = (str(key), value)
    missing = [f.value for f in FactorType if f not in found]
    if missing:
        raise FactorConfigError(f"{where}: no entry for {', '.join(missing)}")
    return [(factor, key, value) for factor, (key, value) in found.items()]


def _department(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise FactorConfigError(f"{where}: expected a department code")
    return value.strip()


def _whole(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FactorConfigError(f"{where}: expected a whole number of working days, not {value!r}")
    return value


def _levels(data: Any, where: str) -> ServiceLevels:
    _only(data, set(_LEVELS), where)
    missing = [name for name in _LEVELS if name not in data]
    if missing:
        raise FactorConfigError(f"{where}: missing {', '.join(missing)}")
    days = {name: _whole(data[name], f"{where}.{name}") for name in _LEVELS}
    try:
        return ServiceLevels(**days)
    except ValueError as exc:
        raise FactorConfigError(f"{where}: {exc}") from exc


def _ladder(data: Any, where: str) -> tuple[RequestRung, ...]:
    if not isinstance(data, list) or not data:
        raise FactorConfigError(f"{where}: expected a non-empty list of rungs")
    rungs = []
    for level, spec in enumerate(data):
        here = f"{where}[{level}]"
        _only(spec, {"after_days", "recipients"}, here)
        if "after_days" not in spec:
            raise FactorConfigError(f"{here}: missing after_days")
        recipients = spec.get("recipients")
        if not isinstance(recipients, list) or not recipients:
            raise FactorConfigError(f"{here}.recipients: expected a non-empty list")
        roles = []
        for name in recipients:
            role = next((r for r in LADDER_ROLES if r.value == str(name)), None)
            if role is None:
                known = ", ".join(sorted(r.value for r in LADDER_ROLES))
                raise FactorConfigError(f"{here}.recipients: unknown {name!r}; known: {known}")
            roles.append(RecipientRole(role))
        rungs.append(
            RequestRung(level, _whole(spec["after_days"], f"{here}.after_days"), tuple(roles))
        )
    return tuple(rungs)
