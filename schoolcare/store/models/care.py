"""Care records: family calls, teacher talks, activities, home visits and their follow-ups."""
from __future__ import annotations

import peewee as pw
from peewee import BooleanField, DateField, DateTimeField

from schoolcare.store.models.base import BaseModel, now
from schoolcare.store.models.registry import Pupil, School, SchoolClass, Staff


class CareRecord(BaseModel):
    """Fields every care record shares: owned by a school, correctable only by withdrawal with a reason."""

    school = pw.ForeignKeyField(School, on_delete="CASCADE")
    recorded_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    created_at = DateTimeField(default=now)
    withdrawn = BooleanField(default=False)
    withdrawn_reason = pw.TextField(default="")


class FamilyCall(CareRecord):
    """亲情电话: a pupil's call with family, or a parent's call to the teacher line (教师热线)."""

    pupil = pw.ForeignKeyField(Pupil, backref="family_calls", on_delete="CASCADE")
    date = DateField()
    time = pw.CharField(default="")  # HH:MM
    channel = pw.CharField(default="phone")  # phone | video
    with_whom = pw.CharField(default="")  # father | mother | guardian | …
    duration_min = pw.IntegerField(null=True)
    connected = BooleanField(default=True)  # a failed attempt is kept but does not count
    teacher_line = BooleanField(default=False)
    notes = pw.TextField(default="")

    class Meta:
        indexes = ((("pupil", "date"), False), (("school", "date"), False))


class TeacherTalk(CareRecord):
    """谈心: a care teacher's talk with a pupil."""

    pupil = pw.ForeignKeyField(Pupil, backref="teacher_talks", on_delete="CASCADE")
    teacher = pw.ForeignKeyField(Staff, on_delete="CASCADE", backref="+")
    date = DateField()
    topic = pw.CharField(default="")
    notes = pw.TextField(default="")
    concern = BooleanField(default=False)
    follow_up = pw.TextField(default="")

    class Meta:
        indexes = ((("pupil", "date"), False), (("school", "date"), False))


class Activity(CareRecord):
    """A class meeting or team activity (school_class set), or a school themed activity (school-wide)."""

    school_class = pw.ForeignKeyField(SchoolClass, null=True, on_delete="CASCADE", backref="activities")
    scope = pw.CharField()  # class | school
    kind = pw.CharField()  # class_meeting | team_activity | themed_care …
    date = DateField()
    title = pw.CharField()
    organiser = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    summary = pw.TextField(default="")

    class Meta:
        indexes = ((("school", "date"), False), (("school_class", "date"), False))


class ActivityAttendance(BaseModel):
    activity = pw.ForeignKeyField(Activity, backref="attendance", on_delete="CASCADE")
    pupil = pw.ForeignKeyField(Pupil, backref="activities", on_delete="CASCADE")

    class Meta:
        indexes = ((("activity", "pupil"), True), (("pupil",), False))


class HomeVisit(CareRecord):
    """家访: a visit to a pupil's home, with findings and follow-up actions."""

    pupil = pw.ForeignKeyField(Pupil, backref="home_visits", on_delete="CASCADE")
    teacher = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    date = DateField()
    visitors = pw.CharField(default="")
    met_whom = pw.CharField(default="")
    family_findings = pw.TextField(default="")
    guardianship_findings = pw.TextField(default="")
    schooling_findings = pw.TextField(default="")
    pupil_state = pw.TextField(default="")

    class Meta:
        indexes = ((("pupil", "date"), False), (("school", "date"), False))


class FollowUp(BaseModel):
    """An action owed after a home visit or a concerning talk, tracked until done."""

    school = pw.ForeignKeyField(School, on_delete="CASCADE")
    pupil = pw.ForeignKeyField(Pupil, backref="follow_ups", on_delete="CASCADE")
    home_visit = pw.ForeignKeyField(HomeVisit, null=True, backref="follow_ups", on_delete="CASCADE")
    teacher_talk = pw.ForeignKeyField(TeacherTalk, null=True, backref="follow_ups", on_delete="CASCADE")
    action = pw.TextField()
    owner = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    due = DateField(null=True)
    done_on = DateField(null=True)
    outcome = pw.TextField(default="")
