"""Child protection's models: incidents and mandatory reports, counselling, attendance and dropout cases."""
from __future__ import annotations

import peewee as pw
from peewee import DateField, DateTimeField

from schoolcare.store.models.base import BaseModel, now
from schoolcare.store.models.care import CareRecord
from schoolcare.store.models.registry import Pupil, School, SchoolClass, Staff


class Incident(BaseModel):
    """An incident about a pupil that may need a mandatory report (强制报告)."""

    school = pw.ForeignKeyField(School, on_delete="CASCADE")
    pupil = pw.ForeignKeyField(Pupil, backref="incidents", on_delete="CASCADE")
    kind = pw.CharField()  # an incident kind id from incidents.yaml
    occurred_at = DateTimeField()  # when it was found: the mandatory-report clock starts here
    description = pw.TextField(default="")  # what was seen
    status = pw.CharField(default="open")  # open | closed
    recorded_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    created_at = DateTimeField(default=now)
    closed_on = DateField(null=True)
    place = pw.TextField(default="")
    found_by = pw.CharField(default="")  # a name: a villager or a parent may find it, not only staff
    immediate_action = pw.TextField(default="")
    report_due_at = DateTimeField(null=True)  # fixed when recorded; NULL: no mandatory report for the kind
    outcome = pw.TextField(default="")  # needed to close; a reopening keeps it (and the audit keeps each one)
    closed_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    reopened = pw.IntegerField(default=0)  # how many times it was reopened

    class Meta:
        indexes = ((("school", "status"), False),)


class IncidentReport(BaseModel):
    incident = pw.ForeignKeyField(Incident, backref="reports", on_delete="CASCADE")
    reported_at = DateTimeField()
    to_whom = pw.CharField()  # police | township | education_bureau | civil_affairs | other
    by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    note = pw.TextField(default="")
    method = pw.CharField(default="")  # phone | in_person | written | online
    receipt = pw.CharField(default="")  # the receipt or case number the office gave


class IncidentFollowUp(BaseModel):
    incident = pw.ForeignKeyField(Incident, backref="follow_ups", on_delete="CASCADE")
    date = DateField()
    stage = pw.CharField(default="")  # for dropouts: registration | persuasion | written_report
    action = pw.TextField()
    by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    kind = pw.CharField(default="")  # emergency | assessment | guardianship | medical | psychological | … | reopened
    owner = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    due_on = DateField(null=True)
    done_on = DateField(null=True)
    done_note = pw.TextField(default="")


class CounsellingSession(CareRecord):
    """心理咨询: a session in the counselling room; notes and referral are restricted (services/protection/counselling)."""

    pupil = pw.ForeignKeyField(Pupil, backref="counselling_sessions", on_delete="CASCADE")
    counsellor = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    date = DateField()
    topic = pw.CharField()  # a topic id from incidents.yaml counselling_topics
    notes = pw.TextField(default="")
    referral = pw.CharField(default="none")  # none | agency | hospital | other
    referral_note = pw.TextField(default="")
    follow_up_on = DateField(null=True)

    class Meta:
        indexes = ((("pupil", "date"), False), (("school", "date"), False))


class AttendanceDay(BaseModel):
    """A class's register taken for a day: kept even when everyone came, so "all present" differs from "not taken"."""

    school = pw.ForeignKeyField(School, on_delete="CASCADE")
    school_class = pw.ForeignKeyField(SchoolClass, backref="+", on_delete="CASCADE")
    date = DateField()
    recorded_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    recorded_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("school_class", "date"), True), (("school", "date"), False))


class Absence(BaseModel):
    """A pupil away on one school day: excused (事假 personal, 病假 sick) or unexcused (无故旷课); no row means present."""

    school = pw.ForeignKeyField(School, on_delete="CASCADE")
    pupil = pw.ForeignKeyField(Pupil, backref="absences", on_delete="CASCADE")
    school_class = pw.ForeignKeyField(SchoolClass, null=True, backref="+", on_delete="SET NULL")  # the class then
    date = DateField()
    kind = pw.CharField()  # personal | sick | unexcused
    note = pw.TextField(default="")
    recorded_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    created_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("pupil", "date"), True), (("school", "date"), False))


class DropoutCase(BaseModel):
    """A dropout case (辍学个案): registration → persuasion to return → written report → back, transferred or closed."""

    school = pw.ForeignKeyField(School, on_delete="CASCADE")
    pupil = pw.ForeignKeyField(Pupil, backref="dropout_cases", on_delete="CASCADE")
    school_class = pw.ForeignKeyField(SchoolClass, null=True, backref="+", on_delete="SET NULL")
    care_teacher = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")  # when it opened
    trigger = pw.CharField()  # unexcused_absence | status
    opened_on = DateField()
    reason = pw.TextField(default="")  # why the pupil is out of school, as registered
    registered_on = DateField(null=True)
    registered_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    report_sent_on = DateField(null=True)
    report_sent_to = pw.CharField(default="")  # education_bureau,township
    report_sent_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    request = pw.TextField(default="")  # the school's request in the written report
    outcome = pw.CharField(null=True)  # returned | transferred | closed; NULL while open
    outcome_note = pw.TextField(default="")
    closed_on = DateField(null=True)
    created_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("school", "closed_on"), False),)


# At most one open dropout case per pupil.
DropoutCase.add_index(
    DropoutCase.index(DropoutCase.pupil, unique=True, name="dropout_case_one_open").where(DropoutCase.closed_on.is_null())
)


class PersuasionAttempt(BaseModel):
    """One attempt to persuade a pupil's family to send them back (劝返): when, who, with whom, how, outcome."""

    case = pw.ForeignKeyField(DropoutCase, backref="attempts", on_delete="CASCADE")
    date = DateField()
    by_whom = pw.CharField()  # the staff who went, as written
    with_whom = pw.CharField()  # the pupil, guardians … met
    method = pw.CharField()  # home_visit | phone | meeting | other
    outcome = pw.TextField()
    recorded_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    created_at = DateTimeField(default=now)
