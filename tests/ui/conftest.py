"""UI test fixtures: a small known school in a SQLite file, the shipped settings, a fixed today, make_app."""
from __future__ import annotations

from collections.abc import Callable

import pytest

from schoolcare import i18n
from schoolcare.config import load_settings
from schoolcare.domain.settings import Settings
from schoolcare.store import database as store_db
from schoolcare.ui.app import SchoolcareApp, make_app
from tests.factories import SmallSchool, build_small_school

TODAY = "2026-11-28"  # a Saturday in the 2026 autumn term
SIZE = (120, 40)
DEMO_ACCOUNTS = (("coordinator", "coord", "secret-pw"), ("teacher", "zheng", "secret-pw"),
                 ("principal", "head", "secret-pw"))


@pytest.fixture(autouse=True)
def _fixed_today(_isolated_environment, monkeypatch):
    # The time of day too (noon): with a date alone, clock.now() takes the real time, and a record made at
    # 08:00 on TODAY would be in the future for a run just after midnight.
    monkeypatch.setenv("SCHOOLCARE_TODAY", f"{TODAY}T12:00")
    yield
    i18n.set_language("zh-CN")  # the language is process-wide; leave it as found


@pytest.fixture(scope="session")
def settings() -> Settings:
    return load_settings()


@pytest.fixture
def database(tmp_path) -> store_db.DatabaseInfo:
    """An open, migrated, empty SQLite database."""
    info = store_db.open_database(f"sqlite:///{tmp_path / 'school.db'}")
    yield info
    store_db.close_database()


@pytest.fixture
def school(database) -> SmallSchool:
    return build_small_school()


@pytest.fixture
def app_for(settings, database) -> Callable[..., SchoolcareApp]:
    """make_app on the test database: app_for(user=None, lang="zh-CN", demo_accounts=())."""

    def build(user=None, lang: str = "zh-CN", **options) -> SchoolcareApp:
        return make_app(settings, database, user, lang=lang, **options)

    return build
