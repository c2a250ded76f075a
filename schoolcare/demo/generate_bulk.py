"""Bulk loading for the generator: ids handed out up front, rows streamed in chunks (executemany on SQLite, COPY on PostgreSQL)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice

import peewee as pw

from schoolcare.i18n import t
from schoolcare.services.tx import writing
from schoolcare.store.database import db, is_sqlite
from schoolcare.store.models import MODELS

CHUNK = 5_000
REPORTED = 20_000  # loads this big get a progress line of their own


def iso_time(value: dt.datetime) -> str:
    return value.isoformat(" ")


class Ids:
    """Next free primary key per table: rows carry their ids so children can point at them before insertion.

    All are read up front, because on PostgreSQL the connection can run no
    other query while a COPY streams rows (and rows take their ids as they stream).
    """

    def __init__(self, models=MODELS):
        self._next: dict[str, int] = {}
        for model in models:
            table = model._meta.table_name
            found = db.execute_sql(f'SELECT COALESCE(MAX("id"), 0) FROM "{table}"').fetchone()[0]
            self._next[table] = int(found) + 1

    def take(self, model: type[pw.Model]) -> int:
        table = model._meta.table_name
        value = self._next[table]
        self._next[table] = value + 1
        return value


class Loader:
    """Writes rows given as tuples in the order of `columns` (column names, "id" first), one transaction per call.

    Columns the generator does not name are filled with the model's default, so
    a field another engineer adds with a default does not break generation.
    """

    def __init__(self, progress: Callable[[str], None] | None = None):
        self.postgres = not is_sqlite()
        self.counts: dict[str, int] = {}
        self.progress = progress

    def load(self, model: type[pw.Model], columns: tuple[str, ...], rows: Iterable[tuple]) -> int:
        table = model._meta.table_name
        extra_names, extra_values = _defaults_for_missing(model, columns)
        names = columns + extra_names
        if extra_values:
            rows = (row + extra_values for row in rows)
        quoted = ", ".join(f'"{c}"' for c in names)
        count = 0
        with writing():
            cursor = db.cursor()
            if self.postgres:
                with cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
                        count += 1
            else:
                sql = f'INSERT INTO "{table}" ({quoted}) VALUES ({", ".join("?" * len(names))})'
                for chunk in _chunks(rows):
                    cursor.executemany(sql, chunk)
                    count += len(chunk)
            if self.postgres and count:
                # Rows came with their ids: move the sequence past them for later inserts.
                db.execute_sql(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), (SELECT MAX(\"id\") FROM \"{table}\"))"
                )
        self.counts[table] = self.counts.get(table, 0) + count
        if self.progress and count >= REPORTED:
            self.progress(t("demo.progress.table", table=table, rows=count))
        return count

    def total(self) -> int:
        return sum(self.counts.values())


def _chunks(rows: Iterable[tuple]) -> Iterator[list[tuple]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


def _defaults_for_missing(model: type[pw.Model], columns: tuple[str, ...]) -> tuple[tuple[str, ...], tuple]:
    names, values = [], []
    for field in model._meta.sorted_fields:
        if field.column_name in columns or isinstance(field, pw.AutoField):
            continue
        default = field.default() if callable(field.default) else field.default
        if default is None and not field.null:
            raise ValueError(f"generator gives no value for {model.__name__}.{field.name}, which has no default")
        if isinstance(default, dt.datetime):
            default = iso_time(default)
        elif isinstance(default, dt.date):
            default = default.isoformat()
        names.append(field.column_name)
        values.append(default)
    return tuple(names), tuple(values)


@contextmanager
def deferred_indexes(models, progress: Callable[[str], None] | None = None, *, foreign_keys=()):
    """Load empty tables without their secondary indexes and build those once at the end.

    Measured on 50,000 pupils × 52 weeks (SQLite): 75 s instead of 95 s. Tables
    that already hold rows keep their indexes (rebuilding would cost more).
    On PostgreSQL the empty tables of `foreign_keys` also load without their
    foreign keys, added back (and so checked, one join each) at the end: checked
    row by row they cost more than the rows themselves (50 schools / 50,000
    pupils × 52 weeks: COPY of family_call 16.5 s → 4.8 s, the whole load 54 s →
    15 s). The indexes and keys are rebuilt from their own definitions even if
    loading fails.
    """
    saved: list[str] = []
    with writing():
        for model in models:
            table = model._meta.table_name
            if _empty(table):
                for name, definition in _secondary_indexes(table):
                    saved.append(definition)
                    db.execute_sql(f'DROP INDEX "{name}"')
        if not is_sqlite():  # SQLite cannot drop a table's foreign key; it checks them cheaply anyway
            for model in foreign_keys:
                table = model._meta.table_name
                if _empty(table):
                    for name, definition in _foreign_keys(table):
                        saved.append(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
                        db.execute_sql(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    try:
        yield
    finally:
        if saved and progress:
            progress(t("demo.progress.indexes", n=len(saved)))
        with writing():
            for definition in saved:
                db.execute_sql(definition)


def _empty(table: str) -> bool:
    return db.execute_sql(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone() is None


def _secondary_indexes(table: str) -> list[tuple[str, str]]:
    if is_sqlite():
        sql = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL"
    else:  # not the primary key nor a constraint's index, which cannot be dropped on their own
        sql = ("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = %s "
               "AND indexname NOT IN (SELECT conname FROM pg_constraint)")
    return [(name, definition) for name, definition in db.execute_sql(sql, (table,)).fetchall()]


def _foreign_keys(table: str) -> list[tuple[str, str]]:
    sql = ("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' "
           "AND conrelid = to_regclass(quote_ident(current_schema()) || '.' || quote_ident(%s)) ORDER BY conname")
    return [(name, definition) for name, definition in db.execute_sql(sql, (table,)).fetchall()]
