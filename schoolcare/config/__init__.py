"""The school's YAML configuration, read strictly: load_settings, check_config, default_config_dir, ConfigError."""
from __future__ import annotations

from schoolcare.config.loader import FILES, check_config, default_config_dir, load_settings
from schoolcare.config.problems import ConfigError, ConfigProblem

__all__ = ["FILES", "ConfigError", "ConfigProblem", "check_config", "default_config_dir", "load_settings"]
