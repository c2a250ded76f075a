"""Daily absences and dropout cases (控辍保学, R8): the register per class and day, absences, cases and persuasion
attempts."""
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

    class SchoolClass(BaseModel):
        pass

    class Pupil(BaseModel):
        pass

    class AttendanceDay(BaseModel):
        school = pw.ForeignKeyField(School, on_delete="CASCADE")
        school_class = pw.ForeignKeyField(SchoolClass, backref="+", on_delete="CASCADE")
        date = DateField()
        recorded_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
        recorded_at = DateTimeField(default=now)

        class Meta:
            indexes = ((("school_class", "date"), True), (("school", "date"), False))

    class Absence(BaseModel):
        school = pw.ForeignKeyField(School, on_delete="CASCADE")
        pupil = pw.ForeignKeyField(Pupil, backref="+", on_delete="CASCADE")
        school_class = pw.ForeignKeyField(SchoolClass, null=True, backref="+", on_delete="SET NULL")
        date = DateField()
        kind = pw.CharField()
        note = pw.TextField(default="")
        recorded_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
        created_at = DateTimeField(default=now)

        class Meta:
            indexes = ((("pupil", "date"), True), (("school", "date"), False))

    class DropoutCase(BaseModel):
        school = pw.ForeignKeyField(School, on_delete="CASCADE")
        pupil = pw.ForeignKeyField(Pupil, backref="+", on_delete="CASCADE")
        school_class = pw.ForeignKeyField(SchoolClass, null=True, backref="+", on_delete="SET NULL")
        care_teacher = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
        trigger = pw.CharField()
        opened_on = DateField()
        reason = pw.TextField(default="")
        registered_on = DateField(null=True)
        registered_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
        report_sent_on = DateField(null=True)
        report_sent_to = pw.CharField(default="")
        report_sent_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
        request = pw.TextField(default="")
        outcome = pw.CharField(null=True)
        outcome_note = pw.TextField(default="")
        closed_on = DateField(null=True)
        created_at = DateTimeField(default=now)

        class Meta:
            indexes = ((("school", "closed_on"), False),)

    DropoutCase.add_index(
        DropoutCase.index(DropoutCase.pupil, unique=True, name="dropout_case_one_open")
        .where(DropoutCase.closed_on.is_null())
    )

    class PersuasionAttempt(BaseModel):
        case = pw.ForeignKeyField(DropoutCase, backref="+", on_delete="CASCADE")
        date = DateField()
        by_whom = pw.CharField()
        with_whom = pw.CharField()
        method = pw.CharField()
        outcome = pw.TextField()
        recorded_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
        created_at = DateTimeField(default=now)

    db.create_tables([AttendanceDay, Absence, DropoutCase, PersuasionAttempt])
