"""一人一档 read as one value: profile, guardians, dated situation notes, care teachers, and every care record newest first."""
from __future__ import annotations

import datetime as dt

import peewee as pw

from schoolcare.domain import clock
from schoolcare.domain.eligibility import ParentSituation, age_on, left_behind_verdict
from schoolcare.domain.registry import GuardianRow, PupilFile, PupilProfile, SituationNoteRow, TimelineEntry
from schoolcare.domain.roles import Actor
from schoolcare.services.access import get_pupil
from schoolcare.services.protection import counselling
from schoolcare.services.protection.incidents import may_read as may_read_incident
from schoolcare.services.registry.assignments import spells
from schoolcare.services.registry.pupils import PARENT_RETURNED
from schoolcare.store.models import (
    Activity,
    ActivityAttendance,
    FamilyCall,
    Guardian,
    HomeVisit,
    Incident,
    SchoolClass,
    SituationNote,
    Staff,
    TeacherTalk,
)


def pupil_file(actor: Actor, pupil_id: int, term_end: dt.date | None = None, today: dt.date | None = None) -> PupilFile:
    """The whole file of a pupil within the actor's reach (NotFound otherwise), in a fixed handful of queries."""
    today = today or clock.today()
    pupil = get_pupil(actor, pupil_id)
    school_class = SchoolClass.get_or_none(SchoolClass.id == pupil.school_class_id) if pupil.school_class_id else None
    guardians = tuple(
        GuardianRow(g.id, g.relation, g.name, g.age, g.phone, g.address, g.work_place, g.occupation, bool(g.away),
                    g.capacity, bool(g.day_to_day), bool(g.entrusted))
        for g in Guardian.select().where(Guardian.pupil == pupil.id).order_by(Guardian.position, Guardian.id)
    )
    notes = tuple(
        SituationNoteRow(n.id, n.aspect, n.text, n.noted_on, n.author.name if n.author_id else "", n.created_at)
        for n in SituationNote.select(SituationNote, Staff).join(Staff, pw.JOIN.LEFT_OUTER, on=(SituationNote.author == Staff.id))
        .where(SituationNote.pupil == pupil.id)
        .order_by(SituationNote.noted_on.desc(), SituationNote.id.desc())
    )
    care = tuple(spells([pupil.id]))
    parents = [ParentSituation(g.relation, g.away, g.capacity) for g in guardians if g.relation in ("father", "mother")]
    verdict = left_behind_verdict(
        pupil.birth_date, parents, today, term_end,
        was_left_behind=bool(pupil.left_behind) or pupil.left_behind_review == PARENT_RETURNED,
    )
    warnings = []
    if verdict.left_behind and not any(g.entrusted for g in guardians):
        warnings.append("no_entrusted_guardian")
    if guardians and not any(g.day_to_day for g in guardians):
        warnings.append("no_day_to_day_guardian")
    if pupil.left_behind and pupil.status == "enrolled" and not any(s.current for s in care):
        warnings.append("unassigned")
    profile = PupilProfile(
        id=pupil.id, student_no=pupil.student_no, name=pupil.name, gender=pupil.gender, birth_date=pupil.birth_date,
        age=age_on(pupil.birth_date, today), class_id=pupil.school_class_id,
        class_name=school_class.name if school_class else "", status=pupil.status, boarding=bool(pupil.boarding),
        address=pupil.address, left_behind=bool(pupil.left_behind), left_behind_review=pupil.left_behind_review,
        in_difficulty=bool(pupil.in_difficulty), migrant=bool(pupil.migrant), poverty=bool(pupil.poverty),
        special_needs=pupil.special_needs, health_notes=pupil.health_notes, peer_helper=pupil.peer_helper,
        caring_parent=pupil.caring_parent, enrolled_on=pupil.enrolled_on, left_on=pupil.left_on,
        national_id=pupil.national_id,
    )
    return PupilFile(profile, guardians, notes, care, tuple(_timeline(pupil.id, actor)), verdict, tuple(warnings),
                     counselling=counselling.summary(pupil.id))


def _staff_names(ids: set[int]) -> dict[int, str]:
    ids.discard(None)  # type: ignore[arg-type]
    if not ids:
        return {}
    return dict(Staff.select(Staff.id, Staff.name).where(Staff.id.in_(list(ids))).tuples())


def timeline(actor: Actor, pupil_id: int) -> list[TimelineEntry]:
    """Every care record about a pupil within the actor's reach (NotFound otherwise), newest first."""
    return _timeline(get_pupil(actor, pupil_id).id, actor)


def _timeline(pupil_id: int, actor: Actor) -> list[TimelineEntry]:
    # Five queries, one per kind of record; the caller has checked the pupil is within reach.
    calls = list(FamilyCall.select().where(FamilyCall.pupil == pupil_id))
    talks = list(TeacherTalk.select().where(TeacherTalk.pupil == pupil_id))
    visits = list(HomeVisit.select().where(HomeVisit.pupil == pupil_id))
    activities = list(
        Activity.select().join(ActivityAttendance).where(ActivityAttendance.pupil == pupil_id)
    )
    incidents = list(Incident.select().where(Incident.pupil == pupil_id))
    names = _staff_names(
        {c.recorded_by_id for c in calls} | {t.teacher_id for t in talks} | {v.teacher_id for v in visits}
        | {v.recorded_by_id for v in visits} | {a.organiser_id for a in activities} | {i.recorded_by_id for i in incidents}
    )
    entries: list[TimelineEntry] = []
    for c in calls:
        entries.append(TimelineEntry(
            "family_call", c.id, c.date, c.notes, names.get(c.recorded_by_id, ""), bool(c.withdrawn),
            (("channel", c.channel), ("with_whom", c.with_whom), ("minutes", c.duration_min),
             ("connected", bool(c.connected)), ("teacher_line", bool(c.teacher_line))),
        ))
    for t in talks:
        entries.append(TimelineEntry(
            "teacher_talk", t.id, t.date, " — ".join(x for x in (t.topic, t.notes) if x), names.get(t.teacher_id, ""),
            bool(t.withdrawn), (("concern", bool(t.concern)),),
        ))
    for v in visits:
        summary = " / ".join(x for x in (v.family_findings, v.guardianship_findings, v.schooling_findings) if x)
        entries.append(TimelineEntry(
            "home_visit", v.id, v.date, summary, names.get(v.teacher_id or v.recorded_by_id, ""), bool(v.withdrawn),
            (("met", v.met_whom), ("visitors", v.visitors)),
        ))
    for a in activities:
        entries.append(TimelineEntry(
            "activity", a.id, a.date, a.title, names.get(a.organiser_id, ""), bool(a.withdrawn),
            (("scope", a.scope), ("kind", a.kind)),
        ))
    for i in incidents:
        # Never what was seen: an incident's details open only through protection.incidents (audited there).
        # One the actor may not read shows only that it is open, and whom to ask.
        readable = may_read_incident(actor, i)
        if not readable and i.status != "open":
            continue
        entries.append(TimelineEntry(
            "incident", i.id, i.occurred_at.date(), "", names.get(i.recorded_by_id, ""), False,
            (("kind", i.kind if readable else ""), ("status", i.status), ("restricted", not readable),
             ("ask", names.get(i.recorded_by_id, ""))),
        ))
    order = {"incident": 0, "home_visit": 1, "teacher_talk": 2, "family_call": 3, "activity": 4}
    entries.sort(key=lambda e: (e.date, -order[e.kind], e.id), reverse=True)
    return entries


