"""The school's TOML config: validated, frozen models and the checker that reports problems."""

from safeduty.config.check import (
    ConfigError,
    Problem,
    load_config,
    load_config_file,
    parse_config,
)
from safeduty.config.model import (
    Duty,
    EscalationStep,
    Language,
    Role,
    SchoolConfig,
    Staff,
    Weekday,
)

__all__ = [
    "ConfigError",
    "Duty",
    "EscalationStep",
    "Language",
    "Problem",
    "Role",
    "SchoolConfig",
    "Staff",
    "Weekday",
    "load_config",
    "load_config_file",
    "parse_config",
]
