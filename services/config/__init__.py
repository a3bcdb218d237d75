"""The engine's configuration: :class:`EngineRules` (everything the rules are configured with,
handed to services in one value) and the readers of the office's YAML files — the calendar
overrides, the ladder and light thresholds, the factor-request rules, the key-project
thresholds, the matchmaking rules, the bulletin's ranking weights or points table and the
channels (group robots, SMS; with the robot transport built for a channel, its secrets read
at use time) — each with errors that say which file and field.
"""

from services.config.benchmarks_file import (
    BenchmarkConfigError,
    cached_benchmark_indicators,
    load_benchmark_indicators,
)
from services.config.calendar_file import (
    CalendarFileError,
    load_overrides,
)
from services.config.channel_secrets import (
    TEST_MESSAGE,
    ChannelSecretError,
    channel_rows,
    find_channel,
    robot_for,
    secret_of,
    send_test,
    switched_on,
)
from services.config.channel_setup import (
    live,
    robot_transports,
    robots_by_chain,
    sms_transport,
)
from services.config.channels_file import (
    Channel,
    ChannelConfigError,
    ChannelKind,
    SecretRef,
    load_channels,
)
from services.config.designations_file import (
    DesignationConfigError,
    cached_designation_kinds,
    load_designation_kinds,
)
from services.config.factor_file import (
    FactorConfigError,
    cached_factor_rules,
    load_factor_rules,
)
from services.config.investment_file import (
    InvestmentConfigError,
    load_pipeline_rules,
)
from services.config.ladder_file import load_ladder_and_routes, load_ladder_file
from services.config.matchmaking_file import (
    MatchmakingConfigError,
    load_matchmaking_rules,
)
from services.config.mechanism_file import (
    MechanismConfigError,
    cached_practice_rules,
    load_practice_rules,
)
from services.config.project_file import (
    ProjectConfigError,
    load_project_rules,
)
from services.config.rules import EngineRules
from services.config.weights_file import (
    RollupConfigError,
    load_points,
    load_weights,
)

__all__ = [
    "TEST_MESSAGE",
    "BenchmarkConfigError",
    "CalendarFileError",
    "Channel",
    "ChannelConfigError",
    "ChannelKind",
    "ChannelSecretError",
    "DesignationConfigError",
    "EngineRules",
    "FactorConfigError",
    "InvestmentConfigError",
    "MatchmakingConfigError",
    "MechanismConfigError",
    "ProjectConfigError",
    "RollupConfigError",
    "SecretRef",
    "cached_benchmark_indicators",
    "cached_designation_kinds",
    "cached_factor_rules",
    "cached_practice_rules",
    "channel_rows",
    "find_channel",
    "live",
    "load_benchmark_indicators",
    "load_channels",
    "load_designation_kinds",
    "load_factor_rules",
    "load_ladder_and_routes",
    "load_ladder_file",
    "load_matchmaking_rules",
    "load_overrides",
    "load_pipeline_rules",
    "load_points",
    "load_practice_rules",
    "load_project_rules",
    "load_weights",
    "robot_for",
    "robot_transports",
    "robots_by_chain",
    "secret_of",
    "send_test",
    "sms_transport",
    "switched_on",
]
