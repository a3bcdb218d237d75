"""Read the standing practices (巡链, 诊链, 问链, 月调度) and their per-chain overrides from the
mechanism configuration.

The file (``chainops/config/mechanism.yaml`` unless ``CHAINOPS_MECHANISM_FILE`` says otherwise)
has two sections: ``practices``, the list of practices in force (left out: the defaults of
``mechanism.practices``), and ``chains``, per chain code the overrides of its practices (a
cadence, an owner, or ``off``). A missing file means every default. Errors name the file and
the key.
"""

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from mechanism.practices import DEFAULT_PRACTICES, Cadence, Override, Practice, PracticeRules
from mechanism.vocabulary import RosterRole


class MechanismConfigError(ValueError):
    """The mechanism file is wrong; the message names the file and the key."""


_PRACTICE_KEYS = {"code", "name_zh", "name_en", "element", "cadence", "owner"}
_OVERRIDE_KEYS = {"cadence", "owner"}


def load_practice_rules(path: Path) -> PracticeRules:
    """The practices and overrides in ``path``; defaults for what it leaves out, and for a
    missing file."""
    if not path.exists():
        return PracticeRules()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise MechanismConfigError(f"{path}: not valid YAML: {exc}") from exc
    except OSError as exc:
        raise MechanismConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    _only(data, {"practices", "chains"}, str(path))
    practices = DEFAULT_PRACTICES
    if data.get("practices") is not None:
        practices = _practices(data["practices"], f"{path}, practices")
    overrides = _chains(data.get("chains") or {}, {p.code for p in practices}, f"{path}, chains")
    return PracticeRules(practices, overrides)


@lru_cache
def cached_practice_rules(path: str) -> PracticeRules:
    """:func:`load_practice_rules`, read once per path (the flow runs daily)."""
    return load_practice_rules(Path(path))


def _practices(data: Any, where: str) -> tuple[Practice, ...]:
    if not isinstance(data, list) or not data:
        raise MechanismConfigError(f"{where}: expected a non-empty list of practices")
    result: list[Practice] = []
    for index, spec in enumerate(data):
        at = f"{where}[{index}]"
        _only(spec, _PRACTICE_KEYS, at)
        missing = sorted(_PRACTICE_KEYS - set(spec))
        if missing:
            raise MechanismConfigError(f"{at}: missing key(s) {missing}")
        texts = {}
        for key in ("code", "name_zh", "name_en", "element"):
            value = spec[key]
            if not isinstance(value, str) or not value.strip():
                raise MechanismConfigError(f"{at}.{key}: must be a non-empty text, not {value!r}")
            texts[key] = value.strip()
        if len(texts["code"]) > 32:
            raise MechanismConfigError(f"{at}.code: at most 32 characters, not {texts['code']!r}")
        if any(p.code == texts["code"] for p in result):
            raise MechanismConfigError(f"{at}.code: practice {texts['code']!r} given twice")
        result.append(
            Practice(
                texts["code"], texts["name_zh"], texts["name_en"], texts["element"],
                _cadence(spec["cadence"], f"{at}.cadence"), _owner(spec["owner"], f"{at}.owner"),
            )
        )  # fmt: skip
    return tuple(result)


def _chains(data: Any, known: set[str], where: str) -> dict[str, dict[str, Override]]:
    if not isinstance(data, dict):
        raise MechanismConfigError(f"{where}: expected a mapping of chain codes")
    result: dict[str, dict[str, Override]] = {}
    for chain, changes in data.items():
        at = f"{where}.{chain}"
        if not isinstance(changes, dict):
            raise MechanismConfigError(f"{at}: expected a mapping of practice codes")
        result[str(chain)] = {}
        for code, change in changes.items():
            if str(code) not in known:
                raise MechanismConfigError(
                    f"{at}.{code}: no practice {code!r}; known: {', '.join(sorted(known))}"
                )
            result[str(chain)][str(code)] = _override(change, f"{at}.{code}")
    return result


def _override(change: Any, where: str) -> Override:
    # YAML reads a bare ``off`` as False: that is the switch, as is the text "off".
    if change is False or change == "off":
        return Override(off=True)
    _only(change, _OVERRIDE_KEYS, where)
    if not change:
        raise MechanismConfigError(f"{where}: give a cadence, an owner, or off")
    return Override(
        cadence=_cadence(change["cadence"], f"{where}.cadence") if "cadence" in change else None,
        owner=_owner(change["owner"], f"{where}.owner") if "owner" in change else None,
    )


def _cadence(value: Any, where: str) -> Cadence:
    try:
        return Cadence(str(value))
    except ValueError:
        known = ", ".join(c.value for c in Cadence)
        raise MechanismConfigError(f"{where}: unknown cadence {value!r}; known: {known}") from None


def _owner(value: Any, where: str) -> RosterRole:
    try:
        return RosterRole(str(value))
    except ValueError:
        known = ", ".join(r.value for r in RosterRole)
        raise MechanismConfigError(
            f"{where}: unknown roster role {value!r}; known: {known}"
        ) from None


def _only(data: Any, keys: set[str], where: str) -> None:
    if not isinstance(data, dict):
        raise MechanismConfigError(f"{where}: expected a mapping of {sorted(keys)}")
    unknown = set(data) - keys
    if unknown:
        raise MechanismConfigError(
            f"{where}: unknown key(s) {sorted(map(str, unknown))}; known: {sorted(keys)}"
        )
