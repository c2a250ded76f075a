"""Drill fixtures: a school on a fresh SQLite file or a fresh PostgreSQL database, closed for the writer processes."""
from __future__ import annotations

import pytest

from schoolcare.store import database as store_db
from tests.databases import PostgresTestDatabase, postgres_unreachable_reason
from tests.drills.harness import build_school


@pytest.fixture
def sqlite_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'school.db'}"
    build_school(url)
    yield url
    store_db.close_database()


@pytest.fixture
def postgres_url():
    reason = postgres_unreachable_reason()
    if reason:
        pytest.skip(f"PostgreSQL drill skipped: {reason}")
    database = PostgresTestDatabase()
    build_school(database.url)
    yield database.url
    database.drop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def drill_url(request):
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url")
