"""Every services test runs twice: on a temporary SQLite file and on PostgreSQL (skipped, with the reason, if none)."""
from __future__ import annotations

import pytest

from schoolcare.config import load_settings
from schoolcare.domain.settings import Settings
from schoolcare.store import database as store_db
from tests.databases import open_sqlite, postgres_database  # noqa: F401  (fixture)
from tests.factories import SmallSchool, build_small_school


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        url = open_sqlite(tmp_path)
    else:
        pg = request.getfixturevalue("postgres_database")
        pg.open()
        url = pg.url
    yield url
    store_db.close_database()


@pytest.fixture
def school(db_url) -> SmallSchool:
    return build_small_school()


@pytest.fixture(scope="session")
def settings() -> Settings:
    """The shipped configuration (frozen, so one load serves every test)."""
    return load_settings()
