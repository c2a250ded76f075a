"""Quarterly ledger submissions to the civil-affairs bureau: a frozen copy of the model as it was added."""
import datetime as dt

import peewee as pw
from peewee import DateField, DateTimeField


def now():
    return dt.datetime.now().replace(microsecond=0)


def up(migrator, db):
    class BaseModel(pw.Model):

        class Meta:
            database = db
            legacy_table_names = False

    # Only the tables' names and keys matter to the foreign keys below; the tables exist already.
    class School(BaseModel):
        pass

    class Staff(BaseModel):
        pass

    class QuarterlySubmission(BaseModel):
        school = pw.ForeignKeyField(School, on_delete="CASCADE")
        quarter = pw.CharField()
        submitted_on = DateField()
        submitted_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
        snapshot = pw.TextField(default="{}")
        created_at = DateTimeField(default=now)

        class Meta:
            indexes = ((("school", "quarter"), False),)

    db.create_tables([QuarterlySubmission])
