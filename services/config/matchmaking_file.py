"""Read the matchmaking rules (the held condition, the follow-up days) from their YAML file.

The file (``chainops/config/matchmaking.yaml`` unless ``CHAINOPS_MATCHMAKING_FILE`` says
otherwise) has two sections, ``held`` and ``follow_up``; a key left out keeps its default, and
a missing file means every default. Errors name the file and the key.
"""

from pathlib import Path
from typing import Any

import yaml

from mechanism.matchmaking import HeldRules


class MatchmakingConfigError(ValueError):
    """The matchmaking file is wrong; the message names the file and the key."""


_SECTIONS = {"held": {"min_chain_masters", "min_specialised_smes"}, "follow_up": {"working_days"}}


def load_matchmaking_rules(path: Path) -> HeldRules:
    """The rules in ``path``; defaults for what it leaves out, and for a missing file."""
    if not path.exists():
        return HeldRules()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise MatchmakingConfigError(f"{path}: not valid YAML: {exc}") from exc
    except OSError as exc:
        raise MatchmakingConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    _only(data, set(_SECTIONS), str(path))
    values: dict[str, Any] = {}
    held = data.get("held") or {}
    _only(held, _SECTIONS["held"], f"{path}, held")
    for key, value in held.items():
        values[key] = _count(value, f"{path}, held.{key}", least=0)
    follow = data.get("follow_up") or {}
    _only(follow, _SECTIONS["follow_up"], f"{path}, follow_up")
    if "working_days" in follow:
        where = f"{path}, follow_up.working_days"
        days = follow["working_days"]
        if not isinstance(days, list):
            raise MatchmakingConfigError(f"{where}: must be a list of working days, like [30, 90]")
        counted = tuple(_count(d, where, least=1) for d in days)
        if len(set(counted)) != len(counted):
            raise MatchmakingConfigError(f"{where}: a number of days is given twice: {days}")
        values["follow_up_days"] = tuple(sorted(counted))
    return HeldRules(**values)


def _only(data: Any, keys: set[str], where: str) -> None:
    if not isinstance(data, dict):
        raise MatchmakingConfigError(f"{where}: expected a mapping of {sorted(keys)}")
    unknown = set(data) - keys
    if unknown:
        raise MatchmakingConfigError(
            f"{where}: unknown key(s) {sorted(map(str, unknown))}; known: {sorted(keys)}"
        )


def _count(value: Any, where: str, *, least: int) -> int:
    # YAML reads ``yes`` as True, and bool is an int in Python: refuse it by name.
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise MatchmakingConfigError(f"{where}: must be a whole number ≥ {least}, not {value!r}")
    if value > 1000:
        raise MatchmakingConfigError(f"{where}: at most 1000, not {value}")
    return value
