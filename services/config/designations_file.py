"""Read the kinds of title (the designations catalogue) from their YAML file.

The file (``chainops/config/designations.yaml`` unless ``CHAINOPS_DESIGNATIONS_FILE`` says
otherwise) has one section, ``kinds``: per code its names, rank, level, validity, and the
defaults of the cultivation cycle and the yearly data update. A missing file means the
catalogue of ``mechanism.designations.DEFAULT_KINDS``. Errors name the file and the field.
"""

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from mechanism.designations import DEFAULT_KINDS, DesignationLevel, Kind


class DesignationConfigError(ValueError):
    """The designations file is wrong; the message names the file and the field."""


_FIELDS = {
    "name_zh",
    "name_en",
    "rank",
    "level",
    "validity_years",
    "specialised",
    "chain_scoped",
    "cycle_months",
    "data_update",
}
_REQUIRED = {"name_zh", "name_en", "rank", "level"}


def load_designation_kinds(path: Path) -> tuple[Kind, ...]:
    """The kinds in ``path``, in the file's order; DEFAULT_KINDS for a missing file."""
    if not path.exists():
        return DEFAULT_KINDS
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise DesignationConfigError(f"{path}: not valid YAML: {exc}") from exc
    except OSError as exc:
        raise DesignationConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if not isinstance(data, dict) or set(data) - {"kinds"}:
        raise DesignationConfigError(f"{path}: expected one section, kinds")
    kinds = data.get("kinds")
    if not isinstance(kinds, dict) or not kinds:
        raise DesignationConfigError(f"{path}, kinds: expected a mapping of kind codes")
    return tuple(_kind(str(code), spec, f"{path}, kinds.{code}") for code, spec in kinds.items())


@lru_cache
def cached_designation_kinds(path: str) -> tuple[Kind, ...]:
    """The same, read once per path (pages and the daily flow read it on every call)."""
    return load_designation_kinds(Path(path))


def _kind(code: str, spec: Any, where: str) -> Kind:
    if not isinstance(spec, dict):
        raise DesignationConfigError(f"{where}: expected a mapping of {sorted(_FIELDS)}")
    unknown = set(map(str, spec)) - _FIELDS
    if unknown:
        raise DesignationConfigError(
            f"{where}: unknown field(s) {sorted(unknown)}; known: {sorted(_FIELDS)}"
        )
    missing = _REQUIRED - set(spec)
    if missing:
        raise DesignationConfigError(f"{where}: missing field(s) {sorted(missing)}")
    level = DesignationLevel.parse(str(spec["level"]))
    if level is None:
        raise DesignationConfigError(
            f"{where}.level: {spec['level']!r} is not one of: city, provincial, national"
        )
    return Kind(
        code=code,
        name_zh=_text(spec["name_zh"], f"{where}.name_zh"),
        name_en=_text(spec["name_en"], f"{where}.name_en"),
        rank=_whole(spec["rank"], f"{where}.rank", minimum=0),
        level=level,
        validity_years=(
            None
            if spec.get("validity_years") is None
            else _whole(spec["validity_years"], f"{where}.validity_years", minimum=1)
        ),
        specialised=_flag(spec.get("specialised", False), f"{where}.specialised"),
        chain_scoped=_flag(spec.get("chain_scoped", False), f"{where}.chain_scoped"),
        cycle_months=_whole(spec.get("cycle_months", 12), f"{where}.cycle_months", minimum=1),
        data_update=_month_day(spec.get("data_update"), f"{where}.data_update"),
    )


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise DesignationConfigError(f"{where}: expected a name, not {value!r}")
    return value.strip()


def _whole(value: Any, where: str, *, minimum: int) -> int:
    # YAML reads ``yes`` as True, and bool is an int in Python: refuse it by name.
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise DesignationConfigError(
            f"{where}: must be a whole number of at least {minimum}, not {value!r}"
        )
    return value


def _flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise DesignationConfigError(f"{where}: must be true or false, not {value!r}")
    return value


def _month_day(value: Any, where: str) -> tuple[int, int] | None:
    if value is None:
        return None
    try:
        month, day = (int(part) for part in str(value).split("-"))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            raise ValueError
    except ValueError:
        raise DesignationConfigError(
            f'{where}: expected a month and day as MM-DD, e.g. "06-30", not {value!r}'
        ) from None
    return month, day
