"""Reads school.yaml's optional import: section (how big a roster file may be) and finds the limits in force."""
from __future__ import annotations

from pathlib import Path

from yaml.nodes import Node

from schoolcare.config.nodes import Reader, join
from schoolcare.domain.settings import ImportLimits

KEYS = ("max_file_bytes", "max_unpacked_bytes", "max_rows", "max_columns")
# Beyond these no roster is real, and the checks themselves would cost memory: a typing slip (an extra 0)
# is said, not obeyed.
CEILINGS = {"max_file_bytes": 500_000_000, "max_unpacked_bytes": 1_000_000_000, "max_rows": 1_000_000,
            "max_columns": 16_384}


def read_imports(reader: Reader, node: Node | None) -> ImportLimits:
    """The import: section; each key left out keeps its default; each value a whole number ≥ 1 and at most
    its ceiling."""
    defaults = ImportLimits()
    if node is None:
        return defaults
    found = reader.fields(node, "import", (), KEYS) or {}
    values = {}
    for key in KEYS:
        path = join("import", key)
        value = reader.integer(found.get(key), path, minimum=1)
        if value is not None and value > CEILINGS[key]:
            reader.report(found[key], path, "config.at_most", maximum=f"{CEILINGS[key]:,}", value=f"{value:,}")
            value = None
        values[key] = getattr(defaults, key) if value is None else value
    return ImportLimits(**values)


def import_limits(directory: Path | str | None = None) -> ImportLimits:
    """The limits of the config directory in use (default_config_dir()); the defaults when it cannot be read
    (the app would not have started with a broken config, and a limit must never be the reason an import
    stops with a traceback)."""
    from schoolcare.config.loader import ConfigError, load_settings

    try:
        return load_settings(directory).imports
    except (ConfigError, OSError):
        return ImportLimits()
