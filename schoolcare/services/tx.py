"""Transactions: every write runs in one, taking SQLite's write lock up front."""
from __future__ import annotations

from schoolcare.store.database import db, is_sqlite


def writing():
    """A write transaction; IMMEDIATE on SQLite so two writers queue instead of failing mid-way."""
    return db.atomic("IMMEDIATE") if is_sqlite() else db.atomic()


def connection():
    """A connection for one unit of work in a worker thread (the UI never touches the store itself)."""
    return db.connection_context()
