"""Numbered schema migrations (NNNN_name.py, each with up(migrator, db)), applied in order on open."""
from __future__ import annotations

from pathlib import Path

from playhouse.migrations import Runner

from schoolcare.store.database import db

DIRECTORY = Path(__file__).parent


def runner() -> Runner:
    return Runner(db.obj, directory=str(DIRECTORY))


def upgrade(target: str | None = None) -> list[str]:
    """Apply every pending migration (or up to `target`); returns the names applied."""
    return runner().up(target)


def pending() -> list[str]:
    return [m.name for m in runner().status() if m.path and not m.applied]


def names() -> list[str]:
    return [m.name for m in runner().migrations()]
