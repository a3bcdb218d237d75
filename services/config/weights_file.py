"""Read how the monthly bulletin ranks from its YAML file: the weights, or the points table.

The file (``chainops/config/rollup.yaml`` unless ``CHAINOPS_ROLLUP_FILE`` says otherwise) has
the sections ``ranking`` (``weighted``, the default, or ``points``), ``weights`` and
``points``; a key left out keeps its default and a missing file means every default (weighted).
Both sections are checked whichever mode is chosen, so switching modes never meets a broken
table. Errors name the file and the key.
"""

from dataclasses import fields
from pathlib import Path
from typing import Any

import yaml

from mechanism.points import PointsRuleError, PointsRules
from mechanism.ranking import PARTS, Weights

SECTIONS = ("ranking", "weights", "points")
MODES = ("weighted", "points")
_POINTS_KEYS = ("base", "per_item", "groups", "default_group", "floor", "cap")


class RollupConfigError(ValueError):
    """The rollup file is wrong; the message names the file and the key."""


def _read(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise RollupConfigError(f"{path}: not valid YAML: {exc}") from exc
    except OSError as exc:
        raise RollupConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if not isinstance(data, dict) or set(data) - set(SECTIONS):
        raise RollupConfigError(f"{path}: expected only the sections {', '.join(SECTIONS)}")
    mode = data.get("ranking", "weighted")
    if mode not in MODES:
        raise RollupConfigError(f"{path}, ranking: {mode!r} is not one of {', '.join(MODES)}")
    return data


def _number(path: Path, key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RollupConfigError(f"{path}, {key}: {value!r} is not a number")
    return float(value)


def load_weights(path: Path) -> Weights:
    """The weights in ``path``; defaults for what it leaves out, and for a missing file."""
    given = _read(path).get("weights") or {}
    if not isinstance(given, dict):
        raise RollupConfigError(f"{path}, weights: expected a mapping of part → weight")
    unknown = sorted(set(given) - set(PARTS))
    if unknown:
        raise RollupConfigError(
            f"{path}, weights: unknown part {unknown[0]!r}; the parts are {', '.join(PARTS)}"
        )
    values: dict[str, Any] = {}
    for key, value in given.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise RollupConfigError(
                f"{path}, weights.{key}: {value!r} is not a number of 0 or more"
            )
        values[key] = float(value)
    try:
        return Weights(**values)
    except ValueError as exc:
        raise RollupConfigError(f"{path}, weights: {exc}") from exc


def load_points(path: Path) -> PointsRules | None:
    """The points table in ``path`` when its ``ranking`` is ``points``; None when it ranks by
    the weighted mean (the table, if any, is still checked)."""
    data = _read(path)
    given = data.get("points") or {}
    if not isinstance(given, dict):
        raise RollupConfigError(f"{path}, points: expected a mapping")
    unknown = sorted(set(given) - set(_POINTS_KEYS))
    if unknown:
        raise RollupConfigError(
            f"{path}, points: unknown key {unknown[0]!r}; the keys are {', '.join(_POINTS_KEYS)}"
        )
    values: dict[str, Any] = {}
    for key in ("base", "floor", "cap"):
        if given.get(key) is not None:
            values[key] = _number(path, f"points.{key}", given[key])
    per_item = given.get("per_item") or {}
    if not isinstance(per_item, dict):
        raise RollupConfigError(f"{path}, points.per_item: expected a mapping of count → points")
    values["per_item"] = {
        str(k): _number(path, f"points.per_item.{k}", v) for k, v in per_item.items()
    }
    groups = given.get("groups") or {}
    if not isinstance(groups, dict):
        raise RollupConfigError(f"{path}, points.groups: expected a mapping of group → codes")
    values["groups"] = {}
    for group, codes in groups.items():
        codes = codes or []
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise RollupConfigError(
                f"{path}, points.groups.{group}: expected a list of department codes"
            )
        values["groups"][str(group)] = tuple(codes)
    if given.get("default_group") is not None:
        values["default_group"] = str(given["default_group"])
    try:
        rules = PointsRules(**values)
    except PointsRuleError as exc:
        raise RollupConfigError(f"{path}, points.{exc}") from exc
    return rules if data.get("ranking", "weighted") == "points" else None


assert set(PARTS) == {f.name for f in fields(Weights)}
