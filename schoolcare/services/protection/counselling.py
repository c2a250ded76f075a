"""Counselling sessions (心理咨询室): recording, correcting and withdrawing one, the scoped list, opening one's
restricted notes (every opening audited), and the pupil file's summary.

Who sees what (R8, R10):
- A session's topic, notes, referral and follow-up are read by its counsellor, the coordinator and the principal
  (Permission.READ_COUNSELLING_NOTES); every opening of the notes writes an audit row ("read").
- Anyone else who reaches the pupil (the care teacher, the homeroom teacher) sees only that a session took
  place: its date and counsellor, whom to ask. Lists never carry notes; only open_session() returns them.
- The coordinator records a session for any pupil and may name another member of staff as its counsellor;
  a teacher records their own sessions, for pupils in their reach, or, when their post is the school's
  counsellor (心理辅导老师, domain.counselling.COUNSELLOR_POST), for any pupil of the school.
- A session is corrected or withdrawn by its counsellor or the coordinator, each change audited.
"""
from __future__ import annotations

import datetime as dt

import peewee as pw

from schoolcare.domain import validation
from schoolcare.domain.counselling import (
    COUNSELLOR_POST,
    REFERRALS,
    CounsellingSummary,
    SessionDetail,
    SessionDraft,
    SessionRow,
)
from schoolcare.domain.roles import Actor, Permission
from schoolcare.domain.settings import Settings
from schoolcare.services import audit
from schoolcare.services.access import active_colleague, check_actor, pupil_scope, require
from schoolcare.services.care import records as rec
from schoolcare.services.errors import NotFound, PermissionDenied, ValidationError, visible
from schoolcare.services.tx import writing
from schoolcare.store.models import CounsellingSession, Pupil, SchoolClass, Staff

ENTITY = "counselling_session"
REFERRAL_WORDS = {
    "none": ("无", "没有", "不转介", "否"),
    "agency": ("校外心理机构", "心理机构", "校外机构"),
    "hospital": ("医院",),
    "other": ("其他", "其它"),
}
# What a correction may change; the pupil and the counsellor stay (withdraw and record anew instead).
CORRECTABLE = ("date", "topic", "notes", "referral", "referral_note", "follow_up_on")


def reads_all_notes(actor: Actor) -> bool:
    return actor.can(Permission.READ_COUNSELLING_NOTES)


def is_counsellor(actor: Actor) -> bool:
    """A teacher whose post is the school's counsellor (心理辅导老师): may counsel any pupil of the school."""
    return actor.is_teacher and Staff.select().where(
        (Staff.id == actor.staff_id) & (Staff.post == COUNSELLOR_POST)).exists()


def _may_read(actor: Actor, counsellor_id: int | None) -> bool:
    return reads_all_notes(actor) or (counsellor_id is not None and counsellor_id == actor.staff_id)


# ---------------------------------------------------------------- checking what was typed

def _topic(settings: Settings, value) -> str:
    found = validation.normalise_text(visible(value, "topic"))
    for topic in settings.counselling_topics:
        if found in (topic.id, topic.name.zh, topic.name.en) or found.lower() == topic.name.en.lower():
            return topic.id
    if not found:
        raise ValidationError("required", "topic")
    raise ValidationError("choice", "topic", value=found,
                          allowed=" / ".join(topic.name.zh for topic in settings.counselling_topics))


def _fields(settings: Settings, draft: SessionDraft) -> dict:
    fields = {
        "date": rec.day(draft.date),
        "topic": _topic(settings, draft.topic),
        "notes": rec.free_text(draft.notes, "notes"),
        "referral": rec.choice(draft.referral, "referral", REFERRALS, REFERRAL_WORDS, default="none"),
        "referral_note": rec.free_text(draft.referral_note, "referral_note", limit=rec.MAX_LINE * 5),
        "follow_up_on": rec.optional_day(draft.follow_up_on, "follow_up_on"),
    }
    if fields["referral"] != "none" and not fields["referral_note"]:
        raise ValidationError("protection.referral_needs_note", "referral_note")
    if fields["follow_up_on"] is not None and fields["follow_up_on"] < fields["date"]:
        raise ValidationError("protection.follow_up_before_session", "follow_up_on",
                              date=fields["date"].isoformat())
    return fields


def _pupil_to_counsel(actor: Actor, pupil_id: int) -> Pupil:
    """The pupil, if the actor may record a session for them (out of reach looks absent: NotFound)."""
    require(actor, Permission.LOG_CARE)
    where = (Pupil.id == pupil_id) & (Pupil.school == actor.school_id)
    if not is_counsellor(actor):
        where &= pupil_scope(actor)
    pupil = Pupil.get_or_none(where)
    if pupil is None:
        raise NotFound("registry.pupil_not_found", "pupil", id=pupil_id)
    return pupil


def _counsellor(actor: Actor, counsellor_id: int | None) -> Staff:
    if counsellor_id is None or counsellor_id == actor.staff_id:
        return Staff.get_by_id(actor.staff_id)
    if not actor.can(Permission.CORRECT_ANY_RECORD):  # only the coordinator records on another's behalf
        raise ValidationError("protection.counsellor_is_you", "counsellor")
    return active_colleague(actor, counsellor_id, "counsellor")


def find_pupil(actor: Actor, text: str) -> tuple[int, str]:
    """The pupil a counsellor means by a student number or a full name (id, name), among those they may counsel."""
    require(actor, Permission.LOG_CARE)
    typed = validation.normalise_text(visible(text, "pupil"))
    if not typed:
        raise ValidationError("required", "pupil")
    where = (Pupil.school == actor.school_id) & (Pupil.status == "enrolled")
    if not is_counsellor(actor):
        where &= pupil_scope(actor)
    found = list(Pupil.select(Pupil.id, Pupil.name).where(where & (Pupil.student_no == typed.replace(" ", "")))
                 .tuples())
    if not found:
        found = list(Pupil.select(Pupil.id, Pupil.name).where(where & (Pupil.name == typed)).limit(2).tuples())
    if not found:
        raise ValidationError("protection.no_such_pupil", "pupil", name=typed)
    if len(found) > 1:
        raise ValidationError("protection.pupil_ambiguous", "pupil", name=typed)
    return found[0]


# ---------------------------------------------------------------- writing

# The audit log is read without an audit row of its own: it keeps how long the restricted texts are, never what
# they say, so the only way to the notes is open_session(), which is audited.
RESTRICTED_TEXT = ("notes", "referral_note")


def _audited(changes: dict) -> dict:
    """Changes as the audit keeps them: a restricted text as its length ({"notes_chars": [12, 9]})."""
    kept = {}
    for key, value in changes.items():
        if key in RESTRICTED_TEXT:
            kept[f"{key}_chars"] = [len(v or "") for v in value] if isinstance(value, list) else len(value or "")
        else:
            kept[key] = value
    return kept


def record_session(actor: Actor, settings: Settings, draft: SessionDraft, *,
                   backdate_days: int | None = None) -> SessionDetail:
    """Record a session; dated after today refused, more than `backdate_days` ago only with a reason."""
    pupil = _pupil_to_counsel(actor, draft.pupil_id)
    fields = _fields(settings, draft)
    counsellor = _counsellor(actor, draft.counsellor_id)
    rec.not_before_enrolment(fields["date"], pupil.enrolled_on)
    late = rec.late_entry(fields["date"], draft.backdate_reason, backdate_days)
    with writing():
        created = CounsellingSession.create(school=actor.school_id, pupil=pupil.id, counsellor=counsellor.id,
                                            recorded_by=actor.staff_id, **fields)
        audit.record(actor, "create", ENTITY, created.id, pupil_id=pupil.id,
                     changes=rec.with_late_reason(_audited({**fields, "counsellor": counsellor.name}), late))
    return _detail(actor, _session(actor, created.id))


def _own(actor: Actor, session_id: int) -> CounsellingSession:
    """A session the actor may correct or withdraw: its counsellor's, or any for the coordinator."""
    require(actor, Permission.LOG_CARE)
    found = _session(actor, session_id)
    if found.counsellor_id != actor.staff_id and not actor.can(Permission.CORRECT_ANY_RECORD):
        raise PermissionDenied("protection.session_not_yours", counsellor=found.counsellor_name or "")
    return found


def correct_session(actor: Actor, settings: Settings, session_id: int, *, reason: str = "",
                    **changes) -> SessionDetail:
    """Correct a session (its counsellor or the coordinator); the audit keeps the old values and the reason."""
    found = _own(actor, session_id)
    if found.withdrawn:
        raise ValidationError("care.withdrawn")
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise ValidationError("care.not_a_field", sorted(unknown)[0], kind=ENTITY)
    before = {name: getattr(found, name) for name in CORRECTABLE}
    after = _fields(settings, SessionDraft(found.pupil_id, **{**before, **changes}))
    if after["date"] != found.date:
        rec.not_before_enrolment(after["date"], Pupil.get_by_id(found.pupil_id).enrolled_on)
    said = rec.free_text(reason, "reason", limit=rec.MAX_LINE * 5)
    changed = audit.diff(before, after)
    with writing():
        if changed:
            CounsellingSession.update(**{k: after[k] for k in changed}).where(
                CounsellingSession.id == session_id).execute()
            audit.record(actor, "update", ENTITY, session_id, pupil_id=found.pupil_id,
                         changes={**_audited(changed), **({"reason": said} if said else {})})
    return _detail(actor, _session(actor, session_id))


def withdraw_session(actor: Actor, session_id: int, reason: str) -> None:
    """Withdraw a session with a reason: it stays, marked, and stops counting in the pupil's file."""
    said = rec.free_text(reason, "reason", needed=True, limit=rec.MAX_LINE * 5)
    found = _own(actor, session_id)
    if found.withdrawn:
        raise ValidationError("care.already_withdrawn", reason=found.withdrawn_reason)
    with writing():
        CounsellingSession.update(withdrawn=True, withdrawn_reason=said).where(
            CounsellingSession.id == session_id).execute()
        audit.record(actor, "withdraw", ENTITY, session_id, pupil_id=found.pupil_id,
                     changes={"withdrawn": [False, True], "withdrawn_reason": ["", said]})


# ---------------------------------------------------------------- reading

def _query(actor: Actor) -> pw.ModelSelect:
    """Sessions the actor may know of: of pupils in reach, and those they counselled themselves, with names."""
    check_actor(actor)
    counsellor = Staff.alias()
    return (
        CounsellingSession.select(CounsellingSession, Pupil.name.alias("pupil_name"),
                                  SchoolClass.name.alias("class_name"), counsellor.name.alias("counsellor_name"))
        .join(Pupil, on=(CounsellingSession.pupil == Pupil.id))
        .join(SchoolClass, pw.JOIN.LEFT_OUTER, on=(Pupil.school_class == SchoolClass.id))
        .switch(CounsellingSession)
        .join(counsellor, pw.JOIN.LEFT_OUTER, on=(CounsellingSession.counsellor == counsellor.id))
        .where((CounsellingSession.school == actor.school_id)
               & (pupil_scope(actor) | (CounsellingSession.counsellor == actor.staff_id)))
    )


def _session(actor: Actor, session_id: int):
    """One session the actor may know of, with its names; otherwise NotFound, as if there were none."""
    found = _query(actor).where(CounsellingSession.id == session_id).objects().first()
    if found is None:
        raise NotFound("protection.session_not_found", id=session_id)
    return found


def _row(actor: Actor, s) -> SessionRow:
    took_place = (s.id, s.pupil_id, s.pupil_name, s.class_name or "", s.date, s.counsellor_id, s.counsellor_name or "")
    if not _may_read(actor, s.counsellor_id):
        return SessionRow(*took_place, restricted=True)
    return SessionRow(*took_place, restricted=False, topic=s.topic, follow_up_on=s.follow_up_on,
                      referred=s.referral != "none", withdrawn=bool(s.withdrawn), withdrawn_reason=s.withdrawn_reason)


def _detail(actor: Actor, s) -> SessionDetail:
    recorder = Staff.get_or_none(Staff.id == s.recorded_by_id) if s.recorded_by_id else None
    may_correct = s.counsellor_id == actor.staff_id or actor.can(Permission.CORRECT_ANY_RECORD)
    return SessionDetail(_row(actor, s), s.notes, s.referral, s.referral_note, recorder.name if recorder else "",
                         may_correct and actor.can(Permission.LOG_CARE))


def sessions(actor: Actor, *, pupil_id: int | None = None, start: dt.date | None = None,
             end: dt.date | None = None, limit: int = 500) -> list[SessionRow]:
    """The sessions the actor may know of, newest first, never with notes. A session the actor may not read is a
    restricted row (date and counsellor); a withdrawn one is listed only to those who may read it."""
    query = rec.within(_query(actor), CounsellingSession, pupil_id=pupil_id, start=start, end=end)
    if not reads_all_notes(actor):
        query = query.where((CounsellingSession.withdrawn == False)  # noqa: E712
                            | (CounsellingSession.counsellor == actor.staff_id))
    query = query.order_by(CounsellingSession.date.desc(), CounsellingSession.id.desc()).limit(limit)
    return [_row(actor, s) for s in query.objects()]


def open_session(actor: Actor, session_id: int) -> SessionDetail:
    """A session with its notes and referral, for its counsellor, the coordinator and the principal; the reading
    is audited. Anyone else is refused, told whom to ask."""
    found = _session(actor, session_id)
    if not _may_read(actor, found.counsellor_id):
        raise PermissionDenied("protection.session_restricted", counsellor=found.counsellor_name or "")
    with writing():
        audit.record(actor, "read", ENTITY, session_id, pupil_id=found.pupil_id)
    return _detail(actor, found)


def summary(pupil_id: int) -> CounsellingSummary:
    """That sessions took place (not withdrawn): how many, the latest and its counsellor. For the pupil file,
    whose caller has checked the pupil is in reach; nothing in it is restricted."""
    counsellor = Staff.alias()
    rows = list(
        CounsellingSession.select(CounsellingSession.date, counsellor.name)
        .join(counsellor, pw.JOIN.LEFT_OUTER, on=(CounsellingSession.counsellor == counsellor.id))
        .where((CounsellingSession.pupil == pupil_id) & (CounsellingSession.withdrawn == False))  # noqa: E712
        .order_by(CounsellingSession.date.desc(), CounsellingSession.id.desc()).tuples()
    )
    if not rows:
        return CounsellingSummary(0, None, "")
    return CounsellingSummary(len(rows), rows[0][0], rows[0][1] or "")


def counsellor_choices(actor: Actor) -> list[tuple[str, int]]:
    """Whom the coordinator may name as a session's counsellor: the school's active staff, counsellors first."""
    require(actor, Permission.CORRECT_ANY_RECORD)
    found = (Staff.select(Staff.id, Staff.name, Staff.post)
             .where((Staff.school == actor.school_id) & (Staff.active == True)))  # noqa: E712
    ordered = sorted(found, key=lambda s: (s.post != COUNSELLOR_POST, s.name))
    return [(s.name, s.id) for s in ordered]
