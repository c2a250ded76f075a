"""Bulk work: many rows written at once (one prepared statement on SQLite, COPY on PostgreSQL), no GC pauses meanwhile."""
from __future__ import annotations

import datetime as dt
import gc
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

import peewee as pw

from schoolcare.store.database import db, is_sqlite

T = TypeVar("T")

# A value already of the type a peewee field's own conversion (adapt) returns comes back from db_value unchanged:
# such values are passed as they are, and only the others (a date as text, a model instance) are converted.
# Keyed by the function, not the class, so a field class that converts differently is never taken for one of these.
_KEPT: dict[object, frozenset[type]] = {
    pw.CharField.adapt: frozenset({str}),
    pw.IntegerField.adapt: frozenset({int}),
    pw.FloatField.adapt: frozenset({float}),
    pw.BooleanField.adapt: frozenset({bool}),
    pw.DateField.adapt: frozenset({dt.date}),
    pw.DateTimeField.adapt: frozenset({dt.datetime}),
}
_NONE = type(None)
# PostgreSQL column types (by oid) and the Python values a binary COPY sends into them as they are.
_BINARY = {oid: frozenset({kind, _NONE}) for kinds, kind in (
    ((16,), bool), ((20, 21, 23), int), ((701,), float), ((25, 1043), str), ((1082,), dt.date), ((1114,), dt.datetime))
    for oid in kinds}
_DATES = frozenset({dt.date, dt.datetime})


def _plain(value: object) -> object:
    # apsw binds no dates (store.database adapts them for peewee's own statements; this path bypasses that).
    if isinstance(value, dt.datetime):
        return value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _kept(field: pw.Field) -> frozenset[type]:
    """The value types `field.db_value` returns unchanged (None among them); empty when that is not known."""
    if type(field).db_value is pw.ForeignKeyField.db_value:
        field = field.rel_field  # an id, converted as the key it points at; a model instance is converted
    if type(field).db_value is not pw.Field.db_value:
        return frozenset()
    kept = _KEPT.get(type(field).adapt)
    return kept | {_NONE} if kept else frozenset()


def _values(field: pw.Field, rows: Sequence[dict[str, object]]) -> list[object]:
    """One column as stored: the rows' values (the field's default where a row has none), converted by the field."""
    name, default = field.name, field.default
    if callable(default):
        raw = [row[name] if name in row else default() for row in rows]
    else:
        raw = [row.get(name, default) for row in rows]
    kept = _kept(field)
    types = set(map(type, raw))
    if not types <= kept:  # converted value by value only where some value needs it
        convert = field.db_value
        raw = [v if type(v) in kept else convert(v) for v in raw]
        types = set(map(type, raw))
    if is_sqlite() and types & _DATES:
        raw = [_plain(v) for v in raw]
    return raw


def insert_rows(model: type[pw.Model], rows: Sequence[dict[str, object]], meanwhile: Callable[[], T] | None = None,
                ) -> T | None:
    """Insert `rows` (field name → value; missing fields take their defaults) inside the caller's transaction;
    returns what `meanwhile` returns, work run once the rows are sent, while PostgreSQL is still taking them.

    peewee builds SQL value by value, which costs more than the insert itself for thousands of rows; here each
    column is converted in one pass, then SQLite runs one prepared statement over the rows (executemany, in C)
    and PostgreSQL takes them as one COPY stream (half of what executemany's row-by-row INSERTs cost, a
    quarter of multi-row INSERT … VALUES in batches of 100 to 1,000, measured on 2,000 pupils). A database
    error comes out as peewee's.
    """
    if not rows:
        return meanwhile() if meanwhile else None
    meta = model._meta
    names = sorted({name for row in rows for name in row})
    fields = [meta.fields[name] for name in names]
    fields += [f for f in meta.sorted_fields if f.name not in names and f.default is not None and not f.primary_key]
    columns = ", ".join(f'"{f.column_name}"' for f in fields)
    values = [_values(f, rows) for f in fields]
    with pw.__exception_wrapper__:  # what peewee wraps its own statements in
        if is_sqlite():
            marks = ", ".join([db.obj.param] * len(fields))
            db.cursor().executemany(f'INSERT INTO "{meta.table_name}" ({columns}) VALUES ({marks})',
                                    list(zip(*values, strict=True)))
            return meanwhile() if meanwhile else None
        return _copy(meta.table_name, columns, values, meanwhile)


def _copy(table: str, columns: str, values: list[list[object]], meanwhile: Callable[[], T] | None) -> T | None:
    """COPY the columns' values into `table`: in binary when every value is of the Python type the column's type
    takes as it is (psycopg then sends them without formatting any as text), else as text for the server to parse."""
    with db.cursor() as cursor:
        cursor.execute(f'SELECT {columns} FROM "{table}" LIMIT 0')  # the columns' types
        oids = [column.type_code for column in cursor.description]
        binary = all(oid in _BINARY and set(map(type, column)) <= _BINARY[oid] for oid, column in zip(
            oids, values, strict=True))
        with cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN' + (" (FORMAT BINARY)" if binary else "")) as copy:
            if binary:
                copy.set_types(oids)
            for row in zip(*values, strict=True):
                copy.write_row(row)
            # The server works through the rows sent so far on its own core: what the caller has to do next and
            # that needs no database is done now, not after it has finished.
            return meanwhile() if meanwhile else None



def update_rows(model: type[pw.Model], rows: Sequence[dict[str, object]]) -> None:
    """Update rows by their "id" (each dict: "id" and the fields to set) inside the caller's transaction: rows that
    set the same fields share one statement, run over all of them by the driver's executemany."""
    meta = model._meta
    alike: dict[tuple[str, ...], list[dict[str, object]]] = {}
    for row in rows:
        alike.setdefault(tuple(sorted(name for name in row if name != "id")), []).append(row)
    with pw.__exception_wrapper__:
        for names, group in alike.items():
            if not names:
                continue
            fields = [meta.fields[name] for name in names]
            sets = ", ".join(f'"{f.column_name}" = {db.obj.param}' for f in fields)
            values = zip(*(_values(f, group) for f in fields), _values(meta.primary_key, group), strict=True)
            db.cursor().executemany(f'UPDATE "{meta.table_name}" SET {sets} WHERE "{meta.primary_key.column_name}" = '
                                    f'{db.obj.param}', list(values))


_pausing = threading.Lock()
_paused = {"count": 0, "resume": False}


@contextmanager
def collection_paused() -> Iterator[None]:
    """Python's cycle collector held off while a roster is read, planned and written.

    Such work makes ~100,000 objects that live until it ends, which sets off full collections; with the app's own
    objects around (a running Textual app holds ~170,000) each took 130–290 ms, more than the import's writing.
    The rows are freed by reference counting when the work ends, so what is skipped is never owed. Process-wide:
    the last of overlapping pauses turns collection back on, and only if it was on before the first.
    """
    with _pausing:
        if _paused["count"] == 0:
            _paused["resume"] = gc.isenabled()
            gc.disable()
        _paused["count"] += 1
    try:
        yield
    finally:
        with _pausing:
            _paused["count"] -= 1
            if _paused["count"] == 0 and _paused["resume"]:
                gc.enable()
