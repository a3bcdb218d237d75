"""Read the benchmarking indicators (对标指标) from their YAML file.

The file (``chainops/config/benchmarks.yaml`` unless ``CHAINOPS_BENCHMARKS_FILE`` says
otherwise) has one section, ``indicators``: per code its names, unit, direction, definition and
what our own value is counted from. A missing file means ``mechanism.benchmarks``'s
``DEFAULT_INDICATORS``. Errors name the file and the field.
"""

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from mechanism.benchmarks import DEFAULT_INDICATORS, Direction, Indicator


class BenchmarkConfigError(ValueError):
    """The benchmarks file is wrong; the message names the file and the field."""


_FIELDS = {
    "name_zh",
    "name_en",
    "unit",
    "direction",
    "definition_zh",
    "definition_en",
    "counted_from",
}
_REQUIRED = {"name_zh", "name_en", "unit", "direction"}


def load_benchmark_indicators(path: Path) -> tuple[Indicator, ...]:
    """The indicators in ``path``, in the file's order; the defaults for a missing file."""
    if not path.exists():
        return DEFAULT_INDICATORS
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise BenchmarkConfigError(f"{path}: not valid YAML: {exc}") from exc
    except OSError as exc:
        raise BenchmarkConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if not isinstance(data, dict) or set(data) - {"indicators"}:
        raise BenchmarkConfigError(f"{path}: expected one section, indicators")
    indicators = data.get("indicators")
    if not isinstance(indicators, dict) or not indicators:
        raise BenchmarkConfigError(f"{path}, indicators: expected a mapping of indicator codes")
    return tuple(
        _indicator(str(code), spec, f"{path}, indicators.{code}")
        for code, spec in indicators.items()
    )


@lru_cache
def cached_benchmark_indicators(path: str) -> tuple[Indicator, ...]:
    """The same, read once per path (pages read it on every call)."""
    return load_benchmark_indicators(Path(path))


def _indicator(code: str, spec: Any, where: str) -> Indicator:
    if not isinstance(spec, dict):
        raise BenchmarkConfigError(f"{where}: expected a mapping of {sorted(_FIELDS)}")
    unknown = set(map(str, spec)) - _FIELDS
    if unknown:
        raise BenchmarkConfigError(
            f"{where}: unknown field(s) {sorted(unknown)}; known: {sorted(_FIELDS)}"
        )
    missing = _REQUIRED - set(spec)
    if missing:
        raise BenchmarkConfigError(f"{where}: missing field(s) {sorted(missing)}")
    direction = Direction.parse(str(spec["direction"]))
    if direction is None:
        raise BenchmarkConfigError(
            f"{where}.direction: {spec['direction']!r} is not one of: higher, lower"
        )
    counted = spec.get("counted_from")
    return Indicator(
        code=code,
        name_zh=_text(spec["name_zh"], f"{where}.name_zh"),
        name_en=_text(spec["name_en"], f"{where}.name_en"),
        unit=_text(spec["unit"], f"{where}.unit"),
        direction=direction,
        definition_zh=_text(spec.get("definition_zh", ""), f"{where}.definition_zh", blank=True),
        definition_en=_text(spec.get("definition_en", ""), f"{where}.definition_en", blank=True),
        counted_from=None if counted is None else _text(counted, f"{where}.counted_from"),
    )


def _text(value: Any, where: str, *, blank: bool = False) -> str:
    if not isinstance(value, str) or (not blank and not value.strip()):
        raise BenchmarkConfigError(f"{where}: must be a text, not {value!r}")
    return value.strip()
