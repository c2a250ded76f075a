"""A look at the database before peewee and the models load: is its schema current, does it hold a school?

The login (or set-up) screen needs only that answer, so `schoolcare` starts on it without importing peewee,
the models and the migrations (~40 ms); they load with the first login, which verifies a password for half a
second anyway. Anything unusual (a new file, a migration pending, a table missing, a server refusing) answers
None: the caller opens the database the usual way, which creates, upgrades or explains.
"""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlparse

from schoolcare.domain.records import DatabaseInfo

MIGRATIONS = Path(__file__).parent / "migrations"


def sqlite_path(url: str) -> str | None:
    """The file a SQLite URL names (None for another backend or an in-memory database)."""
    if url.startswith(("sqlite:///", "apsw:///")):
        path = url.split(":///", 1)[1]
    elif "://" not in url:  # a bare file path
        path = url
    else:
        return None
    return None if path in ("", ":memory:") else str(Path(path).expanduser())


def is_postgresql(url: str) -> bool:
    """Whether `url` names a PostgreSQL server (else a SQLite file, or a URL open_database explains)."""
    return url.startswith(("postgresql://", "postgres://"))


def postgresql_params(url: str) -> tuple[str, dict[str, object]]:
    """The database name and the driver's connection options in a postgresql:// URL."""
    parts = urlparse(url)
    return unquote(parts.path.lstrip("/")), {
        "user": unquote(parts.username) if parts.username else None,
        "password": unquote(parts.password) if parts.password else None,
        "host": parts.hostname or None,
        "port": parts.port or None,
        **dict(parse_qsl(parts.query)),
    }


SCHEMA_SQL = "SELECT name FROM schema_migration"
EMPTY_SQL = "SELECT NOT EXISTS (SELECT 1 FROM school)"


def glance(url: str) -> tuple[DatabaseInfo, bool] | None:
    """(what the help screen shows, whether it holds no school yet) for a database whose schema has every
    migration applied; None when it must be opened the usual way first."""
    if is_postgresql(url):
        found = _glance_postgresql(url)
    else:
        found = _glance_sqlite(url)
    if found is None:
        return None
    backend, version, applied, empty = found
    if not set(migration_names()) <= applied:
        return None
    return DatabaseInfo(url, backend, version), bool(empty)


def migration_names() -> list[str]:
    """The migrations this schoolcare applies, by name (0001_initial …)."""
    return sorted(name[:-3] for name in os.listdir(MIGRATIONS) if name[:1].isdigit() and name.endswith(".py"))


def _glance_sqlite(url: str) -> tuple[str, str, set[str], bool] | None:
    path = sqlite_path(url)
    if path is None or not os.path.isfile(path):
        return None
    import apsw

    try:
        connection = apsw.Connection(path, flags=apsw.SQLITE_OPEN_READWRITE)  # never creates a file
        try:
            connection.setbusytimeout(5000)
            applied = {name for (name,) in connection.execute(SCHEMA_SQL)}
            empty = connection.execute(EMPTY_SQL).fetchone()[0]
        finally:
            connection.close()
    except apsw.Error:
        return None
    return "sqlite", apsw.sqlite_lib_version(), applied, empty


def _glance_postgresql(url: str) -> tuple[str, str, set[str], bool] | None:
    try:
        import psycopg
    except ImportError:  # the usual open explains which driver to install
        return None
    name, options = postgresql_params(url)
    try:
        with psycopg.connect(dbname=name, **{k: v for k, v in options.items() if v is not None}) as connection:
            applied = {row[0] for row in connection.execute(SCHEMA_SQL)}
            empty = connection.execute(EMPTY_SQL).fetchone()[0]
            version = connection.execute("SHOW server_version").fetchone()[0]
    except psycopg.Error:
        return None
    return "postgresql", version, applied, empty


def default_url() -> str:
    """SCHOOLCARE_DB, or a SQLite file in the user's data directory."""
    from_env = os.environ.get("SCHOOLCARE_DB")
    if from_env:
        return from_env
    return f"sqlite:///{data_dir() / 'schoolcare.db'}"


def data_dir() -> Path:
    override = os.environ.get("SCHOOLCARE_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("schoolcare", appauthor=False))
