"""What a start works out and the next start would work out the same, kept in the user's cache directory.

The settings read from YAML (config/cache.py), the parsed CSS (ui/shell/stylesheet.py) and what a PostgreSQL
server said (commands/app.py, as JSON) each cost a start milliseconds for an answer that changes only when a file
or the server does. Each is kept under a key of what it was made from; a different key is a miss and the caller
works it out afresh. The directory is the user's own ($XDG_CACHE_HOME/schoolcare, else ~/.cache/schoolcare):
never beside a config or a database that others may write. A cache that cannot be read or written is no cache.
"""
from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "schoolcare"


def code_stamp(folder: Path) -> str:
    """The Python files of `folder` as they stand (name, size, time): code that shapes what is kept."""
    stats = sorted((e.name, e.stat()) for e in os.scandir(folder) if e.name.endswith(".py"))
    return "".join(f"{name}:{stat.st_size}:{stat.st_mtime_ns}\n" for name, stat in stats)


def load(name: str) -> Any:
    """What is kept as `name`, or None (none kept, or unreadable by this schoolcare)."""
    try:
        with open(cache_dir() / name, "rb") as handle:
            return pickle.load(handle)
    except Exception:
        return None


def save(name: str, value: object, *, replacing: str = "") -> None:
    """Keep `value` as `name` (pickled), as write() does."""
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # a value that does not pickle
        return
    write(name, data, replacing=replacing)


def write(name: str, data: bytes, *, replacing: str = "") -> None:
    """Write `data` as `name`, whole or not at all; first remove the older files matching `replacing` (a glob:
    one config, one theme at a time is the usual case)."""
    target = cache_dir() / name
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if replacing:
            for old in target.parent.glob(replacing):
                if old != target:
                    old.unlink(missing_ok=True)
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)
    except OSError:  # unwritable: the next start works it out again
        pass
