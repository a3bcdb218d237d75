"""Read the ladder and light thresholds from their YAML file, with errors that say where."""

from pathlib import Path
from typing import Any

import yaml

from mechanism.ladder import DEFAULT_LADDER, Ladder, LadderConfig, RecipientRole, Rung
from mechanism.lights import LightRules
from mechanism.routing import DEFAULT_ROUTES, Route, Routes
from mechanism.vocabulary import NoticeKind


class LadderFileError(ValueError):
    """The ladder file is wrong; the message names the file and the entry."""


def load_ladder_file(path: Path) -> tuple[LadderConfig, LightRules]:
    """The ladder configuration and light rules in ``path``; defaults for what it leaves out."""
    ladders, lights, _ = load_ladder_and_routes(path)
    return ladders, lights


def load_ladder_and_routes(path: Path) -> tuple[LadderConfig, LightRules, Routes]:
    """The ladder file in full: ladders, light rules and the channels each kind goes by."""
    if not path.exists():
        return LadderConfig(), LightRules(), Routes()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise LadderFileError(f"{path.name}: not valid YAML: {exc}") from exc
    where = path.name
    _only(data, {"lights", "ladder", "chains", "routes", "sms_to"}, where)
    lights = _lights(data.get("lights") or {}, f"{where}, lights")
    default = _ladder(data["ladder"], f"{where}, ladder") if "ladder" in data else DEFAULT_LADDER
    chains = data.get("chains") or {}
    if not isinstance(chains, dict):
        raise LadderFileError(f"{where}, chains: expected a mapping of chain codes")
    per_chain = tuple(
        (str(code), _ladder(spec, f"{where}, chains.{code}")) for code, spec in chains.items()
    )
    return LadderConfig(default, per_chain), lights, _routes(data, where)


def _routes(data: dict[str, Any], where: str) -> Routes:
    """``routes: {supervision: [email, robots, sms], …}`` and ``sms_to: [chain_leader]``."""
    by_kind = dict(DEFAULT_ROUTES)
    given = data.get("routes")
    if given is not None:
        if not isinstance(given, dict):
            raise LadderFileError(f"{where}, routes: expected a mapping of notice kinds")
        for name, channels in given.items():
            kind = NoticeKind.parse(str(name))
            if kind is None:
                raise LadderFileError(
                    f"{where}, routes.{name}: unknown notice kind; known: {NoticeKind.choices()}"
                )
            if not isinstance(channels, list) or "email" not in channels:
                raise LadderFileError(
                    f"{where}, routes.{name}: a list of channels that includes email "
                    "(every notice goes by email: it is the record)"
                )
            known = {route.value for route in Route}
            unknown = [c for c in channels if c != "email" and c not in known]
            if unknown:
                raise LadderFileError(
                    f"{where}, routes.{name}: unknown channel(s) {unknown}; known: "
                    f"email, {', '.join(sorted(known))}"
                )
            by_kind[kind.value] = frozenset(Route(c) for c in channels if c != "email")
    roles = data.get("sms_to", [RecipientRole.CHAIN_LEADER.value])
    if not isinstance(roles, list):
        raise LadderFileError(f"{where}, sms_to: expected a list of recipient roles")
    try:
        sms_roles = frozenset(RecipientRole(str(role)) for role in roles)
    except ValueError:
        names = ", ".join(r.value for r in RecipientRole)
        raise LadderFileError(f"{where}, sms_to: unknown role in {roles}; known: {names}") from None
    return Routes(by_kind, sms_roles)


def _only(data: Any, keys: set[str], where: str) -> None:
    if not isinstance(data, dict):
        raise LadderFileError(f"{where}: expected a mapping")
    unknown = set(data) - keys
    if unknown:
        raise LadderFileError(f"{where}: unknown key(s) {sorted(unknown)}; known: {sorted(keys)}")


def _lights(data: Any, where: str) -> LightRules:
    _only(data, {"yellow_within_days", "yellow_lag_points", "red_lag_points"}, where)
    try:
        return LightRules(**{k: int(v) for k, v in data.items()})
    except (TypeError, ValueError) as exc:
        raise LadderFileError(f"{where}: {exc}") from exc


def _ladder(data: Any, where: str) -> Ladder:
    _only(data, {"hold_days", "feedback_days", "rungs"}, where)
    rungs_data = data.get("rungs")
    if not isinstance(rungs_data, list) or not rungs_data:
        raise LadderFileError(f"{where}: rungs must be a non-empty list")
    rungs = tuple(
        _rung(level, spec, f"{where}, rungs[{level}]") for level, spec in enumerate(rungs_data)
    )
    try:
        return Ladder(
            rungs,
            hold_days=int(data.get("hold_days", DEFAULT_LADDER.hold_days)),
            feedback_days=int(data.get("feedback_days", DEFAULT_LADDER.feedback_days)),
        )
    except (TypeError, ValueError) as exc:
        raise LadderFileError(f"{where}: {exc}") from exc


def _rung(level: int, data: Any, where: str) -> Rung:
    _only(data, {"kind", "days_from_due", "recipients"}, where)
    kind = NoticeKind.parse(str(data.get("kind", "")))
    if kind is None:
        raise LadderFileError(f"{where}: kind must be one of {NoticeKind.choices()}")
    recipients = data.get("recipients")
    if not isinstance(recipients, list) or not recipients:
        raise LadderFileError(f"{where}: recipients must be a non-empty list")
    roles = []
    for name in recipients:
        try:
            roles.append(RecipientRole(str(name)))
        except ValueError:
            known = ", ".join(r.value for r in RecipientRole)
            raise LadderFileError(f"{where}: unknown recipient {name!r}; known: {known}") from None
    try:
        days = int(data["days_from_due"])
    except (KeyError, TypeError, ValueError):
        raise LadderFileError(f"{where}: days_from_due must be a whole number") from None
    return Rung(level, kind, days, tuple(roles))
