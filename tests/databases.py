"""Test databases: a fresh SQLite file per test, and one PostgreSQL database per run, emptied between tests."""
from __future__ import annotations

import os
import uuid

import pytest

from schoolcare.store import database as store_db

PG_ADMIN_URL = os.environ.get("SCHOOLCARE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def postgres_unreachable_reason() -> str | None:
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install -e '.[test]')"
    try:
        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3):
            return None
    except Exception as exc:  # any failure to reach the server means: skip, and say why
        return f"no PostgreSQL reachable at {PG_ADMIN_URL}: {str(exc).strip().splitlines()[0]}"


class PostgresTestDatabase:
    """One throw-away database for the whole run (so parallel runs never collide)."""

    def __init__(self):
        import psycopg

        self.name = f"schoolcare_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.name}"')
        base = PG_ADMIN_URL.rsplit("/", 1)[0]
        self.url = f"{base}/{self.name}"
        self.migrated = False

    def open(self) -> None:
        store_db.open_database(self.url, upgrade=not self.migrated)
        self.migrated = True
        tables = [t for t in store_db.db.get_tables() if t != "schema_migration"]
        if tables:
            quoted = ", ".join(f'"{t}"' for t in tables)
            store_db.db.execute_sql(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")

    def drop(self) -> None:
        import psycopg

        store_db.close_database()
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_database():
    reason = postgres_unreachable_reason()
    if reason:
        pytest.skip(reason)
    database = PostgresTestDatabase()
    yield database
    database.drop()


def open_sqlite(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'school.db'}"
    store_db.open_database(url)
    return url
