"""The engine's configuration: :class:`EngineRules` (everything the rules are configured with,
handed to services in one value) and the readers of the office's YAML files — the calendar
overrides, the ladder and light thresholds, the factor-request rules, the key-project
thresholds and the bulletin's ranking weights — each with errors that say which file and field.
"""

from services.config.calendar_file import (
    CalendarFileError,
    load_overrides,
)
from services.config.factor_file import (
    FactorConfigError,
    cached_factor_rules,
    load_factor_rules,
)
from services.config.ladder_file import load_ladder_and_routes, load_ladder_file
from services.config.project_file import (
    ProjectConfigError,
    load_project_rules,
)
from services.config.rules import EngineRules
from services.config.weights_file import (
    RollupConfigError,
    load_weights,
)

__all__ = [
    "CalendarFileError",
    "EngineRules",
    "FactorConfigError",
    "ProjectConfigError",
    "RollupConfigError",
    "cached_factor_rules",
    "load_factor_rules",
    "load_ladder_and_routes",
    "load_ladder_file",
    "load_overrides",
    "load_project_rules",
    "load_weights",
]
