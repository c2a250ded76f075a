"""The glance at the database the TUI starts on (store/probe.py): set-up or login, without peewee's models."""
from __future__ import annotations

from schoolcare.store import database as store_db
from schoolcare.store.probe import glance
from tests.factories import build_small_school


def test_the_glance_says_whether_the_database_holds_a_school(db_url):
    info, empty = glance(db_url)
    assert empty is True and info.url == db_url and info.version
    assert info == store_db.describe(db_url)  # what the help screen shows, as the usual open says it
    build_small_school()
    assert glance(db_url)[1] is False


def test_a_pending_migration_or_a_missing_database_is_opened_the_usual_way(db_url, tmp_path):
    store_db.db.execute_sql("DELETE FROM schema_migration WHERE name = '0011_county'")
    try:
        assert glance(db_url) is None  # opened (and upgraded) the usual way
    finally:
        store_db.db.execute_sql("INSERT INTO schema_migration (name, applied) VALUES ('0011_county', '2026-12-01')")
    assert glance(f"sqlite:///{tmp_path / 'none.db'}") is None  # a new file: created and migrated as it opens
    assert glance("postgresql://postgres@127.0.0.1:5432/schoolcare_no_such_database") is None
