"""The screen school (tests/ui/screen_data.py) as fixtures for a test module: built once per module, copied per test."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from schoolcare.store import database as store_db
from tests.ui.screen_data import TODAY, ScreenSchool, build_screen_school, on_day


@pytest.fixture(scope="module")
def template(tmp_path_factory, settings) -> tuple[Path, ScreenSchool]:
    path = tmp_path_factory.mktemp("screens") / "school.db"
    with on_day(TODAY):
        store_db.open_database(f"sqlite:///{path}")
        try:
            built = build_screen_school(settings)
            store_db.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file, to copy
        finally:
            store_db.close_database()
    return path, built


@pytest.fixture
def database(tmp_path, template) -> store_db.DatabaseInfo:
    """Overrides the conftest's empty database with a copy of the built school."""
    path = tmp_path / "school.db"
    shutil.copyfile(template[0], path)
    info = store_db.open_database(f"sqlite:///{path}")
    yield info
    store_db.close_database()


@pytest.fixture
def school(template, database) -> ScreenSchool:
    return template[1]
