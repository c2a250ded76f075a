"""Logging family calls (亲情电话) and teacher talks (谈心): one at a time, a week's calls at once, corrections, the timeline.

Home visits live in visits, activities in activities, follow-ups in followups;
withdrawal with a reason is records.withdraw for all of them.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

from schoolcare.domain import clock
from schoolcare.domain.care import (
    CHANNELS,
    WITH_WHOM,
    CallDraft,
    CallRow,
    CareEntry,
    RosterPick,
    TalkDraft,
    TalkRow,
)
from schoolcare.domain.compliance import Status
from schoolcare.domain.roles import Actor, Permission
from schoolcare.domain.settings import Settings
from schoolcare.services import audit
from schoolcare.services.access import pupil_scope, require, require_pupil_write
from schoolcare.services.care import followups
from schoolcare.services.care import records as rec
from schoolcare.services.errors import NotFound, ValidationError
from schoolcare.services.tx import writing
from schoolcare.store.models import FamilyCall, HomeVisit, Pupil, TeacherTalk

WHO_WORDS = {
    "father": ("父亲", "爸爸", "父"), "mother": ("母亲", "妈妈", "母"), "parents": ("父母", "双亲"),
    "guardian": ("监护人", "祖父母", "爷爷", "奶奶", "外公", "外婆"), "other": ("其他", "其它"),
}
CHANNEL_WORDS = {"phone": ("电话", "tel"), "video": ("视频", "微信视频", "video call")}


# ---------------------------------------------------------------- family calls

def _call_fields(draft: CallDraft) -> dict:
    return {
        "date": rec.day(draft.date),
        "time": rec.time_of_day(draft.time),
        "channel": rec.choice(draft.channel, "channel", CHANNELS, CHANNEL_WORDS, default="phone"),
        "with_whom": rec.choice(draft.with_whom, "with_whom", WITH_WHOM, WHO_WORDS, default="") if draft.with_whom else "",
        "duration_min": rec.whole_number(draft.duration_min, "duration_min", low=0, high=600),
        "connected": bool(draft.connected),
        "teacher_line": bool(draft.teacher_line),
        "notes": rec.free_text(draft.notes, "notes"),
    }


def _call_row(c, pupil_name: str, recorder: str) -> CallRow:
    return CallRow(c.id, c.pupil_id, pupil_name, c.date, c.time, c.channel, c.with_whom, c.duration_min,
                   bool(c.connected), bool(c.teacher_line), c.notes, recorder, bool(c.withdrawn), c.withdrawn_reason)


def log_call(actor: Actor, draft: CallDraft, *, backdate_days: int | None = None) -> CallRow:
    """Record one call (a failed attempt too: it is kept and does not count).

    Not before the pupil's enrolment; dated more than `backdate_days` ago (settings.backdate_days, passed by
    every form) only with the draft's backdate_reason, which the audit keeps (records.late_entry).
    """
    pupil = require_pupil_write(actor, draft.pupil_id)
    fields = _call_fields(draft)
    rec.not_before_enrolment(fields["date"], pupil.enrolled_on)
    late = rec.late_entry(fields["date"], draft.backdate_reason, backdate_days)
    with writing():
        created = FamilyCall.create(school=actor.school_id, pupil=pupil.id, recorded_by=actor.staff_id, **fields)
        audit.record(actor, "create", "family_call", created.id, pupil_id=pupil.id,
                     changes=rec.with_late_reason(fields, late))
    return _call_row(created, pupil.name, actor.name)


def log_calls(actor: Actor, pupil_ids: list[int] | tuple[int, ...], *, date=None, channel: str = "phone",
              with_whom: str = "", time: str = "", connected: bool = True, backdate_reason: str = "",
              backdate_days: int | None = None) -> list[int]:
    """This week's calls for many pupils at once, all or none, each audited like a single call."""
    require(actor, Permission.LOG_CARE)
    wanted = list(dict.fromkeys(pupil_ids))
    if not wanted:
        raise ValidationError("care.no_pupils", "pupils")
    fields = _call_fields(CallDraft(0, date or clock.today(), time, channel, with_whom, None, connected))
    found = {p.id: p for p in Pupil.select(Pupil.id, Pupil.name, Pupil.enrolled_on)
             .where(pupil_scope(actor) & Pupil.id.in_(wanted))}
    missing = [pid for pid in wanted if pid not in found]
    if missing:
        raise ValidationError("care.pupil_out_of_reach", "pupils", id=missing[0])
    for pupil_id in wanted:
        rec.not_before_enrolment(fields["date"], found[pupil_id].enrolled_on, name=found[pupil_id].name)
    audited = rec.with_late_reason(fields, rec.late_entry(fields["date"], backdate_reason, backdate_days))
    created = []
    with writing():
        for pupil_id in wanted:
            call = FamilyCall.create(school=actor.school_id, pupil=pupil_id, recorded_by=actor.staff_id, **fields)
            audit.record(actor, "create", "family_call", call.id, pupil_id=pupil_id, changes=audited)
            created.append(call.id)
    return created


def batch_call_picks(actor: Actor, settings: Settings, *, as_of: dt.date | None = None) -> list[RosterPick]:
    """The pupils a teacher calls for each week, those still owing this week's call ticked to begin with."""
    from schoolcare.services.care import rules

    rule = next((r for r in settings.rules if r.record == "family_call" and r.subject == "pupil"), None)
    if rule is None:
        return []
    found = rules.statuses(actor, settings, rule.id, as_of=as_of)
    return [
        RosterPick(s.subject_id, s.name, s.student_no, s.class_name, True,
                   preselected=s.status in (Status.DUE, Status.OVERDUE),
                   note=s.status.value)
        for s in found if not s.gone
    ]


def edit_call(actor: Actor, call_id: int, *, reason: str = "", **changes) -> CallRow:
    """Correct a call, with the reason (required); the audit keeps the old values and the reason."""
    record = rec.editable(actor, "family_call", call_id)
    known = {f.name for f in dataclasses.fields(CallDraft)} - {"pupil_id", "backdate_reason"}
    before = rec.current_values(record, changes, known, "family_call")
    rec.correction_reason(reason)
    after = _call_fields(CallDraft(record.pupil_id, **{**before, **changes}))
    _moved_before_enrolment(record, after["date"])
    with writing():
        rec.update(actor, "family_call", record, before, after, reason)
    return get_call(actor, call_id)


def _moved_before_enrolment(record, day: dt.date) -> None:
    """A correction may not move a record to before the pupil's enrolment (an old record left alone may be)."""
    if day != record.date:
        rec.not_before_enrolment(day, Pupil.get_by_id(record.pupil_id).enrolled_on)


def _calls_query(actor: Actor):
    return rec.scoped(actor, FamilyCall, FamilyCall.recorded_by, "recorder")


def get_call(actor: Actor, call_id: int) -> CallRow:
    found = _calls_query(actor).where(FamilyCall.id == call_id).objects().first()
    if found is None:
        raise NotFound("care.call_not_found", id=call_id)
    return _call_row(found, found.pupil_name, found.recorder or "")


def calls(actor: Actor, *, pupil_id: int | None = None, start: dt.date | None = None, end: dt.date | None = None,
          limit: int = 500) -> list[CallRow]:
    query = rec.within(_calls_query(actor), FamilyCall, pupil_id=pupil_id, start=start, end=end)
    query = query.order_by(FamilyCall.date.desc(), FamilyCall.id.desc()).limit(limit).objects()
    return [_call_row(c, c.pupil_name, c.recorder or "") for c in query]


# ---------------------------------------------------------------- teacher talks

def _talk_fields(actor: Actor, draft: TalkDraft) -> dict:
    fields = {
        "date": rec.day(draft.date),
        "topic": rec.line(draft.topic, "topic", needed=True),
        "notes": rec.free_text(draft.notes, "notes"),
        "concern": bool(draft.concern),
        "follow_up": rec.free_text(draft.follow_up, "follow_up"),
        "teacher": rec.staff_of_school(actor, draft.teacher_id, "teacher"),
    }
    if fields["concern"] and not fields["follow_up"]:
        raise ValidationError("care.concern", "follow_up")
    return fields


def log_talk(actor: Actor, draft: TalkDraft, *, backdate_days: int | None = None) -> TalkRow:
    """Record a talk; a concern raised opens a follow-up owned by the teacher, tracked until done.
    Dates are checked as for a call (log_call)."""
    pupil = require_pupil_write(actor, draft.pupil_id)
    fields = _talk_fields(actor, draft)
    rec.not_before_enrolment(fields["date"], pupil.enrolled_on)
    due = rec.optional_day(draft.follow_up_due, "follow_up_due")
    late = rec.late_entry(fields["date"], draft.backdate_reason, backdate_days)
    with writing():
        talk = TeacherTalk.create(school=actor.school_id, pupil=pupil.id, recorded_by=actor.staff_id, **fields)
        audit.record(actor, "create", "teacher_talk", talk.id, pupil_id=pupil.id,
                     changes=rec.with_late_reason(fields, late))
        if fields["concern"]:
            followups.create(actor, pupil.id, {"action": fields["follow_up"], "owner": fields["teacher"],
                                                    "due": due}, teacher_talk_id=talk.id)
    return get_talk(actor, talk.id)


def edit_talk(actor: Actor, talk_id: int, *, reason: str = "", **changes) -> TalkRow:
    """Correct a talk, with the reason (required); the audit keeps the old values and the reason."""
    record = rec.editable(actor, "teacher_talk", talk_id)
    known = {"date", "topic", "notes", "concern", "follow_up"}
    current = rec.current_values(record, changes, known, "teacher_talk")
    rec.correction_reason(reason)
    before = current | {"teacher": record.teacher_id}
    after = _talk_fields(actor, TalkDraft(record.pupil_id, teacher_id=record.teacher_id, **{**current, **changes}))
    _moved_before_enrolment(record, after["date"])
    with writing():
        rec.update(actor, "teacher_talk", record, before, after, reason)
    return get_talk(actor, talk_id)


def _talks_query(actor: Actor):
    return rec.scoped(actor, TeacherTalk, TeacherTalk.teacher, "teacher_name")


def _talk_row(t) -> TalkRow:
    return TalkRow(t.id, t.pupil_id, t.pupil_name, t.teacher_id, t.teacher_name, t.date, t.topic, t.notes,
                   bool(t.concern), t.follow_up, bool(t.withdrawn), t.withdrawn_reason)


def get_talk(actor: Actor, talk_id: int) -> TalkRow:
    found = _talks_query(actor).where(TeacherTalk.id == talk_id).objects().first()
    if found is None:
        raise NotFound("care.talk_not_found", id=talk_id)
    return _talk_row(found)


def talks(actor: Actor, *, pupil_id: int | None = None, start: dt.date | None = None, end: dt.date | None = None,
          limit: int = 500) -> list[TalkRow]:
    query = rec.within(_talks_query(actor), TeacherTalk, pupil_id=pupil_id, start=start, end=end)
    return [_talk_row(t) for t in query.order_by(TeacherTalk.date.desc(), TeacherTalk.id.desc()).limit(limit).objects()]


# ---------------------------------------------------------------- the timeline

def timeline(actor: Actor, *, pupil_id: int | None = None, start: dt.date | None = None,
             end: dt.date | None = None, limit: int = 300) -> list[CareEntry]:
    """Calls, talks and home visits within reach, newest first (three queries, merged)."""
    entries = [
        CareEntry("family_call", c.id, c.pupil_id, c.pupil_name, c.date,
                  " ".join(x for x in (c.time, c.notes) if x), c.recorded_by,
                  c.withdrawn, c.connected and not c.teacher_line and not c.withdrawn,
                  {"connected": c.connected, "channel": c.channel, "with_whom": c.with_whom,
                   "teacher_line": c.teacher_line, "reason": c.withdrawn_reason})
        for c in calls(actor, pupil_id=pupil_id, start=start, end=end, limit=limit)
    ]
    entries += [
        CareEntry("teacher_talk", t.id, t.pupil_id, t.pupil_name, t.date, t.topic + (f" — {t.notes}" if t.notes else ""),
                  t.teacher_name, t.withdrawn, not t.withdrawn,
                  {"concern": t.concern, "follow_up": t.follow_up, "reason": t.withdrawn_reason})
        for t in talks(actor, pupil_id=pupil_id, start=start, end=end, limit=limit)
    ]
    visits = (
        HomeVisit.select(HomeVisit, Pupil.name.alias("pupil_name"))
        .join(Pupil, on=(HomeVisit.pupil == Pupil.id))
        .where((HomeVisit.school == actor.school_id) & pupil_scope(actor))
        .order_by(HomeVisit.date.desc()).limit(limit)
    )
    visits = rec.within(visits, HomeVisit, pupil_id=pupil_id, start=start, end=end)
    entries += [
        CareEntry("home_visit", v.id, v.pupil_id, v.pupil_name, v.date, v.met_whom or v.visitors, v.visitors,
                  bool(v.withdrawn), not v.withdrawn, {"reason": v.withdrawn_reason})
        for v in visits.objects()
    ]
    entries.sort(key=lambda e: (e.date, e.id), reverse=True)
    return entries[:limit]
