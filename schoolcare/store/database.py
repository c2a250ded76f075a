"""Opening the database named by a URL: SQLite (through apsw) by default, PostgreSQL for a county."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import peewee as pw

from schoolcare.domain.records import DatabaseInfo
from schoolcare.store.probe import data_dir as data_dir  # decided before peewee loads (probe.py), named here too
from schoolcare.store.probe import default_url as default_url
from schoolcare.store.probe import is_postgresql, postgresql_params

# Bound by open_database(); models never open a database at import time.
db = pw.DatabaseProxy()

# The OS's SQLite 3.40 has a WAL-reset corruption bug with concurrent writers.
MIN_SQLITE = (3, 51, 3)
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
    "cache_size": -32_000,  # 32 MB page cache
}
# How long one statement waits inside SQLite (its busy handler) for another connection's lock. A write's
# BEGIN IMMEDIATE is tried again on top of this, with backoff, until services.tx.BUSY_BUDGET_S has passed.
BUSY_TIMEOUT_S = 5


class DatabaseURLError(ValueError):
    """The --db / SCHOOLCARE_DB value names no database schoolcare can open."""


def is_sqlite() -> bool:
    return isinstance(db.obj, pw.SqliteDatabase)


def _adapt(value):
    # apsw, unlike the sqlite3 module, binds no dates: store them as ISO text,
    # which peewee's date fields parse back and which sorts chronologically.
    if isinstance(value, dt.datetime):
        return value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def as_date(value) -> dt.date | None:
    """The day of a date (or timestamp) read through raw SQL: peewee converts nothing there, and SQLite hands
    back the ISO text _adapt stored."""
    if value is None or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    return dt.date.fromisoformat(str(value)[:10])


def _sqlite(path: str) -> pw.Database:
    import apsw
    from playhouse.apsw_ext import APSWDatabase

    class SchoolcareSqlite(APSWDatabase):
        def execute_sql(self, sql, params=None):
            if params:
                params = [_adapt(p) for p in params]
            return super().execute_sql(sql, params)

    version = tuple(int(p) for p in apsw.sqlite_lib_version().split("."))
    if version < MIN_SQLITE:
        raise DatabaseURLError(
            f"SQLite {apsw.sqlite_lib_version()} is too old; schoolcare needs "
            f"{'.'.join(map(str, MIN_SQLITE))} or newer (pip install -U apsw)"
        )
    if path != ":memory:":
        Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        path = str(Path(path).expanduser())
    return SchoolcareSqlite(path, pragmas=SQLITE_PRAGMAS, timeout=BUSY_TIMEOUT_S)


def _postgresql(url: str) -> pw.Database:
    try:
        import psycopg  # noqa: F401  (only present with the "postgres" extra)
    except ImportError as exc:
        raise DatabaseURLError(
            "PostgreSQL needs the psycopg driver: pip install 'schoolcare[postgres]'"
        ) from exc
    name, options = postgresql_params(url)
    return pw.PostgresqlDatabase(name, prefer_psycopg3=True, **options)


def make_database(url: str) -> pw.Database:
    """A database object for `url`, not yet connected."""
    if url.startswith(("sqlite:///", "apsw:///")):
        return _sqlite(url.split(":///", 1)[1] or ":memory:")
    if url in ("sqlite://", "sqlite:///:memory:", ":memory:"):
        return _sqlite(":memory:")
    if is_postgresql(url):
        return _postgresql(url)
    if "://" not in url:  # a bare file path
        return _sqlite(url)
    raise DatabaseURLError(
        f"unsupported database URL {url!r}: use sqlite:///PATH or postgresql://USER@HOST/NAME"
    )


def open_database(url: str, *, upgrade: bool = True) -> DatabaseInfo:
    """Bind the models to `url`, connect, and bring the schema up to date."""
    from schoolcare.store import migrations

    database = make_database(url)
    db.initialize(database)
    db.connect(reuse_if_open=True)
    if upgrade:
        migrations.upgrade()
    return describe(url)


def describe(url: str) -> DatabaseInfo:
    if is_sqlite():
        import apsw

        return DatabaseInfo(url, "sqlite", apsw.sqlite_lib_version())
    version = db.execute_sql("SHOW server_version").fetchone()[0]
    return DatabaseInfo(url, "postgresql", version)


def close_database() -> None:
    if db.obj is not None and not db.is_closed():
        db.close()
