"""Class meetings, team activities and the school's themed care activities, with the pupils who took part."""
from __future__ import annotations

import datetime as dt

import peewee as pw

from schoolcare.domain.care import ACTIVITY_KINDS, ACTIVITY_SCOPES, ActivityDraft, ActivityRow, RosterPick
from schoolcare.domain.roles import Actor, Permission
from schoolcare.services import audit
from schoolcare.services.access import class_in_reach, pupil_scope, require
from schoolcare.services.care import records as rec
from schoolcare.services.errors import NotFound, PermissionDenied, ValidationError
from schoolcare.services.tx import writing
from schoolcare.store.models import Activity, ActivityAttendance, Pupil, SchoolClass, Staff

ENROLLED = "enrolled"
KIND_WORDS = {"class_meeting": ("班会", "主题班会"), "team_activity": ("团队活动", "队会", "团日"),
              "themed_care": ("主题关爱活动", "关爱活动"), "other": ("其他",)}


def _roster_query(actor: Actor, scope: str, class_id: int | None):
    query = Pupil.select(Pupil.id, Pupil.name, Pupil.student_no, Pupil.left_behind, SchoolClass.name.alias("class_name")) \
        .join(SchoolClass, pw.JOIN.LEFT_OUTER, on=(Pupil.school_class == SchoolClass.id)) \
        .where(pupil_scope(actor) & (Pupil.status == ENROLLED))
    if scope == "class":
        if class_id is None:
            raise ValidationError("care.class_needed", "class")
        class_in_reach(actor, class_id)
        query = query.where(Pupil.school_class == class_id)
    return query.order_by(SchoolClass.grade, SchoolClass.number, Pupil.student_no)


def roster(actor: Actor, scope: str, class_id: int | None = None) -> list[RosterPick]:
    """Who may be ticked as taking part: the class (or the school), left-behind pupils ticked to begin with."""
    require(actor, Permission.LOG_CARE)
    scope = rec.choice(scope, "scope", ACTIVITY_SCOPES)
    return [
        RosterPick(p.id, p.name, p.student_no, p.class_name or "", bool(p.left_behind), bool(p.left_behind))
        for p in _roster_query(actor, scope, class_id).objects()
    ]


def _fields(actor: Actor, draft: ActivityDraft) -> dict:
    scope = rec.choice(draft.scope, "scope", ACTIVITY_SCOPES)
    if scope == "school" and not actor.can(Permission.VIEW_ALL_PUPILS):
        raise PermissionDenied("care.school_activity")
    class_id = None
    if scope == "class":
        if not draft.class_id:
            raise ValidationError("care.class_needed", "class")
        class_id = class_in_reach(actor, draft.class_id).id
    return {
        "scope": scope,
        "school_class": class_id,
        "kind": rec.choice(draft.kind, "kind", ACTIVITY_KINDS, KIND_WORDS),
        "date": rec.day(draft.date),
        "title": rec.line(draft.title, "title", needed=True),
        "summary": rec.free_text(draft.summary, "summary"),
        "organiser": rec.staff_of_school(actor, draft.organiser_id, "organiser"),
    }


def _attendees(actor: Actor, fields: dict, pupil_ids, already=()) -> list[int]:
    """The pupils who took part: in reach, in the class, and here on the day (not before their enrolment;
    `already` listed pupils of an activity whose date stays are not checked again)."""
    wanted = list(dict.fromkeys(pupil_ids))
    allowed = {p.id: p for p in _roster_query(actor, fields["scope"], fields["school_class"])
               .select_extend(Pupil.enrolled_on)}
    stray = [pid for pid in wanted if pid not in allowed]
    if stray:
        if fields["scope"] == "class":
            raise ValidationError("care.pupil_not_in_class", "pupils", id=stray[0])
        raise ValidationError("care.pupil_out_of_reach", "pupils", id=stray[0])
    for pid in (p for p in wanted if p not in already):
        rec.not_before_enrolment(fields["date"], allowed[pid].enrolled_on, name=allowed[pid].name)
    return wanted


def log_activity(actor: Actor, draft: ActivityDraft, *, backdate_days: int | None = None) -> ActivityRow:
    """Record an activity and who took part; a record of long ago needs the draft's backdate_reason."""
    require(actor, Permission.LOG_CARE)
    fields = _fields(actor, draft)
    pupils = _attendees(actor, fields, draft.pupil_ids)
    late = rec.late_entry(fields["date"], draft.backdate_reason, backdate_days)
    with writing():
        activity = Activity.create(school=actor.school_id, recorded_by=actor.staff_id, **fields)
        if pupils:
            ActivityAttendance.insert_many([(activity.id, pid) for pid in pupils],
                                           fields=[ActivityAttendance.activity, ActivityAttendance.pupil]).execute()
        audit.record(actor, "create", "activity", activity.id,
                     changes=rec.with_late_reason({**fields, "pupil_ids": pupils}, late))
    return get_activity(actor, activity.id)


def edit_activity(actor: Actor, activity_id: int, *, pupil_ids: list[int] | None = None, reason: str = "",
                  **changes) -> ActivityRow:
    """Change an activity's details or who took part, with the reason (required); the audit names pupils added
    and removed, and keeps the reason."""
    record = rec.editable(actor, "activity", activity_id)
    current = rec.current_values(record, changes, {"kind", "date", "title", "summary"}, "activity")
    said = rec.correction_reason(reason)
    before = current | {"scope": record.scope, "school_class": record.school_class_id,
                        "organiser": record.organiser_id}
    after = _fields(actor, ActivityDraft(record.scope, record.school_class_id, organiser_id=record.organiser_id,
                                         **{**current, **changes}))
    attended = [a.pupil_id for a in ActivityAttendance.select().where(ActivityAttendance.activity == activity_id)]
    with writing():
        rec.update(actor, "activity", record, before, after, reason)
        if pupil_ids is not None:
            wanted = _attendees(actor, after, pupil_ids, attended if after["date"] == record.date else ())
            added = [p for p in wanted if p not in attended]
            removed = [p for p in attended if p not in wanted]
            if removed:
                ActivityAttendance.delete().where((ActivityAttendance.activity == activity_id)
                                                  & ActivityAttendance.pupil.in_(removed)).execute()
            if added:
                ActivityAttendance.insert_many([(activity_id, p) for p in added],
                                               fields=[ActivityAttendance.activity, ActivityAttendance.pupil]).execute()
            if added or removed:
                audit.record(actor, "update", "activity", activity_id,
                             changes={"pupils_added": added, "pupils_removed": removed, "reason": said})
    return get_activity(actor, activity_id)


def _query(actor: Actor):
    organiser = Staff.alias()
    query = (
        Activity.select(Activity, SchoolClass.name.alias("class_name"), organiser.name.alias("organiser_name"))
        .join(SchoolClass, pw.JOIN.LEFT_OUTER, on=(Activity.school_class == SchoolClass.id))
        .switch(Activity)
        .join(organiser, pw.JOIN.LEFT_OUTER, on=(Activity.organiser == organiser.id))
        .where(Activity.school == actor.school_id)
    )
    if not actor.can(Permission.VIEW_ALL_PUPILS):
        query = query.where((Activity.scope == "school") | (SchoolClass.homeroom_teacher == actor.staff_id))
    return query


def _rows(actor: Actor, found) -> list[ActivityRow]:
    found = list(found)
    who: dict[int, list[int]] = {}
    if found:
        # Attendance limited to pupils within reach: a teacher sees their own among a school activity's pupils.
        query = (ActivityAttendance.select(ActivityAttendance.activity, ActivityAttendance.pupil)
                 .join(Pupil, on=(ActivityAttendance.pupil == Pupil.id))
                 .where(ActivityAttendance.activity.in_([a.id for a in found]) & pupil_scope(actor)))
        for row in query:
            who.setdefault(row.activity_id, []).append(row.pupil_id)
    return [
        ActivityRow(a.id, a.scope, a.school_class_id, a.class_name or "", a.kind, a.date, a.title, a.organiser_id,
                    a.organiser_name or "", a.summary, tuple(who.get(a.id, ())), bool(a.withdrawn), a.withdrawn_reason)
        for a in found
    ]


def get_activity(actor: Actor, activity_id: int) -> ActivityRow:
    found = _rows(actor, _query(actor).where(Activity.id == activity_id).objects())
    if not found:
        raise NotFound("care.activity_not_found", id=activity_id)
    return found[0]


def activities(actor: Actor, *, start: dt.date | None = None, end: dt.date | None = None,
               class_id: int | None = None, limit: int = 500) -> list[ActivityRow]:
    """Activities within reach, newest first: a teacher sees their class's and the school's."""
    query = rec.within(_query(actor), Activity, start=start, end=end)
    if class_id is not None:
        query = query.where(Activity.school_class == class_id)
    return _rows(actor, query.order_by(Activity.date.desc(), Activity.id.desc()).limit(limit).objects())
