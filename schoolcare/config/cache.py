"""The settings a config directory last loaded into, kept while its files say the same: starts without YAML.

Reading the five files strictly costs every start ~15 ms (importing PyYAML alone ~8 ms), for settings that
change when someone edits the config. A clean load is kept in the user's own cache directory
($XDG_CACHE_HOME/schoolcare, else ~/.cache/schoolcare: never beside a config others may write), under a key
made of the files' bytes, the directory, the Python and the code that reads them; any difference reads the
YAML afresh. Problems are never cached: a config with errors is read (and reported) every time.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent.parent  # schoolcare/: its config/ and domain/ code shape the settings
CODE = ("config", "domain")


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "schoolcare"


def key(folder: Path, names: list[str]) -> str | None:
    """The cache key of the settings in `folder` as they stand; None when a file cannot be read."""
    digest = hashlib.sha256(f"{sys.version}\n{folder.resolve()}\n".encode())
    try:
        for part in CODE:
            for entry in sorted(os.scandir(PACKAGE / part), key=lambda e: e.name):
                if entry.name.endswith(".py"):
                    stat = entry.stat()
                    digest.update(f"{part}/{entry.name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
        for name in names:
            digest.update(f"{name}\n".encode())
            digest.update((folder / name).read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


def _path(cache_key: str) -> Path:
    return cache_dir() / f"settings-{cache_key[:32]}.pickle"


def load(cache_key: str | None) -> Any:
    """The settings kept under `cache_key`, or None."""
    if cache_key is None:
        return None
    try:
        with open(_path(cache_key), "rb") as handle:
            return pickle.load(handle)
    except Exception:  # none kept, or unreadable by this schoolcare: read the YAML
        return None


def save(cache_key: str | None, settings: object) -> None:
    """Keep `settings` under `cache_key` (written whole or not at all); a cache that cannot be written is no cache."""
    if cache_key is None:
        return
    target = _path(cache_key)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        for old in target.parent.glob("settings-*.pickle"):  # one config at a time is the usual case
            if old != target:
                old.unlink(missing_ok=True)
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(pickle.dumps(settings, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, target)
    except OSError:
        pass
