"""The settings a config directory last loaded into, kept while its files say the same: starts without YAML.

Reading the five files strictly costs every start ~15 ms (importing PyYAML alone ~8 ms), for settings that
change when someone edits the config. A clean load is kept in the user's own cache directory (domain/kept.py),
under a key made of the files' bytes, the directory, the Python and the code that reads them; any difference
reads the YAML afresh. Problems are never cached: a config with errors is read (and reported) every time.
"""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any

from schoolcare.domain import kept

PACKAGE = Path(__file__).resolve().parent.parent  # schoolcare/: its config/ and domain/ code shape the settings
CODE = ("config", "domain")


def key(folder: Path, names: list[str]) -> str | None:
    """The cache key of the settings in `folder` as they stand; None when a file cannot be read."""
    digest = hashlib.sha256(f"{sys.version}\n{folder.resolve()}\n".encode())
    try:
        for part in CODE:
            digest.update(f"{part}/\n{kept.code_stamp(PACKAGE / part)}".encode())
        for name in names:
            digest.update(f"{name}\n".encode())
            digest.update((folder / name).read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


def _name(cache_key: str) -> str:
    return f"settings-{cache_key[:32]}.pickle"


def load(cache_key: str | None) -> Any:
    """The settings kept under `cache_key`, or None."""
    return None if cache_key is None else kept.load(_name(cache_key))


def save(cache_key: str | None, settings: object) -> None:
    """Keep `settings` under `cache_key`."""
    if cache_key is not None:
        kept.save(_name(cache_key), settings, replacing="settings-*.pickle")
