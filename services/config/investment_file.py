"""Read the investment pipeline's rules (the filing days, the not-started light months) from
their YAML file.

The file (``chainops/config/investment.yaml`` unless ``CHAINOPS_INVESTMENT_FILE`` says
otherwise) has one section, ``pipeline``; a key left out keeps its default, and a missing file
means every default. Errors name the file and the key.
"""

from pathlib import Path
from typing import Any

import yaml

from mechanism.investment import PipelineRules


class InvestmentConfigError(ValueError):
    """The investment file is wrong; the message names the file and the key."""


_KEYS = {"filing_working_days", "not_started_yellow_months", "not_started_red_months"}


def load_pipeline_rules(path: Path) -> PipelineRules:
    """The rules in ``path``; defaults for what it leaves out, and for a missing file."""
    if not path.exists():
        return PipelineRules()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise InvestmentConfigError(f"{path}: not valid YAML: {exc}") from exc
    except OSError as exc:
        raise InvestmentConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    _only(data, {"pipeline"}, str(path))
    pipeline = data.get("pipeline") or {}
    _only(pipeline, _KEYS, f"{path}, pipeline")
    values = {key: _count(value, f"{path}, pipeline.{key}") for key, value in pipeline.items()}
    rules = PipelineRules(**values)
    if rules.not_started_red_months <= rules.not_started_yellow_months:
        raise InvestmentConfigError(
            f"{path}, pipeline.not_started_red_months: must be more than "
            f"not_started_yellow_months ({rules.not_started_yellow_months}), "
            f"not {rules.not_started_red_months}"
        )
    return rules


def _only(data: Any, keys: set[str], where: str) -> None:
    if not isinstance(data, dict):
        raise InvestmentConfigError(f"{where}: expected a mapping of {sorted(keys)}")
    unknown = set(data) - keys
    if unknown:
        raise InvestmentConfigError(
            f"{where}: unknown key(s) {sorted(map(str, unknown))}; known: {sorted(keys)}"
        )


def _count(value: Any, where: str) -> int:
    # YAML reads ``yes`` as True, and bool is an int in Python: refuse it by name.
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1000:
        raise InvestmentConfigError(
            f"{where}: must be a whole number from 1 to 1000, not {value!r}"
        )
    return value
