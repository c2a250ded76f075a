"""Numbered migrations: an old database upgrades to exactly the schema of a fresh one, and of the models."""
from __future__ import annotations

import peewee as pw
import pytest

from schoolcare.store import database as store_db
from schoolcare.store import migrations
from schoolcare.store.models import MODELS


def schema() -> dict[str, tuple]:
    """Tables → (columns with type/nullability, indexes with columns/uniqueness), as the database reports them."""
    found = {}
    for table in store_db.db.get_tables():
        if table == "schema_migration":
            continue
        columns = sorted((c.name, c.data_type.lower(), c.null) for c in store_db.db.get_columns(table))
        indexes = sorted((tuple(i.columns), i.unique) for i in store_db.db.get_indexes(table))
        foreign = sorted((f.column, f.dest_table) for f in store_db.db.get_foreign_keys(table))
        found[table] = (columns, indexes, foreign)
    return found


def migrated_schema(url: str, target: str | None = None) -> dict:
    store_db.open_database(url, upgrade=False)
    migrations.upgrade(target)
    if target:
        migrations.upgrade()
    try:
        return schema()
    finally:
        store_db.close_database()


def test_old_database_upgrades_to_the_fresh_schema(tmp_path):
    fresh = migrated_schema(f"sqlite:///{tmp_path / 'fresh.db'}")
    stepped = migrated_schema(f"sqlite:///{tmp_path / 'old.db'}", target=migrations.names()[0])
    assert stepped == fresh


def test_migrations_build_exactly_the_models(tmp_path):
    migrated = migrated_schema(f"sqlite:///{tmp_path / 'migrated.db'}")
    store_db.open_database(f"sqlite:///{tmp_path / 'models.db'}", upgrade=False)
    store_db.db.create_tables(MODELS)
    assert schema() == migrated
    store_db.close_database()


def test_opening_an_old_database_applies_pending_migrations(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    store_db.open_database(url, upgrade=False)
    migrations.upgrade(migrations.names()[0])
    store_db.close_database()
    store_db.open_database(url)
    assert migrations.pending() == []
    store_db.close_database()


@pytest.mark.postgres
def test_postgresql_migrations_build_exactly_the_models(postgres_database):
    import psycopg

    from tests.databases import PG_ADMIN_URL

    names = [f"{postgres_database.name}_m", f"{postgres_database.name}_f"]
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        for name in names:
            conn.execute(f'CREATE DATABASE "{name}"')
    try:
        migrated = migrated_schema(f"{base}/{names[0]}")
        store_db.open_database(f"{base}/{names[1]}", upgrade=False)
        store_db.db.create_tables(MODELS)
        assert schema() == migrated
        store_db.close_database()
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_one_current_care_teacher_is_enforced_by_the_database(school):
    from schoolcare.store.models import CareAssignment

    with pytest.raises(pw.IntegrityError):
        with store_db.db.atomic():
            CareAssignment.create(school=school.school_id, pupil=school.pupil_ids[0],
                                  teacher=school.other_teacher.staff_id, start_on="2026-10-01")
