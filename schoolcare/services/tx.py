"""Transactions: every write runs in one, waiting its turn for the write lock; a database fault becomes a refusal.

SQLite has one writer at a time. `writing()` takes the write lock up front (BEGIN IMMEDIATE), so a write
never fails half-way for want of it; while another writer holds it, BEGIN waits (the connection's busy
timeout) and is tried again with a growing, jittered pause until BUSY_BUDGET_S has passed — retrying BEGIN
is safe because nothing of the unit of work has run yet. On PostgreSQL a deadlock or serialization failure
rolls the transaction back; `unit_of_work()` runs a whole service call again when it was its first write.
What still fails is a `db.busy` / `db.unavailable` / `db.failed` refusal, never a driver's exception.
"""
from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

import peewee as pw

from schoolcare.domain.errors import Refusal
from schoolcare.services.errors import ServiceError
from schoolcare.store.database import db, is_sqlite

T = TypeVar("T")

BUSY_BUDGET_S = 30.0  # how long one write waits for its turn before telling the person the database is busy
FIRST_PAUSE_S, LONGEST_PAUSE_S = 0.005, 0.25
PG_RETRY_STATES = {"40001", "40P01", "55P03"}  # serialization failure, deadlock, lock not available
PG_GONE_CLASSES = ("08", "57P")  # connection exceptions, operator intervention (server shutting down)

_local = threading.local()  # commits made by this thread, so unit_of_work knows whether a retry would repeat one


class DatabaseBusy(ServiceError):
    """Another writer kept the database past the wait budget, or PostgreSQL rolled back a conflict; nothing was
    written by the failed transaction, and trying again later works."""


def _original(error: BaseException) -> BaseException:
    # peewee re-raises a driver's error as its own class with the original as the first argument.
    inner = error.args[0] if error.args and isinstance(error.args[0], BaseException) else None
    return inner or error.__cause__ or error


def is_busy(error: BaseException) -> bool:
    """A lock held by another writer (SQLite busy / locked) or a conflict PostgreSQL resolved by rolling back."""
    original = _original(error)
    if getattr(original, "sqlstate", None) in PG_RETRY_STATES:
        return True
    name = type(original).__name__
    text = str(original).lower()
    return name in ("BusyError", "LockedError") or "database is locked" in text or "database is busy" in text


def database_refusal(error: BaseException) -> Refusal | None:
    """The refusal to show for a database fault (None when `error` is no database error): one translated line."""
    if isinstance(error, Refusal):
        return error
    if not isinstance(error, (pw.DatabaseError, pw.InterfaceError)):
        return None
    if is_busy(error):
        return DatabaseBusy("db.busy")
    original = _original(error)
    state = getattr(original, "sqlstate", None) or ""
    if state.startswith(PG_GONE_CLASSES) or type(original).__name__ in (
            "OperationalError", "ConnectionClosedError", "CantOpenError", "IOError", "FullError", "ReadOnlyError"):
        return ServiceError("db.unavailable", detail=" ".join(str(original).split())[:200])
    return ServiceError("db.failed", detail=" ".join(f"{type(original).__name__}: {original}".split())[:200])


class _Writing:
    """The context manager writing() returns (also usable as a decorator, like peewee's atomic)."""

    def __enter__(self):
        self._outermost = db.transaction_depth() == 0
        if not self._outermost:  # inside another write: a savepoint of it
            self._inner = db.atomic()
            return self._inner.__enter__()
        deadline = time.monotonic() + BUSY_BUDGET_S
        pause = FIRST_PAUSE_S
        while True:
            self._inner = db.atomic("IMMEDIATE") if is_sqlite() else db.atomic()
            try:
                return self._inner.__enter__()
            except (pw.DatabaseError, pw.InterfaceError) as error:
                if not is_busy(error):
                    raise database_refusal(error) from error  # type: ignore[misc]
                left = deadline - time.monotonic()
                if left <= 0:
                    raise DatabaseBusy("db.busy") from error
                # Jitter, so writers turned away together do not all come back at the same instant.
                time.sleep(min(left, pause * random.uniform(0.5, 1.5)))
                pause = min(pause * 2, LONGEST_PAUSE_S)

    def __exit__(self, exc_type, exc, tb):
        try:
            result = self._inner.__exit__(exc_type, exc, tb)
        except (pw.DatabaseError, pw.InterfaceError) as error:  # the COMMIT itself failed; rolled back
            if not self._outermost:
                raise
            raise database_refusal(error) from error  # type: ignore[misc]
        if not self._outermost:
            return result
        if exc is None:
            _local.commits = getattr(_local, "commits", 0) + 1
        elif isinstance(exc, (pw.DatabaseError, pw.InterfaceError)) and is_busy(exc):
            raise DatabaseBusy("db.busy", retry=True) from exc  # a conflict inside the body; rolled back whole
        return result

    def __call__(self, fn: Callable[..., T]) -> Callable[..., T]:
        def inner(*args: Any, **kwargs: Any) -> T:
            with writing():
                return fn(*args, **kwargs)
        return inner


def writing() -> _Writing:
    """A write transaction; IMMEDIATE on SQLite so two writers queue instead of failing mid-way."""
    return _Writing()


def unit_of_work(service: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """Call `service`, again (with a pause) while a transaction of it was rolled back by a PostgreSQL conflict —
    only when that was its first write, so nothing already committed is done twice."""
    deadline = time.monotonic() + BUSY_BUDGET_S
    pause = FIRST_PAUSE_S * 4
    while True:
        before = getattr(_local, "commits", 0)
        try:
            return service(*args, **kwargs)
        except DatabaseBusy as busy:
            if not busy.params.get("retry") or getattr(_local, "commits", 0) != before or time.monotonic() > deadline:
                raise DatabaseBusy("db.busy") from busy
            time.sleep(pause * random.uniform(0.5, 1.5))
            pause = min(pause * 2, LONGEST_PAUSE_S * 4)


def connection():
    """A connection for one unit of work in a worker thread (the UI never touches the store itself)."""
    return db.connection_context()
