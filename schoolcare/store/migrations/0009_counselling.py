"""Counselling sessions (心理咨询室): date, counsellor, pupil, topic, restricted notes and referral (R8)."""
import datetime as dt

import peewee as pw
from peewee import BooleanField, DateField, DateTimeField


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

    class Pupil(BaseModel):
        pass

    class CounsellingSession(BaseModel):
        school = pw.ForeignKeyField(School, on_delete="CASCADE")
        recorded_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
        created_at = DateTimeField(default=now)
        withdrawn = BooleanField(default=False)
        withdrawn_reason = pw.TextField(default="")
        pupil = pw.ForeignKeyField(Pupil, on_delete="CASCADE", backref="+")
        counsellor = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
        date = DateField()
        topic = pw.CharField()
        notes = pw.TextField(default="")
        referral = pw.CharField(default="none")
        referral_note = pw.TextField(default="")
        follow_up_on = DateField(null=True)

        class Meta:
            indexes = ((("pupil", "date"), False), (("school", "date"), False))

    db.create_tables([CounsellingSession])
