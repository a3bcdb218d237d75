"""Read the ranking weights of the monthly bulletin from their YAML file.

The file (``chainops/config/rollup.yaml`` unless ``CHAINOPS_ROLLUP_FILE`` says otherwise) has one
section, ``weights``; a key left out keeps its default and a missing file means every default.
Errors name the file and the key.
"""

from dataclasses import fields
from pathlib import Path
from typing import Any

import yaml

from mechanism.ranking import PARTS, Weights


class RollupConfigError(ValueError):
    """The rollup file is wrong; the message names the file and the key."""


def load_weights(path: Path) -> Weights:
    """The weights in ``path``; defaults for what it leaves out, and for a missing file."""
    if not path.exists():
        return Weights()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise RollupConfigError(f"{path}: not valid YAML: {exc}") from exc
    except OSError as exc:
        raise RollupConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if not isinstance(data, dict) or set(data) - {"weights"}:
        raise RollupConfigError(f"{path}: expected only the section 'weights'")
    given = data.get("weights") or {}
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


assert set(PARTS) == {f.name for f in fields(Weights)}
