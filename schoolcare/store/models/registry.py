"""The registry's models: the school, staff, classes, pupils and their families, care teachers (一人一档)."""
from __future__ import annotations

import peewee as pw
from peewee import BooleanField, DateField, DateTimeField

from schoolcare.store.models.base import BaseModel, now


class School(BaseModel):
    name = pw.CharField()
    code = pw.CharField(null=True, unique=True)  # county's school code
    address = pw.TextField(default="")
    created_at = DateTimeField(default=now)


class Staff(BaseModel):
    """A member of staff; with a login and a role they are a user of schoolcare."""

    # NULL for a county account (教育局 / 民政局 / 乡镇): it belongs to no school and reads those in CountyReach.
    school = pw.ForeignKeyField(School, null=True, backref="staff", on_delete="CASCADE")
    name = pw.CharField()
    login = pw.CharField(unique=True)
    role = pw.CharField()  # coordinator | teacher | principal | county
    password_hash = pw.CharField(default="")
    phone = pw.CharField(default="")
    age = pw.IntegerField(null=True)
    address = pw.TextField(default="")
    post = pw.CharField(default="")  # 班主任 / 科任教师 / 政教主任 …
    office = pw.CharField(default="")  # a county account's office: education_bureau | civil_affairs | township
    active = BooleanField(default=True)
    created_at = DateTimeField(default=now)


class SchoolClass(BaseModel):
    school = pw.ForeignKeyField(School, backref="classes", on_delete="CASCADE")
    grade = pw.IntegerField()
    number = pw.IntegerField()
    name = pw.CharField()  # 三年级(2)班
    # The current homeroom teacher; HomeroomTerm keeps who led the class when.
    homeroom_teacher = pw.ForeignKeyField(Staff, null=True, backref="homerooms", on_delete="SET NULL")
    retired_on = DateField(null=True)  # a class that no longer runs keeps its history

    class Meta:
        indexes = ((("school", "grade", "number"), True),)


class HomeroomTerm(BaseModel):
    """Who led a class (班主任) from when to when, and why it changed."""

    school = pw.ForeignKeyField(School, on_delete="CASCADE")
    school_class = pw.ForeignKeyField(SchoolClass, backref="homeroom_terms", on_delete="CASCADE")
    teacher = pw.ForeignKeyField(Staff, backref="+", on_delete="CASCADE")
    start_on = DateField()
    end_on = DateField(null=True)
    reason = pw.TextField(default="")
    created_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("school_class", "start_on"), False),)


class Pupil(BaseModel):
    school = pw.ForeignKeyField(School, backref="pupils", on_delete="CASCADE")
    student_no = pw.CharField()
    name = pw.CharField()
    name_pinyin = pw.CharField(default="")  # "zhangsan", for search as you type
    name_initials = pw.CharField(default="")  # "zs"
    gender = pw.CharField()  # m | f
    birth_date = DateField()
    school_class = pw.ForeignKeyField(SchoolClass, null=True, backref="pupils", on_delete="SET NULL")
    status = pw.CharField(default="enrolled")  # enrolled | transferred | dropped_out | graduated
    boarding = BooleanField(default=False)
    address = pw.TextField(default="")
    # Derived from the guardians and age (domain.eligibility), stored for queries.
    left_behind = BooleanField(default=False)
    # "parent_returned" when a guardian change ended left-behind status, until the coordinator reviews it.
    left_behind_review = pw.CharField(default="")
    in_difficulty = BooleanField(default=False)
    migrant = BooleanField(default=False)
    poverty = BooleanField(default=False)
    special_needs = pw.TextField(default="")  # disability / 送教上门
    health_notes = pw.TextField(default="")
    peer_helper = pw.CharField(default="")  # 学习小帮手
    caring_parent = pw.CharField(default="")  # 爱心家长
    enrolled_on = DateField(null=True)
    left_on = DateField(null=True)
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)
    # 全国学籍号: follows the pupil between schools (a transfer finds them by it); "" where not yet known.
    national_id = pw.CharField(default="", index=True)

    class Meta:
        indexes = ((("school", "student_no"), True),)


class Guardian(BaseModel):
    pupil = pw.ForeignKeyField(Pupil, backref="guardians", on_delete="CASCADE")
    relation = pw.CharField()  # father | mother | grandfather | grandmother | other …
    name = pw.CharField()
    age = pw.IntegerField(null=True)
    phone = pw.CharField(default="")
    address = pw.TextField(default="")
    work_place = pw.CharField(default="")  # city / province
    occupation = pw.CharField(default="")
    away = BooleanField(default=False)  # working away from home
    capacity = pw.CharField(default="full")  # full | limited | none: guardianship capacity
    day_to_day = BooleanField(default=False)  # the current day-to-day guardian
    entrusted = BooleanField(default=False)  # 委托监护人
    position = pw.IntegerField(default=0)


class SituationNote(BaseModel):
    """A dated note on one aspect of a pupil's situation; new notes supersede, none is overwritten."""

    pupil = pw.ForeignKeyField(Pupil, backref="situation_notes", on_delete="CASCADE")
    aspect = pw.CharField()  # family | guardianship | schooling | psychological
    text = pw.TextField()
    noted_on = DateField()
    author = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("pupil", "aspect", "noted_on"), False),)


class CareAssignment(BaseModel):
    """A care teacher (代理监护人) for a pupil over a span of dates; open-ended while current."""

    school = pw.ForeignKeyField(School, on_delete="CASCADE")
    pupil = pw.ForeignKeyField(Pupil, backref="assignments", on_delete="CASCADE")
    teacher = pw.ForeignKeyField(Staff, backref="care_assignments", on_delete="CASCADE")
    start_on = DateField()
    end_on = DateField(null=True)
    reason = pw.TextField(default="")
    end_reason = pw.TextField(default="")
    created_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")

    class Meta:
        indexes = ((("teacher", "end_on"), False),)


# At most one current care teacher per pupil, enforced by the database itself.
CareAssignment.add_index(
    CareAssignment.index(CareAssignment.pupil, unique=True, name="care_assignment_one_current")
    .where(CareAssignment.end_on.is_null())
)


# A national student number is one enrolled pupil's in the whole database (a transfer leaves the old record first);
# services/registry/national_ids.py says who holds it, this index keeps two simultaneous saves from both passing.
Pupil.add_index(
    Pupil.index(Pupil.national_id, unique=True, name="pupil_national_id_enrolled")
    .where((Pupil.status == "enrolled") & (Pupil.national_id != ""))
)
