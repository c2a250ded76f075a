"""The models' base: every model binds to the one database proxy (store.database.db), snake_case table names."""
from __future__ import annotations

import datetime as dt

import peewee as pw

from schoolcare.store.database import db


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class BaseModel(pw.Model):
    class Meta:
        database = db
        legacy_table_names = False
