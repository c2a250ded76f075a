"""The peewee models: one set for SQLite and PostgreSQL, every record belonging to a school."""
from __future__ import annotations

import datetime as dt

import peewee as pw
from peewee import BooleanField, DateField, DateTimeField

from schoolcare.store.database import db


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class BaseModel(pw.Model):
    class Meta:
        database = db
        legacy_table_names = False


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


class Room(BaseModel):
    school = pw.ForeignKeyField(School, backref="rooms", on_delete="CASCADE")
    kind = pw.CharField()  # a room kind id from centre.yaml
    name = pw.CharField()
    area_m2 = pw.FloatField(default=0)
    person_in_charge = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")


class RoomEquipment(BaseModel):
    room = pw.ForeignKeyField(Room, backref="equipment", on_delete="CASCADE")
    item = pw.CharField()  # an equipment id from centre.yaml
    count = pw.IntegerField(default=0)
    note = pw.TextField(default="")

    class Meta:
        indexes = ((("room", "item"), True),)


class Inspection(BaseModel):
    """A walk through a checklist: a room's equipment and six haves, or the safety checklist."""

    school = pw.ForeignKeyField(School, on_delete="CASCADE")
    kind = pw.CharField()  # room | safety
    room = pw.ForeignKeyField(Room, null=True, backref="inspections", on_delete="CASCADE")
    started_at = DateTimeField(default=now)
    started_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    signed_at = DateTimeField(null=True)
    signed_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    note = pw.TextField(default="")


class InspectionItem(BaseModel):
    inspection = pw.ForeignKeyField(Inspection, backref="items", on_delete="CASCADE")
    item = pw.CharField()  # template id: equipment, six-haves or safety item
    section = pw.CharField(default="")
    state = pw.CharField(null=True)  # ok | missing | broken | na; NULL while not yet checked
    note = pw.TextField(default="")
    severity = pw.CharField(null=True)  # for a finding: low | medium | high; NULL = the kind's default (0004)

    class Meta:
        indexes = ((("inspection", "item"), True),)


class Hazard(BaseModel):
    """限期整改: a finding to rectify by a deadline; open until a re-check closes it."""

    school = pw.ForeignKeyField(School, on_delete="CASCADE")
    inspection = pw.ForeignKeyField(Inspection, null=True, on_delete="SET NULL", backref="hazards")
    room = pw.ForeignKeyField(Room, null=True, on_delete="SET NULL", backref="hazards")
    item = pw.CharField(default="")
    description = pw.TextField()
    severity = pw.CharField(default="medium")  # low | medium | high
    owner = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    found_on = DateField()
    deadline = DateField()
    closed_on = DateField(null=True)
    closed_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    closing_inspection = pw.ForeignKeyField(Inspection, null=True, on_delete="SET NULL", backref="+")
    note = pw.TextField(default="")
    deadline_reason = pw.TextField(default="")  # why the deadline was last changed (0004)

    class Meta:
        indexes = ((("school", "closed_on", "deadline"), False),)


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


class AuditEntry(BaseModel):
    """Who changed what, when: written in the same transaction as the change."""

    school = pw.ForeignKeyField(School, null=True, on_delete="CASCADE")
    actor = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    at = DateTimeField(default=now)
    action = pw.CharField()  # create | update | delete | withdraw | export | login …
    entity = pw.CharField()
    entity_id = pw.IntegerField(null=True)
    pupil = pw.ForeignKeyField(Pupil, null=True, on_delete="SET NULL", backref="+")
    changes = pw.TextField(default="")  # JSON: {"field": [old, new]}

    class Meta:
        indexes = ((("school", "at"), False),)


class QuarterlySubmission(BaseModel):
    """A quarterly ledger update filed with the civil-affairs bureau (每季度最后月15日之前更新), as it was sent."""

    school = pw.ForeignKeyField(School, on_delete="CASCADE")
    quarter = pw.CharField()  # 2026Q4
    submitted_on = DateField()
    submitted_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    # JSON {pupil_id: {student_no, name, class, status, left_behind, in_difficulty, guardians}}:
    # the next export marks what changed against it.
    snapshot = pw.TextField(default="{}")
    created_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("school", "quarter"), False),)


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


class FailedLogin(BaseModel):
    """Failed logins in a row for one login typed (an account's or not): after five, each next try waits."""

    login = pw.CharField(unique=True)
    failures = pw.IntegerField(default=0)
    last_at = DateTimeField()


MODELS = (
    School, Staff, SchoolClass, HomeroomTerm, Pupil, Guardian, SituationNote, CareAssignment,
    FamilyCall, TeacherTalk, Activity, ActivityAttendance, HomeVisit, FollowUp,
    Room, RoomEquipment, Inspection, InspectionItem, Hazard,
    Incident, IncidentReport, IncidentFollowUp, AuditEntry,
    QuarterlySubmission,
    CounsellingSession,
    FailedLogin,
)


# ---------------------------------------------------------------- attendance and dropout cases (控辍保学, 0008)

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


MODELS += (AttendanceDay, Absence, DropoutCase, PersuasionAttempt)


# ---------------------------------------------------------------- the county (0011)

class CountyReach(BaseModel):
    """A school a county account reads; a county account with no rows here reads every school of the database."""

    staff = pw.ForeignKeyField(Staff, backref="county_reach", on_delete="CASCADE")
    school = pw.ForeignKeyField(School, backref="+", on_delete="CASCADE")

    class Meta:
        indexes = ((("staff", "school"), True),)


class Transfer(BaseModel):
    """A pupil who moved between two schools of the database (转学), found by the national student number: the old
    school's record stays with its history (status transferred), the new school's record carries the file on."""

    national_id = pw.CharField(index=True)
    from_pupil = pw.ForeignKeyField(Pupil, backref="+", on_delete="CASCADE")
    to_pupil = pw.ForeignKeyField(Pupil, backref="+", on_delete="CASCADE")
    from_school = pw.ForeignKeyField(School, backref="+", on_delete="CASCADE")
    to_school = pw.ForeignKeyField(School, backref="+", on_delete="CASCADE")
    moved_on = DateField()
    by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    created_at = DateTimeField(default=now)


class InboxStatus(BaseModel):
    """A county office's handling of a report a school sent it (received → acted on → closed); each change is a
    row, the latest one is the status the school sees."""

    school = pw.ForeignKeyField(School, backref="+", on_delete="CASCADE")
    kind = pw.CharField()  # incident_report (IncidentReport.id) | dropout_report (DropoutCase.id)
    ref_id = pw.IntegerField()
    status = pw.CharField()  # received | acted_on | closed
    note = pw.TextField(default="")
    by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    at = DateTimeField(default=now)

    class Meta:
        indexes = ((("kind", "ref_id", "at"), False), (("school", "kind"), False))


MODELS += (CountyReach, Transfer, InboxStatus)
