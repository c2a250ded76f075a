"""Finds the config directory and loads it strictly into Settings: load_settings, check_config, default_config_dir."""
from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import schoolcare
from schoolcare.config import cache
from schoolcare.config.problems import ConfigError, ConfigProblem
from schoolcare.domain.settings import Settings

if TYPE_CHECKING:  # PyYAML and the readers load only when the YAML is read (not on a start the cache answers)
    from yaml.nodes import Node

    from schoolcare.config.nodes import Reader

ENV_VAR = "SCHOOLCARE_CONFIG"
# Every file a config directory must hold, in the order problems are listed, and its reader (module:function).
FILES: dict[str, str] = {
    "school.yaml": "school:read_school",
    "rules.yaml": "templates:read_rules",
    "centre.yaml": "templates:read_centre",
    "safety.yaml": "templates:read_safety",
    "incidents.yaml": "templates:read_incident_kinds",
}


def default_config_dir() -> Path:
    """$SCHOOLCARE_CONFIG, else the checkout's config/, else the copy installed under <prefix>/share."""
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return Path(from_env).expanduser()
    checkout = Path(schoolcare.__file__).resolve().parent.parent / "config"
    if (checkout / "school.yaml").is_file():
        return checkout
    return Path(sys.prefix) / "share" / "schoolcare" / "config"


def check_config(directory: Path | str | None = None) -> list[ConfigProblem]:
    """Every problem in the config directory (empty when it loads cleanly)."""
    return _read(directory)[1]


def load_settings(directory: Path | str | None = None) -> Settings:
    """The settings in `directory` (default: default_config_dir()); raises ConfigError listing every problem."""
    folder = _folder(directory)
    cache_key = cache.key(folder, list(FILES)) if folder.is_dir() else None
    kept = cache.load(cache_key)
    if isinstance(kept, Settings):
        return kept
    settings, problems = _read(directory)
    if problems or settings is None:
        raise ConfigError(problems)
    cache.save(cache_key, settings)  # under the key of the files as they were before reading them
    return settings


def _folder(directory: Path | str | None) -> Path:
    return Path(directory).expanduser() if directory is not None else default_config_dir()


def _read(directory: Path | str | None) -> tuple[Settings | None, list[ConfigProblem]]:
    from schoolcare.config.nodes import Reader

    folder = _folder(directory)
    if not folder.is_dir():
        return None, [ConfigProblem(str(folder), 0, "", "config.no_directory")]
    problems: list[ConfigProblem] = []
    parts: dict[str, Any] = {}
    for name, target in FILES.items():
        module, function = target.split(":")
        read = getattr(importlib.import_module(f"schoolcare.config.{module}"), function)
        reader = Reader(name)
        root = _parse(reader, folder / name, folder)
        if root is not None:
            parts[name] = read(reader, root)
        problems.extend(sorted(reader.problems, key=lambda problem: problem.line))
    if problems:
        return None, problems
    language, calendar, sessions, imports = parts["school.yaml"]
    rules, backdate_days, dropout_rules = parts["rules.yaml"]
    incident_kinds, counselling_topics = parts["incidents.yaml"]
    settings = Settings(
        language=language,
        calendar=calendar,
        sessions=sessions,
        imports=imports,
        rules=rules,
        backdate_days=backdate_days,
        dropout_rules=dropout_rules,
        centre=parts["centre.yaml"],
        safety=parts["safety.yaml"],
        incident_kinds=incident_kinds,
        counselling_topics=counselling_topics,
        source=folder.resolve(),
    )
    return settings, []


def _parse(reader: Reader, path: Path, folder: Path) -> Node | None:
    if not path.is_file():
        reader.report(0, "", "config.file_missing", folder=str(folder))
        return None
    try:
        # utf-8-sig: Windows editors often save a byte-order mark.
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        reader.report(line, "", "config.not_utf8")
        return None
    except OSError as exc:
        reader.report(0, "", "config.unreadable", detail=str(exc.strerror or exc))
        return None
    return reader.parse(text)
