"""Read the key-project light thresholds and report deadline from their YAML file.

The file (``chainops/config/projects.yaml`` unless ``CHAINOPS_PROJECTS_FILE`` says otherwise)
has two sections, ``lights`` and ``reports``; a key left out keeps its default, and a missing
file means every default. Errors name the file and the key.
"""

from dataclasses import fields
from pathlib import Path
from typing import Any

import yaml

from mechanism.project_lights import ProjectRules


class ProjectConfigError(ValueError):
    """The projects file is wrong; the message names the file and the key."""


# YAML section and key → ProjectRules field, and whether the value must be a whole number.
_KEYS: dict[str, dict[str, tuple[str, bool]]] = {
    "lights": {
        "start_yellow_months": ("start_yellow_months", True),
        "start_red_months": ("start_red_months", True),
        "investment_yellow_points": ("investment_yellow_points", False),
        "investment_red_points": ("investment_red_points", False),
        "statistics_yellow_months": ("statistics_yellow_months", True),
        "statistics_red_months": ("statistics_red_months", True),
    },
    "reports": {
        "deadline_working_day": ("report_deadline_working_day", True),
        "reminder_every_working_days": ("reminder_every_working_days", True),
    },
}
assert {f for section in _KEYS.values() for f, _ in section.values()} == {
    f.name for f in fields(ProjectRules)
}


def load_project_rules(path: Path) -> ProjectRules:
    """The rules in ``path``; defaults for what it leaves out, and for a missing file."""
    if not path.exists():
        return ProjectRules()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ProjectConfigError(f"{path}: not valid YAML: {exc}") from exc
    except OSError as exc:
        raise ProjectConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    _only(data, set(_KEYS), str(path))
    values: dict[str, Any] = {}
    for section, keys in _KEYS.items():
        where = f"{path}, {section}"
        given = data.get(section) or {}
        _only(given, set(keys), where)
        for key, value in given.items():
            name, whole = keys[key]
            values[name] = _number(value, whole, f"{where}.{key}")
    try:
        return ProjectRules(**values)
    except ValueError as exc:
        raise ProjectConfigError(f"{path}: {exc}") from exc


def _only(data: Any, keys: set[str], where: str) -> None:
    if not isinstance(data, dict):
        raise ProjectConfigError(f"{where}: expected a mapping of {sorted(keys)}")
    unknown = set(data) - keys
    if unknown:
        raise ProjectConfigError(
            f"{where}: unknown key(s) {sorted(map(str, unknown))}; known: {sorted(keys)}"
        )


def _number(value: Any, whole: bool, where: str) -> float:
    # YAML reads ``yes`` as True, and bool is an int in Python: refuse it by name.
    if isinstance(value, bool) or not isinstance(value, int | float):
        kind = "a whole number" if whole else "a number"
        raise ProjectConfigError(f"{where}: must be {kind}, not {value!r}")
    if whole and not float(value).is_integer():
        raise ProjectConfigError(f"{where}: must be a whole number, not {value!r}")
    return int(value) if whole else float(value)
