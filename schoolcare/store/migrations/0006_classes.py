"""Classes that come and go and their homeroom teachers (班主任) with dated history (R12)."""
import datetime as dt

import peewee as pw
from peewee import DateField, DateTimeField


def now():
    return dt.datetime.now().replace(microsecond=0)


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("school_class", "retired_on", DateField(null=True)),
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

    class SchoolClass(BaseModel):
        pass

    class HomeroomTerm(BaseModel):
        school = pw.ForeignKeyField(School, on_delete="CASCADE")
        school_class = pw.ForeignKeyField(SchoolClass, on_delete="CASCADE", backref="+")
        teacher = pw.ForeignKeyField(Staff, on_delete="CASCADE", backref="+")
        start_on = DateField()
        end_on = DateField(null=True)
        reason = pw.TextField(default="")
        created_at = DateTimeField(default=now)

        class Meta:
            indexes = ((("school_class", "start_on"), False),)

    db.create_tables([HomeroomTerm])
    # Classes that already have a homeroom teacher keep them, from the day the class was first seen.
    db.execute_sql(
        "INSERT INTO homeroom_term (school_id, school_class_id, teacher_id, start_on, reason, created_at) "
        "SELECT c.school_id, c.id, c.homeroom_teacher_id, COALESCE(MIN(p.enrolled_on), DATE('now')), '', "
        "CURRENT_TIMESTAMP FROM school_class c LEFT JOIN pupil p ON p.school_class_id = c.id "
        "WHERE c.homeroom_teacher_id IS NOT NULL GROUP BY c.id, c.school_id, c.homeroom_teacher_id"
        if db.__class__.__name__.lower().startswith(("sqlite", "apsw")) else
        "INSERT INTO homeroom_term (school_id, school_class_id, teacher_id, start_on, reason, created_at) "
        "SELECT c.school_id, c.id, c.homeroom_teacher_id, COALESCE(MIN(p.enrolled_on), CURRENT_DATE), '', "
        "CURRENT_TIMESTAMP FROM school_class c LEFT JOIN pupil p ON p.school_class_id = c.id "
        "WHERE c.homeroom_teacher_id IS NOT NULL GROUP BY c.id, c.school_id, c.homeroom_teacher_id"
    )
