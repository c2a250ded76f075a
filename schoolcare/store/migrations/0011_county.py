"""The county (R14): county accounts that belong to no school and the schools they read, the national student
number (全国学籍号) and transfers between schools, and the county's handling of the reports sent to it."""
import datetime as dt

import peewee as pw
from peewee import DateField, DateTimeField


def now():
    return dt.datetime.now().replace(microsecond=0)


def up(migrator, db):
    migrator.migrate(
        migrator.drop_not_null("staff", "school_id"),
        migrator.add_column("staff", "office", pw.CharField(default="")),
        migrator.add_column("pupil", "national_id", pw.CharField(default="")),
        migrator.add_index("pupil", ("national_id",), False),
    )

    class BaseModel(pw.Model):
        class Meta:
            database = db
            legacy_table_names = False

    # Only the tables' names and keys matter to the foreign keys below; the tables exist already.
    class School(BaseModel):
        pass

    class Staff(BaseModel):
        pass

    class Pupil(BaseModel):
        pass

    class CountyReach(BaseModel):
        staff = pw.ForeignKeyField(Staff, backref="+", on_delete="CASCADE")
        school = pw.ForeignKeyField(School, backref="+", on_delete="CASCADE")

        class Meta:
            indexes = ((("staff", "school"), True),)

    class Transfer(BaseModel):
        national_id = pw.CharField(index=True)
        from_pupil = pw.ForeignKeyField(Pupil, backref="+", on_delete="CASCADE")
        to_pupil = pw.ForeignKeyField(Pupil, backref="+", on_delete="CASCADE")
        from_school = pw.ForeignKeyField(School, backref="+", on_delete="CASCADE")
        to_school = pw.ForeignKeyField(School, backref="+", on_delete="CASCADE")
        moved_on = DateField()
        by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
        created_at = DateTimeField(default=now)

    class InboxStatus(BaseModel):
        school = pw.ForeignKeyField(School, backref="+", on_delete="CASCADE")
        kind = pw.CharField()
        ref_id = pw.IntegerField()
        status = pw.CharField()
        note = pw.TextField(default="")
        by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
        at = DateTimeField(default=now)

        class Meta:
            indexes = ((("kind", "ref_id", "at"), False), (("school", "kind"), False))

    db.create_tables([CountyReach, Transfer, InboxStatus])
    # One enrolled holder of a national student number in the whole database (the column is new: none clash yet).
    db.execute_sql("CREATE UNIQUE INDEX pupil_national_id_enrolled ON pupil (national_id) "
                   "WHERE status = 'enrolled' AND national_id != ''")
